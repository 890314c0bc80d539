using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Cadrage.Rules.RuleTests;

/// <summary>What a methodologist expects of one profile (<c>rules/tests/*.json</c>).</summary>
public sealed class RuleTestExpectation
{
    /// <summary>Rules that must fire, and whose effect must land on their target.</summary>
    [JsonProperty("declenchees")]
    public IReadOnlyList<string> Declenchees { get; init; } = [];

    /// <summary>Rules that must be evaluated and not fire.</summary>
    [JsonProperty("nonDeclenchees")]
    public IReadOnlyList<string> NonDeclenchees { get; init; } = [];

    /// <summary>Options that must be in the scénario retenu (any question).</summary>
    [JsonProperty("retenu")]
    public IReadOnlyList<string> Retenu { get; init; } = [];

    /// <summary>Options that must not be in the scénario retenu.</summary>
    [JsonProperty("horsRetenu")]
    public IReadOnlyList<string> HorsRetenu { get; init; } = [];

    /// <summary>Options that must appear in at least one proposed scenario.</summary>
    [JsonProperty("proposees")]
    public IReadOnlyList<string> Proposees { get; init; } = [];

    [JsonProperty("scenariosMin")]
    public int? ScenariosMin { get; init; }
}

/// <summary>One test case: a profile (an example plus indicator overrides, or a whole profile) and expectations.</summary>
public sealed class RuleTestCase
{
    [JsonProperty("nom", Required = Required.Always)]
    public string Nom { get; init; } = "";

    /// <summary>Name of an example profile (<c>examples/&lt;exemple&gt;.json</c>).</summary>
    [JsonProperty("exemple")]
    public string? Exemple { get; init; }

    /// <summary>A whole profile, instead of an example.</summary>
    [JsonProperty("profil")]
    public JObject? Profil { get; init; }

    /// <summary>Indicator values replacing the example's; null removes the indicator.</summary>
    [JsonProperty("indicateurs")]
    public JObject? Indicateurs { get; init; }

    [JsonProperty("attendu", Required = Required.Always)]
    public RuleTestExpectation Attendu { get; init; } = new();
}

/// <summary>A file of test cases.</summary>
public sealed class RuleTestFile
{
    [JsonProperty("description")]
    public string? Description { get; init; }

    [JsonProperty("cas", Required = Required.Always)]
    public IReadOnlyList<RuleTestCase> Cas { get; init; } = [];
}
