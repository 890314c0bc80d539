namespace Cadrage.Rules.Worker.RuleTools;

/// <summary>The arguments the batch tools (coverage, diff, sweep) share.</summary>
internal static class RuleToolArguments
{
    public static Argument<string> Batch() => new("lot") { Description = "Lot de territoires : JSONL, CSV ou dossier de profils (par exemple examples/france-epci.jsonl)." };

    public static Option<string?> Out(string what) => new("--out", "-o") { Description = $"Dossier où écrire {what}.", HelpName = "dossier" };

    public static Option<string> CsvFormat() => Csv("des fichiers CSV");

    /// <summary>The <c>--csv</c> option: French Excel (default) or standard CSV; <paramref name="what"/> follows « Forme » (« de synthese.csv », « des fichiers CSV »).</summary>
    public static Option<string> Csv(string what)
    {
        var option = new Option<string>("--csv")
        {
            Description = $"Forme {what} : excel (« ; », UTF-8 avec BOM, virgule décimale : s'ouvre tel quel dans Excel en français) ou standard (« , », point décimal, RFC 4180).",
            DefaultValueFactory = _ => "excel",
            HelpName = "excel|standard",
        };
        option.AcceptOnlyFromAmong("excel", "standard");
        return option;
    }
}
