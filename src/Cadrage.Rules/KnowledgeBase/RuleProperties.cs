using Newtonsoft.Json;
using Newtonsoft.Json.Converters;

namespace Cadrage.Rules.KnowledgeBase;

/// <summary>What a fired rule does to its target.</summary>
[JsonConverter(typeof(StringEnumConverter))]
public enum RuleEffectKind
{
    /// <summary>Supports an option (or raises a crossed need) by its weight.</summary>
    soutien,
    /// <summary>Argues against an option (or lowers a crossed need) by its weight; shown as a point de vigilance.</summary>
    opposition,
    /// <summary>Rules an option out entirely for this territory.</summary>
    exclusion,
    /// <summary>Compatibility: the posture and the option go well together (bonus).</summary>
    affinite,
    /// <summary>Compatibility: the posture and the option are in tension (malus, point de vigilance).</summary>
    tension,
    /// <summary>Compatibility: the posture and the option cannot be combined.</summary>
    incompatible,
    /// <summary>Compatibility: the pair was examined and neither helps nor hinders (stated, no effect on scores).</summary>
    neutre,
}

/// <summary>The evidential status of a rule.</summary>
public static class RuleStatus
{
    public const string Source = "sourcé";
    public const string AValider = "à valider";
    public static readonly IReadOnlyList<string> All = [Source, AValider];
}

/// <summary>
/// The expert content carried by a RulesEngine rule in its <c>Properties</c>: its effect, target, weight,
/// French explanation, source and status. The stock engine ignores these; we read them strictly.
/// </summary>
public sealed class RuleProperties
{
    [JsonProperty("effet", Required = Required.Always)]
    public RuleEffectKind Effet { get; init; }

    /// <summary>Target option (questions pilotage, modalités, lieux, objectifs; the other side in compatibility).</summary>
    [JsonProperty("option")]
    public string? Option { get; init; }

    /// <summary>Compatibility only: the posture the option is checked against.</summary>
    [JsonProperty("posture")]
    public string? Posture { get; init; }

    /// <summary>Question 4 only: the crossed need targeted; an absent axis matches any value.</summary>
    [JsonProperty("service")]
    public string? Service { get; init; }

    [JsonProperty("public")]
    public string? Public { get; init; }

    [JsonProperty("critere")]
    public string? Critere { get; init; }

    [JsonProperty("poids")]
    public double? Poids { get; init; }

    [JsonProperty("explication", Required = Required.Always)]
    public string Explication { get; init; } = "";

    [JsonProperty("source", Required = Required.Always)]
    public string Source { get; init; } = "";

    [JsonProperty("statut", Required = Required.Always)]
    public string Statut { get; init; } = "";
}
