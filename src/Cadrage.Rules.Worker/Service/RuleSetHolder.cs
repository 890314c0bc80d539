using Cadrage.Rules.IO;
using Cadrage.Rules.KnowledgeBase;
using Microsoft.Extensions.Logging;

namespace Cadrage.Rules.Worker.Service;

/// <summary>The outcome of the last (re)load of the rules.</summary>
public sealed record ReloadStatus(DateTimeOffset At, bool Succes, string? Version, IReadOnlyList<string> Erreurs);

/// <summary>A rules folder loaded (or refused) but not yet in service: see <see cref="RuleSetHolder.Prepare"/>.</summary>
public sealed class PreparedRules
{
    internal PreparedRules(RuleSet? rules, IReadOnlyList<RuleSetError>? errors, IReadOnlyList<string>? refusals, Exception? unexpected, TimeSpan duration)
    {
        Rules = rules;
        Errors = errors;
        Refusals = refusals;
        Unexpected = unexpected;
        Duration = duration;
    }

    public RuleSet? Rules { get; }
    internal IReadOnlyList<RuleSetError>? Errors { get; }
    internal IReadOnlyList<string>? Refusals { get; }
    internal Exception? Unexpected { get; }
    public TimeSpan Duration { get; }
}

/// <summary>
/// Serves the current rule set and swaps in a new one atomically. An evaluation takes one snapshot and finishes
/// on it; an invalid change keeps the last good rule set serving. Loading (<see cref="Prepare"/>) and putting in
/// service (<see cref="Commit"/>) are separate, so that the hot reload can load while it waits for the folder to
/// settle; nothing a rules folder holds (a FIFO, a loader bug) can stop the service.
/// </summary>
public sealed class RuleSetHolder(string directory, ILogger<RuleSetHolder> logger, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _commit = new();
    private RuleSet? _current;
    private ReloadStatus _status = new(DateTimeOffset.MinValue, false, null, ["aucune base de règles chargée"]);

    public string Directory { get; } = directory;

    /// <summary>The rule set in service.</summary>
    /// <exception cref="InvalidOperationException">Before the first successful load.</exception>
    public RuleSet Current => Volatile.Read(ref _current) ?? throw new InvalidOperationException("Aucune base de règles valide n'est chargée.");

    public bool HasRules => Volatile.Read(ref _current) is not null;

    public ReloadStatus LastReload => Volatile.Read(ref _status);

    /// <summary>Loads the rules folder; on success swaps the new version in, on failure keeps the current one.</summary>
    /// <returns>True when a valid rule set was loaded (new or unchanged).</returns>
    public bool Reload() => Commit(Prepare());

    /// <summary>Loads, validates and compiles the rules folder without putting it in service; never throws.</summary>
    public PreparedRules Prepare()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        if (SpecialFiles() is { Count: > 0 } special)
        {
            // Reading a FIFO or a device would block the reload (and the shutdown) for good: refused unread.
            return new PreparedRules(null, null, special, null, watch.Elapsed);
        }
        try
        {
            // The set in service lends its compiled rules when the compilation key is unchanged (parameters or
            // scenario settings edited): such a save is served without compiling anything.
            return new PreparedRules(RuleSet.Load(Directory, Volatile.Read(ref _current)), null, null, null, watch.Elapsed);
        }
        catch (RuleSetException ex)
        {
            return new PreparedRules(null, ex.Errors, null, null, watch.Elapsed);
        }
        catch (Exception ex) when (ex is not (OutOfMemoryException or StackOverflowException))
        {
            return new PreparedRules(null, null, null, ex, watch.Elapsed);
        }
    }

    /// <summary>Puts a prepared rule set in service, or records and logs why it was refused.</summary>
    /// <returns>True when it was valid (new or unchanged).</returns>
    public bool Commit(PreparedRules prepared)
    {
        lock (_commit)
        {
            var previous = Volatile.Read(ref _current);
            var duration = (long)prepared.Duration.TotalMilliseconds;
            if (prepared.Rules is { } kb)
            {
                Volatile.Write(ref _status, new ReloadStatus(_time.GetUtcNow(), true, kb.Version, []));
                if (previous?.Version == kb.Version)
                {
                    logger.LogDebug("Base de règles {RuleSetVersion} inchangée", kb.Version);
                    return true;
                }
                Volatile.Write(ref _current, kb);
                if (previous is null)
                {
                    logger.LogInformation("Base de règles {RuleSetVersion} chargée depuis {Dossier} : {NombreRegles} règles, en {DureeMs} ms", kb.Version, Directory, kb.Rules.Count, duration);
                }
                else
                {
                    logger.LogInformation("Base de règles {RuleSetVersion} rechargée ({NombreRegles} règles, en {DureeMs} ms), remplace {AncienneVersion}", kb.Version, kb.Rules.Count, duration, previous.Version);
                }
                return true;
            }
            if (prepared.Errors is { } errors)
            {
                Volatile.Write(ref _status, new ReloadStatus(_time.GetUtcNow(), false, previous?.Version, errors.Select(e => e.ToString()).ToList()));
                foreach (var error in errors)
                {
                    logger.LogError(
                        "Base de règles invalide, la version {RuleSetVersion} reste en service : {Fichier}, règle {RuleName}, expression {Expression} : {Erreur}",
                        previous?.Version, error.Fichier, error.Regle, error.Expression, error.Message);
                }
                return false;
            }
            if (prepared.Refusals is { } refusals)
            {
                Volatile.Write(ref _status, new ReloadStatus(_time.GetUtcNow(), false, previous?.Version, refusals));
                foreach (var refusal in refusals)
                {
                    logger.LogError("Base de règles invalide, la version {RuleSetVersion} reste en service : {Erreur}", previous?.Version, refusal);
                }
                return false;
            }
            var reference = "err-" + Guid.NewGuid().ToString("N")[..12];
            var message = $"erreur inattendue au chargement des règles (référence {reference}, consignée dans le journal du service)";
            Volatile.Write(ref _status, new ReloadStatus(_time.GetUtcNow(), false, previous?.Version, [message]));
            logger.LogError(prepared.Unexpected, "Base de règles non chargée, la version {RuleSetVersion} reste en service : erreur inattendue {Reference}", previous?.Version, reference);
            return false;
        }
    }

    /// <summary>Records a load given up (stuck), in French; the current version keeps serving.</summary>
    public void GiveUp(string reason)
    {
        lock (_commit)
        {
            var previous = Volatile.Read(ref _current);
            Volatile.Write(ref _status, new ReloadStatus(_time.GetUtcNow(), false, previous?.Version, [reason]));
            logger.LogError("Base de règles non rechargée, la version {RuleSetVersion} reste en service : {Erreur}", previous?.Version, reason);
        }
    }

    /// <summary>Entries of the rules folder that are neither folders nor regular files (FIFOs, devices, sockets), in French.</summary>
    private List<string> SpecialFiles()
    {
        var errors = new List<string>();
        try
        {
            var root = Path.GetFullPath(Directory);
            if (!System.IO.Directory.Exists(root))
            {
                return errors; // the loader says it in its own words
            }
            foreach (var entry in new DirectoryInfo(root).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 }))
            {
                if (entry is FileInfo && FileKind.Describe(entry.FullName) is ({ } kind, var description) && kind == FileKindValue.Special)
                {
                    errors.Add($"{Path.GetRelativePath(root, entry.FullName).Replace('\\', '/')} : {description} et non fichier ordinaire ; retirez-le du dossier des règles");
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The loader reports an unreadable folder in its own words.
        }
        return errors;
    }
}
