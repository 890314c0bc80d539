using System.Diagnostics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading.Channels;
using Cadrage.Rules.Evaluation;
using Cadrage.Rules.Explanations;
using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Output;
using Cadrage.Rules.Worker.Batch.Compact;
using Cadrage.Rules.Worker.Import;

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

    /// <summary>Bytes of <c>resultats.jsonl</c>.</summary>
    public long OctetsResultats { get; set; }

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

/// <summary>How a batch writes each territory's result.</summary>
public enum ResultForm
{
    /// <summary>The compact form (the default): one line per territory, the shared texts once in <c>regles.json</c>.</summary>
    Compacte,

    /// <summary>The full output contract on each line, as a single evaluation writes it.</summary>
    Complete,
}

/// <summary>
/// Evaluates many territories on every core with bounded memory: items stream in as UTF-8 bytes, are evaluated in
/// parallel, and are written in input order (a bounded window keeps the reordering buffer small). Writes
/// <c>resultats.jsonl</c> (compact, with its dictionary <c>regles.json</c>, or full), <c>synthese.csv</c>,
/// <c>synthese.html</c>, <c>erreurs.jsonl</c> and, when asked, one note de cadrage per territory in <c>notes/</c>;
/// an invalid profile never stops the batch.
/// </summary>
/// <param name="dialect">How <c>synthese.csv</c> is written (French Excel by default).</param>
/// <param name="form">Compact lines and their dictionary (the default) or the full form on each line.</param>
/// <param name="notes">Also write each territory's note de cadrage (HTML) in <c>notes/</c>.</param>
public sealed class BatchRunner(RuleSet kb, EvaluationService evaluations, int parallelism, CsvDialect dialect = CsvDialect.Excel, ResultForm form = ResultForm.Compacte, bool notes = false)
{
    public const string ResultsFile = "resultats.jsonl";
    public const string DictionaryFile = CompactDictionary.FileName;
    public const string SummaryFile = "synthese.csv";
    public const string HtmlFile = "synthese.html";
    public const string ErrorsFile = "erreurs.jsonl";
    public const string NotesFolder = "notes";

    /// <summary>The date written on the notes and the synthèse (now, unless set: tests and reproducible runs).</summary>
    public DateTimeOffset? Date { get; init; }

    /// <summary>
    /// The explanations computed for every territory (none by default: <c>cadrage batch --explications</c>); they go
    /// in each result and their seuils les plus proches are aggregated in the synthèse.
    /// </summary>
    public ExplanationRequest Explanations { get; init; } = ExplanationRequest.None;

    /// <summary>The renderer of the notes (the settings' style; the default style unless set).</summary>
    public Note.NoteRenderer NoteRenderer { get; init; } = Note.NoteRenderer.Default;

    /// <summary>
    /// Where the note of a territory is (or will be, written by <c>cadrage batch-note</c>), relative to the batch
    /// folder: <c>notes/</c> and the id as a safe file name; the n-th territory of the same id gets <c>~n</c>.
    /// </summary>
    public static string NotePath(string id, int occurrence) =>
        $"{NotesFolder}/{Service.OutputName.ForId(id)}{(occurrence > 1 ? "~" + occurrence : "")}.html";

    /// <summary>
    /// One territory done, encoded by the worker that evaluated it: its line of <c>resultats.jsonl</c> (the full form,
    /// or the compact form with the shared texts left as placeholders the writer numbers in input order), its row of
    /// <c>synthese.csv</c> as text, its summary and its note; the single writer only copies bytes and text.
    /// </summary>
    private sealed record Outcome(long Index, PooledBuffer? Line, List<TextSlot>? Texts, string? Csv, string? Error, TerritorySummary? Territory, string? Note);

    /// <summary>What one worker reuses from one territory to the next (its compact encoder, its CSV writer).</summary>
    private sealed class WorkerState(CompactDictionary? dictionary, CsvDialect dialect) : IDisposable
    {
        private readonly StringWriter _text = new() { NewLine = "\n" };
        private CsvHelper.CsvWriter? _csv;

        public CompactWriter? Compact { get; } = dictionary is null ? null : new CompactWriter(dictionary);

        public string Csv(object?[] row)
        {
            _csv ??= Import.Csv.Writer(_text, dialect);
            Import.Csv.WriteRecord(_csv, row);
            _csv.Flush();
            var record = _text.ToString();
            _text.GetStringBuilder().Clear();
            return record;
        }

        public void Dispose()
        {
            _csv?.Dispose();
            _text.Dispose();
        }
    }

