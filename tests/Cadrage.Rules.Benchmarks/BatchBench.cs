using System.Diagnostics;
using System.Globalization;
using Cadrage.Rules.Evaluation;
using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Profiles;
using RulesEngine.Models;

namespace Cadrage.Rules.Benchmarks;

/// <summary>
/// The real <c>cadrage batch</c>, end to end (process start, reading, evaluation, compact results, synthèse), against
/// bare Microsoft RulesEngine evaluating the same profiles in memory (<c>ExecuteAllRulesAsync</c> over every
/// workflow, profiles read and facts built beforehand, nothing written): both timed in the same run, alternately,
/// so that the ratio holds on a shared, noisy machine. Bare RulesEngine is timed on one thread (as in the
/// evaluation benchmark) and on every core (a'), since the batch uses every core. The batch's peak memory is its maximum resident set
/// (<c>/usr/bin/time</c>).
/// </summary>
public static class BatchBench
{
    /// <summary>French numbers without ICU (the benchmark may run in globalization-invariant mode).</summary>
    private static readonly NumberFormatInfo French = new() { NumberDecimalSeparator = ",", NumberGroupSeparator = "\u202f" };

    public static int Run(string root, string[] args)
    {
        var profiles = Path.GetFullPath(args.Length > 0 ? args[0] : Path.Combine(root, "examples", "france-epci.jsonl"));
        var rules = Path.GetFullPath(args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal) ? args[1] : Path.Combine(root, "rules"));
        var repetitions = Option(args, "--repetitions", 3);
        var cadrage = Path.GetFullPath(OptionText(args, "--cadrage") ?? Path.Combine(root, "src", "Cadrage.Rules.Worker", "bin", "Release", "net10.0", "cadrage.dll"));
        var extra = OptionText(args, "--options")?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        if (!File.Exists(cadrage))
        {
            Console.Error.WriteLine($"cadrage introuvable : {cadrage} ; construisez-le d'abord : dotnet build -c Release src/Cadrage.Rules.Worker");
            return 2;
        }

