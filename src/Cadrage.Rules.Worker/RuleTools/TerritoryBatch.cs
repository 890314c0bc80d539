using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Evaluation;
using Cadrage.Rules.Json;
using Cadrage.Rules.Profiles;
using Cadrage.Rules.Worker.Batch;
using Newtonsoft.Json.Linq;

namespace Cadrage.Rules.Worker.RuleTools;

/// <summary>
/// A batch of territories read once and evaluated under any number of rule sets, in parallel: the shared core
/// of <c>rules coverage</c>, <c>rules diff</c> and <c>rules sweep</c>.
/// </summary>
public sealed class TerritoryBatch
{
    private readonly List<(string Source, ProfileSource? Input, string? Catalog, ProfileSource? Read)> _items = [];
    private readonly Dictionary<int, string> _unreadable = [];

    public TerritoryBatch(string path, RuleSet kb)
    {
        foreach (var item in BatchInput.Read(path, kb))
        {
            if (item.Error is not null)
            {
                _unreadable[_items.Count] = item.Error; // a malformed CSV row: an error outcome under every rule set
            }
            _items.Add((item.Source, item.Error is null ? item.ToSource() : null, null, null));
        }
    }

    public int Count => _items.Count;

    /// <summary>The batch at <paramref name="path"/>, or null after a French message when it does not exist.</summary>
    public static TerritoryBatch? Open(string path, RuleSet kb, TextWriter stderr)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            stderr.WriteLine($"Lot introuvable : {path}");
            return null;
        }
        return new TerritoryBatch(path, kb);
    }

    public IReadOnlyList<TerritoryOutcome> Evaluate(RuleSet kb, int parallelism = 0)
    {
        var outcomes = new TerritoryOutcome[_items.Count];
        var evaluations = new EvaluationService();
        Parallel.For(0, _items.Count, new ParallelOptions { MaxDegreeOfParallelism = parallelism > 0 ? parallelism : Environment.ProcessorCount }, i =>
        {
            var (source, input, catalog, read) = _items[i];
            if (input is null)
            {
                outcomes[i] = new TerritoryOutcome(source, "", "", null, [], null, [], [], 0, new Dictionary<string, double>(), _unreadable[i]);
                return;
            }
            // Read once, evaluated under every rule set that shares the catalogue (sweeps, most diffs).
            var outcome = evaluations.Evaluate(kb, catalog == kb.CatalogVersion && read is not null ? read : input, keepRuns: true);
            outcomes[i] = ToOutcome(source, outcome);
            if (outcome.Profile is { } profile && catalog != kb.CatalogVersion)
            {
                _items[i] = (source, input, kb.CatalogVersion, ProfileSource.FromProfile(profile));
            }
        });
        return outcomes;
    }

    private static TerritoryOutcome ToOutcome(string source, EvaluationOutcome outcome)
    {
        if (outcome.Failure is { } failure)
        {
            var id = outcome.Profile?.Id ?? source;
            return new TerritoryOutcome(id, outcome.Profile?.Nom ?? "", "", null, [], null, [], [], 0, new Dictionary<string, double>(), string.Join(" ; ", failure.Errors.Select(e => e.ToString())));
        }
        var profile = outcome.Profile!;
        var result = outcome.Result!;
        var runs = outcome.Runs!;
        var type = profile.Indicateurs.TryGetValue("type_epci", out var typeValue) && typeValue.Valeur is string t ? t : profile.Echelle;
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
