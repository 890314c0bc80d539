using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cadrage.Rules.Worker.Journal;

/// <summary>Settings of the audit journal (section <c>Cadrage:Journal</c>).</summary>
public sealed class JournalOptions
{
    public const string Section = "Cadrage:Journal";

    /// <summary>SQLite database file; created on first use. Nothing to install.</summary>
    public string Chemin { get; set; } = "data/cadrage.db";
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

/// <summary>
/// The audit journal: every evaluation (API and inbox) with its timestamp, territory, rule-set version, profile
/// hash, profile and output, in an embedded SQLite database.
/// </summary>
public sealed class EvaluationJournal
{
    public const string OriginApi = "api";
    public const string OriginInbox = "boite-entree";

    private readonly string _connectionString;
    private readonly ILogger<EvaluationJournal> _logger;
    private readonly Lazy<bool> _schema;

    public EvaluationJournal(IOptions<JournalOptions> options, ILogger<EvaluationJournal> logger)
    {
        Path = System.IO.Path.GetFullPath(options.Value.Chemin);
        _logger = logger;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Mode = SqliteOpenMode.ReadWriteCreate, DefaultTimeout = 30, Pooling = true }.ToString();
        _schema = new Lazy<bool>(CreateSchema, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string Path { get; }

    /// <summary>SHA-256 of a profile's text, hex.</summary>
    public static string Hash(string profile) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(profile)));

    /// <summary>Records an evaluation; an entry with the same id is kept once (a replay after a crash adds nothing).</summary>
    public void Record(JournalEntry entry)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
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
        var added = command.ExecuteNonQuery();
        _logger.LogDebug("Évaluation {EvaluationId} de {TerritoireId} {Etat} au journal", entry.Id, entry.TerritoireId, added == 1 ? "ajoutée" : "déjà présente");
    }

    public JournalEntry? Find(string id) => Query("id = $valeur", id).SingleOrDefault();

    public IReadOnlyList<JournalEntry> ForTerritory(string territoireId) => Query("territoire_id = $valeur ORDER BY horodatage, id", territoireId);

    public long Count()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM evaluations";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Entries matching a condition on one parameter (<c>$valeur</c>).</summary>
    private List<JournalEntry> Query(string condition, string value)
    {
        using var connection = Open();
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
    }

    private static JournalEntry Read(SqliteDataReader r) => new(
        r.GetString(0),
        DateTimeOffset.Parse(r.GetString(1), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
        r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7), r.GetString(8));

    /// <summary>An open connection to the journal, its schema created on first use.</summary>
    private SqliteConnection Open()
    {
        _ = _schema.Value;
        return Connect();
    }

    private SqliteConnection Connect()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private bool CreateSchema()
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        using var connection = Connect();
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
        _logger.LogInformation("Journal des évaluations : {Chemin}", Path);
        return true;
    }
}
