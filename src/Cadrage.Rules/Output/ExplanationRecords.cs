using System.Text.Json.Serialization;

namespace Cadrage.Rules.Output;

// The « explications » part of the output contract, present only when explanations are asked for: what a
// consultant is asked in front of a COPIL — why not the other option, how the scenarios differ, what change of
// the territory's levers would make an alternative win, which threshold is nearest to changing the answer, and
// how much the answer rests on missing or illustrative data. Every counterfactual shown was re-evaluated.

/// <summary>Levels of explanation a request may ask for.</summary>
public static class ExplanationLevels
{
    /// <summary>No explanation beyond the reasons of each scenario (the default for a batch).</summary>
    public const string Aucune = "aucune";

    /// <summary>The five explanations (the default for a single evaluation).</summary>
    public const string Completes = "completes";

    public static readonly IReadOnlyList<string> All = [Aucune, Completes];
}

public sealed record ResultExplanations(
    [property: JsonPropertyName("niveau")] string Niveau,
    [property: JsonPropertyName("ceQuiFeraitChanger")] IReadOnlyList<string> CeQuiFeraitChanger,
    [property: JsonPropertyName("pourquoiPas")] IReadOnlyList<WhyNot> PourquoiPas,
    [property: JsonPropertyName("contrastes")] IReadOnlyList<ScenarioContrast> Contrastes,
    [property: JsonPropertyName("contrefactuels")] IReadOnlyList<Counterfactual> Contrefactuels,
    [property: JsonPropertyName("seuilsLesPlusProches")] IReadOnlyList<NearestThreshold> SeuilsLesPlusProches,
    [property: JsonPropertyName("sensibilite")] IReadOnlyList<Sensitivity> Sensibilite);

/// <summary>A rule that would have counted for (or against) an option and did not, with what it lacked.</summary>
public sealed record MissedRule(
    [property: JsonPropertyName("regle")] string Regle,
    [property: JsonPropertyName("poids")] double Poids,
    [property: JsonPropertyName("etat")] string Etat,
    [property: JsonPropertyName("conditions")] IReadOnlyList<string> Conditions,
    [property: JsonPropertyName("statut")] string Statut,
    [property: JsonPropertyName("phrase")] string Phrase);

/// <summary>Pourquoi pas: why the best alternative of a question (or an option asked for) is not the retained answer.</summary>
public sealed record WhyNot(
    [property: JsonPropertyName("question")] string Question,
    [property: JsonPropertyName("libelleQuestion")] string LibelleQuestion,
    [property: JsonPropertyName("retenue")] Choice? Retenue,
    [property: JsonPropertyName("alternative")] Choice Alternative,
    [property: JsonPropertyName("netRetenue")] double NetRetenue,
    [property: JsonPropertyName("netAlternative")] double NetAlternative,
    [property: JsonPropertyName("reglesManquees")] IReadOnlyList<MissedRule> ReglesManquees,
    [property: JsonPropertyName("reglesContre")] IReadOnlyList<string> ReglesContre,
    [property: JsonPropertyName("phrase")] string Phrase);

/// <summary>One question on which scenario 1 and another scenario differ, with the evidence on each side.</summary>
public sealed record QuestionContrast(
    [property: JsonPropertyName("question")] string Question,
    [property: JsonPropertyName("libelleQuestion")] string LibelleQuestion,
    [property: JsonPropertyName("scenario1")] Choice Scenario1,
    [property: JsonPropertyName("autre")] Choice Autre,
    [property: JsonPropertyName("net1")] double Net1,
    [property: JsonPropertyName("netAutre")] double NetAutre,
    [property: JsonPropertyName("reglesPour1")] IReadOnlyList<string> ReglesPour1,
    [property: JsonPropertyName("reglesPourAutre")] IReadOnlyList<string> ReglesPourAutre,
    [property: JsonPropertyName("phrase")] string Phrase);

/// <summary>Contraste: scenario 1 against another scenario, question by question.</summary>
public sealed record ScenarioContrast(
    [property: JsonPropertyName("rang")] int Rang,
    [property: JsonPropertyName("intitule")] string Intitule,
    [property: JsonPropertyName("questions")] IReadOnlyList<QuestionContrast> Questions,
    [property: JsonPropertyName("differenceNette")] double DifferenceNette,
    [property: JsonPropertyName("phrase")] string Phrase);

