using Newtonsoft.Json;

namespace Cadrage.Rules.KnowledgeBase;

/// <summary>How scenarios are assembled (<c>rules/scenarios.json</c>), editable by methodologists.</summary>
public sealed class ScenarioSettings
{
    public const string FileName = "scenarios.json";

    /// <summary>Fewest scenarios to propose (when enough contrasted ones exist).</summary>
    [JsonProperty("scenariosMin")]
    public int ScenariosMin { get; init; } = 2;

    /// <summary>Most scenarios to propose.</summary>
    [JsonProperty("scenariosMax")]
    public int ScenariosMax { get; init; } = 4;

    /// <summary>Two proposed scenarios differ on at least this many of the five answers.</summary>
    [JsonProperty("ecartMinimal")]
    public int EcartMinimal { get; init; } = 2;

    /// <summary>Beyond <see cref="ScenariosMin"/>, a scenario is proposed only if its score reaches this share of the best.</summary>
    [JsonProperty("scoreRelatifMinimal")]
    public double ScoreRelatifMinimal { get; init; } = 0.5;

    /// <summary>
    /// Géométrie variable: when picking the next scenario, each answer it changes beyond <see cref="EcartMinimal"/>
    /// (compared with the closest scenario already kept) counts as this many score points.
    /// </summary>
    [JsonProperty("bonusDiversite")]
    public double BonusDiversite { get; init; } = 2;

    [JsonProperty("modalitesMax")]
    public int ModalitesMax { get; init; } = 3;

    [JsonProperty("objectifsMax")]
    public int ObjectifsMax { get; init; } = 2;

    [JsonProperty("prioritesMax")]
    public int PrioritesMax { get; init; } = 5;

    [JsonProperty("description")]
    public string? Description { get; init; }
}
