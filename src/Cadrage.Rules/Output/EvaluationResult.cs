using Cadrage.Rules.KnowledgeBase;
using System.Text.Json.Serialization;

namespace Cadrage.Rules.Output;

// The JSON output contract. Keys are French and stable: consumers (API, batch, note de cadrage, journal) rely on
// them. One model, written and read by ResultJson (System.Text.Json source generation). A result carries every
// label a reader needs, so that it renders on its own, as it was, without the rule set that produced it.

/// <summary>An option as shown to users: its id and French label.</summary>
public sealed record Choice(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("libelle")] string Libelle);

public sealed record TerritoryRef(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("nom")] string Nom,
    [property: JsonPropertyName("echelle")] string Echelle,
    [property: JsonPropertyName("description")] string? Description = null);

public sealed record RuleSetRef(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("regles")] int Regles);

/// <summary>One of the five questions, with the labels a reader sees.</summary>
public sealed record QuestionLabel(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("numero")] int Numero,
    [property: JsonPropertyName("libelle")] string Libelle,
    [property: JsonPropertyName("intitule")] string Intitule);

/// <summary>An indicator value of the profile as a reader sees it: label, value, its French text, unit, provenance.</summary>
public sealed record PortraitEntry(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("libelle")] string Libelle,
    [property: JsonPropertyName("theme")] string? Theme,
    [property: JsonPropertyName("valeur")] object Valeur,
    string Texte,
    [property: JsonPropertyName("source"), JsonPropertyOrder(2)] string? Source,
    [property: JsonPropertyName("millesime"), JsonPropertyOrder(2)] string? Millesime,
    [property: JsonPropertyName("illustratif"), JsonPropertyOrder(2)] bool Illustratif,
    [property: JsonPropertyName("levier"), JsonPropertyOrder(2)] bool Levier)
{
    private readonly DeferredText? _texte = Texte is null ? null : DeferredText.Of(Texte);

    /// <summary>The value's text (rendered by the evaluation when first read).</summary>
    // Declared in the body, it would be written after the positional properties: the orders keep the contract's key order.
    [JsonPropertyName("texte"), JsonPropertyOrder(1)]
    public string Texte { get => _texte?.Text!; init => _texte = value is null ? null : DeferredText.Of(value); }

    /// <summary>An entry whose text the evaluation renders when it is first read.</summary>
    internal PortraitEntry(string id, string libelle, string? theme, object valeur, DeferredText texte, string? source, string? millesime, bool illustratif, bool levier)
        : this(id, libelle, theme, valeur, (string)null!, source, millesime, illustratif, levier) => _texte = texte;

    internal DeferredText? DeferredTexte => _texte;
}

/// <summary>An indicator value a rule read, with its provenance.</summary>
public sealed record IndicatorReading(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("libelle")] string Libelle,
    [property: JsonPropertyName("valeur")] object Valeur,
    string Texte,
    [property: JsonPropertyName("unite"), JsonPropertyOrder(2)] string? Unite,
    [property: JsonPropertyName("source"), JsonPropertyOrder(2)] string? Source,
    [property: JsonPropertyName("millesime"), JsonPropertyOrder(2)] string? Millesime)
{
    private readonly DeferredText? _texte = Texte is null ? null : DeferredText.Of(Texte);

    /// <summary>The value's text (rendered by the evaluation when first read).</summary>
    // Declared in the body, it would be written after the positional properties: the orders keep the contract's key order.
    [JsonPropertyName("texte"), JsonPropertyOrder(1)]
    public string Texte { get => _texte?.Text!; init => _texte = value is null ? null : DeferredText.Of(value); }

    /// <summary>A reading whose text the evaluation renders when it is first read.</summary>
    internal IndicatorReading(string id, string libelle, object valeur, DeferredText texte, string? unite, string? source, string? millesime)
        : this(id, libelle, valeur, (string)null!, unite, source, millesime) => _texte = texte;

    internal DeferredText? DeferredTexte => _texte;
}

