using Newtonsoft.Json;
using Newtonsoft.Json.Converters;

namespace Cadrage.Rules.KnowledgeBase;

/// <summary>The type of an indicator's value, as written in the catalogue.</summary>
[JsonConverter(typeof(StringEnumConverter))]
public enum IndicatorType
{
    /// <summary>A real number (read as <c>double</c> in expressions).</summary>
    nombre,
    /// <summary>A whole number (read as <c>double</c> in expressions, checked to be whole).</summary>
    entier,
    /// <summary>true / false.</summary>
    booleen,
    /// <summary>A text, optionally restricted to <c>valeurs</c>.</summary>
    texte,
    /// <summary>A list of texts, optionally restricted to <c>valeurs</c> (e.g. compétences, conventions).</summary>
    liste,
}

/// <summary>One indicator of the catalogue: what a profile may state and rules may read.</summary>
public sealed class IndicatorDefinition
{
    [JsonProperty("id", Required = Required.Always)]
    public string Id { get; init; } = "";

    [JsonProperty("libelle", Required = Required.Always)]
    public string Libelle { get; init; } = "";

    [JsonProperty("type", Required = Required.Always)]
    public IndicatorType Type { get; init; }

    /// <summary>Unit, singular (or a symbol: %, km², min); with <see cref="UnitePluriel"/> for countable words.</summary>
    [JsonProperty("unite")]
    public string? Unite { get; init; }

    /// <summary>Plural of <see cref="Unite"/> when it is a countable word (commune → communes); absent for symbols.</summary>
    [JsonProperty("unitePluriel")]
    public string? UnitePluriel { get; init; }

    [JsonProperty("min")]
    public double? Min { get; init; }

    [JsonProperty("max")]
    public double? Max { get; init; }

    /// <summary>Allowed values of a text or list indicator, each with its French label (what readers see).</summary>
    [JsonProperty("valeurs")]
    public IReadOnlyList<OptionDefinition>? Valeurs { get; init; }

    [JsonProperty("description", Required = Required.Always)]
    public string Description { get; init; } = "";

    /// <summary>A value that stands for a masked one (e.g. poverty rate 5 = "5 % or less", statistical secrecy).</summary>
    [JsonProperty("valeurMasquee")]
    public double? ValeurMasquee { get; init; }

    /// <summary>How to show <see cref="ValeurMasquee"/> in explanations.</summary>
    [JsonProperty("libelleValeurMasquee")]
    public string? LibelleValeurMasquee { get; init; }

    [JsonProperty("source", Required = Required.Always)]
    public string Source { get; init; } = "";

    [JsonProperty("theme")]
    public string? Theme { get; init; }

    /// <summary>
    /// A lever: something the territory can change by a decision (a competence, a convention, a management tool,
    /// engineering staff, a France Services, a démarche). Structural indicators (population, area, density, grid
    /// shares, equipment, demography) are not levers: counterfactual explanations never change them.
    /// </summary>
    [JsonProperty("levier", Required = Required.Always)]
    public bool Levier { get; init; }

    /// <summary>The label of an allowed value, or the value itself when the catalogue does not list it.</summary>
    public string LabelOf(string value)
    {
        if (Valeurs is { } values)
        {
            foreach (var v in values)
            {
                if (v.Id == value)
                {
                    return v.Libelle;
                }
            }
        }
        return value;
    }

    public bool Allows(string value) => Valeurs is null || Valeurs.Any(v => v.Id == value);
}

/// <summary>The indicator catalogue (<c>rules/indicateurs.json</c>).</summary>
public sealed class IndicatorCatalog
{
    public const string FileName = "indicateurs.json";

    [JsonProperty("indicateurs", Required = Required.Always)]
    public IReadOnlyList<IndicatorDefinition> Indicateurs { get; init; } = [];
}
