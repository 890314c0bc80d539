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
    public string Id { get; init; } = "";

    [JsonProperty("libelle", Required = Required.Always)]
    public string Libelle { get; init; } = "";

    [JsonProperty("description")]
    public string? Description { get; init; }
}

/// <summary>The three axes along which needs are crossed (question 4).</summary>
public sealed class NeedAxes
{
    [JsonProperty("services", Required = Required.Always)]
    public IReadOnlyList<OptionDefinition> Services { get; init; } = [];

    [JsonProperty("publics", Required = Required.Always)]
    public IReadOnlyList<OptionDefinition> Publics { get; init; } = [];

    [JsonProperty("criteres", Required = Required.Always)]
    public IReadOnlyList<OptionDefinition> Criteres { get; init; } = [];
}

public sealed class QuestionDefinition
{
    [JsonProperty("id", Required = Required.Always)]
    public string Id { get; init; } = "";

    [JsonProperty("numero", Required = Required.Always)]
    public int Numero { get; init; }

    [JsonProperty("libelle", Required = Required.Always)]
    public string Libelle { get; init; } = "";

    [JsonProperty("intitule", Required = Required.Always)]
    public string Intitule { get; init; } = "";

    [JsonProperty("description")]
    public string? Description { get; init; }

    [JsonProperty("source")]
    public string? Source { get; init; }

    [JsonProperty("options")]
    public IReadOnlyList<OptionDefinition> Options { get; init; } = [];

    [JsonProperty("axes")]
    public NeedAxes? Axes { get; init; }
}

/// <summary>The référentiel: the five questions and every option of the methodology.</summary>
public sealed class Referentiel
{
    public const string FileName = "referentiel.json";

    [JsonProperty("questions", Required = Required.Always)]
    public IReadOnlyList<QuestionDefinition> Questions { get; init; } = [];

    public QuestionDefinition Question(string id) => Questions.First(q => q.Id == id);

    public NeedAxes Axes => Question(QuestionIds.Besoins).Axes!;

    /// <summary>Finds an option of a question; null when it does not exist.</summary>
    public OptionDefinition? FindOption(string question, string optionId) =>
        Questions.FirstOrDefault(q => q.Id == question)?.Options.FirstOrDefault(o => o.Id == optionId);

    /// <summary>The question an option belongs to (option ids are unique across the référentiel).</summary>
    public string? QuestionOf(string optionId) =>
        Questions.FirstOrDefault(q => q.Options.Any(o => o.Id == optionId))?.Id;
}
