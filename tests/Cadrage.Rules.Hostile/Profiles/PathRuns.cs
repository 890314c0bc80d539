using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Newtonsoft.Json.Linq;

namespace Cadrage.Rules.Hostile.Profiles;

/// <summary>What one path (batch, inbox, API) did with one case.</summary>
internal enum Fate { Accepted, Rejected, Lost, Crashed }

internal sealed record CaseResult(Fate Fate, IReadOnlyList<(string? Chemin, string Message)> Messages, string Where);

/// <summary>What one path did with the whole set.</summary>
internal sealed class PathResult(string path)
{
    public string Path { get; } = path;
    /// <summary>By case number; null for a case this path was not given.</summary>
    public CaseResult?[] Cases { get; } = new CaseResult?[HostileProfiles.Cases.Count];
    public bool ProcessCrashed { get; set; }
    public bool OverBudget { get; set; }
    public TimeSpan Duration { get; set; }
    public TimeSpan MaxLatency { get; set; }
    public List<string> Notes { get; } = [];
    /// <summary>Kept for later checks (the batch output, the inbox folders).</summary>
    public string? Folder { get; set; }

    public int Count(Fate fate) => Cases.Count(c => c?.Fate == fate);

    public void Record(string remark) => Figures.Record(new Figure(Path, Cases.Count(c => c is not null), Count(Fate.Accepted) + Count(Fate.Rejected), Count(Fate.Lost),
        Count(Fate.Crashed) + (ProcessCrashed ? 1 : 0), OverBudget ? 1 : 0, Figures.Ms(MaxLatency), Figures.S(Duration),
        $"{Figures.N(Count(Fate.Accepted))} évalués, {Figures.N(Count(Fate.Rejected))} rejetés{remark}"));
}

/// <summary>
/// Each path runs once per test run, shared by the tests that check it: the real <c>cadrage batch</c> on a folder
/// of the cases, the real <c>cadrage serve</c> with the cases dropped into its inbox, and the same service's API.
/// </summary>
internal static class PathRuns
{
    public static readonly TimeSpan BatchBudget = TimeSpan.FromMinutes(3);
    public static readonly TimeSpan InboxBudget = TimeSpan.FromMinutes(6);
    public static readonly TimeSpan RequestBudget = TimeSpan.FromSeconds(15);

    private static readonly TempFolder Work = Figures.RemoveAtEnd(new TempFolder("profils"));

    /// <summary>The cases as files (batch input, inbox drops): those of a known issue in a folder of their own.</summary>
    public static string CaseFolder { get; } = WriteCases("cas", known: false);

    public static string KnownIssueFolder { get; } = WriteCases("cas-connus", known: true);

    private static readonly Lazy<Task<PathResult>> BatchRun = new(() => RunBatchAsync("batch (dossier de profils)", CaseFolder, "lot"));
    private static readonly Lazy<Task<PathResult>> KnownIssuesBatchRun = new(() => RunBatchAsync("batch (profils à problème connu)", KnownIssueFolder, "lot-connus"));
    private static readonly Lazy<Task<PathResult>> InboxRun = new(RunInboxAsync);
    private static readonly Lazy<Task<PathResult>> ApiRun = new(RunApiAsync);

    /// <summary>The batch over every case but those of a known issue (which abort the whole batch).</summary>
    public static Task<PathResult> Batch => BatchRun.Value;
    public static Task<PathResult> KnownIssuesBatch => KnownIssuesBatchRun.Value;
    public static Task<PathResult> Inbox => InboxRun.Value;
    public static Task<PathResult> Api => ApiRun.Value;

    private static string WriteCases(string name, bool known)
    {
        var folder = Work.Sub(name);
        foreach (var c in HostileProfiles.Cases.Where(c => c.KnownIssue is not null == known))
        {
            File.WriteAllBytes(System.IO.Path.Combine(folder, c.FileName), c.Bytes);
        }
        return folder;
    }

    public static string FileOf(HostileCase c) => System.IO.Path.Combine(c.KnownIssue is null ? CaseFolder : KnownIssueFolder, c.FileName);

