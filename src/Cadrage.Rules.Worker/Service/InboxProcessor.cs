using System.Globalization;
using System.Text;
using Cadrage.Rules.Evaluation;
using Cadrage.Rules.Output;
using Cadrage.Rules.Profiles;
using Cadrage.Rules.Worker.Cli;
using Cadrage.Rules.Worker.Journal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cadrage.Rules.Worker.Service;

/// <summary>What happened to one inbox file.</summary>
public enum InboxOutcome
{
    /// <summary>Evaluated: results in the outbox, input in the archive.</summary>
    Evaluated,
    /// <summary>Rejected: input in the errors folder beside its French reason.</summary>
    Rejected,
    /// <summary>Not ready (half-written, locked, vanished): left where it is, to be looked at again.</summary>
    Retry,
}

/// <summary>
/// Processes one profile file of the inbox. Order matters for crash safety: results are written atomically and
/// flushed to disk before the input leaves the inbox, so a kill at any point either leaves the input in the
/// inbox (it is evaluated again, to the same output name) or has finished.
/// </summary>
public sealed class InboxProcessor(RuleSetHolder rules, EvaluationService evaluations, EvaluationJournal journal, IOptions<ServiceOptions> options, ILogger<InboxProcessor> logger, TimeProvider? time = null)
{
    private readonly ServiceOptions _options = options.Value;
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public InboxOutcome Process(string path)
    {
        var name = Path.GetFileName(path);
        string text;
        DateTime lastWrite;
        try
        {
            lastWrite = File.GetLastWriteTimeUtc(path);
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogDebug("Fichier {Fichier} illisible pour l'instant : {Erreur}", name, ex.Message);
            return InboxOutcome.Retry;
        }
        if (!File.Exists(path))
        {
            return InboxOutcome.Retry;
        }

        var kb = rules.Current; // one snapshot for the whole evaluation
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["Fichier"] = name, ["RuleSetVersion"] = kb.Version });
        var outcome = evaluations.Evaluate(kb, ProfileSource.FromText(text, name));
        if (outcome.Failure is { } failure)
        {
            if (failure.Kind == EvaluationFailureKind.ProfilInvalide && LooksHalfWritten(failure)
                && _time.GetUtcNow().UtcDateTime - lastWrite < TimeSpan.FromSeconds(_options.AttenteFichierIncompletS))
            {
                logger.LogDebug("Fichier {Fichier} incomplet, nouvel essai plus tard", name);
                return InboxOutcome.Retry;
            }
            logger.LogWarning("Profil {Fichier} mis de côté dans les erreurs : {Erreur}", name, failure.Message);
            Reject(path, failure.Message, kb.Version);
            return InboxOutcome.Rejected;
        }
        var profile = outcome.Profile!;
        var result = outcome.Result!;
        using var territory = logger.BeginScope(new Dictionary<string, object> { ["TerritoireId"] = profile.Id });

        var stem = Path.Combine(FullPath(_options.Sortie), SafeFileName(profile.Id));
        AtomicFile.Write(stem + ".json", ResultJson.Serialize(result) + "\n");
        AtomicFile.Write(stem + ".txt", TextReport.Render(result));
        AtomicFile.Write(stem + ".html", NoteDeCadrage.Render(result, profile, kb, _time.GetUtcNow()));
        // Same file, same content, same rules: same journal id, so a replay after a crash is recorded once.
        var hash = EvaluationJournal.Hash(text);
        var id = "be-" + EvaluationJournal.Hash($"{name}|{lastWrite.Ticks}|{hash}|{kb.Version}")[..24];
        journal.Record(new JournalEntry(id, _time.GetUtcNow(), EvaluationJournal.OriginInbox, profile.Id, profile.Nom, kb.Version, hash, text, ResultJson.Serialize(result, indented: false)));
        var archived = MoveAside(path, FullPath(_options.Archive));
        logger.LogInformation("Profil {Fichier} évalué : résultat {Resultat}, archivé sous {Archive}", name, stem + ".json", Path.GetFileName(archived));
        return InboxOutcome.Evaluated;
    }

    /// <summary>Removes temp files a killed process may have left in the output folders.</summary>
    public void CleanLeftovers()
    {
        foreach (var folder in new[] { _options.Sortie, _options.Erreurs })
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

    private void Reject(string path, string reason, string version)
    {
        var errors = FullPath(_options.Erreurs);
        var target = Unique(Path.Combine(errors, Path.GetFileName(path)));
        var text = new StringBuilder()
            .AppendLine($"Fichier : {Path.GetFileName(path)}")
            .AppendLine($"Date : {_time.GetUtcNow().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)}")
            .AppendLine($"Base de règles : {version}")
            .AppendLine()
            .AppendLine(reason)
            .ToString();
        // The reason first, then the input: a crash in between leaves the input in the inbox, to be rejected again.
        AtomicFile.Write(target + ".erreur.txt", text);
        File.Move(path, target);
    }

    private string MoveAside(string path, string folder) => MoveTo(path, Unique(Path.Combine(folder, Path.GetFileName(path))));

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
        failure.Errors.Count == 1 && failure.Errors[0].Message.StartsWith("JSON mal formé", StringComparison.Ordinal);

    internal static string FullPath(string folder) => Path.GetFullPath(folder);

    /// <summary>A territory id as a file name: letters, digits, dot, dash, underscore.</summary>
    public static string SafeFileName(string id)
    {
        var chars = id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray();
        var name = new string(chars).Trim('.');
        return name.Length == 0 ? "territoire" : name;
    }
}
