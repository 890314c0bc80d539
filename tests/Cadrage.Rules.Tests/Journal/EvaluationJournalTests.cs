using System.Diagnostics;
using Cadrage.Rules.Worker.Journal;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Cadrage.Rules.Tests.Journal;

/// <summary>The journal against a damaged, removed or locked database file.</summary>
[TestClass]
public sealed class EvaluationJournalTests
{
    [TestMethod]
    public void ADamagedFileIsAFrenchFaultAndRepairingItNeedsNoRestart()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "cadrage.db");
        File.WriteAllText(path, new string('x', 8192));
        var journal = Journal(path);

        var fault = Assert.ThrowsExactly<JournalUnavailableException>(() => journal.Record(Entry("e1")));

        Expect.Contains("le journal « cadrage.db » (réglage Cadrage:Journal:Chemin) est endommagé ou n'est pas une base SQLite", fault.Message);
        Assert.IsFalse(fault.Message.Contains(folder.Path, StringComparison.Ordinal), "pas de chemin absolu");
        Assert.IsFalse(journal.Status.Disponible);
        Assert.IsNotNull(journal.Status.Depuis);
        Assert.ThrowsExactly<JournalUnavailableException>(() => journal.Find("e1"));

        File.Delete(path); // the operator moves the damaged file away

        journal.Record(Entry("e1"));
        Assert.IsTrue(journal.Status.Disponible);
        Assert.AreEqual(1, journal.Count());
    }

    [TestMethod]
    public void AFileDamagedWhileInUseIsSeenAtOnceAndAReplacementIsUsed()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "cadrage.db");
        var journal = Journal(path);
        journal.Record(Entry("e1"));
        var backup = Path.Combine(folder.Path, "sauvegarde.db");
        File.Copy(path, backup);

        foreach (var file in Directory.EnumerateFiles(folder.Path, "cadrage.db*"))
        {
            File.Delete(file);
        }
        File.WriteAllBytes(path, new byte[4096]);
        Assert.ThrowsExactly<JournalUnavailableException>(() => journal.Record(Entry("e2")));

        File.Copy(backup, path, overwrite: true);
        journal.Record(Entry("e2"));
        Assert.AreEqual(2, journal.Count());
    }

    [TestMethod]
    public void ALockedJournalIsWaitedForABoundedTimeThenAFrenchFault()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "cadrage.db");
        var journal = Journal(path, lockSeconds: 1);
        journal.Record(Entry("e1"));
        using var other = new SqliteConnection($"Data Source={path};Pooling=False");
        other.Open();
        using (var begin = other.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE";
            begin.ExecuteNonQuery();
        }

        var watch = Stopwatch.StartNew();
        var fault = Assert.ThrowsExactly<JournalUnavailableException>(() => journal.Record(Entry("e2")));
        watch.Stop();

        Expect.Contains("journal « cadrage.db » (réglage Cadrage:Journal:Chemin) verrouillé par un autre programme (attente de 1 s dépassée)", fault.Message);
        Assert.IsTrue(watch.Elapsed < TimeSpan.FromSeconds(5), $"attente bornée : {watch.Elapsed}");
        Assert.IsFalse(journal.Check().Disponible);

        using (var rollback = other.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK";
            rollback.ExecuteNonQuery();
        }
        journal.Record(Entry("e2"));
        Assert.AreEqual(2, journal.Count());
    }

    [TestMethod]
    public void ManyConcurrentWritersOfThisProcessAreAllRecordedWithoutALockFault()
    {
        // Regression: concurrent requests each polled SQLite's lock (Microsoft.Data.Sqlite retries a busy database
        // every 150 ms) and the unlucky ones gave up after the lock wait: a 503 under mere load.
        using var folder = new TempFolder();
        var journal = Journal(Path.Combine(folder.Path, "cadrage.db"), lockSeconds: 10); // room for a loaded 2-core machine
        journal.Record(Entry("e0"));
        var result = "{\"texte\":\"" + new string('r', 16 * 1024) + "\"}";
        var faults = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var start = new ManualResetEventSlim();
        var writers = Enumerable.Range(1, 32).Select(i => new Thread(() =>
        {
            start.Wait();
            try
            {
                var entry = Entry("e" + i) with { Resultat = result };
                if (i % 2 == 0)
                {
                    journal.RecordAsync(entry).GetAwaiter().GetResult(); // as the API does
                }
                else
                {
                    journal.Record(entry); // as the inbox does
                }
            }
            catch (JournalUnavailableException ex)
            {
                faults.Add(ex.Message);
            }
        })).ToList();
        writers.ForEach(w => w.Start());
        start.Set();
        writers.ForEach(w => w.Join());

        Assert.AreEqual(0, faults.Count, string.Join("\n", faults.Distinct()));
        Assert.AreEqual(33, journal.Count());
        Assert.IsTrue(journal.Status.Disponible);
    }

    [TestMethod]
    public void EntriesDeferredWhileTheJournalIsDownAreRecordedOnceItIsBack()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "cadrage.db");
        File.WriteAllText(path, "pas une base");
        var journal = Journal(path);

        Assert.IsFalse(journal.RecordOrDefer(Entry("e1")));
        Assert.IsFalse(journal.RecordOrDefer(Entry("e2")));
        Assert.AreEqual(2, journal.DeferredCount());
        Assert.AreEqual(0, journal.FlushDeferred(), "toujours en panne : rien n'est perdu, rien n'est consigné");
        Assert.AreEqual(2, journal.Check().EnAttente);

        File.Delete(path);
        Assert.AreEqual(2, journal.FlushDeferred());

        Assert.AreEqual(0, journal.DeferredCount());
        Assert.AreEqual("Saint-Test", journal.Find("e2")!.TerritoireNom);
        Assert.AreEqual(2, journal.Count());
        Assert.AreEqual(0, journal.FlushDeferred(), "une seule fois");
    }

    private static EvaluationJournal Journal(string path, int lockSeconds = 2) =>
        new(Options.Create(new JournalOptions { Chemin = path, AttenteVerrouS = lockSeconds }), NullLogger<EvaluationJournal>.Instance);

    private static JournalEntry Entry(string id) =>
        new(id, DateTimeOffset.UtcNow, EvaluationJournal.OriginInbox, "t-" + id, "Saint-Test", "v1", EvaluationJournal.Hash(id), "{}", "{}");

    private sealed class TempFolder : IDisposable
    {
        public TempFolder()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cadrage-journal-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