    private static async Task<PathResult> RunBatchAsync(string name, string input, string outputName)
    {
        var result = new PathResult(name);
        var output = Work.Sub(outputName);
        result.Folder = output;
        var run = await CadrageExe.RunAsync(Work.Path, BatchBudget, "batch", input, "--out", output, "--rules", Repo.Rules);
        result.Duration = result.MaxLatency = run.Duration;
        result.OverBudget = run.TimedOut;
        result.ProcessCrashed = run.TimedOut || run.Code is not (0 or 5) || run.Stderr.Contains("Unhandled", StringComparison.Ordinal);
        if (result.ProcessCrashed)
        {
            result.Notes.Add($"code {run.Code}, délai dépassé : {run.TimedOut}\n{Tail(run.Stderr)}");
        }
        var errors = new Dictionary<long, (string Source, List<(string?, string)> Messages)>();
        var errorsFile = System.IO.Path.Combine(output, "erreurs.jsonl");
        if (File.Exists(errorsFile))
        {
            foreach (var line in File.ReadLines(errorsFile))
            {
                var error = JObject.Parse(line);
                errors[(long)error["position"]!] = ((string)error["source"]!, error["erreurs"]!.Select(e => ((string?)e["chemin"], (string)e["message"]!)).ToList());
            }
        }
        var resultsFile = System.IO.Path.Combine(output, "resultats.jsonl");
        var evaluated = File.Exists(resultsFile) ? File.ReadLines(resultsFile).LongCount() : 0;
        var handled = evaluated + errors.Count;
        // The batch reads the folder in name order, that is in case order.
        var given = Directory.EnumerateFiles(input, "*.json").Select(System.IO.Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        for (var position = 0; position < given.Count; position++)
        {
            var file = given[position]!;
            var number = int.Parse(file[1..6], System.Globalization.CultureInfo.InvariantCulture);
            if (errors.TryGetValue(position + 1, out var error))
            {
                var messages = error.Source == file ? error.Messages : [.. error.Messages, (null, $"source « {error.Source} » au lieu de « {file} »")];
                result.Cases[number] = new CaseResult(Fate.Rejected, messages, "erreurs.jsonl");
            }
            else
            {
                result.Cases[number] = new CaseResult(position < handled ? Fate.Accepted : Fate.Lost, [], "resultats.jsonl");
            }
        }
        result.Record($" ; code de sortie {run.Code}");
        return result;
    }

    private static async Task<PathResult> RunInboxAsync()
    {
        var result = new PathResult("boîte d'entrée (serve)");
        var root = Work.Sub("service-boite");
        result.Folder = root;
        var data = System.IO.Path.Combine(root, "data");
        using var service = CadrageExe.Serve(root, Repo.Rules, CadrageExe.FreePort(),
            "--Cadrage:Service:AttenteFichierIncompletS=0", "--Cadrage:Service:StabiliteMs=200", "--Cadrage:Service:Parallelisme=2");
        await service.WaitReadyAsync();
        var inbox = System.IO.Path.Combine(data, "inbox");
        Directory.CreateDirectory(inbox);
        var watch = Stopwatch.StartNew();
        foreach (var c in HostileProfiles.Cases)
        {
            File.Copy(FileOf(c), System.IO.Path.Combine(inbox, "." + c.FileName + ".part"));
            File.Move(System.IO.Path.Combine(inbox, "." + c.FileName + ".part"), System.IO.Path.Combine(inbox, c.FileName));
        }
        while (Directory.EnumerateFiles(inbox, "*.json").Any() && watch.Elapsed < InboxBudget && !service.Process.HasExited)
        {
            await Task.Delay(250);
        }
        result.Duration = result.MaxLatency = watch.Elapsed;
        result.OverBudget = watch.Elapsed >= InboxBudget;
        result.ProcessCrashed = service.Process.HasExited;
        if (!result.ProcessCrashed)
        {
            var stop = Stopwatch.StartNew();
            var code = await service.StopAsync();
            result.Notes.Add($"arrêt par SIGTERM en {Figures.Ms(stop.Elapsed)}, code {code}");
            result.ProcessCrashed = code != 0;
        }
        if (result.ProcessCrashed || result.OverBudget)
        {
            result.Notes.Add(Tail(service.Output));
        }

        var archive = System.IO.Path.Combine(data, "archive");
        var errors = System.IO.Path.Combine(data, "errors");
        for (var i = 0; i < result.Cases.Length; i++)
        {
            var name = HostileProfiles.Cases[i].FileName;
            var archived = File.Exists(System.IO.Path.Combine(archive, name));
            var rejected = File.Exists(System.IO.Path.Combine(errors, name));
            if (archived && rejected)
            {
                result.Cases[i] = new CaseResult(Fate.Crashed, [(null, "archivé et rejeté à la fois")], "archive+errors");
            }
            else if (archived)
            {
                result.Cases[i] = new CaseResult(Fate.Accepted, [], "archive");
            }
            else if (rejected)
            {
                var reasonFile = System.IO.Path.Combine(errors, name + ".erreur.txt");
                var reason = File.Exists(reasonFile) ? File.ReadAllText(reasonFile) : "";
                // The reason follows the header (file, date, rule-set version) and a blank line.
                var body = reason.Contains("\n\n", StringComparison.Ordinal) ? reason[(reason.IndexOf("\n\n", StringComparison.Ordinal) + 2)..] : reason;
                result.Cases[i] = new CaseResult(Fate.Rejected, [(body.Contains('$', StringComparison.Ordinal) ? "$" : null, body.Trim())], "errors");
            }
            else
            {
                result.Cases[i] = new CaseResult(Fate.Lost, [], File.Exists(System.IO.Path.Combine(inbox, name)) ? "toujours dans la boîte d'entrée" : "introuvable");
            }
        }
        result.Record($" ; {Figures.N((long)(result.Cases.Length / Math.Max(0.001, result.Duration.TotalSeconds)))} fichiers/s");
        return result;
    }

    private static async Task<PathResult> RunApiAsync()
    {
        var result = new PathResult("API (POST /api/evaluations)");
        var root = Work.Sub("service-api");
        using var service = CadrageExe.Serve(root, Repo.Rules, CadrageExe.FreePort());
        await service.WaitReadyAsync();
        var latencies = new ConcurrentBag<TimeSpan>();
        var next = -1;
        var watch = Stopwatch.StartNew();
        using var client = new HttpClient { BaseAddress = service.Client.BaseAddress, Timeout = RequestBudget };
        var senders = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < result.Cases.Length)
            {
                var c = HostileProfiles.Cases[i];
                var content = new ByteArrayContent(c.Bytes);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                var request = Stopwatch.StartNew();
                try
                {
                    using var response = await client.PostAsync("/api/evaluations", content);
                    var body = await response.Content.ReadAsStringAsync();
                    latencies.Add(request.Elapsed);
                    result.Cases[i] = Classify(response.StatusCode, body);
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    latencies.Add(request.Elapsed);
                    result.Cases[i] = new CaseResult(Fate.Lost, [(null, ex.GetType().Name)], "sans réponse");
                }
            }
        })).ToList();
        await Task.WhenAll(senders);
        result.Duration = watch.Elapsed;
        result.MaxLatency = latencies.Max();
        result.OverBudget = result.MaxLatency >= RequestBudget;
        result.ProcessCrashed = service.Process.HasExited;
        if (!result.ProcessCrashed)
        {
            using var health = await service.Client.GetAsync("/health");
            if (health.StatusCode != HttpStatusCode.OK)
            {
                result.Notes.Add("santé après la série : " + (int)health.StatusCode + " " + await health.Content.ReadAsStringAsync());
            }
            result.ProcessCrashed = await service.StopAsync() != 0;
        }
        if (result.ProcessCrashed)
        {
            result.Notes.Add(Tail(service.Output));
        }
        var p95 = latencies.Order().ElementAt((int)(latencies.Count * 0.95));
        result.Record($" ; p95 {Figures.Ms(p95)}, 4 clients");
        return result;
    }

    private static CaseResult Classify(HttpStatusCode status, string body)
    {
        if (status is HttpStatusCode.OK or HttpStatusCode.Created)
        {
            return new CaseResult(Fate.Accepted, [], ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        JObject? problem = null;
        try
        {
            problem = JObject.Parse(body);
        }
        catch (Newtonsoft.Json.JsonException)
        {
        }
        var messages = new List<(string?, string)>();
        if (problem is null)
        {
            messages.Add((null, $"corps illisible : « {body[..Math.Min(body.Length, 200)]} »"));
        }
        else
        {
            messages.Add(("", $"{problem["title"]} : {problem["detail"]}"));
            foreach (var error in problem["erreurs"] as JArray ?? [])
            {
                messages.Add(((string?)error["chemin"], (string?)error["message"] ?? ""));
            }
        }
        return status switch
        {
            HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.UnprocessableEntity or HttpStatusCode.UnsupportedMediaType
                => new CaseResult(Fate.Rejected, messages, ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            _ => new CaseResult(Fate.Crashed, messages, ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
    }

    /// <summary>The territory id a valid case carries (null when its JSON cannot say).</summary>
    public static string? IdOf(HostileCase c)
    {
        try
        {
            var bytes = c.Bytes.AsSpan();
            if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            {
                bytes = bytes[3..];
            }
            using var document = JsonDocument.Parse(bytes.ToArray());
            return document.RootElement.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

    public static long JournalRows(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM evaluations";
        return (long)command.ExecuteScalar()!;
    }

    public static string Tail(string text) => text.Length > 3000 ? "…" + text[^3000..] : text;
}
