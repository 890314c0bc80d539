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

    /// <summary>Two proposed scenarios differ on at least this many answers, one of them the posture or the geometry.</summary>
    [JsonProperty("ecartMinimal")]
    [Description("Deux scénarios proposés diffèrent sur au moins autant de réponses (0 à 5), dont toujours la posture ou la géométrie.")]
    public int EcartMinimal { get; init; } = 1;

    /// <summary>Beyond <see cref="ScenariosMin"/>, a scenario is proposed only if its score reaches this share of the best.</summary>
    [JsonProperty("scoreRelatifMinimal")]
    [Description("Au-delà de scenariosMin, un scénario n'est proposé que si son score atteint cette part du meilleur (0 à 1).")]
    public double ScoreRelatifMinimal { get; init; } = 0.5;

    /// <summary>
    /// Géométrie variable: when picking the next scenario among supported ones, a geometry (or a posture) that no
    /// kept scenario has yet counts as this many points of evidence.
    /// </summary>
    [JsonProperty("bonusDiversite")]
    [Description("Géométrie variable : points de preuve accordés, pour choisir le scénario suivant, à une géométrie ou une posture qu'aucun scénario retenu n'a encore (0 à 100).")]
    public double BonusDiversite { get; init; } = 2;

    /// <summary>
    /// An answer is <c>fragile</c> when its net evidence is within this many points of the best other option
    /// (a single heuristic rule of this weight would reverse it); beyond, it is <c>etablie</c>.
    /// </summary>
    [JsonProperty("toleranceFragile")]
    [Description("Une réponse est fragile quand sa preuve nette est à moins de ce nombre de points de la meilleure autre option (0 à 100).")]
    public double ToleranceFragile { get; init; } = 2;

    /// <summary>Most complementary forms in a geometry (besides its main form).</summary>
    [JsonProperty("complementsMax")]
    [Description("Nombre maximal de formes complémentaires dans la géométrie d'un scénario (0 à 3).")]
    public int ComplementsMax { get; init; } = 2;

    /// <summary>
    /// For each main form of the Où, the forms that may complement it when the evidence supports them (a pôle and
    /// itinérance towards the far communes; centres-bourgs and pôles spécialisés…). Whichever of the combined forms
    /// has the most evidence leads the geometry (ScenarioBuilder).
    /// </summary>
    [JsonProperty("complementarites")]
    [Description("Pour chaque forme du « Où ? », les formes qui peuvent la compléter quand les preuves les soutiennent ; dans la géométrie obtenue, la forme qui a le plus de preuves est la forme principale.")]
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Complementarites { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

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
