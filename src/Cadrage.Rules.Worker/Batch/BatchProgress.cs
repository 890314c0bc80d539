using Cadrage.Rules.Output;
using System.Diagnostics;
using System.Globalization;

namespace Cadrage.Rules.Worker.Batch;

/// <summary>A progress bar on a terminal; plain progress lines (every 10 % or 5 s) otherwise.</summary>
public sealed class BatchProgress(TextWriter writer, long total, bool interactive) : IProgress<long>, IDisposable
{
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private readonly Lock _lock = new();
    private long _lastDone = -1;
    private TimeSpan _lastReport;
    private int _lastDecile = -1;

    public void Report(long done)
    {
        lock (_lock)
        {
            var elapsed = _watch.Elapsed;
            if (interactive)
            {
                if (_lastDone >= 0 && elapsed - _lastReport < TimeSpan.FromMilliseconds(100) && done != total)
                {
                    return;
                }
                _lastReport = elapsed;
                var ratio = total > 0 ? Math.Min(1, (double)done / total) : 0;
                var filled = (int)(ratio * 30);
                writer.Write($"\r[{new string('#', filled)}{new string('.', 30 - filled)}] {done.ToString("N0", CultureInfo.GetCultureInfo("fr-FR"))} / {total.ToString("N0", CultureInfo.GetCultureInfo("fr-FR"))} territoires ({ratio:P0})   ");
                _lastDone = done;
                return;
            }
            var decile = total > 0 ? (int)(10 * done / total) : 0;
            if (decile != _lastDecile || elapsed - _lastReport >= TimeSpan.FromSeconds(5))
            {
                _lastDecile = decile;
                _lastReport = elapsed;
                _lastDone = done;
                writer.WriteLine($"progression : {FrenchFormat.Number(done)} / {FrenchFormat.Count(total, "territoire", "territoires")} ({FrenchFormat.Duration(elapsed)})");
            }
        }
    }

    public void Finish()
    {
        if (interactive && _lastDone >= 0)
        {
            writer.WriteLine();
        }
    }

    public void Dispose() => _watch.Stop();
}
