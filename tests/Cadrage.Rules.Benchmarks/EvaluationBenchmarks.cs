using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Cadrage.Rules.Evaluation;
using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Profiles;
using RulesEngine.Models;

namespace Cadrage.Rules.Benchmarks;

/// <summary>
/// The same rule files and the same real EPCI profiles, (a) through the stock Microsoft RulesEngine
/// (<c>ExecuteAllRulesAsync</c> over every workflow, raw results only) and (b) through our full explained
/// evaluation (scores, scenarios, justifications). One operation = one territory.
/// </summary>
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 2, iterationCount: 6)]
[MemoryDiagnoser]
public class EvaluationBenchmarks
{
    private RuleSet _kb = null!;
    private TerritoryProfile[] _profiles = null!;
    private RuleParameter[][] _stockInputs = null!;
    private RulesEngine.RulesEngine _engine = null!;
    private string[] _workflows = null!;
    private readonly Evaluator _evaluator = new();

    /// <summary>Path of a JSONL of profiles (set by Program, passed to BenchmarkDotNet's child process by the environment).</summary>
    public static string Profiles { get; set; } = Environment.GetEnvironmentVariable("CADRAGE_BENCH_PROFILES") ?? "";

    public static string Rules { get; set; } = Environment.GetEnvironmentVariable("CADRAGE_BENCH_RULES") ?? "";

    [GlobalSetup]
    public void Setup()
    {
        _kb = RuleSet.Load(Rules);
        _profiles = File.ReadLines(Profiles).Where(l => l.Length > 0).Select((l, i) => ProfileReader.Read(l, $"ligne {i + 1}", _kb)).ToArray();
        _stockInputs = _profiles.Select(p => new[] { new RuleParameter(ExpressionCompiler.InputName, ProfileFacts.Create(_kb, p).Instance) }).ToArray();
        _engine = new RulesEngine.RulesEngine(_kb.CreateStockWorkflows().ToArray(), new ReSettings());
        _workflows = _kb.CreateStockWorkflows().Select(w => w.WorkflowName).ToArray();
        // Warm the stock engine's lazy compilation outside the measurement.
        foreach (var workflow in _workflows)
        {
            _engine.ExecuteAllRulesAsync(workflow, _stockInputs[0]).GetAwaiter().GetResult();
        }
    }

    public int Count => _profiles.Length;

    [Benchmark(Baseline = true, Description = "a. RulesEngine brut (ExecuteAllRulesAsync, tous les workflows)")]
    public async Task<int> StockRulesEngine()
    {
        var fired = 0;
        foreach (var input in _stockInputs)
        {
            foreach (var workflow in _workflows)
            {
                var results = await _engine.ExecuteAllRulesAsync(workflow, input);
                foreach (var result in results)
                {
                    fired += result.IsSuccess ? 1 : 0;
                }
            }
        }
        return fired;
    }

    [Benchmark(Description = "b. Cadrage.Rules : évaluation expliquée complète")]
    public int ExplainedEvaluation()
    {
        var scenarios = 0;
        foreach (var profile in _profiles)
        {
            scenarios += _evaluator.Evaluate(_kb, profile).Scenarios.Count;
        }
        return scenarios;
    }
}
