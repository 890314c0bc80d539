using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using Newtonsoft.Json.Linq;

namespace Cadrage.Rules.Hostile.Rules;

/// <summary>Hostile rule files through <c>cadrage rules validate</c> and through a hot reload under load.</summary>
[TestClass]
public sealed class HostileRuleTests
{
    private static readonly TimeSpan ValidateBudget = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ReloadBudget = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan RequestBudget = TimeSpan.FromSeconds(15);

    [TestMethod]
    public async Task RulesValidateRefusesEveryHostileRuleFolderInFrenchWithinItsBudget() =>
        await Validate("rules validate (règles hostiles)", HostileRules.All.Where(r => r.KnownIssue is null).ToList());

    [TestMethod]
    public async Task RulesValidateNeverBlocksOnAFifo() =>
        await Validate("rules validate (FIFO)", HostileRules.All.Where(r => r.KnownIssue == HostileRules.FifoIssue).ToList());

    [TestMethod]
    public async Task RulesValidateExplainsAnUnusableMethodInFrench() =>
        await Validate("rules validate (méthode inconnue)", HostileRules.All.Where(r => r.KnownIssue == HostileRules.EnglishIssue).ToList(),
            output => output.Contains("« ElementAt »", StringComparison.Ordinal) && output.Contains("du workflow « pilotage »", StringComparison.Ordinal) ? null : "l'erreur ne nomme pas la fonction ElementAt et le workflow « pilotage »");

    private static async Task Validate(string path, IReadOnlyList<HostileRule> variants, Func<string, string?>? check = null)
    {
        var failures = new List<string>();
        var longest = TimeSpan.Zero;
        var watch = Stopwatch.StartNew();
        var refused = 0;
        foreach (var rule in variants)
        {
            using var work = new TempFolder("regles-" + rule.Name);
            var rules = Path.Combine(work.Path, "rules");
            TempFolder.Copy(Repo.Rules, rules);
            rule.Apply(rules);

            var run = await ValidateInProcess(rules, rule, ValidateBudget);
            longest = run.Duration > longest ? run.Duration : longest;
            var output = run.Stdout + run.Stderr;
            refused += run.Code == 3 ? 1 : 0;
            if (run.TimedOut)
            {
                failures.Add($"{rule.Name} ({rule.What}) : pas de réponse en {ValidateBudget.TotalSeconds} s");
            }
            else if (run.Code is not (0 or 3))
            {
                failures.Add($"{rule.Name} ({rule.What}) : code {run.Code}\n{PathRunsTail(output)}");
            }
            else if (rule.Expect == RuleExpectation.Refuse && run.Code != 3)
            {
                failures.Add($"{rule.Name} ({rule.What}) : acceptée (code {run.Code})");
            }
            else if (run.Code == 3 && French.Problem(output) is { } problem)
            {
                failures.Add($"{rule.Name} ({rule.What}) : {problem}\n{PathRunsTail(output)}");
            }
            else if (run.Code == 3 && !output.Contains(Path.GetFileName(rule.File), StringComparison.Ordinal))
            {
                failures.Add($"{rule.Name} ({rule.What}) : l'erreur ne nomme pas {rule.File}\n{PathRunsTail(output)}");
            }
            else if (check?.Invoke(output) is { } problem2)
            {
                failures.Add($"{rule.Name} ({rule.What}) : {problem2}\n{PathRunsTail(output)}");
            }
        }
        watch.Stop();
        Figures.Record(new Figure(path, variants.Count, variants.Count - failures.Count, 0,
            failures.Count(f => f.Contains(": code ", StringComparison.Ordinal)), failures.Count(f => f.Contains("pas de réponse", StringComparison.Ordinal)),
            Figures.Ms(longest), Figures.S(watch.Elapsed), $"{refused} refusées (code 3)"));
        Assert.AreEqual(0, failures.Count, string.Join("\n", failures));
    }

