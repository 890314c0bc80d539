using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Cadrage.Rules.Tests.Service;
using Cadrage.Rules.Worker.Journal;
using Cadrage.Rules.Worker.Service;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Newtonsoft.Json.Linq;

namespace Cadrage.Rules.Tests.Api;

/// <summary>The HTTP API of the real host, on a free loopback port.</summary>
[TestClass]
public sealed class ApiTests
{
    [TestMethod]
    public async Task PostingAProfileReturnsTheJsonContractAndRecordsItInTheJournal()
    {
        await using var api = await Api.StartAsync();

        var response = await api.Client.PostAsync("/api/evaluations", Json(RealRules.Example("ca-nevers")));

        Assert.AreEqual(HttpStatusCode.Created, response.StatusCode, await response.Content.ReadAsStringAsync());
        Assert.AreEqual("application/json", response.Content.Headers.ContentType!.MediaType);
        var body = JObject.Parse(await response.Content.ReadAsStringAsync());
        Assert.AreEqual("245804406", (string?)body["territoire"]!["id"]);
        var id = response.Headers.GetValues("X-Cadrage-Evaluation").Single();
        Assert.AreEqual($"/api/evaluations/{id}", response.Headers.Location!.ToString());

        var again = await api.Client.GetAsync($"/api/evaluations/{id}");
        Assert.AreEqual(HttpStatusCode.OK, again.StatusCode);
        Assert.IsTrue(JToken.DeepEquals(body, JObject.Parse(await again.Content.ReadAsStringAsync())), "relu du journal à l'identique");
        var entry = api.Host.Services.GetRequiredService<EvaluationJournal>().Find(id)!;
        Assert.AreEqual(EvaluationJournal.OriginApi, entry.Origine);
        Assert.AreEqual("245804406", entry.TerritoireId);
        Assert.AreEqual(RealRules.Kb.Version, entry.VersionRegles);
        Assert.AreEqual(64, entry.EmpreinteProfil.Length);
    }

