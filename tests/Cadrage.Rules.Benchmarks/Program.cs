using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using Cadrage.Rules.Benchmarks;

// Usage (from the repository root):
//   dotnet run -c Release --project tests/Cadrage.Rules.Benchmarks -- [profils.jsonl] [dossier-regles] [--filter '*Evaluation*' | '*ProfileReading*' | '*Atelier*']
//   dotnet run -c Release --project tests/Cadrage.Rules.Benchmarks -- lot [profils.jsonl] [dossier-regles] [--repetitions 3] [--cadrage cadrage.dll] [--options "--forme complete"]
// One benchmark operation evaluates every profile of the file; divide by their number for one territory.
//   dotnet run -c Release --project tests/Cadrage.Rules.Benchmarks -- banc explications|parametres [profils.jsonl] [dossier-regles]
// « lot »: the real cadrage batch end to end against bare RulesEngine, timed alternately in one run (see BatchBench).
// « banc »: distributions and whole jobs (see Bancs).
var root = FindRoot();
if (args.Length > 0 && args[0] == "lot")
{
    return BatchBench.Run(root, args[1..]);
}
if (args.Length > 1 && args[0] == "banc")
{
    return Bancs.Run(args[1],
        Path.GetFullPath(args.Length > 2 ? args[2] : Path.Combine(root, "examples", "france-epci.jsonl")),
        Path.GetFullPath(args.Length > 3 ? args[3] : Path.Combine(root, "rules")));
}
EvaluationBenchmarks.Profiles = Path.GetFullPath(args.Length > 0 ? args[0] : Path.Combine(root, "examples", "france-epci.jsonl"));
EvaluationBenchmarks.Rules = Path.GetFullPath(args.Length > 1 ? args[1] : Path.Combine(root, "rules"));
Environment.SetEnvironmentVariable("CADRAGE_BENCH_PROFILES", EvaluationBenchmarks.Profiles);
Environment.SetEnvironmentVariable("CADRAGE_BENCH_RULES", EvaluationBenchmarks.Rules);
BenchmarkRunner.Run([typeof(EvaluationBenchmarks), typeof(ProfileReadingBenchmarks), typeof(AtelierBenchmarks), typeof(AtelierSandboxBenchmarks)], DefaultConfig.Instance.WithOptions(ConfigOptions.JoinSummary), args.Skip(2).ToArray());
return 0;

static string FindRoot()
{
    var directory = new DirectoryInfo(Directory.GetCurrentDirectory());
    while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Cadrage.Rules.sln")))
    {
        directory = directory.Parent;
    }
    return directory?.FullName ?? Directory.GetCurrentDirectory();
}
