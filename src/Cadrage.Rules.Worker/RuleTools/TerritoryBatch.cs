using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Evaluation;
using Cadrage.Rules.Json;
using Cadrage.Rules.Profiles;
using Cadrage.Rules.Worker.Batch;

namespace Cadrage.Rules.Worker.RuleTools;

/// <summary>
/// A batch of territories read once and evaluated under any number of rule sets, in parallel: the shared core
/// of <c>rules coverage</c>, <c>rules diff</c> and <c>rules sweep</c>.
/// </summary>
public sealed class TerritoryBatch
{
    private readonly List<(string Source, ProfileSource? Input, string? Catalog, ProfileSource? Read)> _items = [];
    private readonly Dictionary<int, string> _unreadable = [];
    private readonly EvaluationService _service = new();
    private DecisionOutcome?[]? _baselines;
    private DecisionOutcome?[] _lastDecisions = [];
    private TerritoryOutcome?[] _lastOutcomes = [];
    private RuleSet? _baselineRules;

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

    /// <summary>
    /// The decision for every territory under <paramref name="kb"/> (decisions only: no explained result, a
    /// fraction of the cost). The first call is the baseline; a later call with the same rules and other parameter
    /// values (<see cref="RuleSet.WithParameters"/>, as a sweep does) re-runs only the rules that read a changed
    /// parameter, from that baseline.
    /// </summary>
    public IReadOnlyList<TerritoryOutcome> Evaluate(RuleSet kb, int parallelism = 0)
    {
        var outcomes = new TerritoryOutcome[_items.Count];
        if (_lastDecisions.Length != _items.Count)
        {
            (_lastDecisions, _lastOutcomes) = (new DecisionOutcome?[_items.Count], new TerritoryOutcome?[_items.Count]);
        }
        var variants = _baselines is not null && ReferenceEquals(_baselineRules!.Rules, kb.Rules);
        var baselines = variants ? _baselines! : new DecisionOutcome?[_items.Count];
        Parallel.For(0, _items.Count, new ParallelOptions { MaxDegreeOfParallelism = parallelism > 0 ? parallelism : Environment.ProcessorCount }, i =>
        {
            var (source, input, catalog, read) = _items[i];
            if (input is null)
            {
                outcomes[i] = new TerritoryOutcome(source, "", "", null, new Dictionary<string, double>(), _unreadable[i]);
                return;
            }
            DecisionOutcome outcome;
            if (variants && baselines[i] is { } baseline)
            {
                outcome = _service.Redecide(kb, baseline);
            }
            else
            {
                // Read once, decided under every rule set that shares the catalogue (sweeps, most diffs).
                outcome = _service.Decide(kb, catalog == kb.CatalogVersion && read is not null ? read : input);
                baselines[i] = outcome;
            }
            // The same decision as last time for this territory (most values of a sweep): the same outcome object,
            // which comparisons then recognise at once.
            outcomes[i] = ReferenceEquals(_lastDecisions[i], outcome) ? _lastOutcomes[i]! : ToOutcome(source, outcome);
            (_lastDecisions[i], _lastOutcomes[i]) = (outcome, outcomes[i]);
            if (outcome.Profile is { } profile && catalog != kb.CatalogVersion)
            {
                _items[i] = (source, input, kb.CatalogVersion, ProfileSource.FromProfile(profile));
            }
        });
        if (!variants)
        {
            (_baselines, _baselineRules) = (baselines, kb);
        }
        return outcomes;
    }

    private static TerritoryOutcome ToOutcome(string source, DecisionOutcome outcome)
    {
        if (outcome.Failure is { } failure)
        {
            var id = outcome.Profile?.Id ?? source;
            return new TerritoryOutcome(id, outcome.Profile?.Nom ?? "", "", null, new Dictionary<string, double>(), string.Join(" ; ", failure.Errors.Select(e => e.ToString())));
        }
        var profile = outcome.Profile!;
        var type = profile.Indicateurs.TryGetValue("type_epci", out var typeValue) && typeValue.Valeur is string t ? t : profile.Echelle;
        var fired = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var run in outcome.Runs)
        {
            if (run.State == RuleState.Fired)
            {
                fired[run.Rule.Name] = run.Rule.Weight;
            }
        }
        return new TerritoryOutcome(profile.Id, profile.Nom, type, outcome.First, fired, null);
    }
}
