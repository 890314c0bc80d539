using System.Collections.Concurrent;
using System.Threading.Channels;
using Cadrage.Rules.Worker.Journal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cadrage.Rules.Worker.Service;

/// <summary>
/// Watches the inbox and evaluates every profile dropped there, several at once (bounded). Files present at
/// start come first; a file is taken only once it has stopped changing; on shutdown, files in hand are
/// finished and the others stay in the inbox for the next start.
/// </summary>
/// <remarks>
/// Nothing that happens to one file stops the loop: any exception is contained to that file. A file that cannot
/// be handled is tried again with a growing delay, then goes to the errors folder with its reason after
/// <see cref="ServiceOptions.EssaisMax"/> tries. Entries that are not regular files (FIFOs, devices, folders
/// named <c>*.json</c>) are never opened: one warning, then they are left alone. When a folder refuses writes
/// (disk full, read-only outbox), the inputs stay in the inbox and the whole inbox pauses with a growing delay
/// (at most <see cref="ServiceOptions.AttenteMaxS"/>); the failure is logged once per minute with a count.
/// </remarks>
public sealed class InboxWorker(InboxProcessor processor, EvaluationJournal journal, IOptions<ServiceOptions> options, ServiceHealth health, ILogger<InboxWorker> logger, TimeProvider? time = null)
    : GuardedBackgroundService(health, logger, "le traitement de la boîte d'entrée s'est arrêté sur une erreur inattendue")
{
    private static readonly TimeSpan SkippedRecheck = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan JournalFlushPeriod = TimeSpan.FromSeconds(5);

    private readonly ServiceOptions _options = options.Value;
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ConcurrentDictionary<string, byte> _inHand = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FileState> _files = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _wake = new(0);
    private readonly LogThrottle _throttle = new(TimeSpan.FromMinutes(1), time);
    private readonly Lock _pauseLock = new();
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;
    private TimeSpan _pauseDelay = TimeSpan.Zero;
    private string? _pauseKey;
    private DateTimeOffset _lastJournalFlush = DateTimeOffset.MinValue;

    /// <summary>What the worker remembers of a file it could not finish.</summary>
    private sealed class FileState
    {
        public int Attempts;
        public DateTimeOffset NextTry;
        public string? Warned;
    }

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        var inbox = InboxProcessor.FullPath(_options.Entree);
        foreach (var folder in new[] { _options.Entree, _options.Sortie, _options.Archive, _options.Erreurs })
        {
            Directory.CreateDirectory(InboxProcessor.FullPath(folder));
        }
        processor.CleanLeftovers();
        logger.LogInformation("Boîte d'entrée {Entree} surveillée ; résultats dans {Sortie} ; {Parallelisme} évaluations en parallèle",
            inbox, InboxProcessor.FullPath(_options.Sortie), _options.Parallelisme);

        using var watcher = new FileSystemWatcher(inbox, "*.json") { NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size };
        watcher.Created += (_, _) => Wake();
        watcher.Changed += (_, _) => Wake();
        watcher.Renamed += (_, _) => Wake();
        watcher.EnableRaisingEvents = true;

        var queue = Channel.CreateBounded<string>(new BoundedChannelOptions(_options.Parallelisme * 2) { SingleWriter = true });
        // Consumers finish the file in hand even when stopping; they take no new one once stopping.
        var consumers = Enumerable.Range(0, _options.Parallelisme).Select(_ => Task.Run(() => ConsumeAsync(queue.Reader, stoppingToken), CancellationToken.None)).ToList();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                Health.InboxActive(_files.Count(f => f.Value.Attempts > 0));
                FlushJournal();
                var now = _time.GetUtcNow();
                TimeSpan? nextCheck;
                var pausedUntil = PausedUntil;
                if (pausedUntil > now)
                {
                    nextCheck = pausedUntil - now;
                }
                else
                {
                    (var ready, nextCheck) = ReadyFiles(inbox);
                    foreach (var file in ready)
                    {
                        if (_inHand.TryAdd(file, 0))
                        {
                            await queue.Writer.WriteAsync(file, stoppingToken);
                        }
                    }
                }
                var wait = TimeSpan.FromMilliseconds(_options.ScrutationMs);
                await _wake.WaitAsync(nextCheck is { } soon && soon < wait ? soon : wait, stoppingToken);
                // Let a burst of notifications settle before scanning again.
                while (_wake.CurrentCount > 0)
                {
                    await _wake.WaitAsync(stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            queue.Writer.TryComplete();
            await Task.WhenAll(consumers);
            Health.InboxStopped();
            logger.LogInformation("Boîte d'entrée arrêtée : les fichiers en cours sont terminés, les autres restent dans {Entree}", inbox);
        }
    }

    private async Task ConsumeAsync(ChannelReader<string> reader, CancellationToken stoppingToken)
    {
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            if (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            if (!reader.TryRead(out var file))
            {
                continue;
            }
            try
            {
                if (PausedUntil <= _time.GetUtcNow())
                {
                    Handle(file);
                }
            }
            catch (Exception ex)
            {
                // Last resort: whatever went wrong with this file, the consumer lives on and the file waits.
                logger.LogError(ex, "Erreur inattendue sur le fichier {Fichier} de la boîte d'entrée, nouvel essai plus tard", Path.GetFileName(file));
                State(file).NextTry = _time.GetUtcNow() + SkippedRecheck;
            }
            finally
            {
                _inHand.TryRemove(file, out _);
                Health.InboxActive(_files.Count(f => f.Value.Attempts > 0));
            }
        }
    }

    /// <summary>One try on one file, and what to do next with it.</summary>
    private void Handle(string file)
    {
        var name = Path.GetFileName(file);
        InboxStep step;
        try
        {
            step = processor.Process(file);
        }
        catch (Exception ex) when (ex is not (OutOfMemoryException or StackOverflowException))
        {
            var reference = "err-" + Guid.NewGuid().ToString("N")[..12];
            logger.LogError(ex, "Erreur inattendue {Reference} sur le fichier {Fichier} de la boîte d'entrée", reference, name);
            step = new InboxStep(InboxOutcome.FileFailure, $"erreur inattendue pendant son traitement (référence {reference}, consignée dans le journal du service)", ex);
        }

        var now = _time.GetUtcNow();
        switch (step.Outcome)
        {
            case InboxOutcome.Evaluated or InboxOutcome.Rejected:
                _files.TryRemove(file, out _);
                Resume();
                break;
            case InboxOutcome.Retry:
                // Not ready (half-written): look again after a scan period, not in a tight loop.
                State(file).NextTry = now.AddMilliseconds(Math.Max(_options.ScrutationMs, _options.StabiliteMs));
                break;
            case InboxOutcome.Skipped:
                var skipped = State(file);
                if (skipped.Warned != step.Reason)
                {
                    skipped.Warned = step.Reason;
                    logger.LogWarning("Entrée {Fichier} de la boîte d'entrée ignorée : {Raison}", name, step.Reason);
                }
                skipped.NextTry = now + SkippedRecheck;
                break;
            case InboxOutcome.FileFailure:
                Failed(file, step, now);
                break;
            case InboxOutcome.OutputFailure:
                Pause(step, now);
                break;
        }
    }

    private void Failed(string file, InboxStep step, DateTimeOffset now)
    {
        var name = Path.GetFileName(file);
        var state = State(file);
        state.Attempts++;
        if (state.Attempts >= _options.EssaisMax)
        {
            var given = processor.GiveUp(file, step.Reason!, state.Attempts);
            if (given.Outcome == InboxOutcome.OutputFailure)
            {
                Pause(given, now);
            }
            else
            {
                _files.TryRemove(file, out _);
            }
            return;
        }
        var delay = Backoff(state.Attempts);
        state.NextTry = now + delay;
        logger.LogWarning("Fichier {Fichier} non traité (essai {Essai} sur {EssaisMax}) : {Raison} ; nouvel essai dans {Delai} s",
            name, state.Attempts, _options.EssaisMax, step.Reason, (int)delay.TotalSeconds);
    }

    /// <summary>A folder refuses writes: nothing more is taken from the inbox for a growing delay.</summary>
    private void Pause(InboxStep step, DateTimeOffset now)
    {
        TimeSpan delay;
        lock (_pauseLock)
        {
            if (_pausedUntil > now)
            {
                return; // another consumer already paused for the same cause
            }
            _pauseDelay = _pauseDelay == TimeSpan.Zero ? TimeSpan.FromSeconds(1) : Min(_pauseDelay * 2, TimeSpan.FromSeconds(_options.AttenteMaxS));
            _pausedUntil = now + _pauseDelay;
            delay = _pauseDelay;
        }
        var reason = step.Reason!;
        Health.InboxPaused($"{reason} ; nouvel essai dans {(int)Math.Ceiling(delay.TotalSeconds)} s");
        var key = "pause:" + reason;
        _pauseKey = key;
        if (_throttle.ShouldLog(key, out var suppressed, out var first))
        {
            if (first)
            {
                logger.LogError(step.Error, "Boîte d'entrée en pause : {Raison} ; les profils restent dans la boîte d'entrée, nouvel essai dans {Delai} s", reason, (int)delay.TotalSeconds);
            }
            else
            {
                logger.LogError("Boîte d'entrée toujours en pause : {Raison} ({Repetitions} échecs depuis le dernier message) ; nouvel essai dans {Delai} s", reason, suppressed, (int)delay.TotalSeconds);
            }
        }
    }

    private void Resume()
    {
        lock (_pauseLock)
        {
            if (_pauseDelay == TimeSpan.Zero)
            {
                return;
            }
            _pauseDelay = TimeSpan.Zero;
            _pausedUntil = DateTimeOffset.MinValue;
        }
        var missed = _pauseKey is { } key ? _throttle.Reset(key) : 0;
        Health.InboxResumed();
        logger.LogInformation("Boîte d'entrée de nouveau en marche : l'écriture est redevenue possible ({Repetitions} échecs non détaillés)", missed);
    }

    private DateTimeOffset PausedUntil
    {
        get
        {
            lock (_pauseLock)
            {
                return _pausedUntil;
            }
        }
    }

    private TimeSpan Backoff(int attempts) => Min(TimeSpan.FromSeconds(Math.Pow(2, Math.Min(attempts - 1, 20))), TimeSpan.FromSeconds(_options.AttenteMaxS));

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private FileState State(string file) => _files.GetOrAdd(file, _ => new FileState());

    /// <summary>Inbox evaluations kept aside while the journal was unavailable are recorded once it is back.</summary>
    private void FlushJournal()
    {
        var now = _time.GetUtcNow();
        if (now - _lastJournalFlush < JournalFlushPeriod)
        {
            return;
        }
        _lastJournalFlush = now;
        if (journal.DeferredCount() > 0)
        {
            journal.FlushDeferred();
        }
    }

    /// <summary>
    /// Inbox files not in hand, unchanged for the stability delay and due for a try, by name; and when to look
    /// again for the files still settling or waiting.
    /// </summary>
    private (List<string> Ready, TimeSpan? NextCheck) ReadyFiles(string inbox)
    {
        var now = _time.GetUtcNow();
        var stability = TimeSpan.FromMilliseconds(_options.StabiliteMs);
        var ready = new List<string>();
        TimeSpan? next = null;
        List<FileSystemInfo> entries;
        try
        {
            entries = new DirectoryInfo(inbox).EnumerateFileSystemInfos("*.json").OrderBy(e => e.FullName, StringComparer.Ordinal).ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            if (_throttle.ShouldLog("inbox:" + ex.GetType().Name, out var suppressed, out _))
            {
                logger.LogError(ex, "Boîte d'entrée {Entree} illisible ({Repetitions} échecs depuis le dernier message)", inbox, suppressed);
            }
            return (ready, null);
        }
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var file = entry.FullName;
            present.Add(file);
            if (entry.Name.StartsWith('.') || _inHand.ContainsKey(file))
            {
                continue;
            }
            if (entry is DirectoryInfo)
            {
                var state = State(file);
                if (state.Warned is null)
                {
                    state.Warned = "dossier";
                    logger.LogWarning("Entrée {Fichier} de la boîte d'entrée ignorée : {Raison}", entry.Name, "dossier et non fichier ordinaire : ignoré");
                }
                continue;
            }
            DateTimeOffset due;
            try
            {
                due = new DateTimeOffset(entry.LastWriteTimeUtc, TimeSpan.Zero) + stability;
            }
            catch (IOException)
            {
                continue;
            }
            if (_files.TryGetValue(file, out var known) && known.NextTry > due)
            {
                due = known.NextTry;
            }
            if (due > now)
            {
                var wait = due - now;
                next = next is null || wait < next ? wait : next;
                continue;
            }
            ready.Add(file);
        }
        foreach (var gone in _files.Keys.Where(k => !present.Contains(k)).ToList())
        {
            _files.TryRemove(gone, out _);
        }
        return (ready, next);
    }

    private void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            _wake.Release();
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }
}
