using Cadrage.Rules.KnowledgeBase;
using Microsoft.Extensions.Logging;

namespace Cadrage.Rules.Worker.Service;

/// <summary>The outcome of the last (re)load of the rules.</summary>
public sealed record ReloadStatus(DateTimeOffset At, bool Succes, string? Version, IReadOnlyList<string> Erreurs);

/// <summary>
/// Serves the current rule set and swaps in a new one atomically. An evaluation takes one snapshot and finishes
/// on it; an invalid change keeps the last good rule set serving.
/// </summary>
public sealed class RuleSetHolder(string directory, ILogger<RuleSetHolder> logger, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _reload = new();
    private RuleSet? _current;
    private ReloadStatus _status = new(DateTimeOffset.MinValue, false, null, ["aucune base de règles chargée"]);

    public string Directory { get; } = directory;

    /// <summary>The rule set in service.</summary>
    /// <exception cref="InvalidOperationException">Before the first successful load.</exception>
    public RuleSet Current => Volatile.Read(ref _current) ?? throw new InvalidOperationException("Aucune base de règles valide n'est chargée.");

    public bool HasRules => Volatile.Read(ref _current) is not null;

    public ReloadStatus LastReload => Volatile.Read(ref _status);

    /// <summary>Entries of the rules folder that are neither folders nor regular files (FIFOs, devices, sockets), in French.</summary>
    private List<string> SpecialFiles()
    {
        var errors = new List<string>();
        try
        {
            var root = Path.GetFullPath(Directory);
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

    /// <summary>Loads the rules folder; on success swaps the new version in, on failure keeps the current one.</summary>
    /// <returns>True when a valid rule set was loaded (new or unchanged).</returns>
    public bool Reload()
    {
        lock (_reload)
        {
            var previous = Volatile.Read(ref _current);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            if (SpecialFiles() is { Count: > 0 } special)
            {
                // Reading a FIFO or a device would block the reload (and the shutdown) for good: refused unread.
                Volatile.Write(ref _status, new ReloadStatus(_time.GetUtcNow(), false, previous?.Version, special));
                foreach (var error in special)
                {
                    logger.LogError("Base de règles invalide, la version {RuleSetVersion} reste en service : {Erreur}", previous?.Version, error);
                }
                return false;
            }
            try
            {
                var kb = RuleSet.Load(Directory);
                var duration = (long)watch.Elapsed.TotalMilliseconds;
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
            catch (RuleSetException ex)
            {
                Volatile.Write(ref _status, new ReloadStatus(_time.GetUtcNow(), false, previous?.Version, ex.Errors.Select(e => e.ToString()).ToList()));
                foreach (var error in ex.Errors)
                {
                    logger.LogError(
                        "Base de règles invalide, la version {RuleSetVersion} reste en service : {Fichier}, règle {RuleName}, expression {Expression} : {Erreur}",
                        previous?.Version, error.Fichier, error.Regle, error.Expression, error.Message);
                }
                return false;
            }
        }
    }
}
