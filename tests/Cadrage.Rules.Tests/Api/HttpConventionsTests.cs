using System.Net;
using System.Net.Sockets;
using System.Text;
using Cadrage.Rules.Worker.Api;
using Newtonsoft.Json.Linq;
using Serilog.Events;

namespace Cadrage.Rules.Tests.Api;

/// <summary>HTTP conventions: 201 Created, the journal listed with paging and filters, French problems for every
/// 4xx the host can produce, security headers, no server path in answers, one log event per request.</summary>
[TestClass]
public sealed class HttpConventionsTests
{
    [TestMethod]
    public async Task TheJournalIsListedNewestFirstWithPagingAndFilters()
    {
        await using var api = await ApiHost.StartAsync();
        var nevers = RealRules.Example("ca-nevers");
        foreach (var profile in new[] { nevers, RealRules.Example("rennes-metropole"), nevers })
        {
            Assert.AreEqual(HttpStatusCode.Created, (await api.PostProfile(profile)).StatusCode);
        }

        var all = JObject.Parse(await api.Client.GetStringAsync("/api/evaluations"));
        var page1 = JObject.Parse(await api.Client.GetStringAsync("/api/evaluations?territoire=245804406&taille=1"));
        var page2 = JObject.Parse(await api.Client.GetStringAsync((string)page1["suivante"]!));
        var version = JObject.Parse(await api.Client.GetStringAsync($"/api/evaluations?version={RealRules.Kb.Version}"));
        var otherVersion = JObject.Parse(await api.Client.GetStringAsync("/api/evaluations?version=autre"));
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var todayOnly = JObject.Parse(await api.Client.GetStringAsync($"/api/evaluations?depuis={today}&jusqua={today}"));
        var future = JObject.Parse(await api.Client.GetStringAsync("/api/evaluations?depuis=2999-01-01"));

        Assert.AreEqual(3, (int)all["total"]!);
        var dates = all["elements"]!.Select(e => (DateTime)e["horodatage"]!).ToList();
        CollectionAssert.AreEqual(dates.OrderByDescending(d => d).ToList(), dates, "les plus récentes d'abord");
        Assert.AreEqual("245804406", (string?)all["elements"]![0]!["territoire"]!["id"]);
        Assert.AreEqual($"/api/evaluations/{all["elements"]![0]!["id"]}", (string?)all["elements"]![0]!["lien"]);
        Assert.IsNull(all["elements"]![0]!["profil"], "la liste ne porte ni profil ni résultat");
        Assert.AreEqual(2, (int)page1["total"]!);
        Assert.AreEqual(1, ((JArray)page1["elements"]!).Count);
        Assert.AreEqual(2, (int)page2["page"]!);
        Assert.AreEqual(JTokenType.Null, page2["suivante"]!.Type, "dernière page");
        Assert.AreNotEqual((string?)page1["elements"]![0]!["id"], (string?)page2["elements"]![0]!["id"]);
        Assert.AreEqual(3, (int)version["total"]!);
        Assert.AreEqual(0, (int)otherVersion["total"]!);
        Assert.AreEqual(3, (int)todayOnly["total"]!, "une date seule vaut pour toute la journée");
        Assert.AreEqual(0, (int)future["total"]!);
    }

    [TestMethod]
    public async Task BadListingParametersAreNamedInFrench()
    {
        await using var api = await ApiHost.StartAsync();

        var response = await api.Client.GetAsync("/api/evaluations?page=0&taille=500&depuis=hier");

        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ApiHost.Problem(response);
        Assert.AreEqual("Paramètre invalide", (string?)problem["title"]);
        Expect.Contains("page « 0 » : un nombre entier de 1", (string)problem["detail"]!);
        Expect.Contains("taille « 500 » : un nombre entier de 1 à 200", (string)problem["detail"]!);
        Expect.Contains("depuis « hier » : une date AAAA-MM-JJ", (string)problem["detail"]!);
    }

    [TestMethod]
    public async Task EveryClientErrorTheHostProducesIsAFrenchProblem()
    {
        await using var api = await ApiHost.StartAsync();
        var profile = RealRules.Example("ca-nevers").ToString();

        var noContentType = await api.Client.PostAsync("/api/evaluations", new ByteArrayContent(Encoding.UTF8.GetBytes(profile)));
        var text = await api.Client.PostAsync("/api/evaluations", new StringContent(profile, Encoding.UTF8, "text/plain"));
        var unknown = await api.Client.GetAsync("/api/inconnu");
        var method = await api.Client.DeleteAsync("/api/regles");
        var longUri = await api.Client.GetAsync("/api/evaluations?territoire=" + new string('a', 9000));
        var bigHeaders = new HttpRequestMessage(HttpMethod.Get, "/api/regles");
        bigHeaders.Headers.Add("X-Remplissage", new string('b', 40_000));
        var headers = await api.Client.SendAsync(bigHeaders);

        foreach (var (response, status, title) in new[]
        {
            (noContentType, 415, "Type de contenu non pris en charge"), (text, 415, "Type de contenu non pris en charge"),
            (unknown, 404, "Ressource introuvable"), (method, 405, "Méthode non permise"),
            (longUri, 414, "Adresse trop longue"), (headers, 431, "En-têtes de requête trop volumineux"),
        })
        {
            Assert.AreEqual(status, (int)response.StatusCode);
            var problem = await ApiHost.Problem(response);
            Assert.AreEqual(title, (string?)problem["title"]);
            Assert.AreEqual(status, (int)problem["status"]!);
            Assert.IsFalse(string.IsNullOrWhiteSpace((string?)problem["detail"]));
        }
        Expect.Contains("Content-Type: application/json", (string)(await ApiHost.Problem(text))["detail"]!);
    }

