using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Evaluation;
using Cadrage.Rules.Json;
using Cadrage.Rules.Profiles;
using Cadrage.Rules.Worker.Batch;
using Newtonsoft.Json.Linq;

namespace Cadrage.Rules.Worker.RuleTools;

/// <summary>What one rule set made of one territory: the scénario retenu and the rules that fired.</summary>
public sealed record TerritoryOutcome(
    string Id,
    string Nom,
    string Type,
    string? Pilotage,
    IReadOnlyList<string> Modalites,
    string? Lieux,
    IReadOnlyList<string> Priorites,
    IReadOnlyList<string> Objectifs,
    double Score,
    IReadOnlyDictionary<string, double> Fired,
    string? Error)
{
    public static readonly string[] Answers = ["pilotage", "modalites", "lieux", "priorites", "objectifs"];

    /// <summary>The five answers as comparable text.</summary>
    public string Answer(string question) => question switch
    {
        "pilotage" => Pilotage ?? "",
        "modalites" => string.Join('|', Modalites),
        "lieux" => Lieux ?? "",
        "priorites" => string.Join('|', Priorites),
        _ => string.Join('|', Objectifs),
    };

    public string Retenu => $"{Pilotage} · {string.Join('+', Modalites)} · {Lieux} · {string.Join('+', Objectifs)}";
}

/// <summary>
/// A batch of territories read once and evaluated under any number of rule sets, in parallel: the shared core
/// of <c>rules coverage</c>, <c>rules diff</c> and <c>rules sweep</c>.
/// </summary>
public sealed class TerritoryBatch
{
    private readonly List<(string Source, JToken? Token, string? Error)> _items = [];

    public TerritoryBatch(string path, RuleSet kb)
    {
        foreach (var item in BatchInput.Read(path, kb))
        {
            var errors = new List<JsonDiagnostic>();
            var token = BatchInput.Parse(item, errors);
            _items.Add((item.Source, token, errors.Count > 0 ? string.Join(" ; ", errors) : null));
        }
    }

    public int Count => _items.Count;

    public IReadOnlyList<TerritoryOutcome> Evaluate(RuleSet kb, int parallelism = 0)
    {
        var outcomes = new TerritoryOutcome[_items.Count];
        var evaluator = new Evaluator();
        Parallel.For(0, _items.Count, new ParallelOptions { MaxDegreeOfParallelism = parallelism > 0 ? parallelism : Environment.ProcessorCount }, i =>
        {
            var (source, token, error) = _items[i];
            outcomes[i] = Evaluate(kb, evaluator, source, token, error);
        });
        return outcomes;
    }

    private static TerritoryOutcome Evaluate(RuleSet kb, Evaluator evaluator, string source, JToken? token, string? error)
    {
        var id = (token as JObject)?["id"]?.ToString() ?? source;
        var nom = (token as JObject)?["nom"]?.ToString() ?? "";
        if (token is null || error is not null)
        {
            return new TerritoryOutcome(id, nom, "", null, [], null, [], [], 0, new Dictionary<string, double>(), error ?? "profil illisible");
        }
        TerritoryProfile profile;
        try
        {
            profile = ProfileReader.Read(token, source, kb);
        }
        catch (ProfileException ex)
        {
            return new TerritoryOutcome(id, nom, "", null, [], null, [], [], 0, new Dictionary<string, double>(), string.Join(" ; ", ex.Errors));
        }
        var type = profile.Indicateurs.TryGetValue("type_epci", out var typeValue) && typeValue.Valeur is string t ? t : profile.Echelle;
        var result = evaluator.Evaluate(kb, profile, out var runs);
        var fired = runs.Where(r => r.State == RuleState.Fired).ToDictionary(r => r.Rule.Name, r => r.Rule.Weight, StringComparer.Ordinal);
        var retenu = result.Scenarios.FirstOrDefault();
        return new TerritoryOutcome(
            profile.Id, profile.Nom, type,
            retenu?.Pilotage.Id,
            retenu?.Modalites.Select(m => m.Id).Order(StringComparer.Ordinal).ToList() ?? [],
            retenu?.Lieux.Id,
            retenu?.Priorites.Select(p => $"{p.Service.Id}×{p.Public.Id}×{p.Critere.Id}").ToList() ?? [],
            retenu?.Objectifs.Select(o => o.Id).Order(StringComparer.Ordinal).ToList() ?? [],
            retenu?.Score ?? 0,
            fired,
            null);
    }
}
