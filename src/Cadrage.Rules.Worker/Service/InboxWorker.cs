using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cadrage.Rules.Worker.Service;

/// <summary>
/// Watches the inbox and evaluates every profile dropped there, several at once (bounded). Files present at
/// start come first; a file is taken only once it has stopped changing; on shutdown, files in hand are
/// finished and the others stay in the inbox for the next start.
/// </summary>
public sealed class InboxWorker(InboxProcessor processor, IOptions<ServiceOptions> options, ServiceHealth health, ILogger<InboxWorker> logger, TimeProvider? time = null)
    : GuardedBackgroundService(health, logger, "le traitement de la boîte d'entrée s'est arrêté sur une erreur inattendue")
{
    private readonly ServiceOptions _options = options.Value;
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ConcurrentDictionary<string, byte> _inHand = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTime> _retryAfter = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _wake = new(0);

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
                var (ready, nextCheck) = ReadyFiles(inbox);
                foreach (var file in ready)
                {
                    if (_inHand.TryAdd(file, 0))
                    {
                        await queue.Writer.WriteAsync(file, stoppingToken);
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
                if (processor.Process(file) == InboxOutcome.Retry)
                {
                    // Not ready (half-written, locked): look again after a scan period, not in a tight loop.
                    _retryAfter[file] = _time.GetUtcNow().UtcDateTime.AddMilliseconds(Math.Max(_options.ScrutationMs, _options.StabiliteMs));
                }
                else
                {
                    _retryAfter.TryRemove(file, out _);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
            {
                // The disk or the journal refused a write: the input stays in the inbox and is tried again.
                logger.LogError(ex, "Fichier {Fichier} non traité (erreur d'entrée-sortie), nouvel essai plus tard", Path.GetFileName(file));
            }
            finally
            {
                _inHand.TryRemove(file, out _);
            }
        }
    }

    /// <summary>
    /// Inbox files not in hand and unchanged for the stability delay, by name; and when to look again for the
    /// files still settling.
    /// </summary>
    private (List<string> Ready, TimeSpan? NextCheck) ReadyFiles(string inbox)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var stability = TimeSpan.FromMilliseconds(_options.StabiliteMs);
        var ready = new List<string>();
        TimeSpan? next = null;
        List<string> files;
        try
        {
            files = Directory.EnumerateFiles(inbox, "*.json").Order(StringComparer.Ordinal).ToList();
        }
        catch (IOException ex)
        {
            logger.LogError(ex, "Boîte d'entrée {Entree} illisible", inbox);
            return (ready, null);
        }
        foreach (var file in files)
        {
            if (Path.GetFileName(file).StartsWith('.') || _inHand.ContainsKey(file))
            {
                continue;
            }
            DateTime settledAt;
            try
            {
                settledAt = File.GetLastWriteTimeUtc(file) + stability;
            }
            catch (IOException)
            {
                continue;
            }
            if (_retryAfter.TryGetValue(file, out var retry) && retry > settledAt)
            {
                settledAt = retry;
            }
            if (settledAt > now)
            {
                var wait = settledAt - now;
                next = next is null || wait < next ? wait : next;
                continue;
            }
            ready.Add(file);
        }
        foreach (var gone in _retryAfter.Keys.Where(k => !files.Contains(k)))
        {
            _retryAfter.TryRemove(gone, out _);
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
