using System.ComponentModel;
using Newtonsoft.Json;

namespace Cadrage.Rules.KnowledgeBase;

/// <summary>How scenarios are assembled (<c>rules/scenarios.json</c>), editable by methodologists.</summary>
public sealed class ScenarioSettings
{
    public const string FileName = "scenarios.json";

    /// <summary>Fewest scenarios to propose (when enough contrasted ones exist).</summary>
    [JsonProperty("scenariosMin")]
    [Description("Nombre minimal de scénarios proposés (quand assez de scénarios contrastés existent), de 1 à 10.")]
    public int ScenariosMin { get; init; } = 2;

    /// <summary>Most scenarios to propose.</summary>
    [JsonProperty("scenariosMax")]
    [Description("Nombre maximal de scénarios proposés, au plus 10.")]
    public int ScenariosMax { get; init; } = 4;

    /// <summary>Two proposed scenarios differ on at least this many of the five answers.</summary>
    [JsonProperty("ecartMinimal")]
    [Description("Deux scénarios proposés diffèrent sur au moins autant des cinq réponses (0 à 5).")]
    public int EcartMinimal { get; init; } = 2;

    /// <summary>Beyond <see cref="ScenariosMin"/>, a scenario is proposed only if its score reaches this share of the best.</summary>
    [JsonProperty("scoreRelatifMinimal")]
    [Description("Au-delà de scenariosMin, un scénario n'est proposé que si son score atteint cette part du meilleur (0 à 1).")]
    public double ScoreRelatifMinimal { get; init; } = 0.5;

    /// <summary>
    /// Géométrie variable: when picking the next scenario, each answer it changes beyond <see cref="EcartMinimal"/>
    /// (compared with the closest scenario already kept) counts as this many score points.
    /// </summary>
    [JsonProperty("bonusDiversite")]
    [Description("Géométrie variable : points de score par réponse changée au-delà de ecartMinimal, pour choisir le scénario suivant (0 à 100).")]
    public double BonusDiversite { get; init; } = 2;

    [JsonProperty("modalitesMax")]
    [Description("Nombre maximal de modalités retenues dans un scénario (1 à 7).")]
    public int ModalitesMax { get; init; } = 3;

    [JsonProperty("objectifsMax")]
    [Description("Nombre maximal d'objectifs retenus dans un scénario (1 à 5).")]
    public int ObjectifsMax { get; init; } = 2;

    [JsonProperty("prioritesMax")]
    [Description("Nombre maximal de besoins prioritaires (services × publics × critères) retenus (1 à 20).")]
    public int PrioritesMax { get; init; } = 5;

    [JsonProperty("description")]
    [Description("Rôle du fichier, pour le lecteur.")]
    public string? Description { get; init; }
}