/// <summary>One change of a lever indicator of the profile.</summary>
public sealed record ProfileChange(
    [property: JsonPropertyName("indicateur")] string Indicateur,
    [property: JsonPropertyName("libelle")] string Libelle,
    [property: JsonPropertyName("valeur")] object Valeur,
    [property: JsonPropertyName("avant")] string Avant,
    [property: JsonPropertyName("apres")] string Apres);

/// <summary>A set of changes verified to make the target win, and the scenario then retained.</summary>
public sealed record CounterfactualVariant(
    [property: JsonPropertyName("changements")] IReadOnlyList<ProfileChange> Changements,
    [property: JsonPropertyName("scenarioObtenu")] string ScenarioObtenu);

/// <summary>Contrefactuel: the smallest changes of the territory's levers that make a named alternative win.</summary>
public sealed record Counterfactual(
    [property: JsonPropertyName("cible")] string Cible,
    [property: JsonPropertyName("libelle")] string Libelle,
    [property: JsonPropertyName("trouve")] bool Trouve,
    [property: JsonPropertyName("variantes")] IReadOnlyList<CounterfactualVariant> Variantes,
    [property: JsonPropertyName("phrase")] string Phrase);

/// <summary>Seuil le plus proche: the named parameter whose nearest value changes a retained answer, and that value.</summary>
public sealed record NearestThreshold(
    [property: JsonPropertyName("question")] string Question,
    [property: JsonPropertyName("libelleQuestion")] string LibelleQuestion,
    [property: JsonPropertyName("retenue")] string Retenue,
    [property: JsonPropertyName("parametre")] string Parametre,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("valeurActuelle")] string ValeurActuelle,
    [property: JsonPropertyName("valeurBascule")] double ValeurBascule,
    [property: JsonPropertyName("nouvelle")] string Nouvelle,
    [property: JsonPropertyName("phrase")] string Phrase);

/// <summary>A value of an absent indicator that would change a retained answer.</summary>
public sealed record DataEffect(
    [property: JsonPropertyName("indicateur")] string Indicateur,
    [property: JsonPropertyName("libelle")] string Libelle,
    [property: JsonPropertyName("valeur")] string Valeur,
    [property: JsonPropertyName("nouvelle")] string Nouvelle);

/// <summary>Sensibilité aux données: whether an answer could change with the missing data, and without the illustrative values.</summary>
public sealed record Sensitivity(
    [property: JsonPropertyName("question")] string Question,
    [property: JsonPropertyName("libelleQuestion")] string LibelleQuestion,
    [property: JsonPropertyName("retenue")] string Retenue,
    [property: JsonPropertyName("robustesse")] string Robustesse,
    [property: JsonPropertyName("donneesAbsentes")] IReadOnlyList<DataEffect> DonneesAbsentes,
    [property: JsonPropertyName("tientSansIllustratifs")] bool? TientSansIllustratifs,
    [property: JsonPropertyName("phrase")] string Phrase);

/// <summary>An indicator whose values in two territories make some rules fire for one and not the other.</summary>
public sealed record IndicatorDifference(
    [property: JsonPropertyName("indicateur")] string Indicateur,
    [property: JsonPropertyName("libelle")] string Libelle,
    [property: JsonPropertyName("valeurA")] string ValeurA,
    [property: JsonPropertyName("valeurB")] string ValeurB,
    [property: JsonPropertyName("regles")] IReadOnlyList<string> Regles);

/// <summary>One question answered by two territories: their retained answers and what explains the difference.</summary>
public sealed record AnswerDifference(
    [property: JsonPropertyName("question")] string Question,
    [property: JsonPropertyName("libelleQuestion")] string LibelleQuestion,
    [property: JsonPropertyName("reponseA")] string ReponseA,
    [property: JsonPropertyName("reponseB")] string ReponseB,
    [property: JsonPropertyName("differe")] bool Differe,
    [property: JsonPropertyName("indicateurs")] IReadOnlyList<IndicatorDifference> Indicateurs,
    [property: JsonPropertyName("phrase")] string Phrase);

/// <summary>Two territories side by side: where their scenarios differ and which indicators explain it.</summary>
public sealed record TerritoryComparison(
    [property: JsonPropertyName("a")] TerritoryRef A,
    [property: JsonPropertyName("b")] TerritoryRef B,
    [property: JsonPropertyName("referentiel")] RuleSetRef Referentiel,
    [property: JsonPropertyName("syntheseA")] string SyntheseA,
    [property: JsonPropertyName("syntheseB")] string SyntheseB,
    [property: JsonPropertyName("questions")] IReadOnlyList<AnswerDifference> Questions,
    [property: JsonPropertyName("phrase")] string Phrase);
