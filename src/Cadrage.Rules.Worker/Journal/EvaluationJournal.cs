using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Cadrage.Rules.Worker.Cli;
using Cadrage.Rules.Worker.Service;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Newtonsoft.Json;

namespace Cadrage.Rules.Worker.Journal;

/// <summary>Settings of the audit journal (section <c>Cadrage:Journal</c>).</summary>
public sealed class JournalOptions
{
    public const string Section = "Cadrage:Journal";

    /// <summary>SQLite database file; created on first use. Nothing to install.</summary>
    public string Chemin { get; set; } = "data/cadrage.db";

    /// <summary>
    /// How long (s) a write waits for the journal's lock before a French 503 (1 to 60): long enough for a burst of
    /// this service's own writes, short enough that a journal locked by another program never hangs a request.
    /// </summary>
    public int AttenteVerrouS { get; set; } = 5;
}

/// <summary>One recorded evaluation.</summary>
public sealed record JournalEntry(
    string Id,
    DateTimeOffset Horodatage,
    string Origine,
    string TerritoireId,
    string TerritoireNom,
    string VersionRegles,
    string EmpreinteProfil,
    string Profil,
    string Resultat);

/// <summary>One recorded evaluation without its profile and result, for listings.</summary>
public sealed record JournalSummary(string Id, DateTimeOffset Horodatage, string Origine, string TerritoireId, string TerritoireNom, string VersionRegles, string EmpreinteProfil);

/// <summary>Which entries a listing wants: each filter is optional; <c>Depuis</c> inclusive, <c>Jusqua</c> exclusive.</summary>
public sealed record JournalFilter(string? TerritoireId = null, string? VersionRegles = null, DateTimeOffset? Depuis = null, DateTimeOffset? Jusqua = null);

/// <summary>The journal cannot be used now (locked, damaged, disk full…): the message says why, in French.</summary>
public sealed class JournalUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>State of the journal as <c>/health</c> shows it.</summary>
/// <param name="Disponible">The last use or check succeeded.</param>
/// <param name="Raison">Why not, in French.</param>
/// <param name="Depuis">When the current fault began.</param>
/// <param name="EnAttente">Inbox evaluations written to the outbox but not yet recorded (degraded mode).</param>
public sealed record JournalStatus(bool Disponible, string? Raison, DateTimeOffset? Depuis, int EnAttente);

/// <summary>
/// The audit journal: every evaluation (API and inbox) with its timestamp, territory, rule-set version, profile
/// hash, profile and output, in an embedded SQLite database.
/// </summary>
/// <remarks>
/// Faults are never sticky: nothing about a failed open is cached, connections are not pooled (a replaced
/// file is opened afresh), and the schema is ensured again after any fault, so a repaired (or removed) database file is used at the next call
/// without a restart. A locked journal is waited for at most <see cref="JournalOptions.AttenteVerrouS"/>.
/// Degraded mode: an inbox evaluation whose entry cannot be recorded is kept in a waiting folder beside the
/// database (<c>cadrage.db.en-attente/</c>) and recorded once the journal is back (<see cref="FlushDeferred"/>).
/// </remarks>
public sealed class EvaluationJournal
{
    public const string OriginApi = "api";
    public const string OriginInbox = "boite-entree";

    /// <summary>Health checks probe the database at most this often.</summary>
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(1);

    private readonly string _connectionString;
    private readonly ILogger<EvaluationJournal> _logger;
    private readonly TimeProvider _time;
    private readonly LogThrottle _throttle;
    private readonly Lock _schemaLock = new();
    private readonly Lock _flushLock = new();
    /// <summary>
    /// One writer at a time inside this process. SQLite lets one connection write at once and Microsoft.Data.Sqlite
    /// resolves a busy database by polling (retry every 150 ms until the command timeout): dozens of concurrent
    /// requests polling for one lock starve some of them past the timeout (a 503 under mere load). Queued here,
    /// this process's writes never meet at the SQLite lock; only another program's lock is waited for there.
    /// </summary>
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    /// <summary>Requests' entries waiting for the writer that holds <see cref="_writeGate"/> (see <see cref="RecordAsync"/>).</summary>
    private readonly System.Collections.Concurrent.ConcurrentQueue<QueuedWrite> _queued = new();
    private volatile bool _schemaReady;
    /// <summary>
    /// An idle connection kept open while the journal is healthy: without it, every operation would close the last
    /// connection, and SQLite checkpoints and deletes the WAL on that last close (slow, and a cause of lock waits).
    /// </summary>
    private SqliteConnection? _keeper;

