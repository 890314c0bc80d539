using Newtonsoft.Json;

namespace Cadrage.Rules.Output;

// The JSON output contract. Keys are French and stable: consumers (API, batch, note de cadrage) rely on them.

/// <summary>An option as shown to users: its id and French label.</summary>
public sealed record Choice(
    [property: JsonProperty("id")] string Id,
    [property: JsonProperty("libelle")] string Libelle);

public sealed record TerritoryRef(
    [property: JsonProperty("id")] string Id,
    [property: JsonProperty("nom")] string Nom,
    [property: JsonProperty("echelle")] string Echelle);

public sealed record RuleSetRef(
    [property: JsonProperty("version")] string Version,
    [property: JsonProperty("regles")] int Regles);

/// <summary>An indicator value a rule read, with its provenance.</summary>
public sealed record IndicatorReading(
    [property: JsonProperty("id")] string Id,
    [property: JsonProperty("libelle")] string Libelle,
    [property: JsonProperty("valeur")] object Valeur,
    [property: JsonProperty("unite")] string? Unite,
    [property: JsonProperty("source")] string? Source,
    [property: JsonProperty("millesime")] string? Millesime);

/// <summary>Why an element is in a scenario (or a point de vigilance against it): one fired rule.</summary>
public sealed record Justification(
    [property: JsonProperty("regle")] string Regle,
    [property: JsonProperty("question")] string Question,
    [property: JsonProperty("option")] string Option,
    [property: JsonProperty("effet")] string Effet,
    [property: JsonProperty("poids")] double Poids,
    [property: JsonProperty("explication")] string Explication,
    [property: JsonProperty("source")] string Source,
    [property: JsonProperty("statut")] string Statut,
    [property: JsonProperty("fichier")] string Fichier,
    [property: JsonProperty("indicateurs")] IReadOnlyList<IndicatorReading> Indicateurs);

/// <summary>A crossed need retained as a priority (question 4).</summary>
public sealed record Priority(
    [property: JsonProperty("service")] Choice Service,
    [property: JsonProperty("public")] Choice Public,
    [property: JsonProperty("critere")] Choice Critere,
    [property: JsonProperty("score")] double Score,
    [property: JsonProperty("intensiteDiagnostic")] int? IntensiteDiagnostic,
    [property: JsonProperty("sourceDiagnostic")] string? SourceDiagnostic,
    [property: JsonProperty("regles")] IReadOnlyList<string> Regles);

public sealed record Scenario(
    [property: JsonProperty("rang")] int Rang,
    [property: JsonProperty("retenu")] bool Retenu,
    [property: JsonProperty("intitule")] string Intitule,
    [property: JsonProperty("score")] double Score,
    [property: JsonProperty("convergence")] int Convergence,
    [property: JsonProperty("pilotage")] Choice Pilotage,
    [property: JsonProperty("modalites")] IReadOnlyList<Choice> Modalites,
    [property: JsonProperty("lieux")] Choice Lieux,
    [property: JsonProperty("priorites")] IReadOnlyList<Priority> Priorites,
    [property: JsonProperty("objectifs")] IReadOnlyList<Choice> Objectifs,
    [property: JsonProperty("justifications")] IReadOnlyList<Justification> Justifications,
    [property: JsonProperty("vigilances")] IReadOnlyList<Justification> Vigilances);

/// <summary>An indicator some rules needed but the profile did not state: those rules were not evaluated.</summary>
public sealed record MissingIndicator(
    [property: JsonProperty("id")] string Id,
    [property: JsonProperty("libelle")] string Libelle,
    [property: JsonProperty("regles")] IReadOnlyList<string> Regles);

/// <summary>An option ruled out for this territory by an exclusion rule.</summary>
public sealed record ExcludedOption(
    [property: JsonProperty("question")] string Question,
    [property: JsonProperty("option")] Choice Option,
    [property: JsonProperty("regles")] IReadOnlyList<Justification> Regles);

/// <summary>The explained output of one evaluation. Same profile + same rule set = same JSON, byte for byte.</summary>
public sealed record EvaluationResult(
    [property: JsonProperty("territoire")] TerritoryRef Territoire,
    [property: JsonProperty("referentiel")] RuleSetRef Referentiel,
    [property: JsonProperty("scenarios")] IReadOnlyList<Scenario> Scenarios,
    [property: JsonProperty("besoinsCroises")] IReadOnlyList<Priority> BesoinsCroises,
    [property: JsonProperty("indicateursManquants")] IReadOnlyList<MissingIndicator> IndicateursManquants,
    [property: JsonProperty("optionsEcartees")] IReadOnlyList<ExcludedOption> OptionsEcartees,
    [property: JsonProperty("avertissements")] IReadOnlyList<string> Avertissements);
