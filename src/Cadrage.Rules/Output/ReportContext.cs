using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Profiles;

namespace Cadrage.Rules.Output;

/// <summary>A question of the cadre stratégique as a reader sees it (from rules/referentiel.json).</summary>
public sealed record ReportQuestion(string Id, int Numero, string Libelle, string Intitule);

/// <summary>One line of the territory's portrait: an indicator's label, its value written in French, its provenance.</summary>
public sealed record PortraitLine(string Id, string Libelle, string Valeur, string? Source, string? Millesime);

/// <summary>The portrait's indicators of one theme of the catalogue.</summary>
public sealed record PortraitTheme(string Libelle, IReadOnlyList<PortraitLine> Entries);

/// <summary>
/// What a report needs besides the result to speak in words: the questions' labels and the territory's portrait.
/// Read today from the rule set and the profile; the output contract is to carry them (then a journalled result
/// renders on its own), and this is the one place that changes.
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

    /// <summary>The catalogue's definitions, to write the values rules read with their labels and units.</summary>
    public IReadOnlyDictionary<string, IndicatorDefinition> Indicators { get; init; } = new Dictionary<string, IndicatorDefinition>();

    /// <summary>A value a rule read, in words: its label in the catalogue, or the number with its unit agreed.</summary>
    public string ValueOf(IndicatorReading reading) => Indicators.TryGetValue(reading.Id, out var definition)
        ? ValueText(definition, Normalize(reading.Valeur))
        : FrenchFormat.WithUnit(reading.Valeur, reading.Unite);

    /// <summary>Labels of the questions only (no portrait): what the text report needs.</summary>
    public static ReportContext From(RuleSet rules) => new()
    {
        Questions = QuestionsOf(rules),
        Portrait = [],
        Headline = [],
        Indicators = rules.Indicators.ToDictionary(i => i.Id, StringComparer.Ordinal),
    };

    /// <summary>Labels of the questions and the portrait of <paramref name="profile"/> read with the catalogue.</summary>
    public static ReportContext From(RuleSet rules, TerritoryProfile profile)
    {
        var themes = new List<PortraitTheme>();
        var all = new Dictionary<string, PortraitLine>(StringComparer.Ordinal);
        foreach (var group in rules.Indicators.GroupBy(i => i.Theme ?? ""))
        {
            var entries = new List<PortraitLine>();
            foreach (var indicator in group)
            {
                if (profile.Indicateurs.TryGetValue(indicator.Id, out var value))
                {
                    var entry = new PortraitLine(indicator.Id, indicator.Libelle, ValueText(indicator, value.Valeur), value.Source ?? indicator.Source, value.Millesime);
                    entries.Add(entry);
                    all[indicator.Id] = entry;
                }
            }
            if (entries.Count > 0)
            {
                themes.Add(new PortraitTheme(Themes.GetValueOrDefault(group.Key, "Autres indicateurs"), entries));
            }
        }
        return new ReportContext
        {
            Questions = QuestionsOf(rules),
            Portrait = themes,
            Headline = HeadlineIndicators.Where(all.ContainsKey).Select(id => all[id]).ToList(),
            Indicators = rules.Indicators.ToDictionary(i => i.Id, StringComparer.Ordinal),
        };
    }

    /// <summary>An indicator's value in words: value labels of the catalogue, a masked value's label, a number with its unit agreed.</summary>
    public static string ValueText(IndicatorDefinition indicator, object? value) => value switch
    {
        double d when indicator.ValeurMasquee is { } masked && d == masked => indicator.LibelleValeurMasquee ?? FrenchFormat.Value(d),
        string id => indicator.LabelOf(id),
        string[] ids => ids.Length == 0 ? "aucune" : string.Join(", ", ids.Select(indicator.LabelOf)),
        _ => FrenchFormat.WithUnit(value, indicator.Unite, indicator.UnitePluriel),
    };

    /// <summary>A value read back from JSON (journal) as a live one: JValue → its value, JArray → texts, integers → double.</summary>
    private static object? Normalize(object? value) => value switch
    {
        Newtonsoft.Json.Linq.JValue json => Normalize(json.Value),
        Newtonsoft.Json.Linq.JArray array => array.Select(item => item.ToString()).ToArray(),
        long l => (double)l,
        int i => (double)i,
        IEnumerable<string> list and not string[] => list.ToArray(),
        _ => value,
    };

    private static List<ReportQuestion> QuestionsOf(RuleSet rules) =>
        rules.Referentiel.Questions.OrderBy(q => q.Numero).Select(q => new ReportQuestion(q.Id, q.Numero, q.Libelle, q.Intitule)).ToList();
}
