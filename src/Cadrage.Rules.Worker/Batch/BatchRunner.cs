using Cadrage.Rules.KnowledgeBase;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Cadrage.Rules.Evaluation;
using Cadrage.Rules.Json;
using Cadrage.Rules.Output;
using Cadrage.Rules.Profiles;
using Cadrage.Rules.Worker.Import;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Cadrage.Rules.Worker.Batch;

/// <summary>What a batch did.</summary>
public sealed class BatchSummary
{
    public long Territoires { get; set; }
    public long Erreurs { get; set; }
    public TimeSpan Duree { get; set; }
    public string Version { get; set; } = "";
    public SortedDictionary<string, long> ParPosture { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, long> ParLieux { get; } = new(StringComparer.Ordinal);

    public string Render()
    {
        var text = new StringBuilder();
        var rate = Duree.TotalSeconds > 0 ? Territoires / Duree.TotalSeconds : 0;
        text.AppendLine($"Lot terminé : {Territoires} territoires évalués, {Erreurs} en erreur, en {Duree.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s ({rate.ToString("0", CultureInfo.InvariantCulture)} territoires/s) — base de règles {Version}");
        text.AppendLine("Scénario retenu, par posture :");
        foreach (var (key, count) in ParPosture.OrderByDescending(p => p.Value))
        {
            text.AppendLine($"  {key,-20} {count,7}");
        }
        text.AppendLine("Scénario retenu, par lieux :");
        foreach (var (key, count) in ParLieux.OrderByDescending(p => p.Value))
        {
            text.AppendLine($"  {key,-20} {count,7}");
        }
        return text.ToString();
    }
}

/// <summary>
/// Evaluates many territories on every core with bounded memory: items stream in, are evaluated in parallel,
/// and are written in input order (a bounded window keeps the reordering buffer small). Writes
/// <c>resultats.jsonl</c>, <c>synthese.csv</c> and <c>erreurs.jsonl</c>; an invalid profile never stops the batch.
/// </summary>
public sealed class BatchRunner(RuleSet kb, EvaluationService evaluations, int parallelism)
{
    public const string ResultsFile = "resultats.jsonl";
    public const string SummaryFile = "synthese.csv";
    public const string ErrorsFile = "erreurs.jsonl";

    /// <remarks>The result is encoded to UTF-8 by the worker that produced it, so the single writer only copies bytes.</remarks>
    private sealed record Outcome(long Index, PooledBuffer? Result, string? Synthese, string? Error, string? Posture, string? Lieux);