    [TestMethod]
    public async Task SecurityHeadersOnJsonHtmlAndProblems()
    {
        await using var api = await ApiHost.StartAsync();

        var json = await api.Client.GetAsync("/api/regles");
        var html = await api.PostProfile(RealRules.Example("ca-nevers"), "?format=html");
        var problem = await api.Client.GetAsync("/api/evaluations/inconnue");

        foreach (var response in new[] { json, html, problem })
        {
            Assert.AreEqual("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.AreEqual("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.AreEqual("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            Expect.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
            Assert.IsFalse(response.Headers.Contains("Server"));
        }
        Assert.AreEqual(SecurityHeaders.ApiPolicy, json.Headers.GetValues("Content-Security-Policy").Single());
        Assert.AreEqual(SecurityHeaders.NotePolicy, html.Headers.GetValues("Content-Security-Policy").Single(), "la note : styles en ligne, aucun script");
    }

    [TestMethod]
    public async Task NoAnswerShowsAPathOfTheServer()
    {
        await using var api = await ApiHost.StartAsync();
        var root = api.Fixture.Root;

        var rules = await api.Client.GetStringAsync("/api/regles");
        var health = await api.Client.GetStringAsync("/health");

        Assert.AreEqual(Path.GetFileName(api.Fixture.Rules.Directory), (string?)JObject.Parse(rules)["dossier"]);
        foreach (var body in new[] { rules, health })
        {
            Assert.IsFalse(body.Contains(root, StringComparison.Ordinal) || body.Contains(Path.GetTempPath(), StringComparison.Ordinal), body);
        }
    }

    [TestMethod]
    public async Task HealthAndTheContractAnswerWithoutTheKeyTheDataDoesNot()
    {
        await using var api = await ApiHost.StartAsync(new() { ["Cadrage:Api:Cle"] = "cle-de-test-tres-longue" });

        Assert.AreEqual(HttpStatusCode.OK, (await api.Client.GetAsync("/health")).StatusCode);
        Assert.AreEqual(HttpStatusCode.OK, (await api.Client.GetAsync("/openapi/v1.json")).StatusCode);
        Assert.AreEqual(HttpStatusCode.OK, (await api.Client.GetAsync("/reference")).StatusCode);
        foreach (var path in new[] { "/api/regles", "/api/referentiel", "/api/evaluations", "/api/evaluations/x" })
        {
            Assert.AreEqual(HttpStatusCode.Unauthorized, (await api.Client.GetAsync(path)).StatusCode, path);
        }
    }

    [TestMethod]
    public async Task EachRequestIsLoggedOnceWithItsEvaluationAndTerritory()
    {
        await using var api = await ApiHost.StartAsync();

        var created = await api.PostProfile(RealRules.Example("ca-nevers"));
        var id = created.Headers.GetValues("X-Cadrage-Evaluation").Single();
        await api.Client.GetAsync($"/api/evaluations/{id}");
        await api.Client.PostAsync("/api/evaluations", new StringContent("{", Encoding.UTF8, "text/plain"));

        var requests = api.Fixture.Sink.Events.Where(e => e.MessageTemplate.Text.StartsWith("HTTP {RequestMethod}", StringComparison.Ordinal)).ToList();
        var post = requests.Single(e => Scalar(e, "RequestMethod") == "POST" && Scalar(e, "StatusCode") == "201");
        Assert.AreEqual(id, Scalar(post, "EvaluationId"));
        Assert.AreEqual("245804406", Scalar(post, "TerritoireId"));
        var get = requests.Single(e => Scalar(e, "RequestMethod") == "GET" && Scalar(e, "RequestPath") == $"/api/evaluations/{id}");
        Assert.AreEqual("245804406", Scalar(get, "TerritoireId"));
        var refused = requests.Single(e => Scalar(e, "StatusCode") == "415");
        Assert.AreEqual(LogEventLevel.Warning, refused.Level, "un refus 4xx est visible");
        var during = api.Fixture.Sink.Events.Where(e => e.Properties.ContainsKey("EvaluationId") && !requests.Contains(e)).ToList();
        Assert.IsTrue(during.Count > 0 && during.All(e => Scalar(e, "EvaluationId") == id), "les événements de l'évaluation portent son identifiant");
        Assert.IsTrue(during.Where(e => e.Properties.ContainsKey("TerritoireId")).Any());
    }

    private static string? Scalar(LogEvent e, string name) =>
        e.Properties.TryGetValue(name, out var value) ? (value as ScalarValue)?.Value?.ToString() : null;
}