/// <summary>Why an element is in a scenario (or a point de vigilance against it): one fired rule.</summary>
public sealed record Justification(
    [property: JsonPropertyName("regle")] string Regle,
    [property: JsonPropertyName("question")] string Question,
    [property: JsonPropertyName("option")] string Option,
    [property: JsonPropertyName("libelleOption")] string LibelleOption,
    [property: JsonPropertyName("effet")] string Effet,
    [property: JsonPropertyName("poids")] double Poids,
    [property: JsonPropertyName("compte")] bool Compte,
    string Explication,
    [property: JsonPropertyName("source"), JsonPropertyOrder(2)] string Source,
    [property: JsonPropertyName("statut"), JsonPropertyOrder(2)] string Statut,
    [property: JsonPropertyName("fichier"), JsonPropertyOrder(2)] string Fichier,
    [property: JsonPropertyName("indicateurs"), JsonPropertyOrder(2)] IReadOnlyList<IndicatorReading> Indicateurs)
{
    private readonly DeferredText? _explication = Explication is null ? null : DeferredText.Of(Explication);

    /// <summary>The rule's explanation with the territory's values written in (rendered by the evaluation when first read).</summary>
    // Declared in the body, it would be written after the positional properties: the orders keep the contract's key order.
    [JsonPropertyName("explication"), JsonPropertyOrder(1)]
    public string Explication { get => _explication?.Text!; init => _explication = value is null ? null : DeferredText.Of(value); }

    /// <summary>A justification whose explanation the evaluation renders when it is first read.</summary>
    internal Justification(string regle, string question, string option, string libelleOption, string effet, double poids, bool compte,
        DeferredText explication, string source, string statut, string fichier, IReadOnlyList<IndicatorReading> indicateurs)
        : this(regle, question, option, libelleOption, effet, poids, compte, (string)null!, source, statut, fichier, indicateurs) => _explication = explication;

    internal DeferredText? DeferredExplication => _explication;
}

/// <summary>A crossed need retained as a priority (question 4).</summary>
public sealed record Priority(
    [property: JsonPropertyName("service")] Choice Service,
    [property: JsonPropertyName("public")] Choice Public,
    [property: JsonPropertyName("critere")] Choice Critere,
    [property: JsonPropertyName("score")] double Score,
    [property: JsonPropertyName("intensiteDiagnostic")] int? IntensiteDiagnostic,
    [property: JsonPropertyName("sourceDiagnostic")] string? SourceDiagnostic,
    [property: JsonPropertyName("regles")] IReadOnlyList<string> Regles);

/// <summary>How firmly the evidence supports an answer.</summary>
public static class Certitudes
{
    /// <summary>Supported, and ahead of every other option by more than the tolerance.</summary>
    public const string Etablie = "etablie";

    /// <summary>Supported, but within the tolerance of another option (or behind it): a close call.</summary>
    public const string Fragile = "fragile";

    /// <summary>No supporting evidence, or net evidence ≤ 0: the tool does not decide.</summary>
    public const string NonTranchee = "non-tranchee";

    public static readonly IReadOnlyList<string> All = [Etablie, Fragile, NonTranchee];

    /// <summary>The weaker of two certainties.</summary>
    public static string Weakest(string a, string b) => Rank(a) <= Rank(b) ? a : b;

    private static int Rank(string c) => c switch { NonTranchee => 0, Fragile => 1, _ => 2 };
}

