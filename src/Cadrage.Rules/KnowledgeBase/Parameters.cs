using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Cadrage.Rules.Output;
using Newtonsoft.Json;

namespace Cadrage.Rules.KnowledgeBase;

/// <summary>A named threshold of the rule set, declared once in <c>rules/parametres.json</c>.</summary>
public sealed class ParameterDefinition
{
    [JsonProperty("nom", Required = Required.Always)]
    [Description("Nom du paramètre, cité tel quel dans les expressions des règles (minuscules, chiffres et _).")]
    public string Nom { get; init; } = "";

    [JsonProperty("libelle", Required = Required.Always)]
    [Description("Nom du seuil en français, tel que les lecteurs le voient (« seuil de polarisation forte »).")]
    public string Libelle { get; init; } = "";

    [JsonProperty("valeur", Required = Required.Always)]
    [Description("Valeur du seuil, dans l'unité indiquée.")]
    public double Valeur { get; init; }

    [JsonProperty("unite")]
    [Description("Unité au singulier (ou symbole : %, km², min, hab/km², ETP) ; absente pour un indice sans unité.")]
    public string? Unite { get; init; }

    [JsonProperty("unitePluriel")]
    [Description("Pluriel de l'unité quand c'est un mot (commune → communes).")]
    public string? UnitePluriel { get; init; }

    [JsonProperty("min", Required = Required.Always)]
    [Description("Plus petite valeur plausible : un balayage ou une surcharge hors de [min ; max] est refusé.")]
    public double Min { get; init; }

    [JsonProperty("max", Required = Required.Always)]
    [Description("Plus grande valeur plausible.")]
    public double Max { get; init; }

    [JsonProperty("description", Required = Required.Always)]
    [Description("Ce que le seuil sépare, en français, pour un méthodologiste.")]
    public string Description { get; init; } = "";

    [JsonProperty("source", Required = Required.Always)]
    [Description("D'où vient la valeur : texte, statistique et producteur, ou heuristique à valider.")]
    public string Source { get; init; } = "";

    [JsonProperty("statut", Required = Required.Always)]
    [Description("« sourcé » quand la source fonde la valeur, « à valider » pour une heuristique.")]
    [AllowedValues(RuleStatus.Source, RuleStatus.AValider)]
    public string Statut { get; init; } = "";

    /// <summary>
    /// A statistical guard: the threshold says when an indicator can be read at all (a minimum population for a rate
    /// to be more than noise), not what the territory needs. The explanations never present it as what would change
    /// the answer: no nearest threshold, no sensitivity hypothesis, no near miss rests on it.
    /// </summary>
    [JsonProperty("garde")]
    [Description("true : une garde statistique (effectif minimal pour qu'un taux ait un sens), pas un seuil de méthode ; les explications ne la présentent jamais comme ce qui changerait la réponse.")]
    public bool Garde { get; init; }

    /// <summary>
    /// How far a methodologist could defensibly move this threshold, in its unit, for the explanations' sensitivity
    /// hypotheses (« seuils les plus proches »); null: a quarter of its value, or no move for a value its source fixes.
    /// </summary>
    [JsonProperty("ecartPlausible")]
    [Description("Écart défendable autour de la valeur, dans son unité, pour les hypothèses de sensibilité des explications (seuils les plus proches) ; absent : un quart de la valeur, et aucun déplacement d'un seuil sourcé (fixé par un texte ou une définition statistique).")]
    public double? EcartPlausible { get; init; }

    /// <summary>Default defensible move of a threshold, as a share of its value, when none is stated.</summary>
    public const double DefaultPlausibleShare = 0.25;

    /// <summary>
    /// The defensible move of this threshold around <paramref name="value"/> (its value in the rule set): the stated
    /// <see cref="EcartPlausible"/>, else none for a guard or a value its source fixes (« sourcé »), else a quarter of it.
    /// </summary>
    public double PlausibleMove(double value) =>
        Garde ? 0
        : EcartPlausible is { } stated ? stated
        : Statut == RuleStatus.Source ? 0
        : Math.Abs(value) * DefaultPlausibleShare;

    /// <summary>The defensible range around <paramref name="value"/>, within [min ; max].</summary>
    public (double Low, double High) PlausibleRange(double value)
    {
        var move = PlausibleMove(value);
        return (Math.Max(Min, value - move), Math.Min(Max, value + move));
    }

    /// <summary>A value of this parameter with its unit, agreed in number (« 40 % », « 3 communes »).</summary>
    public string Format(double value) => Unite is null ? FrenchFormat.Number(value) : FrenchFormat.WithUnit(value, Unite, UnitePluriel);

    /// <summary>The plausible range with its unit, for messages (« [10 ; 90] % »).</summary>
    public string Range => $"[{FrenchFormat.Number(Min)} ; {FrenchFormat.Number(Max)}]{(Unite is null ? "" : "\u00a0" + (UnitePluriel ?? Unite))}";
}

/// <summary>The file <c>rules/parametres.json</c>: every named threshold, with value, unit, range, description and source.</summary>
public sealed class ParameterFile
{
    public const string FileName = "parametres.json";

    [JsonProperty("description")]
    [Description("Rôle du fichier, pour le lecteur.")]
    public string? Description { get; init; }

    [JsonProperty("parametres", Required = Required.Always)]
    [Description("Les paramètres nommés, lus par les règles à l'exécution.")]
    public IReadOnlyList<ParameterDefinition> Parametres { get; init; } = [];
}

/// <summary>A parameter as loaded in one rule set: its definition, its slot in the values vector, its value and who reads it.</summary>
public sealed class NamedParameter(ParameterDefinition definition, int index, double value, IReadOnlyList<string> rules)
{
    public ParameterDefinition Definition { get; } = definition;

    public string Name => Definition.Nom;

    /// <summary>Position in <see cref="RuleSet.ParameterValues"/>.</summary>
    public int Index { get; } = index;

    /// <summary>The value in this rule set (the file's, or an override's).</summary>
    public double Value { get; } = value;

    /// <summary>Names of the rules whose expression reads this parameter.</summary>
    public IReadOnlyList<string> Rules { get; } = rules;

    /// <summary>The value with its unit (« 40 % »).</summary>
    public string Formatted => Definition.Format(Value);
}
