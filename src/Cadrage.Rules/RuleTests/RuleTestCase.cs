using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Cadrage.Rules.Json;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Cadrage.Rules.RuleTests;

/// <summary>What a methodologist expects of one profile (<c>rules/tests/*.json</c>).</summary>
public sealed class RuleTestExpectation
{
    /// <summary>Rules that must fire, and whose effect must land on their target.</summary>
    [JsonProperty("declenchees")]
    [Description("Règles qui doivent se déclencher, et dont l'effet doit porter sur leur cible.")]
    [JsonDomain(JsonDomains.Regle)]
    public IReadOnlyList<string> Declenchees { get; init; } = [];

    /// <summary>Rules that must be evaluated and not fire.</summary>
    [JsonProperty("nonDeclenchees")]
    [Description("Règles qui doivent être évaluées sans se déclencher.")]
    [JsonDomain(JsonDomains.Regle)]
    public IReadOnlyList<string> NonDeclenchees { get; init; } = [];

    /// <summary>Options that must be in the scénario retenu (any question).</summary>
    [JsonProperty("retenu")]
    [Description("Options qui doivent figurer dans le scénario retenu (toutes questions).")]
    [JsonDomain(JsonDomains.Option)]
    public IReadOnlyList<string> Retenu { get; init; } = [];

    /// <summary>Options that must not be in the scénario retenu.</summary>
    [JsonProperty("horsRetenu")]
    [Description("Options qui ne doivent pas figurer dans le scénario retenu.")]
    [JsonDomain(JsonDomains.Option)]
    public IReadOnlyList<string> HorsRetenu { get; init; } = [];

    /// <summary>Options that must appear in at least one proposed scenario.</summary>
    [JsonProperty("proposees")]
    [Description("Options qui doivent figurer dans au moins un scénario proposé.")]
    [JsonDomain(JsonDomains.Option)]
    public IReadOnlyList<string> Proposees { get; init; } = [];

    [JsonProperty("scenariosMin")]
    [Description("Nombre minimal de scénarios proposés.")]
    public int? ScenariosMin { get; init; }

    [JsonProperty("scenariosMax")]
    [Description("Nombre maximal de scénarios proposés (0 : l'outil ne doit proposer aucun scénario).")]
    public int? ScenariosMax { get; init; }

    /// <summary>Expected certainty of some questions (the state of the evidence, whatever the scenarios).</summary>
    [JsonProperty("certitudes")]
    [Description("Certitude attendue de certaines questions (état des preuves du résultat) : établie, fragile ou non tranchée.")]
    public RuleTestCertainties? Certitudes { get; init; }
}

/// <summary>The certainty a methodologist expects of each question; an absent question is not checked.</summary>
public sealed class RuleTestCertainties
{
    [JsonProperty("pilotage")]
    [Description("Qui pilote ? : etablie, fragile ou non-tranchee.")]
    [AllowedValues("etablie", "fragile", "non-tranchee")]
    public string? Pilotage { get; init; }

    [JsonProperty("modalites")]
    [Description("Comment ? : etablie, fragile ou non-tranchee.")]
    [AllowedValues("etablie", "fragile", "non-tranchee")]
    public string? Modalites { get; init; }

    [JsonProperty("lieux")]
    [Description("Où ? : etablie, fragile ou non-tranchee.")]
    [AllowedValues("etablie", "fragile", "non-tranchee")]
    public string? Lieux { get; init; }

    [JsonProperty("besoins")]
    [Description("Quoi ? : etablie, fragile ou non-tranchee.")]
    [AllowedValues("etablie", "fragile", "non-tranchee")]
    public string? Besoins { get; init; }

    [JsonProperty("objectifs")]
    [Description("Pourquoi ? : etablie, fragile ou non-tranchee.")]
    [AllowedValues("etablie", "fragile", "non-tranchee")]
    public string? Objectifs { get; init; }

    /// <summary>The expected certainty by question id, for the questions stated.</summary>
    public IEnumerable<(string Question, string Certitude)> Stated()
    {
        var all = new (string, string?)[] { ("pilotage", Pilotage), ("modalites", Modalites), ("lieux", Lieux), ("besoins", Besoins), ("objectifs", Objectifs) };
        return all.Where(x => x.Item2 is not null).Select(x => (x.Item1, x.Item2!));
    }
}

/// <summary>One test case: a profile (an example plus indicator overrides, or a whole profile) and expectations.</summary>
public sealed class RuleTestCase
{
    [JsonProperty("nom", Required = Required.Always)]
    [Description("Nom du cas, tel qu'il s'affiche dans le compte rendu des tests.")]
    public string Nom { get; init; } = "";

    /// <summary>Name of an example profile (<c>examples/&lt;exemple&gt;.json</c>).</summary>
    [JsonProperty("exemple")]
    [Description("Profil d'exemple de départ (examples/<exemple>.json), sans l'extension.")]
    public string? Exemple { get; init; }

    /// <summary>A whole profile, instead of an example.</summary>
    [JsonProperty("profil")]
    [Description("Un profil complet, à la place d'un exemple.")]
    public JObject? Profil { get; init; }

    /// <summary>Indicator values replacing the example's; null removes the indicator.</summary>
    [JsonProperty("indicateurs")]
    [Description("Valeurs d'indicateurs qui remplacent celles de l'exemple ; null retire l'indicateur.")]
    public JObject? Indicateurs { get; init; }

    [JsonProperty("attendu", Required = Required.Always)]
    [Description("Ce que le cas attend de l'évaluation.")]
    public RuleTestExpectation Attendu { get; init; } = new();
}

/// <summary>A file of test cases.</summary>
public sealed class RuleTestFile
{
    [JsonProperty("description")]
    [Description("Ce que vérifient les cas du fichier, pour le lecteur.")]
    public string? Description { get; init; }

    [JsonProperty("cas", Required = Required.Always)]
    [Description("Les cas de test : un profil et ce qu'on en attend.")]
    public IReadOnlyList<RuleTestCase> Cas { get; init; } = [];
}
