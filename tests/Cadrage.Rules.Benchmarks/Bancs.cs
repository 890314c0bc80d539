using System.Diagnostics;
using System.Globalization;
using Cadrage.Rules.Evaluation;
using Cadrage.Rules.Explanations;
using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Profiles;

namespace Cadrage.Rules.Benchmarks;

/// <summary>
/// Bench commands whose figure is a distribution or a whole job rather than a mean per operation (BenchmarkDotNet
/// reports means): the latency of full explanations per territory (p50, p95, max) and the cost of changing
/// parameters without recompiling (a 21-value sweep, one parameter changed and re-evaluated). Each measurement
/// is repeated and the median run is reported; warm-up runs first.
/// </summary>
public static class Bancs
{
    public static int Run(string name, string profiles, string rules)
    {
        var kb = RuleSet.Load(rules);
        var territories = File.ReadLines(profiles).Where(l => l.Length > 0)
            .Select((l, i) => ProfileReader.Read(l, $"ligne {i + 1}", kb)).ToArray();
        Console.WriteLine($"{territories.Length} territoires, base {kb.Version}, {Environment.ProcessorCount} cœurs");
        switch (name)
        {
            case "explications":
                Explanations(kb, territories);
                return 0;
            case "parametres":
                Parameters(kb, territories, profiles);
                return 0;
            case "etapes":
                Stages(kb, profiles);
                return 0;
            default:
                Console.Error.WriteLine($"Banc inconnu : {name} (bancs : explications, parametres, etapes)");
                return 1;
        }
    }

    /// <summary>Full explanations for each territory, one at a time (the latency a consultant waits for), then the whole lot in parallel (a batch).</summary>
    private static void Explanations(RuleSet kb, TerritoryProfile[] territories)
    {
        var evaluator = new Evaluator();
        // Warm-up: JIT and caches, over a tenth of the lot.
        foreach (var p in territories.Take(territories.Length / 10 + 1))
        {
            evaluator.Evaluate(kb, p, ExplanationRequest.Full, out _);
        }
        var plain = new double[territories.Length];
        var full = new double[territories.Length];
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        for (var i = 0; i < territories.Length; i++)
        {
            var watch = Stopwatch.StartNew();
            evaluator.Evaluate(kb, territories[i], ExplanationRequest.None, out _);
            plain[i] = watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            evaluator.Evaluate(kb, territories[i], ExplanationRequest.Full, out _);
            full[i] = watch.Elapsed.TotalMilliseconds;
        }
        process.Refresh();
        var cpuPerTerritory = (process.TotalProcessorTime - cpu).TotalMilliseconds / territories.Length;
        Console.WriteLine("Un territoire à la fois (ms)      p50      p95      p99      max");
        Print("sans explications", plain);
        Print("explications complètes", full);
        Console.WriteLine($"rapport p95 complètes / sans : {Ratio(Percentile(full, 0.95), Percentile(plain, 0.95))} ; temps processeur moyen par territoire (les deux évaluations) {cpuPerTerritory:0.00} ms pour {wall.Elapsed.TotalMilliseconds / territories.Length:0.00} ms écoulées ; charge de la machine {LoadAverage()}");

        var lots = new List<(double Plain, double Full)>();
        for (var run = 0; run < 3; run++)
        {
            lots.Add((Lot(kb, territories, ExplanationRequest.None), Lot(kb, territories, ExplanationRequest.Full)));
        }
        var median = lots.OrderBy(l => l.Full).ElementAt(1);
        Console.WriteLine($"Lot entier en parallèle (médiane de 3) : sans explications {Seconds(median.Plain)} ; explications complètes {Seconds(median.Full)} ; rapport {Ratio(median.Full, median.Plain)}");
    }

    private static double Lot(RuleSet kb, TerritoryProfile[] territories, ExplanationRequest request)
    {
        var evaluator = new Evaluator();
        var watch = Stopwatch.StartNew();
        Parallel.For(0, territories.Length, i => evaluator.Evaluate(kb, territories[i], request, out _));
        return watch.Elapsed.TotalMilliseconds;
    }

