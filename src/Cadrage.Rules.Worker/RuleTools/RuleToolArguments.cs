namespace Cadrage.Rules.Worker.RuleTools;

/// <summary>The arguments the batch tools (coverage, diff, sweep) share.</summary>
internal static class RuleToolArguments
{
    public static Argument<string> Batch() => new("lot") { Description = "Lot de territoires : JSONL, CSV ou dossier de profils (par exemple examples/france-epci.jsonl)." };

    public static Option<string?> Out(string what) => new("--out", "-o") { Description = $"Dossier où écrire {what}.", HelpName = "dossier" };
}
