namespace Cadrage.Rules.Output;

/// <summary>A question of the cadre stratégique as a reader sees it (from rules/referentiel.json).</summary>
public sealed record ReportQuestion(string Id, int Numero, string Libelle, string Intitule);

/// <summary>One line of the territory's portrait: an indicator's label, its value written in French, its provenance.</summary>
public sealed record PortraitLine(string Id, string Libelle, string Valeur, string? Source, string? Millesime, bool Illustratif = false);

/// <summary>The portrait's indicators of one theme of the catalogue.</summary>
public sealed record PortraitTheme(string Libelle, IReadOnlyList<PortraitLine> Entries);

/// <summary>
/// What a report needs to speak in words, taken from the result alone (it carries the questions' labels and the
/// territory's portrait): a journalled result renders as it was, whatever rules serve today.
/// </summary>
public sealed class ReportContext
{
    /// <summary>Headline figures shown under the title, when the profile states them (catalogue ids).</summary>
    public static readonly IReadOnlyList<string> HeadlineIndicators = ["type_epci", "population", "nombre_communes", "superficie", "densite"];

    private static readonly Dictionary<string, string> Themes = new(StringComparer.Ordinal)
    {
        ["structure"] = "Structure du territoire",
        ["services"] = "Services et accessibilité",
        ["publics"] = "Publics",
        ["capacites"] = "Capacités et gouvernance",
    };

    /// <summary>The five questions, in their order.</summary>
    public required IReadOnlyList<ReportQuestion> Questions { get; init; }

    /// <summary>The indicators the profile states, by theme of the catalogue.</summary>
    public required IReadOnlyList<PortraitTheme> Portrait { get; init; }

    /// <summary>Headline figures of the territory (type, population, communes…), those the profile states.</summary>
    public required IReadOnlyList<PortraitLine> Headline { get; init; }

    /// <summary>A value a rule read, in words (the result carries it written: labels, unit agreed in number).</summary>
    public string ValueOf(IndicatorReading reading) => reading.Texte;

    /// <summary>Labels of the questions and the portrait, from the result.</summary>
    public static ReportContext From(EvaluationResult result)
    {
        var lines = result.Portrait.Select(e => (e.Theme, Line: new PortraitLine(e.Id, e.Libelle, e.Texte, e.Source, e.Millesime, e.Illustratif))).ToList();
        var all = lines.ToDictionary(l => l.Line.Id, l => l.Line, StringComparer.Ordinal);
        return new ReportContext
        {
            Questions = result.Questions.Select(q => new ReportQuestion(q.Id, q.Numero, q.Libelle, q.Intitule)).ToList(),
            Portrait = lines.GroupBy(l => l.Theme ?? "")
                .Select(g => new PortraitTheme(Themes.GetValueOrDefault(g.Key, "Autres indicateurs"), g.Select(l => l.Line).ToList()))
                .ToList(),
            Headline = HeadlineIndicators.Where(all.ContainsKey).Select(id => all[id]).ToList(),
        };
    }
}