    /// <summary>
    /// Parameters without recompiling: one parameter changed (a derived rule set, then the lot decided again from
    /// its baseline, as <c>rules sweep</c> and <c>rules diff</c> do; and, for reference, the lot evaluated again
    /// with explained results), and a 21-value sweep of a threshold over the lot through <c>Sweep.Run</c>, the
    /// code of <c>rules sweep</c> (decisions, comparisons and the flips in words; the baseline decided before).
    /// </summary>
    private static void Parameters(RuleSet kb, TerritoryProfile[] territories, string profiles)
    {
        var parameter = kb.Parameters.ContainsKey("seuil_polarisation_forte") ? "seuil_polarisation_forte" : kb.Parameters.Keys.First();
        var definition = kb.Parameters[parameter].Definition;
        var low = definition.Min;
        var high = definition.Max;
        var values = Enumerable.Range(0, 21).Select(i => low + (high - low) * i / 20.0).ToArray();
        var evaluator = new Evaluator();
        Evaluate(evaluator, kb, territories); // warm-up
        var batch = new Cadrage.Rules.Worker.RuleTools.TerritoryBatch(profiles, kb);
        var baseline = batch.Evaluate(kb);
        Cadrage.Rules.Worker.RuleTools.Sweep.Run(kb, parameter, values, batch, baseline); // warm-up

        var derive = new List<double>();
        var change = new List<double>();
        var changeExplained = new List<double>();
        var sweep = new List<double>();
        var decided = new List<double>();
        var evaluateOnly = new List<double>();
        for (var run = 0; run < 5; run++)
        {
            var watch = Stopwatch.StartNew();
            var changed = kb.WithParameters(new Dictionary<string, double> { [parameter] = values[run + 3] });
            derive.Add(watch.Elapsed.TotalMilliseconds);
            batch.Evaluate(changed);
            change.Add(watch.Elapsed.TotalMilliseconds);

            watch.Restart();
            Evaluate(evaluator, kb.WithParameters(new Dictionary<string, double> { [parameter] = values[run + 4] }), territories);
            changeExplained.Add(watch.Elapsed.TotalMilliseconds);

            watch.Restart();
            Cadrage.Rules.Worker.RuleTools.Sweep.Run(kb, parameter, values, batch, baseline);
            sweep.Add(watch.Elapsed.TotalMilliseconds);

            watch.Restart();
            new Cadrage.Rules.Worker.RuleTools.TerritoryBatch(profiles, kb).Evaluate(kb);
            decided.Add(watch.Elapsed.TotalMilliseconds);

            watch.Restart();
            Evaluate(evaluator, kb, territories);
            evaluateOnly.Add(watch.Elapsed.TotalMilliseconds);
        }
        Console.WriteLine($"Paramètre « {parameter} » ({definition.Libelle}), de {low.ToString(CultureInfo.InvariantCulture)} à {high.ToString(CultureInfo.InvariantCulture)}, {territories.Length} territoires (médianes de 5)");
        Console.WriteLine($"  dériver la base (WithParameters, sans recompiler)                       {Median(derive):0.00} ms");
        Console.WriteLine($"  un paramètre changé puis le lot redécidé (rules sweep, rules diff)       {Median(change):0.0} ms");
        Console.WriteLine($"  un paramètre changé puis le lot réévalué, résultats expliqués            {Median(changeExplained):0.0} ms");
        Console.WriteLine($"  balayage de 21 valeurs sur le lot (Sweep.Run, comme rules sweep)         {Median(sweep):0} ms");
        Console.WriteLine($"  référence : le lot lu et décidé en entier (toutes les règles)            {Median(decided):0.0} ms");
        Console.WriteLine($"  référence : le lot évalué, résultats expliqués                           {Median(evaluateOnly):0.0} ms");
        Console.WriteLine($"  rapport balayage / 21 évaluations expliquées du lot                      {Ratio(Median(sweep), 21 * Median(evaluateOnly))}");
        Console.WriteLine($"  charge de la machine                                                     {LoadAverage()}");
    }