    public async Task<BatchSummary> RunAsync(IEnumerable<BatchItem> items, string outputDirectory, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(outputDirectory);
        var watch = Stopwatch.StartNew();
        var date = Date ?? DateTimeOffset.Now;
        var summary = new BatchSummary { Version = kb.Version };
        var overview = new BatchOverview(kb);
        // Items read ahead and results waiting for their turn: enough for the cores to never wait, few enough that
        // they do not survive collections (256 cost 0.16 s more of garbage-collection pauses on the communes).
        var window = Math.Max(64, parallelism * 32);
        var slots = new SemaphoreSlim(window);
        var input = Channel.CreateBounded<BatchItem>(new BoundedChannelOptions(window) { SingleWriter = true });
        var output = Channel.CreateUnbounded<Outcome>(new UnboundedChannelOptions { SingleReader = true });
        var notesDirectory = Path.Combine(outputDirectory, NotesFolder);
        var occurrences = new Dictionary<string, int>(StringComparer.Ordinal);
        var notesDate = notes ? date : (DateTimeOffset?)null;
        if (notes)
        {
            Directory.CreateDirectory(notesDirectory);
        }
        var dictionary = form == ResultForm.Compacte ? CompactDictionary.For(kb) : null;

        var producer = Task.Run(async () =>
        {
            try
            {
                // The compact lines are encoded on the workers against default provenances fixed beforehand: those of
                // the first territory evaluated without error, in input order. Up to it, the producer evaluates alone.
                using var first = new WorkerState(dictionary, dialect);
                var seeded = dictionary is null;
                foreach (var item in items)
                {
                    await slots.WaitAsync(cancellationToken);
                    if (seeded)
                    {
                        await input.Writer.WriteAsync(item, cancellationToken);
                        continue;
                    }
                    var (outcome, result) = Evaluate(item, notesDate);
                    if (result is not null)
                    {
                        dictionary!.SeedProvenances(result);
                        seeded = true;
                    }
                    await output.Writer.WriteAsync(Encode(outcome, result, first), cancellationToken);
                }
            }
            finally
            {
                input.Writer.Complete();
            }
        }, cancellationToken);
        var workers = Enumerable.Range(0, parallelism).Select(_ => Task.Run(async () =>
        {
            using var state = new WorkerState(dictionary, dialect);
            await foreach (var item in input.Reader.ReadAllAsync(cancellationToken))
            {
                var (outcome, result) = Evaluate(item, notesDate);
                await output.Writer.WriteAsync(Encode(outcome, result, state), cancellationToken);
            }
        }, cancellationToken)).Append(producer).ToArray();
        var completion = Task.WhenAll(workers).ContinueWith(t => output.Writer.Complete(t.Exception), TaskScheduler.Default);

        var resultsPath = Temp(outputDirectory, ResultsFile);
        var synthese = Temp(outputDirectory, SummaryFile);
        var errors = Temp(outputDirectory, ErrorsFile);
        var line = new PooledBuffer(16 * 1024);
        await using (var results = new FileStream(resultsPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        await using (var syntheseWriter = Writer(synthese, Csv.Encoding(dialect)))
        await using (var errorsWriter = Writer(errors, new UTF8Encoding(false)))
        {
            await using (var header = Csv.Writer(syntheseWriter, dialect))
            {
                Csv.WriteRecord(header, SummaryHeader);
            }
            var pending = new Dictionary<long, Outcome>();
            long next = 0;
            await foreach (var outcome in output.Reader.ReadAllAsync(cancellationToken))
            {
                pending[outcome.Index] = outcome;
                while (pending.Remove(next, out var ready))
                {
                    if (ready.Error is not null)
                    {
                        errorsWriter.Write(ready.Error);
                        summary.Erreurs++;
                    }
                    else
                    {
                        if (ready.Texts is not null)
                        {
                            line.Clear();
                            CompactWriter.Patch(dictionary!, ready.Line!.Written.Span, ready.Texts, line);
                            results.Write(line.Written.Span);
                        }
                        else
                        {
                            results.Write(ready.Line!.Written.Span);
                        }
                        ready.Line.Dispose();
                        syntheseWriter.Write(ready.Csv);
                        summary.Territoires++;
                        var occurrence = occurrences[ready.Territory!.Id] = occurrences.GetValueOrDefault(ready.Territory.Id) + 1;
                        var territory = ready.Territory with { Note = NotePath(ready.Territory.Id, occurrence) };
                        if (ready.Note is not null)
                        {
                            await File.WriteAllTextAsync(Path.Combine(outputDirectory, territory.Note), ready.Note, new UTF8Encoding(false), cancellationToken);
                        }
                        summary.ParPosture[territory.PostureLibelle] = summary.ParPosture.GetValueOrDefault(territory.PostureLibelle) + 1;
                        summary.ParLieux[territory.LieuxLibelle] = summary.ParLieux.GetValueOrDefault(territory.LieuxLibelle) + 1;
                        overview.Add(territory);
                    }
                    next++;
                    slots.Release();
                    progress?.Report(next);
                }
            }
            summary.OctetsResultats = results.Length;
        }
        line.Dispose();
        await producer;
        await completion;
        var moves = new List<(string Temp, string Name)> { (resultsPath, ResultsFile), (synthese, SummaryFile), (errors, ErrorsFile) };
        if (dictionary is not null)
        {
            var dictionaryPath = Temp(outputDirectory, DictionaryFile);
            await using (var stream = new FileStream(dictionaryPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                dictionary.WriteTo(stream);
            }
            moves.Add((dictionaryPath, DictionaryFile));
        }
        else
        {
            File.Delete(Path.Combine(outputDirectory, DictionaryFile)); // a previous compact run's dictionary would mislead
        }
        summary.Duree = watch.Elapsed;
        var html = Temp(outputDirectory, HtmlFile);
        await File.WriteAllTextAsync(html, new SyntheseHtml(kb, overview, summary, date, form, notes) { Explained = Explanations.Wanted }.Render(), new UTF8Encoding(false), cancellationToken);
        moves.Add((html, HtmlFile));
        foreach (var (temp, name) in moves)
        {
            File.Move(temp, Path.Combine(outputDirectory, name), overwrite: true);
        }
        return summary;
    }

    /// <summary>A territory evaluated (its result, to encode) or its error line.</summary>
    private (Outcome Outcome, EvaluationResult? Result) Evaluate(BatchItem item, DateTimeOffset? notesDate)
    {
        if (item.Error is not null)
        {
            return (new Outcome(item.Index, null, null, null, ErrorLine(item, [("$", item.Error)]), null, null), null);
        }
        var outcome = evaluations.Evaluate(kb, item.ToSource(), explanations: Explanations);
        if (outcome.Failure is { } failure)
        {
            return (new Outcome(item.Index, null, null, null, ErrorLine(item, failure.Errors.Select(e => (e.Chemin, e.Message))), null, null), null);
        }
        var profile = outcome.Profile!;
        var result = outcome.Result!;
        // The note is rendered here, on every core; the writer names and writes it in input order.
        var note = notesDate is { } date ? NoteRenderer.Render(result, date) : null;
        return (new Outcome(item.Index, null, null, null, null, TerritorySummary.Of(item.Index, profile, result, null), note), result);
    }

    /// <summary>The line and the CSV row of an evaluated territory, encoded on the worker's core.</summary>
    private Outcome Encode(Outcome outcome, EvaluationResult? result, WorkerState state)
    {
        if (result is null)
        {
            return outcome;
        }
        var retenu = result.Scenarios.FirstOrDefault();
        var territoire = outcome.Territory!;
        object?[] row = retenu is null
            ? [territoire.Id, territoire.Nom, "", "", "", "", "", null, null]
            :
            [
                territoire.Id, territoire.Nom, retenu.Pilotage.Libelle,
                string.Join(" | ", retenu.Modalites.Select(m => m.Libelle)),
                retenu.Lieux.Libelle,
                string.Join(" | ", retenu.Priorites.Select(p => CrossedNeed.LabelOf(p.Service, p.Public, p.Critere))),
                string.Join(" | ", retenu.Objectifs.Select(o => o.Libelle)),
                retenu.Score,
                retenu.Convergence,
            ];
        var line = new PooledBuffer(state.Compact is null ? 32 * 1024 : 4 * 1024);
        List<TextSlot>? texts = null;
        if (state.Compact is { } compact)
        {
            texts = new List<TextSlot>(32);
            compact.Encode(line, result, texts);
        }
        else
        {
            ResultJson.WriteTo(line, result);
        }
        line.Write((byte)'\n');
        return outcome with { Line = line, Texts = texts, Csv = state.Csv(row) };
    }

    /// <summary>The columns of <c>synthese.csv</c>: the scénario retenu of each territory, in words.</summary>
    public static readonly string[] SummaryHeader = ["id", "nom", "pilotage", "modalites", "lieux", "priorites", "objectifs", "score", "convergence"];

    private static readonly JsonWriterOptions ErrorWriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string ErrorLine(BatchItem item, IEnumerable<(string Chemin, string Message)> errors)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer, ErrorWriterOptions))
        {
            w.WriteStartObject();
            w.WriteNumber("position", item.Index + 1);
            w.WriteString("source", item.Source);
            // The id, when the item names one, helps find the territory; looked for only on this error path.
            w.WriteString("id", item.FindId());
            w.WriteStartArray("erreurs");
            foreach (var (chemin, message) in errors)
            {
                w.WriteStartObject();
                w.WriteString("chemin", chemin);
                w.WriteString("message", message);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }

    private static string Temp(string directory, string name) => Path.Combine(directory, "." + name + AtomicTempSuffix);

    private const string AtomicTempSuffix = Cli.AtomicFile.TempSuffix;

    private static StreamWriter Writer(string path, Encoding encoding) => new(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16), encoding) { NewLine = "\n" };
}