    [TestMethod]
    public async Task HotReloadOfHostileRulesUnderLoadKeepsServingLoadedVersionsWithinBudget()
    {
        using var work = new TempFolder("rechargement");
        var rules = Path.Combine(work.Path, "rules");
        TempFolder.Copy(Repo.Rules, rules);
        using var service = CadrageExe.Serve(work.Path, rules, CadrageExe.FreePort());
        await service.WaitReadyAsync();
        var original = await Version(service.Client);

        // Versions the service said it had loaded, seen by polling /api/regles throughout.
        var loaded = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal) { [original] = 0 };
        var statuses = new ConcurrentDictionary<int, int>();
        var stamped = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        var latencies = new ConcurrentBag<TimeSpan>();
        var lost = 0;
        using var stop = new CancellationTokenSource();
        var examples = Directory.EnumerateFiles(Repo.Examples, "*.json").Select(File.ReadAllText).ToList();
        using var client = new HttpClient { BaseAddress = service.Client.BaseAddress, Timeout = RequestBudget };
        var load = Enumerable.Range(0, 3).Select(n => Task.Run(async () =>
        {
            var i = n;
            while (!stop.IsCancellationRequested)
            {
                var watch = Stopwatch.StartNew();
                try
                {
                    using var response = await client.PostAsync("/api/evaluations", new StringContent(examples[i++ % examples.Count], Encoding.UTF8, "application/json"));
                    latencies.Add(watch.Elapsed);
                    statuses.AddOrUpdate((int)response.StatusCode, 1, (_, c) => c + 1);
                    if (response.Headers.TryGetValues("X-Cadrage-Version", out var version))
                    {
                        stamped[version.Single()] = 0;
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    latencies.Add(watch.Elapsed);
                    Interlocked.Increment(ref lost);
                }
            }
        })).ToList();
        var poll = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    loaded[await Version(service.Client)] = 0;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                }
                await Task.Delay(20);
            }
        });

        var failures = new List<string>();
        var reloads = new List<TimeSpan>();
        var overBudget = 0;
        var total = Stopwatch.StartNew();
        foreach (var rule in HostileRules.All)
        {
            var before = await Reload(service.Client);
            var watch = Stopwatch.StartNew();
            rule.Apply(rules);
            var after = await WaitReload(service.Client, before.Date, ReloadBudget);
            if (after is null)
            {
                overBudget++;
                failures.Add($"{rule.Name} ({rule.What}) : aucun rechargement en {ReloadBudget.TotalSeconds} s");
            }
            else
            {
                reloads.Add(watch.Elapsed);
                if (rule.Expect == RuleExpectation.Refuse && after.Value.Success)
                {
                    failures.Add($"{rule.Name} ({rule.What}) : chargée par le rechargement à chaud");
                }
            }
            await Task.Delay(400); // under load with the hostile rules in place
            // Only a reload after the restore counts: a load still under way (or none at all) leaves an older status.
            var hostile = await Reload(service.Client);
            HostileRules.Restore(rules, rule);
            var back = Stopwatch.StartNew();
            while (back.Elapsed < ReloadBudget && !(await Reload(service.Client) is { Success: true } r && r.Version == original && r.Date != hostile.Date))
            {
                await Task.Delay(50);
            }
            if (back.Elapsed >= ReloadBudget)
            {
                overBudget++;
                failures.Add($"{rule.Name} ({rule.What}) : la version d'origine n'est pas revenue en {ReloadBudget.TotalSeconds} s");
            }
            if (service.Process.HasExited)
            {
                failures.Add($"{rule.Name} ({rule.What}) : le service s'est arrêté (code {service.Process.ExitCode})");
                break;
            }
        }
        total.Stop();
        await stop.CancelAsync();
        await Task.WhenAll(load);
        await poll;

        var crashed = service.Process.HasExited;
        if (!crashed)
        {
            using var health = await service.Client.GetAsync("/health");
            Assert.AreEqual(HttpStatusCode.OK, health.StatusCode, "santé après la série");
            var sigterm = Stopwatch.StartNew();
            Assert.AreEqual(0, await service.StopAsync(30), "arrêt propre");
            Assert.IsTrue(sigterm.Elapsed < TimeSpan.FromSeconds(30));
        }
        var requests = statuses.Values.Sum() + lost;
        // 201 with the evaluation (200 before the API named its resource), 422 for a budget overrun.
        var unexpected = statuses.Where(s => s.Key is not (200 or 201 or 422)).Sum(s => s.Value);
        var maxLatency = latencies.IsEmpty ? TimeSpan.Zero : latencies.Max();
        Figures.Record(new Figure("rechargement à chaud de règles hostiles sous charge", HostileRules.All.Count, HostileRules.All.Count - failures.Count, lost,
            unexpected + (crashed ? 1 : 0), overBudget, Figures.Ms(maxLatency), Figures.S(total.Elapsed),
            $"{Figures.N(requests)} requêtes pendant les rechargements ({string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Value} × {s.Key}"))}) ; rechargement le plus long {Figures.Ms(reloads.DefaultIfEmpty().Max())}"));

        Assert.IsFalse(crashed, "le service s'est arrêté :\n" + PathRunsTail(service.Output));
        Assert.AreEqual(0, failures.Count, string.Join("\n", failures));
        Assert.AreEqual(0, lost, "requêtes sans réponse");
        Assert.AreEqual(0, unexpected, "statuts : " + string.Join(", ", statuses.Select(s => $"{s.Key} × {s.Value}")));
        Assert.IsTrue(maxLatency < RequestBudget, $"latence max {maxLatency}");
        var unknown = stamped.Keys.Where(v => !loaded.ContainsKey(v)).ToList();
        Assert.AreEqual(0, unknown.Count, "résultats marqués d'une version jamais chargée : " + string.Join(", ", unknown));
    }

    /// <summary>
    /// <c>cadrage rules validate</c> run in-process (the command line's own entry point, without a process start per
    /// folder); a run beyond the budget is a hang. A reader stuck on a FIFO is then released by opening it for writing.
    /// </summary>
    private static async Task<CadrageExe.Run> ValidateInProcess(string rules, HostileRule rule, TimeSpan budget)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var settings = new Dictionary<string, string?> { ["Serilog:WriteTo:Fichier:Args:path"] = Path.Combine(Path.GetDirectoryName(rules)!, "logs", "cadrage-.json") };
        var watch = Stopwatch.StartNew();
        var run = Task.Run(() => global::Cadrage.Rules.Worker.Cli.CadrageCli.RunAsync(["rules", "validate", rules], stdout, stderr, settings));
        if (await Task.WhenAny(run, Task.Delay(budget)) != run)
        {
            var path = Path.Combine(rules, rule.File);
            if (global::Cadrage.Rules.IO.FileKind.Of(path) == global::Cadrage.Rules.IO.FileKindValue.Special)
            {
                await using (new FileStream(path, FileMode.Open, FileAccess.Write))
                {
                }
            }
            await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(10)));
            return new CadrageExe.Run(-1, Sync(stdout), Sync(stderr), watch.Elapsed, TimedOut: true);
        }
        return new CadrageExe.Run(await run, Sync(stdout), Sync(stderr), watch.Elapsed, TimedOut: false);

        static string Sync(StringWriter writer)
        {
            lock (writer)
            {
                return writer.ToString();
            }
        }
    }

    private static async Task<string> Version(HttpClient client) => (string)JObject.Parse(await client.GetStringAsync("/api/regles"))["version"]!;

    private static async Task<(string Date, bool Success, string? Version)> Reload(HttpClient client)
    {
        // Dates kept as text: parsed as DateTime they would lose their sub-second part (two reloads in a second).
        using var reader = new Newtonsoft.Json.JsonTextReader(new StringReader(await client.GetStringAsync("/api/regles"))) { DateParseHandling = Newtonsoft.Json.DateParseHandling.None };
        var status = JObject.Load(reader);
        var last = status["dernierRechargement"]!;
        return ((string)last["date"]!, (bool)last["succes"]!, (string?)status["version"]);
    }

    private static async Task<(string Date, bool Success, string? Version)?> WaitReload(HttpClient client, string after, TimeSpan budget)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < budget)
        {
            var reload = await Reload(client);
            if (reload.Date != after)
            {
                return reload;
            }
            await Task.Delay(20);
        }
        return null;
    }

    private static string PathRunsTail(string text) => text.Length > 2000 ? "…" + text[^2000..] : text;
}