    [TestMethod]
    public async Task AcceptTextHtmlOrFormatHtmlReturnsTheNoteDeCadrage()
    {
        await using var api = await Api.StartAsync();

        var request = new HttpRequestMessage(HttpMethod.Post, "/api/evaluations") { Content = Json(RealRules.Example("cc-provence-verdon")) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        var byAccept = await api.Client.SendAsync(request);
        var byQuery = await api.Client.PostAsync("/api/evaluations?format=html", Json(RealRules.Example("cc-provence-verdon")));

        foreach (var response in new[] { byAccept, byQuery })
        {
            Assert.AreEqual(HttpStatusCode.Created, response.StatusCode);
            Assert.AreEqual("text/html", response.Content.Headers.ContentType!.MediaType);
            var html = await response.Content.ReadAsStringAsync();
            Expect.Contains("<section id=\"tableaux-croises\">", html);
            Expect.Contains("établie par Cadrage.Rules", html);
        }
        var id = byQuery.Headers.GetValues("X-Cadrage-Evaluation").Single();
        Expect.Contains("<section id=\"portrait\">", await api.Client.GetStringAsync($"/api/evaluations/{id}?format=html"));
    }

    [TestMethod]
    public async Task InvalidProfileIsAFrenchProblemWithTheJsonPath()
    {
        await using var api = await Api.StartAsync();

        var response = await api.Client.PostAsync("/api/evaluations", Json(RealRules.With("ca-nevers", ("densite", -5))));

        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.AreEqual("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = JObject.Parse(await response.Content.ReadAsStringAsync());
        Assert.AreEqual("Profil invalide", (string?)problem["title"]);
        Assert.AreEqual("$.indicateurs.densite", (string?)problem["erreurs"]![0]!["chemin"]);
        Expect.Contains("hors de la plage autorisée", (string)problem["erreurs"]![0]!["message"]!);
    }

    [TestMethod]
    public async Task MalformedOrEmptyBodyIsABadRequestNeverAServerError()
    {
        await using var api = await Api.StartAsync();

        var malformed = await api.Client.PostAsync("/api/evaluations", new StringContent("{ \"id\": ", Encoding.UTF8, "application/json"));
        var empty = await api.Client.PostAsync("/api/evaluations", new StringContent("", Encoding.UTF8, "application/json"));
        var array = await api.Client.PostAsync("/api/evaluations", new StringContent("[1, 2]", Encoding.UTF8, "application/json"));

        Assert.AreEqual(HttpStatusCode.BadRequest, malformed.StatusCode);
        Expect.Contains("JSON mal formé", await malformed.Content.ReadAsStringAsync());
        Assert.AreEqual(HttpStatusCode.BadRequest, empty.StatusCode);
        Expect.Contains("Profil manquant", await empty.Content.ReadAsStringAsync());
        Assert.AreEqual(HttpStatusCode.BadRequest, array.StatusCode);
    }

    [TestMethod]
    public async Task BodyOverTheLimitIs413()
    {
        await using var api = await Api.StartAsync(new() { ["Cadrage:Api:TailleMaxOctets"] = "2048" });
        var json = RealRules.Example("ca-nevers");
        json["description"] = new string('x', 5000);

        var response = await api.Client.PostAsync("/api/evaluations", Json(json));

        Assert.AreEqual(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Expect.Contains("Profil trop volumineux", await response.Content.ReadAsStringAsync());
    }

    [TestMethod]
    public async Task UnknownEvaluationIs404()
    {
        await using var api = await Api.StartAsync();

        var response = await api.Client.GetAsync("/api/evaluations/inconnue");

        Assert.AreEqual(HttpStatusCode.NotFound, response.StatusCode);
        Expect.Contains("Évaluation inconnue", await response.Content.ReadAsStringAsync());
    }

    [TestMethod]
    public async Task ApiKeyWhenConfigured()
    {
        await using var api = await Api.StartAsync(new() { ["Cadrage:Api:Cle"] = "cle-de-test-tres-longue" });

        var without = await api.Client.GetAsync("/api/referentiel");
        var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/referentiel");
        wrong.Headers.Add("X-Api-Key", "mauvaise-cle-de-test");
        var right = new HttpRequestMessage(HttpMethod.Get, "/api/referentiel");
        right.Headers.Add("X-Api-Key", "cle-de-test-tres-longue");

        Assert.AreEqual(HttpStatusCode.Unauthorized, without.StatusCode);
        Expect.Contains("Clé d'API manquante ou invalide", await without.Content.ReadAsStringAsync());
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await api.Client.SendAsync(wrong)).StatusCode);
        Assert.AreEqual(HttpStatusCode.OK, (await api.Client.SendAsync(right)).StatusCode);
        Assert.AreEqual(HttpStatusCode.OK, (await api.Client.GetAsync("/health")).StatusCode, "la santé reste publique");
    }

    [TestMethod]
    public async Task ReferentielRulesHealthAndOpenApi()
    {
        await using var api = await Api.StartAsync();

        var referentiel = JObject.Parse(await api.Client.GetStringAsync("/api/referentiel"));
        var rules = JObject.Parse(await api.Client.GetStringAsync("/api/regles"));
        var health = await api.Client.GetAsync("/health");
        var openApi = await api.Client.GetStringAsync("/openapi/v1.json");

        Assert.AreEqual(5, ((JArray)referentiel["questions"]!).Count);
        Assert.AreEqual(RealRules.Kb.Indicators.Count, ((JArray)referentiel["indicateurs"]!).Count);
        Assert.AreEqual(RealRules.Kb.Version, (string?)rules["version"]);
        Assert.AreEqual(RealRules.Kb.Rules.Count, (int)rules["regles"]!);
        Assert.IsTrue((bool)rules["dernierRechargement"]!["succes"]!);
        Assert.AreEqual(HttpStatusCode.OK, health.StatusCode);
        Expect.Contains("prêt", await health.Content.ReadAsStringAsync());
        Expect.Contains("Évaluer un profil de territoire", openApi);
        Expect.Contains("/api/evaluations/{id}", openApi);
    }

    [TestMethod]
    public async Task RulesEndpointShowsAFailedReloadWhileTheOldVersionServes()
    {
        await using var api = await Api.StartAsync();
        var holder = api.Host.Services.GetRequiredService<RuleSetHolder>();

        api.Fixture.Rules.Edit("regles/lieux.json", w => RulesCopy.Rule(w, "itinerance-faible-densite")["Expression"] = "profil.densite <");
        // The watcher may catch the file half-written first; it reloads again once the write settles.
        await ServiceFixture.WaitUntil(() => !holder.LastReload.Succes && holder.LastReload.Erreurs.Any(e => e.Contains("itinerance-faible-densite", StringComparison.Ordinal)), "échec du rechargement");

        var rules = JObject.Parse(await api.Client.GetStringAsync("/api/regles"));
        Assert.AreEqual(RealRules.Kb.Version, (string?)rules["version"]);
        Assert.IsFalse((bool)rules["dernierRechargement"]!["succes"]!);
        Expect.Contains("itinerance-faible-densite", rules["dernierRechargement"]!["erreurs"]![0]!.ToString());
        Assert.AreEqual(HttpStatusCode.Created, (await api.Client.PostAsync("/api/evaluations", Json(RealRules.Example("ca-nevers")))).StatusCode);
    }

    [TestMethod]
    public async Task ConcurrentRequestsAreServedWhileRulesReload()
    {
        await using var api = await Api.StartAsync();
        var holder = api.Host.Services.GetRequiredService<RuleSetHolder>();
        var before = holder.Current.Version;
        var profile = RealRules.Example("cc-provence-verdon").ToString();

        var requests = Enumerable.Range(0, 60).Select(async i =>
        {
            await Task.Delay(i * 10);
            if (i == 15)
            {
                api.Fixture.Rules.Edit("regles/pilotage.json", w => RulesCopy.Rule(w, "inciter-ingenierie-appui")["Properties"]!["poids"] = 40);
            }
            var response = await api.Client.PostAsync("/api/evaluations", new StringContent(profile, Encoding.UTF8, "application/json"));
            Assert.AreEqual(HttpStatusCode.Created, response.StatusCode, await response.Content.ReadAsStringAsync());
            return (response.StatusCode, Version: response.Headers.GetValues("X-Cadrage-Version").Single());
        }).ToList();
        var results = await Task.WhenAll(requests);
        await ServiceFixture.WaitUntil(() => holder.Current.Version != before, "rechargement");
        var last = await api.Client.PostAsync("/api/evaluations", new StringContent(profile, Encoding.UTF8, "application/json"));

        Assert.IsTrue(results.All(r => r.StatusCode == HttpStatusCode.Created));
        Assert.IsTrue(results.All(r => r.Version == before || r.Version == holder.Current.Version));
        Assert.AreEqual(holder.Current.Version, last.Headers.GetValues("X-Cadrage-Version").Single());
        Assert.AreEqual(61, api.Host.Services.GetRequiredService<EvaluationJournal>().Count());
    }

    [TestMethod]
    public async Task InboxEvaluationsAreInTheJournalToo()
    {
        await using var api = await Api.StartAsync();

        api.Fixture.Drop("nevers.json", ServiceFixture.Profile("ca-nevers", "245804406"));
        await ServiceFixture.WaitUntil(() => File.Exists(Path.Combine(api.Fixture.Archive, "nevers.json")), "archivage");

        var entry = api.Host.Services.GetRequiredService<EvaluationJournal>().ForTerritory("245804406").Single();
        Assert.AreEqual(EvaluationJournal.OriginInbox, entry.Origine);
        Assert.AreEqual(EvaluationJournal.Hash(File.ReadAllText(Path.Combine(api.Fixture.Archive, "nevers.json"))), entry.EmpreinteProfil);
    }

    private static StringContent Json(JObject json) => new(json.ToString(), Encoding.UTF8, "application/json");

    /// <summary>A started service with an HTTP client on its API.</summary>
    private sealed class Api : IAsyncDisposable
    {
        private Api(ServiceFixture fixture, IHost host, Task<int> run, CancellationTokenSource stop)
        {
            Fixture = fixture;
            Host = host;
            _run = run;
            _stop = stop;
            Client = new HttpClient { BaseAddress = ServiceFixture.BaseAddress(host) };
        }

        private readonly Task<int> _run;
        private readonly CancellationTokenSource _stop;

        public ServiceFixture Fixture { get; }
        public IHost Host { get; }
        public HttpClient Client { get; }

        public static async Task<Api> StartAsync(Dictionary<string, string?>? settings = null)
        {
            var fixture = new ServiceFixture();
            foreach (var (key, value) in settings ?? [])
            {
                fixture.Settings[key] = value;
            }
            var (run, stop, host) = fixture.Start();
            await ServiceFixture.WaitUntil(() => run.IsCompleted || Started(host), "démarrage de l'API");
            Assert.IsFalse(run.IsCompleted, "le service s'est arrêté au démarrage");
            return new Api(fixture, host, run, stop);
        }

        private static bool Started(IHost host)
        {
            try
            {
                return ServiceFixture.BaseAddress(host).Port != 0;
            }
            catch (Exception ex) when (ex is InvalidOperationException or UriFormatException or ObjectDisposedException)
            {
                return false;
            }
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await _stop.CancelAsync();
            await _run;
            Fixture.Dispose();
        }
    }
}
