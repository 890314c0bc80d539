using System.ComponentModel;
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
    [Description("Identifiant de l'indicateur, lu dans les expressions (profil.<id>) : minuscules, chiffres et _.")]
    public string Id { get; init; } = "";

    [JsonProperty("libelle", Required = Required.Always)]
    [Description("Nom de l'indicateur en français, tel que les lecteurs le voient.")]
    public string Libelle { get; init; } = "";

    [JsonProperty("type", Required = Required.Always)]
    [Description("Type de la valeur : nombre, entier, booleen, texte ou liste (de textes).")]
    public IndicatorType Type { get; init; }

    /// <summary>Unit, singular (or a symbol: %, km², min); with <see cref="UnitePluriel"/> for countable words.</summary>
    [JsonProperty("unite")]
    [Description("Unité au singulier (ou symbole : %, km², min) ; avec unitePluriel pour un mot qui se compte.")]
    public string? Unite { get; init; }

    /// <summary>Plural of <see cref="Unite"/> when it is a countable word (commune → communes); absent for symbols.</summary>
    [JsonProperty("unitePluriel")]
    [Description("Pluriel de l'unité quand c'est un mot (commune → communes) ; absent pour un symbole.")]
    public string? UnitePluriel { get; init; }

    [JsonProperty("min")]
    [Description("Plus petite valeur acceptée dans un profil (nombre ou entier).")]
    public double? Min { get; init; }

    [JsonProperty("max")]
    [Description("Plus grande valeur acceptée dans un profil (nombre ou entier).")]
    public double? Max { get; init; }

    /// <summary>Allowed values of a text or list indicator, each with its French label (what readers see).</summary>
    [JsonProperty("valeurs")]
    [Description("Valeurs permises d'un indicateur texte ou liste, chacune avec son libellé français.")]
    public IReadOnlyList<OptionDefinition>? Valeurs { get; init; }

    /// <summary>
    /// Values of a lever list that no decision of the territory gives it: counterfactual explanations never propose
    /// them (every territory is covered by a CRTE: a profile that does not list it has left it out, it has nothing to sign).
    /// </summary>
    [JsonProperty("valeursHorsLevier")]
    [Description("Valeurs d'un indicateur levier de type liste qu'aucune décision du territoire ne lui donne : les explications contrefactuelles ne les proposent jamais (tout le territoire national est couvert par des CRTE : un profil qui ne cite pas le sien l'a omis, il n'a pas à le signer).")]
    public IReadOnlyList<string>? ValeursHorsLevier { get; init; }

    /// <summary>
    /// Another list indicator whose value of the same id (case aside) is the same fact: a CTG in preparation is the
    /// renewal of the CTG in force, so rules of one option that read one and the other count once (the strongest).
    /// </summary>
    [JsonProperty("memeFaitQue")]
    [Description("Autre indicateur de type liste dont la valeur de même identifiant (majuscules et minuscules confondues) est le même fait : une CTG en préparation renouvelle la CTG en cours ; les règles d'une même option qui lisent l'une et l'autre ne comptent qu'une fois, la plus forte.")]
    public string? MemeFaitQue { get; init; }

    /// <summary>Whether the territory can take <paramref name="value"/> by a decision (see <see cref="ValeursHorsLevier"/>).</summary>
    public bool IsLeverValue(string value) => Levier && (ValeursHorsLevier is null || !ValeursHorsLevier.Contains(value, StringComparer.Ordinal));

    /// <summary>
    /// Where a lever can be pulled at all: a CIAS is created by an EPCI, the « action sociale d'intérêt communautaire »
    /// is a competence of communautés de communes and d'agglomération, a commune of a few hundred inhabitants does not
    /// hire engineering staff. A counterfactual never proposes a lever (a list value, or the indicator itself) to a
    /// territory outside its condition.
    /// </summary>
    [JsonProperty("leviersSousCondition")]
    [Description("Leviers que seuls certains territoires peuvent actionner, chacun avec sa condition (échelles, types d'EPCI, population minimale) et son motif : les explications contrefactuelles ne les proposent qu'aux territoires qui la remplissent (un CIAS est créé par un EPCI ; l'action sociale d'intérêt communautaire est une compétence des communautés de communes et d'agglomération).")]
    public IReadOnlyList<LeverCondition>? LeviersSousCondition { get; init; }

    /// <summary>
    /// Whether a territory of this scale, EPCI type and population can gain <paramref name="value"/> (a list value; null
    /// for a number or a boolean) by a decision: always, unless a condition of <see cref="LeviersSousCondition"/> names it
    /// and the territory does not meet it (an unknown type or population does not meet it).
    /// </summary>
    public bool CanBeGained(string? value, string echelle, string? typeEpci, double? population)
    {
        if (LeviersSousCondition is not { } conditions)
        {
            return true;
        }
        foreach (var c in conditions)
        {
            if (c.Valeur == value && !c.Allows(echelle, typeEpci, population))
            {
                return false;
            }
        }
        return true;
    }

    [JsonProperty("description", Required = Required.Always)]
    [Description("Ce que mesure l'indicateur, en français.")]
    public string Description { get; init; } = "";

    /// <summary>A value that stands for a masked one (e.g. poverty rate 5 = "5 % or less", statistical secrecy).</summary>
    [JsonProperty("valeurMasquee")]
    [Description("Valeur qui en représente une masquée (secret statistique), ex. 5 pour « 5 % ou moins » ; avec libelleValeurMasquee.")]
    public double? ValeurMasquee { get; init; }

    /// <summary>How to show <see cref="ValeurMasquee"/> in explanations.</summary>
    [JsonProperty("libelleValeurMasquee")]
    [Description("Comment écrire valeurMasquee dans les explications.")]
    public string? LibelleValeurMasquee { get; init; }

    [JsonProperty("source", Required = Required.Always)]
    [Description("Producteur et jeu de données de référence de l'indicateur.")]
    public string Source { get; init; } = "";

    [JsonProperty("theme")]
    [Description("Thème de regroupement dans la note de cadrage (structure, accès aux services…).")]
    public string? Theme { get; init; }

    /// <summary>
    /// A lever: something the territory can change by a decision (a competence, a convention, a management tool,
    /// engineering staff, a France Services, a démarche). Structural indicators (population, area, density, grid
    /// shares, equipment, demography) are not levers: counterfactual explanations never change them.
    /// </summary>
    [JsonProperty("levier", Required = Required.Always)]
    [Description("true : un levier que le territoire peut changer par une décision (compétence, convention, outil, ingénierie) ; false : une donnée de structure, jamais changée par les explications contrefactuelles.")]
    public bool Levier { get; init; }

    /// <summary>
    /// Computed by the evaluation, not stated by a profile: the crossed priorities of question 4
    /// (<c>priorites</c>), which rules of the other questions may read.
    /// </summary>
    [JsonProperty("calcule")]
    [Description("Vrai pour un indicateur calculé par l'évaluation (les priorités croisées), jamais renseigné par un profil.")]
    public bool Calcule { get; init; }

    /// <summary>
    /// The scales of territory the indicator exists for (<c>type_epci</c>: EPCI only; the distance to a neighbouring pôle:
    /// communes only); null for every scale. A profile of another scale does not lack it: the rules that read it do not
    /// apply there, and it is never listed as missing nor as data to collect.
    /// </summary>
    [JsonProperty("echelles")]
    [Description("Échelles de territoire auxquelles l'indicateur s'applique (epci, commune, departement, autre) ; absent : toutes. Pour un profil d'une autre échelle, son absence n'est pas un manque : les règles qui le lisent ne s'y appliquent pas, et il n'est ni signalé manquant ni demandé dans les données à réunir.")]
    public IReadOnlyList<string>? Echelles { get; init; }

    /// <summary>Whether the indicator exists for a territory of this scale (see <see cref="Echelles"/>).</summary>
    public bool AppliesTo(string echelle) => Echelles is null || Echelles.Contains(echelle, StringComparer.Ordinal);

    /// <summary>The label of an allowed value, or the value itself when the catalogue does not list it.</summary>
    public string LabelOf(string value)
    {
        if (Valeurs is { } values)
        {
            foreach (var v in values)
            {
                if (v.Id == value)
                {
                    return v.Libelle;
                }
            }
        }
        return value;
    }

    public bool Allows(string value) => Valeurs is null || Valeurs.Any(v => v.Id == value);
}

