using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Newtonsoft.Json;

namespace Cadrage.Rules.KnowledgeBase;

/// <summary>Identifiers of the five questions of the cadre stratégique. The questions are the methodology's
/// fixed structure; their options live in <c>rules/referentiel.json</c>.</summary>
public static class QuestionIds
{
    public const string Pilotage = "pilotage";
    public const string Modalites = "modalites";
    public const string Lieux = "lieux";
    public const string Besoins = "besoins";
    public const string Objectifs = "objectifs";

    /// <summary>The workflow that holds compatibility rules between a posture and the other answers.</summary>
    public const string Compatibilite = "compatibilite";

    public static readonly IReadOnlyList<string> All = [Pilotage, Modalites, Lieux, Besoins, Objectifs];

    /// <summary>Questions whose answer is one or several options of the référentiel.</summary>
    public static readonly IReadOnlyList<string> WithOptions = [Pilotage, Modalites, Lieux, Objectifs];
}

/// <summary>One option of a question (a posture, a modalité, a lieux strategy, an objectif, an axis value).</summary>
public sealed class OptionDefinition
{
    [JsonProperty("id", Required = Required.Always)]
    [Description("Identifiant de l'option, unique dans le référentiel : minuscules, chiffres et tirets (faire-avec).")]
    public string Id { get; init; } = "";

    [JsonProperty("libelle", Required = Required.Always)]
    [Description("Libellé français de l'option, tel que les lecteurs le voient.")]
    public string Libelle { get; init; } = "";

    [JsonProperty("description")]
    [Description("Ce que recouvre l'option, en français.")]
    public string? Description { get; init; }

    private Output.Choice? _choice;

    /// <summary>The option as a result shows it (id and label): one shared, immutable instance.</summary>
    internal Output.Choice AsChoice => _choice ??= new Output.Choice(Id, Libelle);
}

/// <summary>The three axes along which needs are crossed (question 4).</summary>
public sealed class NeedAxes
{
    [JsonProperty("services", Required = Required.Always)]
    [Description("Les services (premier axe des besoins).")]
    public IReadOnlyList<OptionDefinition> Services { get; init; } = [];

    [JsonProperty("publics", Required = Required.Always)]
    [Description("Les publics (deuxième axe des besoins).")]
    public IReadOnlyList<OptionDefinition> Publics { get; init; } = [];

    [JsonProperty("criteres", Required = Required.Always)]
    [Description("Les critères d'accessibilité (troisième axe des besoins).")]
    public IReadOnlyList<OptionDefinition> Criteres { get; init; } = [];
}

public sealed class QuestionDefinition
{
    [JsonProperty("id", Required = Required.Always)]
    [Description("Identifiant de la question : pilotage, modalites, lieux, besoins ou objectifs.")]
    [AllowedValues(QuestionIds.Pilotage, QuestionIds.Modalites, QuestionIds.Lieux, QuestionIds.Besoins, QuestionIds.Objectifs)]
    public string Id { get; init; } = "";

    [JsonProperty("numero", Required = Required.Always)]
    [Description("Numéro de la question dans le cadre stratégique (1 à 5).")]
    public int Numero { get; init; }

    [JsonProperty("libelle", Required = Required.Always)]
    [Description("Libellé court de la question.")]
    public string Libelle { get; init; } = "";

    [JsonProperty("intitule", Required = Required.Always)]
    [Description("La question posée au territoire, en toutes lettres.")]
    public string Intitule { get; init; } = "";

    [JsonProperty("description")]
    [Description("Ce que la question éclaire, en français.")]
    public string? Description { get; init; }

    [JsonProperty("source")]
    [Description("Méthodologie ou texte d'où vient la question.")]
    public string? Source { get; init; }

    [JsonProperty("options")]
    [Description("Les réponses possibles (toutes les questions sauf besoins).")]
    public IReadOnlyList<OptionDefinition> Options { get; init; } = [];

    [JsonProperty("axes")]
    [Description("Les trois axes croisés de la question besoins : services, publics, criteres.")]
    public NeedAxes? Axes { get; init; }

    [JsonProperty("lieuxNommes")]
    [Description("Question lieux seulement : les mots qui disent ce qu'est chaque lieu nommé par un scénario (son niveau de la grille de densité, la gamme dont il est un pôle de services).")]
    public PlaceWording? LieuxNommes { get; init; }
}

