using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Output;
using Cadrage.Rules.Profiles;

namespace Cadrage.Rules.Worker.Batch;

/// <summary>
/// A question of a territory that the tool did not establish: its certainty and the data that would decide it;
/// <c>Illustratifs</c>, when it is fragile only because its lead rests on illustrative values of the profile, the
/// indicators to measure.
/// </summary>
public sealed record UndecidedQuestion(string Question, string Certitude, IReadOnlyList<string> Donnees, IReadOnlyList<string>? Illustratifs = null);

/// <summary>
/// A territory's seuil le plus proche for one retained answer (batch with explanations): the parameter whose nearest
/// value changes the answer, that value, and what the answer would become.
/// </summary>
public sealed record ThresholdFlip(string Question, string Parametre, double ValeurBascule, string Nouvelle);

/// <summary>
/// What the synthèse of a batch keeps of one territory (a few hundred bytes, whatever the size of its result): where
/// it is, what its retained scenario answers and how firmly, what is left undecided, where its note is.
/// </summary>
public sealed record TerritorySummary(
    long Index,
    string Id,
    string Nom,
    double? Population,
    double? Latitude,
    double? Longitude,
    string Statut,
    string? Posture,
    string? Lieux,
    IReadOnlyList<string> Complements,
    IReadOnlyList<string> Modalites,
    IReadOnlyList<string> Objectifs,
    IReadOnlyList<string> Priorites,
    AnswerCertainties Certitudes,
    IReadOnlyList<UndecidedQuestion> Indecises,
    string PostureLibelle,
    string LieuxLibelle,
    string? Note)
{
    /// <summary>No scenario: the tool proposes none (neither posture nor geometry supported).</summary>
    public const string SansScenario = "aucun";

    /// <summary>The seuils les plus proches of the retained answers (empty when the batch runs without explanations).</summary>
    public IReadOnlyList<ThresholdFlip> Seuils { get; init; } = [];

    /// <summary>
    /// The answers of the retained scenario (of the analyse, without a scenario) that are fragile only because their
    /// lead rests on illustrative values of the profile, by question id: the illustrative indicators (catalogue ids).
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Illustratifs { get; init; } = Empty;

    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Empty = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Whether the answer to a question is fragile only because it rests on illustrative values.</summary>
    public bool RestsOnIllustrativeValues(string question) => Illustratifs.ContainsKey(question);

    /// <summary>The certainty of the retained scenario: the weaker of its posture and its geometry.</summary>
    public string CertitudeScenario => Statut == SansScenario ? Cadrage.Rules.Output.Certitudes.NonTranchee : Cadrage.Rules.Output.Certitudes.Weakest(Certitudes.Pilotage, Certitudes.Lieux);

    public static TerritorySummary Of(long index, TerritoryProfile profile, EvaluationResult result, string? note) =>
        OfResult(index, profile, result, note) with
        {
            Seuils = result.Explications?.SeuilsLesPlusProches.Select(t => new ThresholdFlip(t.Question, t.Parametre, t.ValeurBascule, t.Nouvelle)).ToList() ?? [],
        };

    private static TerritorySummary OfResult(long index, TerritoryProfile profile, EvaluationResult result, string? note)
    {
        var (latitude, longitude) = Position(profile.Communes);
        var population = result.Portrait.FirstOrDefault(p => p.Id == "population")?.Valeur as double?;
        var undecided = new List<UndecidedQuestion>(result.Analyse.Count);
        foreach (var a in result.Analyse)
        {
            if (a.Certitude != Cadrage.Rules.Output.Certitudes.Etablie)
            {
                // The evaluation shares the evidence of an option question between territories of the same decision:
                // so do their summaries (35,000 are kept until the synthèse is written). The Quoi is each territory's own.
                undecided.Add(a.Question == QuestionIds.Besoins ? Undecided(a) : SharedUndecided.GetValue(a, Undecided));
            }
        }
        var first = result.Scenarios.FirstOrDefault();
        if (first is null)
        {
            var byQuestion = result.Analyse.ToDictionary(a => a.Question, a => a.Certitude, StringComparer.Ordinal);
            string Of(string q) => byQuestion.GetValueOrDefault(q, Cadrage.Rules.Output.Certitudes.NonTranchee);
            return new TerritorySummary(index, profile.Id, profile.Nom, population, latitude, longitude, SansScenario, null, null, [], [], [], [],
                new AnswerCertainties(Of(QuestionIds.Pilotage), Of(QuestionIds.Modalites), Of(QuestionIds.Lieux), Of(QuestionIds.Besoins), Of(QuestionIds.Objectifs)),
                undecided, "(aucun scénario)", "(aucun scénario)", note)
            {
                Illustratifs = Collect(result.Analyse.Select(a => (a.Question, Illustrative(a)))),
            };
        }
        return new TerritorySummary(index, profile.Id, profile.Nom, population, latitude, longitude, first.Statut,
            first.Pilotage.Id, first.Lieux.Id, first.Lieux.Complements.Select(c => c.Id).ToList(),
            first.Modalites.Select(m => m.Id).ToList(), first.Objectifs.Select(o => o.Id).ToList(),
            first.Priorites.Select(p => Cadrage.Rules.Evaluation.CrossedNeed.LabelOf(p.Service, p.Public, p.Critere)).ToList(),
            first.Certitudes, undecided, first.Pilotage.Libelle, first.Lieux.Libelle, note)
        {
            Illustratifs = Collect([
                (QuestionIds.Pilotage, Illustrative(first.Certitudes.Pilotage, [first.Pilotage])),
                (QuestionIds.Modalites, Illustrative(first.Certitudes.Modalites, first.Modalites)),
                (QuestionIds.Lieux, Illustrative(first.Certitudes.Lieux, [first.Lieux.Principale, .. first.Lieux.Complements])),
                (QuestionIds.Objectifs, Illustrative(first.Certitudes.Objectifs, first.Objectifs)),
            ]),
        };
    }

    /// <summary>
    /// The illustrative indicators a fragile answer rests on, when it is fragile only for them: every fragile option
    /// of the answer would be established without the rules that read illustrative values. Null otherwise.
    /// </summary>
    private static IReadOnlyList<string>? Illustrative(string certitude, IReadOnlyList<Answer> options)
    {
        if (certitude != Cadrage.Rules.Output.Certitudes.Fragile)
        {
            return null;
        }
        var fragile = options.Where(o => o.Certitude == Cadrage.Rules.Output.Certitudes.Fragile).ToList();
        return fragile.Count > 0 && fragile.All(o => o.Illustratifs is not null)
            ? fragile.SelectMany(o => o.Illustratifs!).Select(c => c.Id).Distinct(StringComparer.Ordinal).ToList()
            : null;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<QuestionEvidence, UndecidedQuestion> SharedUndecided = new();

    private static UndecidedQuestion Undecided(QuestionEvidence a) =>
        new(a.Question, a.Certitude, a.DonneesAReunir.Select(c => c.Id).ToList(), Illustrative(a));

    /// <summary>The analyse of a question says the same (as the note reads it): its lead rests on illustrative values.</summary>
    private static IReadOnlyList<string>? Illustrative(QuestionEvidence a) =>
        a.Certitude == Cadrage.Rules.Output.Certitudes.Fragile && a.Options.Any(o => o.Illustratifs is not null)
            ? a.Options.SelectMany(o => o.Illustratifs ?? []).Select(c => c.Id).Distinct(StringComparer.Ordinal).ToList()
            : null;

    private static IReadOnlyDictionary<string, IReadOnlyList<string>> Collect(IEnumerable<(string Question, IReadOnlyList<string>? Indicators)> answers)
    {
        Dictionary<string, IReadOnlyList<string>>? found = null;
        foreach (var (question, indicators) in answers)
        {
            if (indicators is not null)
            {
                (found ??= new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal))[question] = indicators;
            }
        }
        return found ?? Empty;
    }

    /// <summary>
    /// Where to put a territory on a map: the centre of its member communes weighted by their population (by count
    /// when no population is known), from the profile's latitudes and longitudes; none when no commune has a position.
    /// </summary>
    public static (double? Latitude, double? Longitude) Position(IReadOnlyList<MemberCommune> communes)
    {
        double weight = 0, lat = 0, lon = 0, count = 0, plainLat = 0, plainLon = 0;
        foreach (var c in communes)
        {
            if (c.Latitude is not { } la || c.Longitude is not { } lo)
            {
                continue;
            }
            count++;
            plainLat += la;
            plainLon += lo;
            if (c.Population is { } p && p > 0)
            {
                weight += p;
                lat += la * p;
                lon += lo * p;
            }
        }
        if (count == 0)
        {
            return (null, null);
        }
        return weight > 0 ? (lat / weight, lon / weight) : (plainLat / count, plainLon / count);
    }
}

/// <summary>The territories of a batch as the synthèse needs them, in input order (bounded: a few hundred bytes each).</summary>
public sealed class BatchOverview(RuleSet kb)
{
    private readonly List<TerritorySummary> _territories = [];

    public RuleSet Rules => kb;

    public IReadOnlyList<TerritorySummary> Territories => _territories;

    public void Add(TerritorySummary territory) => _territories.Add(territory);
}
