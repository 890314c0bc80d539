using System.Globalization;
using System.Text;
using Cadrage.Rules.Evaluation;
using Cadrage.Rules.Explanations;
using Cadrage.Rules.IO;
using Cadrage.Rules.Note;
using Cadrage.Rules.Output;
using Cadrage.Rules.Worker.Cli;
using Cadrage.Rules.Worker.Journal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Newtonsoft.Json;

namespace Cadrage.Rules.Worker.Service;

/// <summary>What happened to one inbox file.</summary>
public enum InboxOutcome
{
    /// <summary>Evaluated: results in the outbox, input in the archive.</summary>
    Evaluated,
    /// <summary>Rejected: input in the errors folder beside its French reason.</summary>
    Rejected,
    /// <summary>Not ready (half-written, vanished): left where it is, to be looked at again.</summary>
    Retry,
    /// <summary>Not a regular file (FIFO, device, socket): never opened, left where it is.</summary>
    Skipped,
    /// <summary>The file itself could not be handled (unreadable, unexpected error): tried again a bounded number of times.</summary>
    FileFailure,
    /// <summary>A folder refused a write (disk full, read-only): the input stays in the inbox, the inbox pauses.</summary>
    OutputFailure,
}

/// <summary>The outcome of one try on an inbox file, with its French reason when it did not succeed.</summary>
public sealed record InboxStep(InboxOutcome Outcome, string? Reason = null, Exception? Error = null)
{
    public static readonly InboxStep Evaluated = new(InboxOutcome.Evaluated);
    public static readonly InboxStep Rejected = new(InboxOutcome.Rejected);
    public static readonly InboxStep Retry = new(InboxOutcome.Retry);
}