    private JournalStatus _status = new(true, null, null, 0);
    private DateTimeOffset _lastProbe = DateTimeOffset.MinValue;
    private int _deferred = -1;

    public EvaluationJournal(IOptions<JournalOptions> options, ILogger<EvaluationJournal> logger, TimeProvider? time = null)
    {
        Path = System.IO.Path.GetFullPath(options.Value.Chemin);
        WaitingFolder = Path + ".en-attente";
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _throttle = new LogThrottle(TimeSpan.FromMinutes(1), _time);
        LockTimeoutSeconds = Math.Clamp(options.Value.AttenteVerrouS, 1, 60);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            DefaultTimeout = LockTimeoutSeconds,
            // No pool: every use opens the file afresh, so a replaced or repaired file is seen at once (an idle
            // keeper connection spares the checkpoint a last close would do).
            Pooling = false,
        }.ToString();
    }

    public string Path { get; }

    /// <summary>Where inbox entries wait while the journal is unavailable.</summary>
    public string WaitingFolder { get; }

    public int LockTimeoutSeconds { get; }

    /// <summary>The state after the last use of the journal (no probe).</summary>
    public JournalStatus Status => Volatile.Read(ref _status) with { EnAttente = DeferredCount() };

    /// <summary>SHA-256 of a profile's text, hex.</summary>
    public static string Hash(string profile) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(profile)));

    /// <summary>Records an evaluation; an entry with the same id is kept once (a replay after a crash adds nothing).</summary>
    /// <exception cref="JournalUnavailableException">The journal is locked, damaged or cannot be written.</exception>
    public void Record(JournalEntry entry)
    {
        var added = Use(connection => Insert(connection, entry), write: true);
        _logger.LogDebug("Évaluation {EvaluationId} de {TerritoireId} {Etat} au journal", entry.Id, entry.TerritoireId, added == 1 ? "ajoutée" : "déjà présente");
    }

    /// <summary>
    /// As <see cref="Record"/>, for a request: the entry joins a queue, and whoever holds this process's write gate
    /// writes every queued entry in one transaction (one commit, one WAL sync for a burst instead of one each), so a
    /// burst of requests costs about one write, not one write per request in turn. The turn at the gate is awaited,
    /// not blocked on: no thread-pool thread is held (a starved pool stalls Kestrel's own I/O until it resets
    /// connections).
    /// </summary>
    /// <exception cref="JournalUnavailableException">The journal is locked, damaged, saturated or cannot be written.</exception>
    public async Task RecordAsync(JournalEntry entry)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var mine = new QueuedWrite(entry);
        _queued.Enqueue(mine);
        if (!await _writeGate.WaitAsync(TimeSpan.FromSeconds(LockTimeoutSeconds)).ConfigureAwait(false))
        {
            if (mine.TryAbandon())
            {
                throw Saturated();
            }
            // Taken by the writer holding the gate just before the deadline: its outcome is this call's.
        }
        else
        {
            try
            {
                while (!mine.Done.Task.IsCompleted)
                {
                    WriteQueued(waited);
                }
            }
            finally
            {
                _writeGate.Release();
            }
        }
        var added = await mine.Done.Task.ConfigureAwait(false);
        _logger.LogDebug("Évaluation {EvaluationId} de {TerritoireId} {Etat} au journal", entry.Id, entry.TerritoireId, added == 1 ? "ajoutée" : "déjà présente");
    }

    /// <summary>Most entries written in one transaction.</summary>
    private const int MaxBatch = 256;

    /// <summary>Writes the queued entries (up to <see cref="MaxBatch"/>) in one transaction; the gate is held.</summary>
    private void WriteQueued(System.Diagnostics.Stopwatch waited)
    {
        var batch = new List<QueuedWrite>();
        while (batch.Count < MaxBatch && _queued.TryDequeue(out var next))
        {
            if (next.TryTake())
            {
                batch.Add(next);
            }
        }
        if (batch.Count == 0)
        {
            return;
        }
        try
        {
            var added = Use(connection =>
            {
                using var transaction = connection.BeginTransaction();
                var counts = new int[batch.Count];
                for (var i = 0; i < batch.Count; i++)
                {
                    counts[i] = Insert(connection, batch[i].Entry, transaction);
                }
                transaction.Commit();
                return counts;
            }, write: true, gateHeld: waited);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Done.TrySetResult(added[i]);
            }
        }
        catch (JournalUnavailableException ex)
        {
            foreach (var write in batch)
            {
                write.Done.TrySetException(ex);
            }
        }
        finally
        {
            // Whatever else went wrong, no caller waits for an entry this writer took and did not write.
            foreach (var write in batch)
            {
                write.Done.TrySetException(new JournalUnavailableException($"écriture au journal « {System.IO.Path.GetFileName(Path)} » interrompue"));
            }
        }
    }

    /// <summary>An entry waiting in the queue: taken by a writer, or abandoned by its caller at the deadline, never both.</summary>
    private sealed class QueuedWrite(JournalEntry entry)
    {
        private int _state; // 0 waiting, 1 taken, 2 abandoned

        public JournalEntry Entry { get; } = entry;

        public TaskCompletionSource<int> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool TryTake() => Interlocked.CompareExchange(ref _state, 1, 0) == 0;

        public bool TryAbandon() => Interlocked.CompareExchange(ref _state, 2, 0) == 0;
    }

    /// <summary>
    /// Records an evaluation, or, when the journal is unavailable, keeps it in the waiting folder to be recorded
    /// later. Returns false when it was deferred.
    /// </summary>
    /// <exception cref="IOException">Neither the journal nor the waiting folder could take the entry.</exception>
    public bool RecordOrDefer(JournalEntry entry)
    {
        try
        {
            Record(entry);
            return true;
        }
        catch (JournalUnavailableException ex)
        {
            AtomicFile.Write(System.IO.Path.Combine(WaitingFolder, entry.Id + ".json"), JsonConvert.SerializeObject(entry));
            Interlocked.Exchange(ref _deferred, -1);
            if (_throttle.ShouldLog("defer", out var suppressed, out _))
            {
                _logger.LogWarning("Journal indisponible ({Raison}) : l'évaluation {EvaluationId} de {TerritoireId} est écrite dans la boîte de sortie et sera consignée plus tard ({Repetitions} autres depuis le dernier message)",
                    ex.Message, entry.Id, entry.TerritoireId, suppressed);
            }
            return false;
        }
    }

    /// <summary>Records the entries kept while the journal was unavailable; stops at the first failure.</summary>
    /// <returns>How many entries were recorded.</returns>
    public int FlushDeferred()
    {
        if (!Directory.Exists(WaitingFolder) || !_flushLock.TryEnter())
        {
            return 0;
        }
        try
        {
            var done = 0;
            foreach (var file in Directory.EnumerateFiles(WaitingFolder, "*.json").Order(StringComparer.Ordinal).ToList())
            {
                JournalEntry? entry;
                try
                {
                    entry = JsonConvert.DeserializeObject<JournalEntry>(File.ReadAllText(file));
                }
                catch (Exception ex) when (ex is JsonException or IOException)
                {
                    _logger.LogError("Entrée en attente du journal illisible, mise de côté : {Fichier} ({Erreur})", System.IO.Path.GetFileName(file), ex.Message);
                    File.Move(file, file + ".illisible", overwrite: true);
                    continue;
                }
                try
                {
                    Record(entry!);
                }
                catch (JournalUnavailableException)
                {
                    break;
                }
                File.Delete(file);
                done++;
            }
            if (done > 0)
            {
                _logger.LogInformation("Journal de nouveau disponible : {Nombre} évaluations en attente consignées", done);
            }
            return done;
        }
        finally
        {
            Interlocked.Exchange(ref _deferred, -1);
            _flushLock.Exit();
        }
    }

    /// <exception cref="JournalUnavailableException">The journal cannot be read.</exception>
    public JournalEntry? Find(string id) => Query("id = $valeur", id).SingleOrDefault();

    /// <exception cref="JournalUnavailableException">The journal cannot be read.</exception>
    public IReadOnlyList<JournalEntry> ForTerritory(string territoireId) => Query("territoire_id = $valeur ORDER BY horodatage, id", territoireId);

    /// <summary>A page of entries, newest first, and how many match in all.</summary>
    /// <exception cref="JournalUnavailableException">The journal cannot be read.</exception>
    public (IReadOnlyList<JournalSummary> Entries, long Total) List(JournalFilter filter, int offset, int limit) => Use(connection =>
    {
        var conditions = new List<string>();
        using var command = connection.CreateCommand();
        void Add(string condition, string name, object value)
        {
            conditions.Add(condition);
            command.Parameters.AddWithValue(name, value);
        }
        if (filter.TerritoireId is { } territoire) Add("territoire_id = $territoire", "$territoire", territoire);
        if (filter.VersionRegles is { } version) Add("version_regles = $version", "$version", version);
        if (filter.Depuis is { } depuis) Add("horodatage >= $depuis", "$depuis", depuis.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        if (filter.Jusqua is { } jusqua) Add("horodatage < $jusqua", "$jusqua", jusqua.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        var where = conditions.Count == 0 ? "" : " WHERE " + string.Join(" AND ", conditions);
        command.CommandText = "SELECT COUNT(*) FROM evaluations" + where;
        var total = (long)command.ExecuteScalar()!;
        command.CommandText = "SELECT id, horodatage, origine, territoire_id, territoire_nom, version_regles, empreinte_profil FROM evaluations"
            + where + " ORDER BY horodatage DESC, id DESC LIMIT $limite OFFSET $decalage";
        command.Parameters.AddWithValue("$limite", limit);
        command.Parameters.AddWithValue("$decalage", offset);
        var entries = new List<JournalSummary>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            entries.Add(new JournalSummary(reader.GetString(0), DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6)));
        }
        return ((IReadOnlyList<JournalSummary>)entries, total);
    });

    /// <exception cref="JournalUnavailableException">The journal cannot be read.</exception>
    public long Count() => Use(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM evaluations";
        return (long)command.ExecuteScalar()!;
    });

    /// <summary>
    /// The journal's state, checked for real (can a write start now?) at most once a second: what <c>/health</c>
    /// reports. A successful check also records the entries waiting.
    /// </summary>
    public JournalStatus Check()
    {
        var now = _time.GetUtcNow();
        if (now - _lastProbe >= ProbeInterval)
        {
            _lastProbe = now;
            try
            {
                Use(connection =>
                {
                    using var command = connection.CreateCommand();
                    command.CommandTimeout = 1;
                    command.CommandText = "BEGIN IMMEDIATE; SELECT COUNT(*) FROM (SELECT 1 FROM evaluations LIMIT 1); ROLLBACK;";
                    return command.ExecuteNonQuery();
                }, write: true);
            }
            catch (JournalUnavailableException)
            {
                // The status now says why.
            }
            if (Volatile.Read(ref _status).Disponible && DeferredCount() > 0)
            {
                FlushDeferred();
            }
        }
        return Status;
    }

    /// <summary>Entries waiting to be recorded.</summary>
    public int DeferredCount()
    {
        var count = Volatile.Read(ref _deferred);
        if (count < 0)
        {
            try
            {
                count = Directory.Exists(WaitingFolder) ? Directory.EnumerateFiles(WaitingFolder, "*.json").Count() : 0;
            }
            catch (IOException)
            {
                count = 0;
            }
            Volatile.Write(ref _deferred, count);
        }
        return count;
    }

    private static int Insert(SqliteConnection connection, JournalEntry entry, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT OR IGNORE INTO evaluations (id, horodatage, origine, territoire_id, territoire_nom, version_regles, empreinte_profil, profil, resultat)
            VALUES ($id, $horodatage, $origine, $territoire_id, $territoire_nom, $version_regles, $empreinte_profil, $profil, $resultat)
            """;
        command.Parameters.AddWithValue("$id", entry.Id);
        command.Parameters.AddWithValue("$horodatage", entry.Horodatage.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$origine", entry.Origine);
        command.Parameters.AddWithValue("$territoire_id", entry.TerritoireId);
        command.Parameters.AddWithValue("$territoire_nom", entry.TerritoireNom);
        command.Parameters.AddWithValue("$version_regles", entry.VersionRegles);
        command.Parameters.AddWithValue("$empreinte_profil", entry.EmpreinteProfil);
        command.Parameters.AddWithValue("$profil", entry.Profil);
        command.Parameters.AddWithValue("$resultat", entry.Resultat);
        return command.ExecuteNonQuery();
    }

    /// <summary>Entries matching a condition on one parameter (<c>$valeur</c>).</summary>
    private List<JournalEntry> Query(string condition, string value) => Use(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, horodatage, origine, territoire_id, territoire_nom, version_regles, empreinte_profil, profil, resultat FROM evaluations WHERE " + condition;
        command.Parameters.AddWithValue("$valeur", value);
        using var reader = command.ExecuteReader();
        var entries = new List<JournalEntry>();
        while (reader.Read())
        {
            entries.Add(Read(reader));
        }
        return entries;
    });

    private static JournalEntry Read(SqliteDataReader r) => new(
        r.GetString(0),
        DateTimeOffset.Parse(r.GetString(1), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
        r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7), r.GetString(8));

    /// <summary>Runs <paramref name="action"/> on an open connection; any fault becomes a French <see cref="JournalUnavailableException"/>.</summary>
    /// <remarks>
    /// A write (and any use that must create the schema) first takes this process's write gate. The lock wait is
    /// one deadline for the whole call: the time spent queued at the gate is taken from the time SQLite may then
    /// wait for another program's lock, so no call waits much more than <see cref="LockTimeoutSeconds"/>.
    /// </remarks>
    /// <param name="gateHeld">The caller holds the write gate already, queued since this watch started.</param>
    private T Use<T>(Func<SqliteConnection, T> action, bool write = false, System.Diagnostics.Stopwatch? gateHeld = null)
    {
        SqliteConnection? connection = null;
        var gated = false;
        var waited = gateHeld ?? System.Diagnostics.Stopwatch.StartNew();
        try
        {
            if (gateHeld is null && (write || !_schemaReady))
            {
                if (!_writeGate.Wait(TimeSpan.FromSeconds(LockTimeoutSeconds)))
                {
                    throw Saturated();
                }
                gated = true;
            }
            if (_schemaReady && !File.Exists(Path))
            {
                // Removed while running (e.g. a damaged file moved away): start a new one.
                Invalidate();
            }
            connection = new SqliteConnection(_connectionString);
            if (!_schemaReady)
            {
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            }
            connection.Open();
            // Whole seconds, at least one: what is left of the lock wait once queued at the gate.
            connection.DefaultTimeout = Math.Max(1, (int)Math.Ceiling(LockTimeoutSeconds - waited.Elapsed.TotalSeconds));
            EnsureSchema(connection);
            var result = action(connection);
            Recovered();
            return result;
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            Invalidate();
            var reason = Describe(ex);
            Fault(reason, ex);
            throw new JournalUnavailableException(reason, ex);
        }
        finally
        {
            connection?.Dispose();
            if (gated)
            {
                _writeGate.Release();
            }
        }
    }

    /// <summary>This process's writes queued longer than the lock wait: a French fault, shown by <c>/health</c> until the next success.</summary>
    private JournalUnavailableException Saturated()
    {
        var busy = $"journal « {System.IO.Path.GetFileName(Path)} » saturé : plus de {LockTimeoutSeconds} s d'attente derrière les écritures de ce service";
        Fault(busy, null);
        return new JournalUnavailableException(busy);
    }

    private void EnsureSchema(SqliteConnection connection)
    {
        if (_schemaReady)
        {
            return;
        }
        lock (_schemaLock)
        {
            if (_schemaReady)
            {
                return;
            }
            using var command = connection.CreateCommand();
            command.CommandText = """
                PRAGMA journal_mode = WAL;
                CREATE TABLE IF NOT EXISTS evaluations (
                    id TEXT PRIMARY KEY,
                    horodatage TEXT NOT NULL,
                    origine TEXT NOT NULL,
                    territoire_id TEXT NOT NULL,
                    territoire_nom TEXT NOT NULL,
                    version_regles TEXT NOT NULL,
                    empreinte_profil TEXT NOT NULL,
                    profil TEXT NOT NULL,
                    resultat TEXT NOT NULL
                );
                CREATE INDEX IF NOT EXISTS ix_evaluations_territoire ON evaluations (territoire_id, horodatage);
                """;
            command.ExecuteNonQuery();
            _keeper?.Dispose();
            _keeper = new SqliteConnection(_connectionString);
            _keeper.Open();
            _schemaReady = true;
            _logger.LogInformation("Journal des évaluations : {Chemin}", Path);
        }
    }

    /// <summary>Forget everything about the file: the next use ensures the schema again.</summary>
    private void Invalidate()
    {
        lock (_schemaLock)
        {
            _schemaReady = false;
            _keeper?.Dispose();
            _keeper = null;
        }
    }

    private void Fault(string reason, Exception? ex)
    {
        var previous = Volatile.Read(ref _status);
        Volatile.Write(ref _status, new JournalStatus(false, reason, previous.Disponible ? _time.GetUtcNow() : previous.Depuis, 0));
        if (_throttle.ShouldLog("fault:" + reason, out var suppressed, out var first))
        {
            if (first)
            {
                _logger.LogError(ex, "Journal des évaluations indisponible ({Chemin}) : {Raison}", Path, reason);
            }
            else
            {
                _logger.LogError("Journal des évaluations toujours indisponible ({Chemin}) : {Raison} ({Repetitions} échecs depuis le dernier message)", Path, reason, suppressed);
            }
        }
    }

    private void Recovered()
    {
        var previous = Volatile.Read(ref _status);
        if (previous.Disponible)
        {
            return;
        }
        Volatile.Write(ref _status, new JournalStatus(true, null, null, 0));
        var missed = _throttle.ResetAll("fault:");
        _logger.LogInformation("Journal des évaluations de nouveau disponible ({Chemin}), indisponible depuis {Depuis} ({Repetitions} échecs non détaillés)", Path, previous.Depuis, missed);
    }

    /// <summary>The French reason of a journal fault; it names the file, not its absolute path (shown by /health).</summary>
    private string Describe(Exception ex)
    {
        var file = $"« {System.IO.Path.GetFileName(Path)} » (réglage {JournalOptions.Section}:Chemin)";
        return ex switch
        {
            SqliteException { SqliteErrorCode: 5 or 6 } =>
                $"journal {file} verrouillé par un autre programme (attente de {LockTimeoutSeconds} s dépassée)",
            SqliteException { SqliteErrorCode: 11 or 26 } =>
                $"le journal {file} est endommagé ou n'est pas une base SQLite : remplacez-le par une sauvegarde ou déplacez-le (un journal vide sera recréé)",
            SqliteException { SqliteErrorCode: 13 } => $"disque plein : le journal {file} ne peut plus grandir",
            SqliteException { SqliteErrorCode: 8 } => $"journal {file} en lecture seule (droits du fichier ou du dossier)",
            SqliteException { SqliteErrorCode: 14 } => $"impossible d'ouvrir le journal {file} (dossier absent ou droits insuffisants)",
            SqliteException { SqliteErrorCode: 10 } => $"erreur d'entrée-sortie sur le journal {file}",
            SqliteException sqlite => $"erreur SQLite {sqlite.SqliteErrorCode} sur le journal {file}",
            UnauthorizedAccessException => $"accès refusé au dossier du journal {file}",
            IOException => $"erreur d'entrée-sortie sur le journal {file}",
            _ => $"journal {file} inutilisable",
        };
    }
}