        Console.WriteLine($"Profils : {profiles}");
        var kb = RuleSet.Load(rules);
        var typed = File.ReadLines(profiles).Where(l => l.Length > 0).Select((l, i) => ProfileReader.Read(l, $"ligne {i + 1}", kb)).ToArray();
        var inputs = typed.Select(p => new[] { new RuleParameter(ExpressionCompiler.InputName, ProfileFacts.Create(kb, p).Instance) }).ToArray();
        var engine = new RulesEngine.RulesEngine(kb.CreateStockWorkflows().ToArray(), new ReSettings());
        var workflows = kb.CreateStockWorkflows().Select(w => w.WorkflowName).ToArray();
        foreach (var workflow in workflows)
        {
            engine.ExecuteAllRulesAsync(workflow, inputs[0]).GetAwaiter().GetResult();
        }
        Console.WriteLine($"{typed.Length.ToString("N0", French)} profils, {kb.Rules.Count} règles, base {kb.Version} ; {repetitions} répétitions ; {Environment.ProcessorCount} cœurs, charge moyenne {Load()}");
        Console.WriteLine();
        Console.WriteLine($"| répétition | a. RulesEngine brut, en mémoire, un fil : écoulé ; processeur | a'. le même sur {Environment.ProcessorCount} fils | b. cadrage batch de bout en bout | rapport b/a (écoulé) | rapport b/a' (écoulé) | rapport b/a (processeur) | mémoire max. de b | charge |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        var ratios = new List<double>();
        var parallelRatios = new List<double>();
        var cpuRatios = new List<double>();
        var output = Path.Combine(Path.GetTempPath(), "cadrage-bench-lot-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..8]);
        for (var r = 1; r <= repetitions; r++)
        {
            // Odd repetitions time the batch last, even ones first: a drift of the machine's speed during the run
            // (a noisy neighbour, a slower minute) falls on both sides. Each timed part starts on a settled process.
            (double Seconds, double Cpu, long MaxRssKb, int Exit) timed = default;
            if (r % 2 == 0)
            {
                Settle();
                timed = Batch(cadrage, profiles, rules, output, extra);
            }
            Settle();
            var cpu = Cpu();
            var watch = Stopwatch.StartNew();
            var fired = 0;
            foreach (var input in inputs)
            {
                foreach (var workflow in workflows)
                {
                    foreach (var result in engine.ExecuteAllRulesAsync(workflow, input).GetAwaiter().GetResult())
                    {
                        fired += result.IsSuccess ? 1 : 0;
                    }
                }
            }
            var bare = watch.Elapsed.TotalSeconds;
            var bareCpu = Cpu() - cpu;
            // The same work on every core (one engine shared, as its compiled rules are), for a ratio core for core.
            Settle();
            cpu = Cpu();
            watch.Restart();
            Parallel.ForEach(inputs, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, input =>
            {
                foreach (var workflow in workflows)
                {
                    engine.ExecuteAllRulesAsync(workflow, input).GetAwaiter().GetResult();
                }
            });
            var bareParallel = watch.Elapsed.TotalSeconds;
            var bareParallelCpu = Cpu() - cpu;
            if (r % 2 == 1)
            {
                Settle();
                timed = Batch(cadrage, profiles, rules, output, extra);
            }
            var (batch, batchCpu, rssKb, exit) = timed;
            if (exit != 0)
            {
                Console.Error.WriteLine($"cadrage batch a rendu le code {exit}");
                return 1;
            }
            ratios.Add(batch / bare);
            parallelRatios.Add(batch / bareParallel);
            cpuRatios.Add(batchCpu / bareCpu);
            Console.WriteLine($"| {r} | {Seconds(bare)} ; {Seconds(bareCpu)} ({fired.ToString("N0", French)} déclenchements) | {Seconds(bareParallel)} ; {Seconds(bareParallelCpu)} | {Seconds(batch)} ; {Seconds(batchCpu)} | **{(batch / bare).ToString("0.00", French)}** | {(batch / bareParallel).ToString("0.00", French)} | **{(batchCpu / bareCpu).ToString("0.00", French)}** | {(rssKb / 1024.0).ToString("0", French)} Mo | {Load()} |");
        }
        ratios.Sort();
        parallelRatios.Sort();
        cpuRatios.Sort();
        Console.WriteLine();
        Console.WriteLine($"Rapport médian b/a : {Median(ratios).ToString("0.00", French)} (de {ratios[0].ToString("0.00", French)} à {ratios[^1].ToString("0.00", French)}) ; objectif ≤ 0,50.");
        Console.WriteLine($"Rapport médian b/a en temps processeur (indépendant de la charge) : {Median(cpuRatios).ToString("0.00", French)} (de {cpuRatios[0].ToString("0.00", French)} à {cpuRatios[^1].ToString("0.00", French)}).");
        Console.WriteLine($"Rapport médian b/a' (cœur pour cœur) : {Median(parallelRatios).ToString("0.00", French)} (de {parallelRatios[0].ToString("0.00", French)} à {parallelRatios[^1].ToString("0.00", French)}).");
        var results = new FileInfo(Path.Combine(output, "resultats.jsonl"));
        if (results.Exists)
        {
            Console.WriteLine($"resultats.jsonl : {(results.Length / 1048576.0).ToString("0.0", French)} Mio, soit {(results.Length / (double)typed.Length).ToString("N0", French)} octets par territoire.");
        }
        Directory.Delete(output, recursive: true);
        return 0;
    }

    private static double Cpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    /// <summary>The median of a sorted list (the mean of the two middle values for an even count).</summary>
    private static double Median(List<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;

    /// <summary>Lets the previous part's garbage and background work end before the next part is timed.</summary>
    private static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Thread.Sleep(1000);
    }

    /// <summary>Runs <c>cadrage batch</c> under <c>/usr/bin/time</c>: elapsed seconds, processor seconds (user and system), maximum resident set (kB), exit code.</summary>
    private static (double Seconds, double Cpu, long MaxRssKb, int Exit) Batch(string cadrage, string profiles, string rules, string output, string[] extra)
    {
        var report = Path.GetTempFileName();
        var start = new ProcessStartInfo("/usr/bin/time") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-f", "%e %U %S %M", "-o", report, "dotnet", cadrage, "batch", profiles, "--out", output, "--rules", rules }.Concat(extra))
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        var fields = File.ReadAllText(report).Trim().Split('\n')[^1].Split(' ');
        File.Delete(report);
        return (double.Parse(fields[0], CultureInfo.InvariantCulture), double.Parse(fields[1], CultureInfo.InvariantCulture) + double.Parse(fields[2], CultureInfo.InvariantCulture),
            long.Parse(fields[3], CultureInfo.InvariantCulture), process.ExitCode);
    }

    private static string Seconds(double s) => s.ToString("0.00", French) + " s";

    private static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0].Replace('.', ',') : "?";

    private static int Option(string[] args, string name, int fallback) =>
        OptionText(args, name) is { } text && int.TryParse(text, out var value) ? value : fallback;

    private static string? OptionText(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
