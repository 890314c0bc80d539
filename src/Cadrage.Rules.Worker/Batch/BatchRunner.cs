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
        text.AppendLine($"Lot terminé : {Count(Territoires, "territoire évalué", "territoires évalués")}, {Count(Erreurs, "en erreur", "en erreur")}, en {FrenchFormat.Number(Math.Round(Duree.TotalSeconds, 2))} s ({FrenchFormat.Number(Math.Round(rate))} territoires par seconde) — base de règles {Version}");
        text.AppendLine("Scénario retenu, par posture :");
        foreach (var (key, count) in ParPosture.OrderByDescending(p => p.Value))
        {
            text.AppendLine($"  {key,-40} {count,7}");
        }
        text.AppendLine("Scénario retenu, par lieux :");
        foreach (var (key, count) in ParLieux.OrderByDescending(p => p.Value))
        {
            text.AppendLine($"  {key,-40} {count,7}");
        }
        return text.ToString();
    }

    private static string Count(long n, string singular, string plural) => $"{FrenchFormat.Number(n)} {(n is 0 or 1 ? singular : plural)}";
}

/// <summary>
/// Evaluates many territories on every core with bounded memory: items stream in, are evaluated in parallel,
/// and are written in input order (a bounded window keeps the reordering buffer small). Writes
/// <c>resultats.jsonl</c>, <c>synthese.csv</c> and <c>erreurs.jsonl</c>; an invalid profile never stops the batch.
/// </summary>
/// <param name="dialect">How <c>synthese.csv</c> is written (French Excel by default).</param>
public sealed class BatchRunner(RuleSet kb, EvaluationService evaluations, int parallelism, CsvDialect dialect = CsvDialect.Excel)
{
    public const string ResultsFile = "resultats.jsonl";
    public const string SummaryFile = "synthese.csv";
    public const string ErrorsFile = "erreurs.jsonl";

    /// <remarks>The result is encoded to UTF-8 by the worker that produced it, so the single writer only copies bytes.</remarks>
    private sealed record Outcome(long Index, PooledBuffer? Result, object?[]? Synthese, string? Error, string? Posture, string? Lieux);

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
        await using (var syntheseWriter = Writer(synthese, Csv.Encoding(dialect)))
        await using (var syntheseCsv = Csv.Writer(syntheseWriter, dialect))
        await using (var errorsWriter = Writer(errors, new UTF8Encoding(false)))
        {
            Csv.WriteRecord(syntheseCsv, SummaryHeader);
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
                        Csv.WriteRecord(syntheseCsv, ready.Synthese!);
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
        if (item.Error is not null)
        {
            return new Outcome(item.Index, null, null, ErrorLine(item, [("$", item.Error)]), null, null);
        }
        var outcome = evaluations.Evaluate(kb, item.ToSource());
        if (outcome.Failure is { } failure)
        {
            return new Outcome(item.Index, null, null, ErrorLine(item, failure.Errors.Select(e => (e.Chemin, e.Message))), null, null);
        }
        var profile = outcome.Profile!;
        var result = outcome.Result!;
        var retenu = result.Scenarios.FirstOrDefault();
        object?[] row = retenu is null
            ? [profile.Id, profile.Nom, "", "", "", "", "", null, null]
            :
            [
                profile.Id, profile.Nom, retenu.Pilotage.Libelle,
                string.Join(" | ", retenu.Modalites.Select(m => m.Libelle)),
                retenu.Lieux.Libelle,
                string.Join(" | ", retenu.Priorites.Select(p => $"{p.Service.Libelle} × {p.Public.Libelle} × {p.Critere.Libelle}")),
                string.Join(" | ", retenu.Objectifs.Select(o => o.Libelle)),
                retenu.Score,
                retenu.Convergence,
            ];
        return new Outcome(item.Index, Line(result), row, null, retenu?.Pilotage.Libelle ?? "(aucun scénario)", retenu?.Lieux.Libelle ?? "(aucun scénario)");
    }

    /// <summary>The columns of <c>synthese.csv</c>: the scénario retenu of each territory, in words.</summary>
    public static readonly string[] SummaryHeader = ["id", "nom", "pilotage", "modalites", "lieux", "priorites", "objectifs", "score", "convergence"];

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
        var token = item.Json ?? (item.Text is null ? null : StrictJson.Parse(item.Text, item.Source, []));
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

    private static StreamWriter Writer(string path, Encoding encoding) => new(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16), encoding) { NewLine = "\n" };
}