/// <summary>
/// One option answering a question in a scenario, with how firmly the evidence supports it: <c>marge</c> is its
/// net evidence minus that of the best other option (negative when another option is better supported),
/// <c>indicateurs</c> the number of independent indicators behind it. <c>illustratifs</c>, only when the answer
/// would be established but its lead rests on values the profile marks as illustrative (it would not hold without
/// the rules that read them): those indicators, and the answer is fragile until they are replaced by measured data.
/// <c>donneesAbsentes</c>, only when the answer would be established on the data the profile gives but rules that
/// did not run for lack of data could overturn it: the missing indicators that would decide it (fragile until known).
/// </summary>
public sealed record Answer(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("libelle")] string Libelle,
    [property: JsonPropertyName("certitude")] string Certitude,
    [property: JsonPropertyName("soutien")] double Soutien,
    [property: JsonPropertyName("net")] double Net,
    [property: JsonPropertyName("marge")] double Marge,
    [property: JsonPropertyName("indicateurs")] int Indicateurs,
    [property: JsonPropertyName("exAequo")] IReadOnlyList<Choice> ExAequo,
    [property: JsonPropertyName("concurrente")] Choice? Concurrente,
    [property: JsonPropertyName("exigeePar")] string? ExigeePar = null,
    [property: JsonPropertyName("illustratifs"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<Choice>? Illustratifs = null,
    [property: JsonPropertyName("donneesAbsentes"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<Choice>? DonneesAbsentes = null);

/// <summary>A commune named by a geometry: the pôle, a bourg, a relay, a commune to reach by itinérance.</summary>
public sealed record NamedCommune(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("nom")] string Nom,
    [property: JsonPropertyName("population")] long? Population,
    [property: JsonPropertyName("distanceKm")] double? DistanceKm);

/// <summary>A role in a geometry (pôle, relais, centres-bourgs, pôles spécialisés, communes à desservir) and the communes that hold it.</summary>
public sealed record PlaceRole(
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("libelle")] string Libelle,
    [property: JsonPropertyName("communes")] IReadOnlyList<NamedCommune> Communes);

/// <summary>
/// The Où of a scenario: a geometry — a main form (its id and label are those of the lieu option) and the
/// complementary forms the evidence also supports, with the places named from the member communes.
/// </summary>
public sealed record Geometry(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("libelle")] string Libelle,
    [property: JsonPropertyName("certitude")] string Certitude,
    [property: JsonPropertyName("principale")] Answer Principale,
    [property: JsonPropertyName("complements")] IReadOnlyList<Answer> Complements,
    [property: JsonPropertyName("lieuxNommes")] IReadOnlyList<PlaceRole> LieuxNommes,
    [property: JsonPropertyName("description")] string Description)
{
    /// <summary>A geometry is as certain as its least certain form (the evaluator sets it so; a compact line predicts it so).</summary>
    public static string CertaintyOf(Answer principale, IReadOnlyList<Answer> complements)
    {
        var certitude = principale.Certitude;
        foreach (var c in complements)
        {
            certitude = Certitudes.Weakest(certitude, c.Certitude);
        }
        return certitude;
    }

    /// <summary>The complement that makes the geometry less certain than its main form, if any.</summary>
    [JsonIgnore]
    public Answer? WeakeningComplement => Certitude == Principale.Certitude ? null : Complements.FirstOrDefault(c => c.Certitude == Certitude);
}

/// <summary>Certainty of each of the five answers of a scenario (the weakest option for multi-option answers).</summary>
public sealed record AnswerCertainties(
    [property: JsonPropertyName("pilotage")] string Pilotage,
    [property: JsonPropertyName("modalites")] string Modalites,
    [property: JsonPropertyName("lieux")] string Lieux,
    [property: JsonPropertyName("besoins")] string Besoins,
    [property: JsonPropertyName("objectifs")] string Objectifs)
{
    /// <summary>The certainty of the answer to <paramref name="question"/>.</summary>
    public string Of(string question) => question switch
    {
        QuestionIds.Pilotage => Pilotage,
        QuestionIds.Modalites => Modalites,
        QuestionIds.Lieux => Lieux,
        QuestionIds.Besoins => Besoins,
        QuestionIds.Objectifs => Objectifs,
        _ => throw new ArgumentOutOfRangeException(nameof(question), question, "question inconnue"),
    };
}

/// <summary>
/// A consistency statement between the posture and another answer (compatibility rules): it never counts as
/// evidence; it requires an option, separates options of equal evidence, or points a tension.
/// </summary>
public sealed record Coherence(
    [property: JsonPropertyName("regle")] string Regle,
    [property: JsonPropertyName("effet")] string Effet,
    [property: JsonPropertyName("posture")] Choice Posture,
    [property: JsonPropertyName("option")] Choice Option,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("explication")] string Explication,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("statut")] string Statut);