/// <summary>
/// Processes one profile file of the inbox. Order matters for crash safety: results are written atomically and
/// flushed to disk before the input leaves the inbox, so a kill at any point either leaves the input in the
/// inbox (it is evaluated again, to the same output name) or has finished. Only regular files are opened, and
/// read up to a bounded size.
/// </summary>
public class InboxProcessor(RuleSetHolder rules, EvaluationService evaluations, EvaluationJournal journal, IOptions<ServiceOptions> options, ILogger<InboxProcessor> logger, TimeProvider? time = null, NoteRenderer? note = null)
{
    private readonly ServiceOptions _options = options.Value;
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public virtual InboxStep Process(string path)
    {
        var name = Path.GetFileName(path);
        var (kind, description) = FileKind.Describe(path);
        switch (kind)
        {
            case FileKindValue.Missing:
                // A link to nothing is still listed: leave it alone rather than look at it every scan.
                return IsLink(path)
                    ? new InboxStep(InboxOutcome.Skipped, "lien symbolique sans cible : ignoré")
                    : InboxStep.Retry;
            case FileKindValue.Directory or FileKindValue.Special:
                return new InboxStep(InboxOutcome.Skipped, $"{description} et non fichier ordinaire : ignoré");
        }

        byte[] bytes;
        DateTime lastWrite;
        try
        {
            lastWrite = File.GetLastWriteTimeUtc(path);
            bytes = ReadBounded(path, _options.TailleMaxOctets, out var tooLarge);
            if (tooLarge)
            {
                var reason = $"Fichier {name} trop volumineux : plus de {_options.TailleMaxOctets} octets (réglage {ServiceOptions.Section}:TailleMaxOctets) ; il n'a pas été lu.";
                logger.LogWarning("Profil {Fichier} mis de côté dans les erreurs : {Erreur}", name, reason);
                return Reject(path, reason, rules.Current.Version);
            }
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return InboxStep.Retry;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var reason = ex is UnauthorizedAccessException
                ? $"lecture de {name} refusée (droits du fichier)"
                : $"lecture de {name} impossible ({ex.GetType().Name})";
            return new InboxStep(InboxOutcome.FileFailure, reason, ex);
        }

        var kb = rules.Current; // one snapshot for the whole evaluation
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["Fichier"] = name, ["RuleSetVersion"] = kb.Version });
        var outcome = evaluations.Evaluate(kb, ProfileSource.FromUtf8(bytes, name), explanations: ExplanationRequest.Full);
        if (outcome.Failure is { } failure)
        {
            if (failure.Kind == EvaluationFailureKind.ProfilInvalide && LooksHalfWritten(failure)
                && _time.GetUtcNow().UtcDateTime - lastWrite < TimeSpan.FromSeconds(_options.AttenteFichierIncompletS))
            {
                logger.LogDebug("Fichier {Fichier} incomplet, nouvel essai plus tard", name);
                return InboxStep.Retry;
            }
            logger.LogWarning("Profil {Fichier} mis de côté dans les erreurs : {Erreur}", name, failure.Message);
            return Reject(path, failure.Message, kb.Version);
        }
        var profile = outcome.Profile!;
        var result = outcome.Result!;
        using var territory = logger.BeginScope(new Dictionary<string, object> { ["TerritoireId"] = profile.Id });

        var outbox = FullPath(_options.Sortie);
        string stem;
        try
        {
            stem = Path.Combine(outbox, ResultStem(outbox, profile.Id));
            AtomicFile.Write(stem + ".json", ResultJson.Serialize(result) + "\n");
            AtomicFile.Write(stem + ".txt", TextReport.Render(result));
            AtomicFile.Write(stem + ".html", (note ?? NoteRenderer.Default).Render(result, _time.GetUtcNow()));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return OutputFailure("écriture impossible dans la boîte de sortie", "Sortie", ex);
        }

        // Same file, same content, same rules: same journal id, so a replay after a crash is recorded once.
        var text = Encoding.UTF8.GetString(bytes.AsSpan(bytes.AsSpan().StartsWith(Utf8Bom) ? Utf8Bom.Length : 0));
        var hash = EvaluationJournal.Hash(text);
        var id = "be-" + EvaluationJournal.Hash($"{name}|{lastWrite.Ticks}|{hash}|{kb.Version}")[..24];
        try
        {
            journal.RecordOrDefer(new JournalEntry(id, _time.GetUtcNow(), EvaluationJournal.OriginInbox, profile.Id, profile.Nom, kb.Version, hash, text, ResultJson.Serialize(result, indented: false)));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return OutputFailure("journal indisponible et entrée impossible à mettre en attente", null, ex);
        }

        string archived;
        try
        {
            archived = MoveAside(path, FullPath(_options.Archive));
        }
        catch (FileNotFoundException)
        {
            return InboxStep.Evaluated; // taken away meanwhile: its result is written
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return OutputFailure("archivage impossible", "Archive", ex);
        }
        logger.LogInformation("Profil {Fichier} évalué : résultat {Resultat}, archivé sous {Archive}", name, stem + ".json", Path.GetFileName(archived));
        return InboxStep.Evaluated;
    }

    /// <summary>
    /// Moves a file that failed too many times to the errors folder with its reason.
    /// </summary>
    public virtual InboxStep GiveUp(string path, string reason, int attempts)
    {
        var name = Path.GetFileName(path);
        var message = $"Fichier {name} abandonné après {attempts} essais : {reason}.";
        logger.LogError("Profil {Fichier} mis de côté dans les erreurs après {Essais} essais : {Erreur}", name, attempts, reason);
        return Reject(path, message, rules.HasRules ? rules.Current.Version : "aucune");
    }

    /// <summary>Removes temp files a killed process may have left in the output folders.</summary>
    public void CleanLeftovers()
    {
        foreach (var folder in new[] { _options.Sortie, _options.Erreurs, _options.Archive, journal.WaitingFolder })
        {
            var full = FullPath(folder);
            if (!Directory.Exists(full))
            {
                continue;
            }
            foreach (var temp in Directory.EnumerateFiles(full, "*" + AtomicFile.TempSuffix))
            {
                File.Delete(temp);
                logger.LogInformation("Fichier temporaire abandonné supprimé : {Fichier}", Path.GetFileName(temp));
            }
        }
    }

    /// <summary>Reads at most <paramref name="limit"/> bytes; <paramref name="tooLarge"/> when there is more.</summary>
    private static byte[] ReadBounded(string path, int limit, out bool tooLarge)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        while (buffer.Length <= limit)
        {
            var read = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, limit + 1 - buffer.Length));
            if (read == 0)
            {
                break;
            }
            buffer.Write(chunk, 0, read);
        }
        tooLarge = buffer.Length > limit;
        return buffer.ToArray();
    }

    /// <summary>
    /// The result file stem of a territory id (see <see cref="OutputName"/>). Should a result of another id already
    /// hold that name (a short-hash collision, or ids differing only by case on a case-insensitive volume), the
    /// full hash is used instead: a result is never overwritten by another territory's.
    /// </summary>
    private static string ResultStem(string outbox, string id)
    {
        var stem = OutputName.ForId(id);
        var existing = Path.Combine(outbox, stem + ".json");
        return File.Exists(existing) && ExistingId(existing) is { } other && !string.Equals(other, id, StringComparison.Ordinal)
            ? OutputName.ForIdFullHash(id)
            : stem;
    }

    /// <summary>The territory id of an existing result file, or null when it cannot be read.</summary>
    private static string? ExistingId(string path)
    {
        try
        {
            using var reader = new JsonTextReader(new StreamReader(path));
            var depth = -1;
            var inTerritory = false;
            while (reader.Read())
            {
                if (reader.TokenType == JsonToken.PropertyName && reader.Depth == 1 && (string?)reader.Value == "territoire")
                {
                    inTerritory = true;
                    depth = 2;
                }
                else if (inTerritory && reader.TokenType == JsonToken.PropertyName && reader.Depth == depth && (string?)reader.Value == "id")
                {
                    return reader.ReadAsString();
                }
                else if (inTerritory && reader.TokenType == JsonToken.EndObject && reader.Depth == 1)
                {
                    return null;
                }
            }
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    /// <summary>A folder refused a write; the reason names the setting, not the absolute path (it is shown by /health).</summary>
    private static InboxStep OutputFailure(string what, string? setting, Exception ex) =>
        new(InboxOutcome.OutputFailure, setting is null ? $"{what} : {Explain(ex)}" : $"{what} (réglage {ServiceOptions.Section}:{setting}) : {Explain(ex)}", ex);

    /// <summary>A French reason for an I/O failure (the .NET message may be English).</summary>
    internal static string Explain(Exception ex) => ex switch
    {
        UnauthorizedAccessException => "accès refusé (droits du dossier ou volume en lecture seule)",
        IOException io when (io.HResult & 0xFFFF) == 28 => "disque plein",
        IOException io when (io.HResult & 0xFFFF) == 30 => "volume en lecture seule",
        IOException io when (io.HResult & 0xFFFF) == 122 => "quota disque dépassé",
        PathTooLongException => "chemin trop long",
        IOException => "erreur d'entrée-sortie",
        _ => "erreur inattendue",
    };

    private InboxStep Reject(string path, string reason, string version)
    {
        var name = Path.GetFileName(path);
        try
        {
            var errors = FullPath(_options.Erreurs);
            var target = Unique(Path.Combine(errors, OutputName.Kept(name)));
            var text = new StringBuilder()
                .AppendLine($"Fichier : {name}")
                .AppendLine($"Date : {_time.GetUtcNow().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)}")
                .AppendLine($"Base de règles : {version}")
                .AppendLine()
                .AppendLine(reason)
                .ToString();
            // The reason first, then the input: a crash in between leaves the input in the inbox, to be rejected again.
            AtomicFile.Write(target + ".erreur.txt", text);
            File.Move(path, target);
            return InboxStep.Rejected;
        }
        catch (FileNotFoundException)
        {
            return InboxStep.Rejected; // taken away meanwhile: its reason is written
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return OutputFailure("écriture impossible dans le dossier des erreurs", "Erreurs", ex);
        }
    }

    private string MoveAside(string path, string folder) => MoveTo(path, Unique(Path.Combine(folder, OutputName.Kept(Path.GetFileName(path)))));

    private static string MoveTo(string path, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(path, target);
        return target;
    }

    /// <summary>Never overwrite a kept input: a second file of the same name gets a suffix.</summary>
    private string Unique(string target)
    {
        if (!File.Exists(target))
        {
            return target;
        }
        var stamp = _time.GetUtcNow().ToString("yyyyMMdd-HHmmssfff", CultureInfo.InvariantCulture);
        var candidate = Path.Combine(Path.GetDirectoryName(target)!, $"{Path.GetFileNameWithoutExtension(target)}.{stamp}{Path.GetExtension(target)}");
        for (var i = 2; File.Exists(candidate); i++)
        {
            candidate = Path.Combine(Path.GetDirectoryName(target)!, $"{Path.GetFileNameWithoutExtension(target)}.{stamp}-{i}{Path.GetExtension(target)}");
        }
        return candidate;
    }

    /// <summary>A JSON syntax error may just be a file still being written: it is retried while the file is recent.</summary>
    private static bool LooksHalfWritten(EvaluationFailure failure) =>
        failure.Errors.Count == 1 && failure.Errors[0].Message.StartsWith(Cadrage.Rules.Json.JsonSyntax.MalformedPrefix, StringComparison.Ordinal);

    private static bool IsLink(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget is not null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    internal static string FullPath(string folder) => Path.GetFullPath(folder);
}
