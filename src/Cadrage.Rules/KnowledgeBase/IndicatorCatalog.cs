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

    [JsonProperty("unite")]
    public string? Unite { get; init; }

    [JsonProperty("min")]
    public double? Min { get; init; }

    [JsonProperty("max")]
    public double? Max { get; init; }

    [JsonProperty("valeurs")]
    public IReadOnlyList<string>? Valeurs { get; init; }

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
}

/// <summary>The indicator catalogue (<c>rules/indicateurs.json</c>).</summary>
public sealed class IndicatorCatalog
{
    public const string FileName = "indicateurs.json";

    [JsonProperty("indicateurs", Required = Required.Always)]
    public IReadOnlyList<IndicatorDefinition> Indicateurs { get; init; } = [];
}