/// <summary>Which priorities of the Quoi a scenario's geometry and modalités serve, and which they leave uncovered.</summary>
public sealed record Coverage(
    [property: JsonPropertyName("servies")] IReadOnlyList<ServedPriority> Servies,
    [property: JsonPropertyName("nonCouvertes")] IReadOnlyList<string> NonCouvertes);

public sealed record ServedPriority(
    [property: JsonPropertyName("priorite")] string Priorite,
    [property: JsonPropertyName("par")] IReadOnlyList<Choice> Par);

public sealed record Scenario(
    [property: JsonPropertyName("rang")] int Rang,
    [property: JsonPropertyName("retenu")] bool Retenu,
    [property: JsonPropertyName("statut")] string Statut,
    [property: JsonPropertyName("intitule")] string Intitule,
    [property: JsonPropertyName("score")] double Score,
    [property: JsonPropertyName("convergence")] int Convergence,
    [property: JsonPropertyName("pilotage")] Answer Pilotage,
    [property: JsonPropertyName("modalites")] IReadOnlyList<Answer> Modalites,
    [property: JsonPropertyName("lieux")] Geometry Lieux,
    [property: JsonPropertyName("priorites")] IReadOnlyList<Priority> Priorites,
    [property: JsonPropertyName("objectifs")] IReadOnlyList<Answer> Objectifs,
    [property: JsonPropertyName("certitudes")] AnswerCertainties Certitudes,
    [property: JsonPropertyName("justifications")] IReadOnlyList<Justification> Justifications,
    [property: JsonPropertyName("vigilances")] IReadOnlyList<Justification> Vigilances,
    [property: JsonPropertyName("coherence")] IReadOnlyList<Coherence> Coherence,
    [property: JsonPropertyName("couverture")] Coverage Couverture);

/// <summary>The state of the evidence on one question, whatever the scenarios: its leader, certainty, and data to collect.</summary>
public sealed record QuestionEvidence(
    [property: JsonPropertyName("question")] string Question,
    [property: JsonPropertyName("libelle")] string Libelle,
    [property: JsonPropertyName("certitude")] string Certitude,
    [property: JsonPropertyName("options")] IReadOnlyList<Answer> Options,
    [property: JsonPropertyName("donneesAReunir")] IReadOnlyList<Choice> DonneesAReunir,
    [property: JsonPropertyName("phrase")] string Phrase);

/// <summary>An indicator some rules needed but the profile did not state: those rules were not evaluated.</summary>
public sealed record MissingIndicator(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("libelle")] string Libelle,
    [property: JsonPropertyName("regles")] IReadOnlyList<string> Regles);

/// <summary>An option ruled out for this territory by an exclusion rule.</summary>
public sealed record ExcludedOption(
    [property: JsonPropertyName("question")] string Question,
    [property: JsonPropertyName("option")] Choice Option,
    [property: JsonPropertyName("regles")] IReadOnlyList<Justification> Regles);

/// <summary>The explained output of one evaluation. Same profile + same rule set = same JSON, byte for byte.</summary>
public sealed record EvaluationResult(
    [property: JsonPropertyName("territoire")] TerritoryRef Territoire,
    [property: JsonPropertyName("referentiel")] RuleSetRef Referentiel,
    [property: JsonPropertyName("synthese")] string Synthese,
    [property: JsonPropertyName("scenarios")] IReadOnlyList<Scenario> Scenarios,
    [property: JsonPropertyName("analyse")] IReadOnlyList<QuestionEvidence> Analyse,
    [property: JsonPropertyName("besoinsCroises")] IReadOnlyList<Priority> BesoinsCroises,
    [property: JsonPropertyName("indicateursManquants")] IReadOnlyList<MissingIndicator> IndicateursManquants,
    [property: JsonPropertyName("optionsEcartees")] IReadOnlyList<ExcludedOption> OptionsEcartees,
    [property: JsonPropertyName("avertissements")] IReadOnlyList<string> Avertissements,
    [property: JsonPropertyName("questions")] IReadOnlyList<QuestionLabel> Questions,
    [property: JsonPropertyName("portrait")] IReadOnlyList<PortraitEntry> Portrait,
    [property: JsonPropertyName("explications")] ResultExplanations? Explications = null);
