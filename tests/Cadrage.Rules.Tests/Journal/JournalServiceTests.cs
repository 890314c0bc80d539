using System.Diagnostics;
using System.Net;
using System.Text;
using Cadrage.Rules.Tests.Service;
using Cadrage.Rules.Worker.Journal;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;

namespace Cadrage.Rules.Tests.Journal;

/// <summary>Journal faults as the running service shows them: /health, API answers, the inbox's degraded mode.</summary>
[TestClass]
public sealed class JournalServiceTests
{
    [TestMethod]
    public async Task ALockedJournalGivesAFrench503QuicklyAndHealthSaysWhy()
    {
        using var fixture = new ServiceFixture();
        fixture.Settings["Cadrage:Journal:AttenteVerrouS"] = "1";
        var (run, stop, host, client) = await fixture.StartWithApiAsync();
        var journal = host.Services.GetRequiredService<EvaluationJournal>();
        Assert.AreEqual(HttpStatusCode.Created, (await Post(client)).StatusCode, "journal créé");
        using var other = new SqliteConnection($"Data Source={journal.Path};Pooling=False");
        other.Open();
        Execute(other, "BEGIN EXCLUSIVE");

        var watch = Stopwatch.StartNew();
        var response = await Post(client);
        watch.Stop();
        var problem = JObject.Parse(await response.Content.ReadAsStringAsync());
        await Task.Delay(1100); // the health probe runs at most once a second
        var health = await client.GetAsync("/health");
        var body = JObject.Parse(await health.Content.ReadAsStringAsync());

        Assert.AreEqual(HttpStatusCode.ServiceUnavailable, response.StatusCode, problem.ToString());
        Assert.IsTrue(watch.Elapsed < TimeSpan.FromSeconds(6), $"réponse en {watch.Elapsed}");
        Assert.AreEqual("Journal des évaluations indisponible", (string?)problem["title"]);
        Expect.Contains("verrouillé par un autre programme", (string)problem["detail"]!);
        Assert.IsNotNull(response.Headers.RetryAfter);
        Assert.AreEqual(HttpStatusCode.ServiceUnavailable, health.StatusCode, body.ToString());
        Expect.Contains("journal des évaluations indisponible : journal « cadrage.db »", (string)body["statut"]!);
        Assert.AreEqual("indisponible", (string?)body["journal"]!["etat"]);

        Execute(other, "ROLLBACK");
        Assert.AreEqual(HttpStatusCode.Created, (await Post(client)).StatusCode);
        await Task.Delay(1100);
        Assert.AreEqual(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        await stop.CancelAsync();
        await run;
    }

    [TestMethod]
    public async Task ADamagedJournalGives503UntilRepairedThenWorksWithoutRestart()
    {
        using var fixture = new ServiceFixture();
        File.WriteAllText(Path.Combine(fixture.Root, "cadrage.db"), new string('#', 5000));
        var (run, stop, _, client) = await fixture.StartWithApiAsync();

        var post = await Post(client);
        var get = await client.GetAsync("/api/evaluations/inconnue");
        var health = await client.GetAsync("/health");

        Assert.AreEqual(HttpStatusCode.ServiceUnavailable, post.StatusCode);
        Expect.Contains("endommagé", await post.Content.ReadAsStringAsync());
        Assert.AreEqual(HttpStatusCode.ServiceUnavailable, get.StatusCode);
        Assert.AreEqual(HttpStatusCode.ServiceUnavailable, health.StatusCode);

        File.Delete(Path.Combine(fixture.Root, "cadrage.db"));
        var after = await Post(client);
        Assert.AreEqual(HttpStatusCode.Created, after.StatusCode, await after.Content.ReadAsStringAsync());
        var id = after.Headers.GetValues("X-Cadrage-Evaluation").Single();
        Assert.AreEqual(HttpStatusCode.OK, (await client.GetAsync($"/api/evaluations/{id}")).StatusCode);
        await Task.Delay(1100);
        Assert.AreEqual(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        await stop.CancelAsync();
        await run;
    }

    [TestMethod]
    public async Task WhileTheJournalIsDownTheInboxStillDeliversAndRecordsLater()
    {
        using var fixture = new ServiceFixture();
        var db = Path.Combine(fixture.Root, "cadrage.db");
        File.WriteAllText(db, "pas une base");
        var (run, stop, host, client) = await fixture.StartWithApiAsync();
        var journal = host.Services.GetRequiredService<EvaluationJournal>();
        for (var i = 0; i < 3; i++)
        {
            fixture.Drop($"t{i}.json", ServiceFixture.Profile("ca-nevers", $"T{i}"));
        }

        await ServiceFixture.WaitUntil(() => ServiceFixture.Count(fixture.Archive) == 3, "résultats livrés malgré le journal");
        Assert.AreEqual(3, ServiceFixture.Count(fixture.Outbox, "*.json"));
        Assert.AreEqual(3, journal.DeferredCount(), "trois entrées en attente");
        var raw = await client.GetAsync("/health");
        var body = JObject.Parse(await raw.Content.ReadAsStringAsync());
        Assert.AreEqual(HttpStatusCode.ServiceUnavailable, raw.StatusCode);
        Assert.AreEqual(3, (int)body["journal"]!["enAttente"]!);

        File.Delete(db);
        await ServiceFixture.WaitUntil(() => journal.DeferredCount() == 0, "entrées consignées après réparation", 30);
        Assert.AreEqual(3, journal.Count());
        Assert.AreEqual(3, journal.ForTerritory("T1").Count + journal.ForTerritory("T0").Count + journal.ForTerritory("T2").Count);
        await stop.CancelAsync();
        await run;
    }

    private static Task<HttpResponseMessage> Post(HttpClient client) =>
        client.PostAsync("/api/evaluations", new StringContent(RealRules.Example("ca-nevers").ToString(), Encoding.UTF8, "application/json"));

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
