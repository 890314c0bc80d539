using System.Collections.Concurrent;

namespace Cadrage.Rules.Worker.Service;

/// <summary>
/// Rate limit for repeated failures (disk full, read-only outbox, journal down): one log line per distinct failure
/// per interval. The first occurrence is logged in full; later ones within the interval are only counted, and the
/// count is reported with the next line for that failure.
/// </summary>
public sealed class LogThrottle(TimeSpan interval, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    private sealed class Entry
    {
        public DateTimeOffset LastLogged;
        public int Suppressed;
        public bool EverLogged;
    }

    public TimeSpan Interval => interval;

    /// <summary>
    /// True when this occurrence of <paramref name="key"/> should be logged; <paramref name="suppressed"/> is then
    /// the number of occurrences not logged since the previous line, and <paramref name="first"/> tells whether
    /// it is the first line ever for this key (log the exception with its stack trace only then).
    /// </summary>
    public bool ShouldLog(string key, out int suppressed, out bool first)
    {
        var now = _time.GetUtcNow();
        var entry = _entries.GetOrAdd(key, _ => new Entry());
        lock (entry)
        {
            first = !entry.EverLogged;
            if (entry.EverLogged && now - entry.LastLogged < interval)
            {
                entry.Suppressed++;
                suppressed = 0;
                return false;
            }
            suppressed = entry.Suppressed;
            entry.Suppressed = 0;
            entry.LastLogged = now;
            entry.EverLogged = true;
            return true;
        }
    }

    /// <summary>Forgets a failure that is over; returns how many occurrences were not logged yet.</summary>
    public int Reset(string key) => _entries.TryRemove(key, out var entry) ? entry.Suppressed : 0;

    /// <summary>Forgets every failure whose key starts with <paramref name="prefix"/>; returns the occurrences not logged.</summary>
    public int ResetAll(string prefix)
    {
        var total = 0;
        foreach (var key in _entries.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)))
        {
            total += Reset(key);
        }
        return total;
    }
}