/// <summary>A word a named place can be qualified with, in the singular and the plural (« pôle de services intermédiaire »).</summary>
public sealed class PlaceWord
{
    [JsonProperty("id", Required = Required.Always)]
    [Description("Ce que le mot qualifie : un niveau de la grille de densité (1 à 7) ou l'offre de services (superieure, intermediaire, proximite, specialite).")]
    public string Id { get; init; } = "";

    [JsonProperty("libelle", Required = Required.Always)]
    [Description("Le mot, au singulier (« petite ville », « pôle de services intermédiaire »).")]
    public string Libelle { get; init; } = "";

    [JsonProperty("pluriel", Required = Required.Always)]
    [Description("Le même au pluriel (« pôles de services intermédiaires »).")]
    public string Pluriel { get; init; } = "";
}

/// <summary>
/// What a named place is, in words the référentiel owns (no label of the places is written in code): the level of the
/// INSEE density grid (a pôle in a petite ville or a bourg rural is not an agglomération) and the range of the
/// equipment base it is a pôle de services for, or its specialty.
/// </summary>
public sealed class PlaceWording
{
    /// <summary>The ids of <see cref="Offre"/>: the three ranges, and a specialty (some types of the superior range).</summary>
    public static readonly IReadOnlyList<string> OfferIds = ["superieure", "intermediaire", "proximite", "specialite"];

    [JsonProperty("densite", Required = Required.Always)]
    [Description("Les sept niveaux de la grille communale de densité de l'INSEE (id 1 à 7) : grand centre urbain … rural à habitat très dispersé.")]
    public IReadOnlyList<PlaceWord> Densite { get; init; } = [];

    [JsonProperty("offre", Required = Required.Always)]
    [Description("L'offre de services d'une commune : pôle de services de la gamme supérieure, intermédiaire ou de proximité (au moins la moitié des types de la gamme, définition de l'INSEE), ou spécialité (des types de la gamme supérieure sans en être un pôle).")]
    public IReadOnlyList<PlaceWord> Offre { get; init; } = [];

    /// <summary>The word of a grid level, or null.</summary>
    public PlaceWord? Level(int? level) => level is { } l ? Densite.FirstOrDefault(w => w.Id.Length == 1 && w.Id[0] - '0' == l) : null;

    /// <summary>The word of an offer id, or null.</summary>
    public PlaceWord? Offer(string? id) => id is null ? null : Offre.FirstOrDefault(w => w.Id == id);
}

/// <summary>The référentiel: the five questions and every option of the methodology.</summary>
public sealed class Referentiel
{
    public const string FileName = "referentiel.json";

    [JsonProperty("questions", Required = Required.Always)]
    [Description("Les cinq questions du cadre stratégique et leurs options.")]
    public IReadOnlyList<QuestionDefinition> Questions { get; init; } = [];

    public QuestionDefinition Question(string id) => Lookup().Questions.TryGetValue(id, out var question) ? question : Questions.First(q => q.Id == id);

    public NeedAxes Axes => Question(QuestionIds.Besoins).Axes!;

    /// <summary>Finds an option of a question; null when it does not exist.</summary>
    public OptionDefinition? FindOption(string question, string optionId) =>
        Lookup().Options.TryGetValue((question, optionId), out var option) ? option : null;

    /// <summary>Lookups by id (a reference, so that threads never see it half written).</summary>
    private sealed record Index(Dictionary<string, QuestionDefinition> Questions, Dictionary<(string, string), OptionDefinition> Options, Dictionary<string, string> QuestionOf);

    private Index? _lookup;

    /// <summary>
    /// Questions and options by id, built on first use (the évaluation looks labels up for every rule it explains);
    /// the first of duplicates wins, as a search in list order would find it. The référentiel is read-only once loaded.
    /// </summary>
    private Index Lookup()
    {
        if (_lookup is { } known)
        {
            return known;
        }
        var questions = new Dictionary<string, QuestionDefinition>(StringComparer.Ordinal);
        var options = new Dictionary<(string, string), OptionDefinition>();
        var questionOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var q in Questions)
        {
            foreach (var o in q.Options ?? [])
            {
                questionOf.TryAdd(o.Id, q.Id);
            }
            if (questions.TryAdd(q.Id, q))
            {
                foreach (var o in q.Options ?? [])
                {
                    options.TryAdd((q.Id, o.Id), o);
                }
            }
        }
        return _lookup = new Index(questions, options, questionOf);
    }

    /// <summary>The question an option belongs to (option ids are unique across the référentiel).</summary>
    public string? QuestionOf(string optionId) =>
        Lookup().QuestionOf.TryGetValue(optionId, out var question) ? question : null;
}
