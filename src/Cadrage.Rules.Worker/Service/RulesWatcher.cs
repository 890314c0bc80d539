using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cadrage.Rules.Worker.Service;

/// <summary>
/// Hot reload: watches the rules folder; loads, validates and compiles the new rule set in the background while
/// waiting for the folder to be quiet for the debounce delay, then swaps it in. A periodic check of the files' fingerprint backs up the
/// file-system notifications (which some mounted volumes do not deliver).
/// </summary>
public sealed class RulesWatcher(RuleSetHolder holder, IOptions<ServiceOptions> options, ServiceHealth health, ILogger<RulesWatcher> logger)
    : GuardedBackgroundService(health, logger, "la surveillance des règles s'est arrêtée sur une erreur inattendue")
{
    private readonly ServiceOptions _options = options.Value;
    private readonly SemaphoreSlim _changed = new(0);

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        var directory = Path.GetFullPath(holder.Directory);
        using var watcher = new FileSystemWatcher(directory) { IncludeSubdirectories = true, NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.DirectoryName };
        FileSystemEventHandler onChange = (_, _) => Signal();
        watcher.Changed += onChange;
        watcher.Created += onChange;
        watcher.Deleted += onChange;
        watcher.Renamed += (_, _) => Signal();
        watcher.EnableRaisingEvents = true;
        logger.LogInformation("Surveillance des règles dans {Dossier} (version en service {RuleSetVersion})", directory, holder.Current.Version);

        var fingerprint = Fingerprint(directory);
        // Changes made between the first load and this point were seen by neither the watcher nor the
        // fingerprint: one more load catches them (a no-op when nothing changed).
        if (await Bounded(Task.Run(holder.Prepare, CancellationToken.None), stoppingToken) is { } first)
        {
            holder.Commit(first);
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            var notified = await _changed.WaitAsync(TimeSpan.FromMilliseconds(_options.ScrutationReglesMs), stoppingToken);
            if (!notified && Fingerprint(directory) == fingerprint)
            {
                continue;
            }
            // The folder must stay quiet for the debounce delay (an editor may write in several steps); the load
            // runs meanwhile, so a save is served after max(delay, load) rather than their sum. A change during
            // the delay or the load means the prepared set may be stale: load again. A notification that leaves
            // the files as they were when the load began (an in-place save notifies twice, the second often after
            // the load has started) changes nothing: it is consumed, not paid for with a second load.
            PreparedRules? prepared;
            string seen;
            do
            {
                while (_changed.CurrentCount > 0)
                {
                    await _changed.WaitAsync(stoppingToken);
                }
                seen = Fingerprint(directory);
                var load = Task.Run(holder.Prepare, CancellationToken.None);
                await Task.Delay(_options.DebounceReglesMs, stoppingToken);
                prepared = await Bounded(load, stoppingToken, () => Stale(directory, seen));
            }
            while (prepared is null ? _changed.CurrentCount > 0 : Stale(directory, seen));
            if (prepared is null)
            {
                fingerprint = ""; // given up: look again at the next periodic check
                continue;
            }
            // The files as the load saw them: a change whose notification was consumed above is still caught by the
            // periodic check.
            fingerprint = seen;
            logger.LogInformation("Modification des règles détectée dans {Dossier}, rechargement", directory);
            holder.Commit(prepared);
        }
    }

    /// <summary>
    /// Waits for a load, but never beyond <see cref="LoadTimeout"/> nor past shutdown, and not at all once a newer
    /// change makes it stale (<paramref name="superseded"/>): a loader stuck for good (a FIFO swapped in between the
    /// check and the read) must hold neither the reloads nor the stop of the service. Null when the load was given
    /// up (the old version keeps serving) or superseded (the caller loads again).
    /// </summary>
    private async Task<PreparedRules?> Bounded(Task<PreparedRules> load, CancellationToken stoppingToken, Func<bool>? superseded = null)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!load.IsCompleted)
        {
            await Task.WhenAny(load, Task.Delay(50, stoppingToken));
            stoppingToken.ThrowIfCancellationRequested();
            if (load.IsCompleted)
            {
                break;
            }
            if (superseded?.Invoke() == true)
            {
                return null;
            }
            if (watch.Elapsed >= LoadTimeout)
            {
                holder.GiveUp($"chargement des règles bloqué depuis {LoadTimeout.TotalSeconds} s : abandonné (un fichier du dossier ne se lit pas, tube nommé ?)");
                return null;
            }
        }
        return await load;
    }

    /// <summary>Longest wait for a load of the rules folder.</summary>
    public static readonly TimeSpan LoadTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// True when a notification came and the files differ from <paramref name="seen"/> (what a load started from);
    /// a notification that left them as they were is consumed.
    /// </summary>
    private bool Stale(string directory, string seen)
    {
        if (_changed.CurrentCount == 0)
        {
            return false;
        }
        if (Fingerprint(directory) != seen)
        {
            return true;
        }
        while (_changed.Wait(0))
        {
        }
        return false;
    }

    private void Signal()
    {
        if (_changed.CurrentCount == 0)
        {
            _changed.Release();
        }
    }

    /// <summary>Names, sizes and modification times of every file: cheap, and changes with any edit.</summary>
    private static string Fingerprint(string directory)
    {
        var text = new StringBuilder();
        try
        {
            foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var info = new FileInfo(file);
                text.Append(file).Append('|').Append(info.Length).Append('|').Append(info.LastWriteTimeUtc.Ticks).Append('\n');
            }
        }
        catch (IOException)
        {
            return "";
        }
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    public override void Dispose()
    {
        _changed.Dispose();
        base.Dispose();
    }
}