    public async Task<BatchSummary> RunAsync(IEnumerable<BatchItem> items, string outputDirectory, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(outputDirectory);
        var watch = Stopwatch.StartNew();
        var summary = new BatchSummary { Version = kb.Version };
        var window = Math.Max(256, parallelism * 128);
        var slots = new SemaphoreSlim(window);
        var input = Channel.CreateBounded<BatchItem>(new BoundedChannelOptions(window) { SingleWriter = true });
        var output = Channel.CreateUnbounded<Outcome>(new UnboundedChannelOptions { SingleReader = true });

        var producer = Task.Run(async () =>
        {
            try
            {
                foreach (var item in items)
                {
                    await slots.WaitAsync(cancellationToken);
                    await input.Writer.WriteAsync(item, cancellationToken);
                }
            }
            finally
            {
                input.Writer.Complete();
            }
        }, cancellationToken);
        var workers = Enumerable.Range(0, parallelism).Select(_ => Task.Run(async () =>
        {
            await foreach (var item in input.Reader.ReadAllAsync(cancellationToken))
            {
                await output.Writer.WriteAsync(Evaluate(item), cancellationToken);
            }
        }, cancellationToken)).ToArray();
        var completion = Task.WhenAll(workers).ContinueWith(t => output.Writer.Complete(t.Exception), TaskScheduler.Default);

        var resultsPath = Temp(outputDirectory, ResultsFile);
        var synthese = Temp(outputDirectory, SummaryFile);
        var errors = Temp(outputDirectory, ErrorsFile);
        await using (var results = new FileStream(resultsPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        await using (var syntheseWriter = Writer(synthese))
        await using (var errorsWriter = Writer(errors))
        {
            await syntheseWriter.WriteAsync("id,nom,pilotage,modalites,lieux,priorites,objectifs,score,convergence\n");
            var pending = new Dictionary<long, Outcome>();
            long next = 0;
            await foreach (var outcome in output.Reader.ReadAllAsync(cancellationToken))
            {
                pending[outcome.Index] = outcome;
                while (pending.Remove(next, out var ready))
                {
                    if (ready.Error is not null)
                    {
                        await errorsWriter.WriteAsync(ready.Error);
                        summary.Erreurs++;
                    }
                    else
                    {
                        await results.WriteAsync(ready.Result!.Written, cancellationToken);
                        ready.Result.Dispose();
                        await syntheseWriter.WriteAsync(ready.Synthese);
                        summary.Territoires++;
                        if (ready.Posture is not null)
                        {
                            summary.ParPosture[ready.Posture] = summary.ParPosture.GetValueOrDefault(ready.Posture) + 1;
                            summary.ParLieux[ready.Lieux!] = summary.ParLieux.GetValueOrDefault(ready.Lieux!) + 1;
                        }
                    }
                    next++;
                    slots.Release();
                    progress?.Report(next);
                }
            }
        }
        await producer;
        await completion;
        foreach (var (temp, name) in new[] { (resultsPath, ResultsFile), (synthese, SummaryFile), (errors, ErrorsFile) })
        {
            File.Move(temp, Path.Combine(outputDirectory, name), overwrite: true);
        }
        summary.Duree = watch.Elapsed;
        return summary;
    }

    private Outcome Evaluate(BatchItem item)
    {
        var outcome = evaluations.Evaluate(kb, item.ToSource());
        if (outcome.Failure is { } failure)
        {
            return new Outcome(item.Index, null, null, ErrorLine(item, failure.Errors.Select(e => (e.Chemin, e.Message))), null, null);
        }
        var profile = outcome.Profile!;
        var result = outcome.Result!;
        var retenu = result.Scenarios.FirstOrDefault();
        var row = new StringBuilder()
            .Append(Csv.Escape(profile.Id)).Append(',').Append(Csv.Escape(profile.Nom)).Append(',');
        if (retenu is null)
        {
            row.Append(",,,,,,\n");
        }
        else
        {
            row.Append(retenu.Pilotage.Id).Append(',')
                .Append(Csv.Escape(string.Join('|', retenu.Modalites.Select(m => m.Id)))).Append(',')
                .Append(retenu.Lieux.Id).Append(',')
                .Append(Csv.Escape(string.Join('|', retenu.Priorites.Select(p => $"{p.Service.Id}×{p.Public.Id}×{p.Critere.Id}")))).Append(',')
                .Append(Csv.Escape(string.Join('|', retenu.Objectifs.Select(o => o.Id)))).Append(',')
                .Append(retenu.Score.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(retenu.Convergence.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        return new Outcome(item.Index, Line(result), row.ToString(), null, retenu?.Pilotage.Id ?? "(aucun scénario)", retenu?.Lieux.Id ?? "(aucun scénario)");
    }

    private static PooledBuffer Line(EvaluationResult result)
    {
        var buffer = new PooledBuffer();
        ResultJson.WriteTo(buffer, result);
        buffer.Write((byte)'\n');
        return buffer;
    }

    private static string ErrorLine(BatchItem item, IEnumerable<(string Chemin, string Message)> errors)
    {
        // The id, when the item names one, helps find the territory; looked for only on this error path.
        var token = item.Json ?? StrictJson.Parse(item.Text!, item.Source, []);
        return new JObject
        {
            ["position"] = item.Index + 1,
            ["source"] = item.Source,
            ["id"] = (token as JObject)?["id"] is JValue { Type: JTokenType.String } id ? id : null,
            ["erreurs"] = new JArray(errors.Select(e => new JObject { ["chemin"] = e.Chemin, ["message"] = e.Message })),
        }.ToString(Formatting.None) + "\n";
    }

    private static string Temp(string directory, string name) => Path.Combine(directory, "." + name + AtomicTempSuffix);

    private const string AtomicTempSuffix = Cli.AtomicFile.TempSuffix;

    private static StreamWriter Writer(string path) => new(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16), new UTF8Encoding(false)) { NewLine = "\n" };
}
