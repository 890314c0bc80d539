using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Cadrage.Rules.Evaluation;
using Cadrage.Rules.Explanations;
using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Output;
using Cadrage.Rules.Worker.Atelier;
using Cadrage.Rules.Worker.Service;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cadrage.Rules.Benchmarks;

/// <summary>
/// The server side of the atelier: (a) a sandbox change of a named parameter over the whole batch (territories
/// where a rule reading it changes state evaluated again, flips with their reasons, against the cached outcomes of
/// the rule set in service), (b) one territory evaluated and written as JSON without explanations, and (c) with
/// the complete explanations, as the atelier's evaluation call does before its journal write. Reported with the
/// 95th percentile of the iterations.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(P95))]
public class AtelierBenchmarks
{
    internal RuleSet _kb = null!;
    internal Sandbox _sandbox = null!;
    private string _profile = "";
    private readonly EvaluationService _evaluations = new();
    private readonly SandboxChange _change = new(new Dictionary<string, double> { ["seuil_polarisation_forte"] = 30 }, new Dictionary<string, double>());

    internal sealed class P95 : ManualConfig
    {
        // In process: on a loaded 2-core machine the generated child project may not even build within BenchmarkDotNet's timeout.
        public P95()
        {
            AddColumn(StatisticColumn.P95);
            AddJob(Job.Default.WithStrategy(RunStrategy.Throughput).WithWarmupCount(3).WithIterationCount(30).WithToolchain(InProcessEmitToolchain.Instance));
        }
    }

    [GlobalSetup]
    public void Setup()
    {
        var holder = new RuleSetHolder(EvaluationBenchmarks.Rules, NullLogger<RuleSetHolder>.Instance);
        holder.Reload();
        _kb = holder.Current;
        var batch = new EpciBatch(EvaluationBenchmarks.Profiles);
        _sandbox = new Sandbox(batch, holder);
        // As the service does at start (AtelierWarmup): profiles read once, outcomes of the rule set in service cached.
        batch.Baseline(_kb);
        _profile = File.ReadLines(EvaluationBenchmarks.Profiles).First(l => l.Contains("\"245804406\"", StringComparison.Ordinal));
    }

    [Benchmark(Description = "a. bac à sable : un seuil changé sur les 1 255 EPCI, bascules et raisons")]
    public int ParameterChange() => _sandbox.Run(_kb, _change).Flips.Count;

    [Benchmark(Description = "b. un territoire : lecture, évaluation expliquée, JSON")]
    public int OneTerritory()
    {
        var outcome = _evaluations.Evaluate(_kb, ProfileSource.FromText(_profile, "atelier"));
        return ResultJson.Serialize(outcome.Result!, indented: false).Length;
    }

    [Benchmark(Description = "c. un territoire avec ses explications complètes (appel de l'atelier)")]
    public int OneTerritoryExplained()
    {
        var outcome = _evaluations.Evaluate(_kb, ProfileSource.FromText(_profile, "atelier"), explanations: ExplanationRequest.Full);
        return ResultJson.Serialize(outcome.Result!, indented: false).Length;
    }
}

/// <summary>The sandbox change of <see cref="AtelierBenchmarks"/> at other values: the farther from the value in service, the more territories are decided again.</summary>
[MemoryDiagnoser]
[Config(typeof(AtelierBenchmarks.P95))]
public class AtelierSandboxBenchmarks
{
    private readonly AtelierBenchmarks _atelier = new();
    private SandboxChange _change = null!;

    [Params(25.0, 35.0, 45.0, 55.0)]
    public double Seuil { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _atelier.Setup();
        _change = new SandboxChange(new Dictionary<string, double> { ["seuil_polarisation_forte"] = Seuil }, new Dictionary<string, double>());
    }

    [Benchmark(Description = "a. bac à sable : seuil_polarisation_forte à une autre valeur, sur les 1 255 EPCI")]
    public int ParameterChange() => _atelier._sandbox.Run(_atelier._kb, _change).Flips.Count;
}
