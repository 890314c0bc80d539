using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Cadrage.Rules.Json;
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
    /// <summary>Compatibility: the posture and the option go well together; orders options of equal evidence, never counts as evidence.</summary>
    affinite,
    /// <summary>Compatibility: the posture and the option are in tension; orders options of equal evidence and is stated under « cohérence ».</summary>
    tension,
    /// <summary>Compatibility: the posture and the option cannot be combined.</summary>
    incompatible,
    /// <summary>Compatibility: the pair was examined and neither helps nor hinders (stated, no effect on scores).</summary>
    neutre,
    /// <summary>Compatibility: the posture requires the option (faire ⇒ gérer en interne; faire faire ⇒ déléguer).</summary>
    requise,
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
    [Description("Ce que fait la règle déclenchée : soutien, opposition ou exclusion d'une option (questions 1, 2, 3 et 5) ; soutien ou opposition d'un besoin croisé (question 4) ; affinite, tension, incompatible ou neutre entre une posture et une option (compatibilité).")]
    public RuleEffectKind Effet { get; init; }

    /// <summary>Target option (questions pilotage, modalités, lieux, objectifs; the other side in compatibility).</summary>
    [JsonProperty("option")]
    [Description("Option visée (pilotage, modalités, lieux, objectifs) ; en compatibilité, l'option confrontée à la posture.")]
    [JsonDomain(JsonDomains.Option)]
    public string? Option { get; init; }

    /// <summary>Compatibility only: the posture the option is checked against.</summary>
    [JsonProperty("posture")]
    [Description("Compatibilité seulement : la posture (option de pilotage) confrontée à l'option.")]
    [JsonDomain(JsonDomains.Posture)]
    public string? Posture { get; init; }

    /// <summary>Question 4 only: the crossed need targeted; an absent axis matches any value.</summary>
    [JsonProperty("service")]
    [Description("Question besoins seulement : le service visé ; absent, tout service.")]
    [JsonDomain(JsonDomains.Service)]
    public string? Service { get; init; }

    [JsonProperty("public")]
    [Description("Question besoins seulement : le public visé ; absent, tout public.")]
    [JsonDomain(JsonDomains.Public)]
    public string? Public { get; init; }

    [JsonProperty("critere")]
    [Description("Question besoins seulement : le critère d'accessibilité visé ; absent, tout critère.")]
    [JsonDomain(JsonDomains.Critere)]
    public string? Critere { get; init; }

    [JsonProperty("poids")]
    [Description("Poids de l'effet, dans ]0 ; 100] ; absent pour exclusion, incompatible et neutre.")]
    public double? Poids { get; init; }

    [JsonProperty("explication", Required = Required.Always)]
    [Description("Explication en français, lue dans la note de cadrage ; {indicateur} ou {parametre} y cite une valeur que l'expression lit.")]
    public string Explication { get; init; } = "";

    [JsonProperty("source", Required = Required.Always)]
    [Description("Méthodologie, texte ou statistique (et son producteur) qui fonde la règle.")]
    public string Source { get; init; } = "";

    /// <summary>
    /// Another rule whose fact this rule reads under another guise (rurality read for the CRTE that the named rule
    /// reads): for one option, the two count once, the strongest.
    /// </summary>
    [JsonProperty("memeFaitQue")]
    [Description("Nom d'une autre règle dont cette règle lit le même fait sous une autre forme (la ruralité lue pour le CRTE que lit la règle nommée) : pour une même option, les deux ne comptent qu'une fois, la plus forte.")]
    public string? MemeFaitQue { get; init; }

    [JsonProperty("statut", Required = Required.Always)]
    [Description("« sourcé » quand la source fonde la règle, « à valider » pour une heuristique.")]
    [AllowedValues(RuleStatus.Source, RuleStatus.AValider)]
    public string Statut { get; init; } = "";
}
