namespace Cadrage.Rules.Json;

/// <summary>Names of the value lists that come from a rule set (<see cref="JsonDomainAttribute"/>), resolved by the schema generator.</summary>
public static class JsonDomains
{
    /// <summary>Option ids of the questions that have options (pilotage, modalités, lieux, objectifs).</summary>
    public const string Option = "option";

    /// <summary>Option ids of the pilotage question (the postures).</summary>
    public const string Posture = "posture";

    /// <summary>The three axes of the needs question.</summary>
    public const string Service = "service";

    public const string Public = "public";

    public const string Critere = "critere";

    /// <summary>Rule names (RuleName) of the rule set.</summary>
    public const string Regle = "regle";
}