    private static void Evaluate(Evaluator evaluator, RuleSet kb, TerritoryProfile[] territories) =>
        Parallel.For(0, territories.Length, i => evaluator.Evaluate(kb, territories[i]));

    private static void Print(string label, double[] values) =>
        Console.WriteLine($"{label,-30} {Percentile(values, 0.50),8:0.00} {Percentile(values, 0.95),8:0.00} {Percentile(values, 0.99),8:0.00} {values.Max(),8:0.00}");

    private static double Percentile(double[] values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    /// <summary>The one-minute load average (Linux), to judge how much other work shared the machine.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "inconnue";

    private static string Seconds(double ms) => $"{ms / 1000:0.00} s";

    private static string Ratio(double a, double b) => b <= 0 ? "—" : $"{a / b:0.0}×";

    /// <summary>
    /// Where a batch spends its processor time, stage by stage, on one thread: reading the profile from its UTF-8
    /// line, the explained evaluation, the compact line, the synthèse summary. Each stage over the whole lot, three
    /// times, median reported.
    /// </summary>
    private static readonly NumberFormatInfo FrenchNumbers = new() { NumberDecimalSeparator = ",", NumberGroupSeparator = "\u202f" };

    private static void Stages(RuleSet kb, string profiles)
    {
        var lines = File.ReadLines(profiles).Where(l => l.Length > 0).Select(l => (ReadOnlyMemory<byte>)System.Text.Encoding.UTF8.GetBytes(l)).ToArray();
        var compact = new Cadrage.Rules.Worker.Batch.Compact.CompactWriter(Cadrage.Rules.Worker.Batch.Compact.CompactDictionary.For(kb));
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1 << 16);
        var typed = lines.Select((l, i) => ProfileReader.Read(l.Span, $"ligne {i + 1}", kb)).ToArray();
        var evaluator = new Evaluator();
        // The later stages need results: kept for a sample only, so that a heap of 35,000 results does not weigh on the GC.
        var sample = Math.Min(2000, typed.Length);
        var results = typed.Take(sample).Select(p => evaluator.Evaluate(kb, p, ExplanationRequest.None, out _)).ToArray();
        var stages = new (string Name, int Count, Action Run)[]
        {
            ("lecture du profil (octets UTF-8 → profil typé)", lines.Length, () => { for (var i = 0; i < lines.Length; i++) { ProfileReader.Read(lines[i].Span, "ligne", kb); } }),
            ("décision seule (règles, preuves, scénarios)", lines.Length, () => { for (var i = 0; i < lines.Length; i++) { Evaluator.Decide(kb, typed[i]); } }),
            ("évaluation expliquée (sans explications)", lines.Length, () => { for (var i = 0; i < lines.Length; i++) { evaluator.Evaluate(kb, typed[i], ExplanationRequest.None, out _); } }),
            ("ligne compacte", sample, () => { for (var i = 0; i < sample; i++) { buffer.Clear(); compact.Write(buffer, results[i]); } }),
            ("résumé pour la synthèse", sample, () => { for (var i = 0; i < sample; i++) { Cadrage.Rules.Worker.Batch.TerritorySummary.Of(i, typed[i], results[i], null); } }),
        };
        Console.WriteLine("| étape | territoires | temps médian (3 passages) | par territoire | alloué par territoire |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var (name, count, run) in stages)
        {
            var times = new List<double>();
            long allocated = 0;
            for (var r = 0; r < 3; r++)
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                var watch = Stopwatch.StartNew();
                run();
                times.Add(watch.Elapsed.TotalMilliseconds);
                allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            }
            times.Sort();
            Console.WriteLine($"| {name} | {count} | {times[1].ToString("N0", FrenchNumbers)} ms | {(times[1] * 1000 / count).ToString("N1", FrenchNumbers)} µs | {(allocated / 1024.0 / count).ToString("N1", FrenchNumbers)} Kio |");
        }
    }
}