/// <summary>The territories where a lever can be pulled (see <see cref="IndicatorDefinition.LeviersSousCondition"/>).</summary>
public sealed class LeverCondition
{
    [JsonProperty("valeur")]
    [Description("La valeur de l'indicateur liste concernée (cias, action-sociale…) ; absent pour un indicateur nombre ou booléen (l'ingénierie interne).")]
    public string? Valeur { get; init; }

    [JsonProperty("echelles")]
    [Description("Échelles de territoire qui peuvent actionner ce levier (epci, commune, departement, autre) ; absent : toutes.")]
    public IReadOnlyList<string>? Echelles { get; init; }

    [JsonProperty("typesEpci")]
    [Description("Types d'EPCI (valeurs de type_epci : CC, CA, CU, METRO, MET69) qui peuvent actionner ce levier ; avec ce champ, seul un EPCI d'un de ces types le peut.")]
    public IReadOnlyList<string>? TypesEpci { get; init; }

    [JsonProperty("populationMin")]
    [Description("Population municipale en dessous de laquelle ce levier n'est pas à la portée du territoire.")]
    public double? PopulationMin { get; init; }

    [JsonProperty("motif", Required = Required.Always)]
    [Description("Pourquoi ce levier n'est possible que là, en français, avec sa source (article de loi, ou seuil indicatif à valider).")]
    public string Motif { get; init; } = "";

    /// <summary>Whether a territory of this scale, EPCI type and population meets the condition.</summary>
    public bool Allows(string echelle, string? typeEpci, double? population) =>
        (Echelles is null || Echelles.Contains(echelle, StringComparer.Ordinal))
        && (TypesEpci is null || echelle == "epci" && typeEpci is not null && TypesEpci.Contains(typeEpci, StringComparer.Ordinal))
        && (PopulationMin is null || population >= PopulationMin);
}

/// <summary>The indicator catalogue (<c>rules/indicateurs.json</c>).</summary>
public sealed class IndicatorCatalog
{
    public const string FileName = "indicateurs.json";

    /// <summary>The computed indicator holding the crossed priorities of question 4.</summary>
    public const string PrioritiesId = "priorites";

    [JsonProperty("indicateurs", Required = Required.Always)]
    [Description("Les indicateurs qu'un profil peut renseigner et que les règles peuvent lire.")]
    public IReadOnlyList<IndicatorDefinition> Indicateurs { get; init; } = [];
}
