using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Worker.Atelier;

namespace Cadrage.Rules.Atelier.Tests;

/// <summary>The atelier's calls: security (CSP, anti-forgery, key cookie), evaluation, search, sandbox, patch and write.</summary>
[TestClass]
public sealed class AtelierHttpTests
{
    private static AtelierHost _host = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) => _host = await AtelierHost.StartAsync();

    [ClassCleanup]
    public static async Task StopAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
    }

    private static async Task<(HttpClient Client, string Token)> SessionAsync(AtelierHost? host = null)
    {
        var client = (host ?? _host).Client();
        return (client, await AtelierHost.TokenAsync(client));
    }

    private static HttpRequestMessage Post(string path, string token, object body) =>
        new(HttpMethod.Post, path) { Headers = { { "X-Cadrage-Jeton", token } }, Content = JsonContent.Create(body) };

    [TestMethod]
    public async Task ThePageIsServedWithItsOwnStrictPolicyAndAllItsFilesFromTheApp()
    {
        using var client = _host.Client();
        var response = await client.GetAsync("/");
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        StringAssert.Contains(csp, "script-src 'self'");
        Assert.IsFalse(csp.Contains("unsafe", StringComparison.Ordinal), csp);
        Assert.AreEqual("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        var html = await response.Content.ReadAsStringAsync();
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(html, "(?:src|href)=\"([^\"#]+)\""))
        {
            var url = m.Groups[1].Value;
            if (url.StartsWith("data:", StringComparison.Ordinal))
            {
                continue;
            }
            Assert.IsTrue(url.StartsWith('/'), $"ressource hors de l'application : {url}");
            Assert.AreEqual(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode, url);
        }
        foreach (var module in new[] { "app", "dom", "territoire", "resultat", "comparer", "journal", "regles", "bac-a-sable", "carte" })
        {
            // The SVG namespace is a name, not an address the page calls.
            var js = (await client.GetStringAsync($"/atelier/js/{module}.js")).Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal);
            Assert.IsFalse(js.Contains("innerHTML", StringComparison.Ordinal), $"{module}.js écrit du HTML brut");
            Assert.IsFalse(js.Contains("http://", StringComparison.Ordinal) || js.Contains("https://", StringComparison.Ordinal), $"{module}.js appelle une autre origine");
        }
    }

    [TestMethod]
    public async Task AStateChangingCallWithoutTheAntiForgeryTokenIsRefused()
    {
        var (client, token) = await SessionAsync();
        using (client)
        {
            var profile = await File.ReadAllTextAsync(Path.Combine(Repo.Root, "examples", "ca-nevers.json"));
            var refused = await client.PostAsync("/atelier/api/evaluations", new StringContent(profile, Encoding.UTF8, "application/json"));
            Assert.AreEqual(HttpStatusCode.BadRequest, refused.StatusCode);
            StringAssert.Contains(await refused.Content.ReadAsStringAsync(), "anti-falsification");

            var accepted = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/atelier/api/evaluations") { Headers = { { "X-Cadrage-Jeton", token } }, Content = new StringContent(profile, Encoding.UTF8, "application/json") });
            Assert.AreEqual(HttpStatusCode.Created, accepted.StatusCode);
            var body = JsonNode.Parse(await accepted.Content.ReadAsStringAsync())!;
            Assert.AreEqual("245804406", (string?)body["resultat"]!["territoire"]!["id"]);
            var id = (string)body["id"]!;
            // Recorded in the journal like the API's evaluations, its note and JSON downloadable.
            var list = JsonNode.Parse(await client.GetStringAsync("/atelier/api/evaluations?territoire=nevers"))!;
            Assert.IsTrue(list["elements"]!.AsArray().Any(e => (string?)e!["id"] == id));
            var note = await client.GetAsync($"/atelier/api/evaluations/{id}/note?telecharger=1");
            StringAssert.StartsWith(note.Content.Headers.ContentDisposition?.ToString(), "attachment");
            StringAssert.Contains(note.Headers.GetValues("Content-Security-Policy").Single(), "default-src 'none'");
        }
    }

    [TestMethod]
    public async Task AnInvalidProfileIsAFrenchProblemNamingItsPath()
    {
        var (client, token) = await SessionAsync();
        using (client)
        {
            var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/atelier/api/evaluations")
            {
                Headers = { { "X-Cadrage-Jeton", token } },
                Content = new StringContent("{\"id\":\"x\",\"nom\":\"X\",\"echelle\":\"epci\",\"indicateurs\":{\"densite\":\"beaucoup\"}}", Encoding.UTF8, "application/json"),
            });
            Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            StringAssert.Contains(problem["erreurs"]!.ToJsonString(), "$.indicateurs.densite");
        }
    }

    [TestMethod]
    public async Task TheSearchFindsAnEpciByNameWithoutAccentsOrByItsCode()
    {
        using var client = _host.Client();
        var byName = JsonNode.Parse(await client.GetStringAsync("/atelier/api/territoires?q=pays%20chatillonnais"))!.AsArray();
        Assert.AreEqual("242101434", (string?)byName[0]!["id"]);
        var byCode = JsonNode.Parse(await client.GetStringAsync("/atelier/api/territoires?q=2421014"))!.AsArray();
        Assert.AreEqual("242101434", (string?)byCode[0]!["id"]);
        var profile = JsonNode.Parse(await client.GetStringAsync("/atelier/api/territoires/242101434"))!;
        Assert.AreEqual("CC du Pays Châtillonnais", (string?)profile["nom"]);
    }

    [TestMethod]
    public async Task PastedCsvColumnsOfTheBatchBecomeProfiles()
    {
        var (client, token) = await SessionAsync();
        using (client)
        {
            var csv = "id;nom;echelle;population;densite\n1;Essai un;epci;12 000;25,5\n2;Essai deux;epci;40000;130\n";
            var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/atelier/api/profils/csv") { Headers = { { "X-Cadrage-Jeton", token } }, Content = new StringContent(csv, Encoding.UTF8, "text/csv") });
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.AreEqual(2, body["profils"]!.AsArray().Count, body.ToJsonString());
            Assert.AreEqual(25.5, (double)body["profils"]![0]!["indicateurs"]!["densite"]!);
        }
    }

    [TestMethod]
    public async Task AThresholdChangeListsTheTerritoriesThatFlipWithTheirReason()
    {
        var (client, token) = await SessionAsync();
        using (client)
        {
            var response = await client.SendAsync(Post("/atelier/api/bac-a-sable", token, new { parametres = new Dictionary<string, double> { ["seuil_polarisation_forte"] = 30 } }));
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, await response.Content.ReadAsStringAsync());
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            var flips = body["bascules"]!.AsArray();
            Assert.IsTrue(flips.Count > 0);
            foreach (var flip in flips)
            {
                Assert.AreNotEqual((string?)flip!["avant"], (string?)flip["apres"]);
                Assert.IsTrue(flip["raisons"]!.AsArray().Count > 0);
            }
            Assert.IsTrue(flips.Any(f => f!["raisons"]!.AsArray().Any(r => ((string)r!).Contains("Part de la première commune", StringComparison.Ordinal) && ((string)r!).Contains("30", StringComparison.Ordinal))));
            var lieux = body["distributions"]!.AsArray().Single(d => (string?)d!["question"] == "lieux")!;
            Assert.IsTrue(lieux["options"]!.AsArray().Any(o => (int)o!["avant"]! != (int)o["apres"]!), "la distribution des géométries bouge");
            Assert.AreEqual(body["territoires"]!.GetValue<int>(), body["apres"]!["lieux"]!.AsArray().Count);

            // Out of its plausible range: refused, in French, with its range.
            var refused = await client.SendAsync(Post("/atelier/api/bac-a-sable", token, new { parametres = new Dictionary<string, double> { ["seuil_polarisation_forte"] = 1000 } }));
            Assert.AreEqual(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            StringAssert.Contains(await refused.Content.ReadAsStringAsync(), "plage plausible");
        }
    }

    [TestMethod]
    public async Task AWeightChangeIsEvaluatedOnARecompiledCopyAndExportedAsAPatch()
    {
        var (client, token) = await SessionAsync();
        using (client)
        {
            // The main support of the agglomeration-type pole in urban EPCI, made nearly weightless.
            var kb = RuleSet.Load(Repo.Rules);
            var rule = kb.RulesByName["pole-epci-urbain"];
            var change = new { poids = new Dictionary<string, double> { [rule.Name] = 0.5 } };
            var response = await client.SendAsync(Post("/atelier/api/bac-a-sable", token, change));
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, await response.Content.ReadAsStringAsync());
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.AreNotEqual((string?)body["version"], (string?)body["variante"]);
            Assert.IsTrue(body["bascules"]!.AsArray().Count > 0, $"un poids de 0,5 pour {rule.Name} change des territoires");

            var patch = await client.SendAsync(Post("/atelier/api/bac-a-sable/correctif", token, change));
            var text = await patch.Content.ReadAsStringAsync();
            StringAssert.Contains(text, $"+++ b/rules/{rule.File}");
            StringAssert.Contains(text, "\"poids\": 0.5");
            Assert.AreEqual(1, text.Split('\n').Count(l => l.StartsWith('+') && !l.StartsWith("+++", StringComparison.Ordinal)), "une seule ligne changée :\n" + text);
        }
    }

    [TestMethod]
    public async Task TheSandboxWritesTheRulesOnlyWhenTheSettingAllowsItThenTheHotReloadServesThem()
    {
        var (client, token) = await SessionAsync();
        using (client)
        {
            var forbidden = await client.SendAsync(Post("/atelier/api/bac-a-sable/ecrire", token, new { parametres = new Dictionary<string, double> { ["seuil_polarisation_forte"] = 35 } }));
            Assert.AreEqual(HttpStatusCode.Forbidden, forbidden.StatusCode);
        }
        await using var writable = await AtelierHost.StartAsync(new() { ["Cadrage:Atelier:EcritureRegles"] = "true" });
        var (writer, writerToken) = await SessionAsync(writable);
        using (writer)
        {
            var before = JsonNode.Parse(await writer.GetStringAsync("/atelier/api/etat"))!["version"]!.GetValue<string>();
            var written = await writer.SendAsync(Post("/atelier/api/bac-a-sable/ecrire", writerToken, new { parametres = new Dictionary<string, double> { ["seuil_polarisation_forte"] = 35 } }));
            Assert.AreEqual(HttpStatusCode.OK, written.StatusCode, await written.Content.ReadAsStringAsync());
            var after = JsonNode.Parse(await writer.GetStringAsync("/atelier/api/etat"))!["version"]!.GetValue<string>();
            Assert.AreNotEqual(before, after);
            Assert.AreEqual(35, RuleSet.Load(writable.RulesDirectory).Parameters["seuil_polarisation_forte"].Value);
        }
    }

    [TestMethod]
    public void EveryRuleConditionIsWrittenInWordsWithoutIds()
    {
        var kb = RuleSet.Load(Repo.Rules);
        foreach (var rule in kb.Rules)
        {
            var text = RuleText.Condition(kb, rule.Expression);
            Assert.IsFalse(text.Contains("profil.", StringComparison.Ordinal), $"{rule.Name} : {text}");
            foreach (var parameter in rule.Parameters)
            {
                Assert.IsFalse(text.Contains(parameter, StringComparison.Ordinal), $"{rule.Name} : {text}");
                StringAssert.Contains(text, kb.Parameters[parameter].Formatted, $"{rule.Name} : la valeur du seuil, avec son unité");
            }
            foreach (var indicator in rule.Indicators.Select(i => kb.Indicators[i]).Where(d => !d.Calcule))
            {
                StringAssert.Contains(text, indicator.Libelle, $"{rule.Name} : {text}");
            }
        }
    }

    [TestMethod]
    public void TheCentreOfATerritoryIsWeightedByThePopulationOfItsCommunes()
    {
        var (lat, lon) = EpciBatch.Centre([
            new("1", "A", 3000, null, 46.0, 4.0, null),
            new("2", "B", 1000, null, 48.0, 0.0, null),
            new("3", "C", null, null, null, null, null),
        ]);
        Assert.AreEqual(46.5, lat!.Value, 1e-9);
        Assert.AreEqual(3.0, lon!.Value, 1e-9);
        Assert.AreEqual((null, null), EpciBatch.Centre([]));
    }

    [TestMethod]
    public void AUnifiedDiffOfOneReplacedLineHasThreeLinesOfContext()
    {
        var before = string.Join('\n', Enumerable.Range(1, 10).Select(i => $"ligne {i}")) + "\n";
        var after = before.Replace("ligne 5", "ligne cinq", StringComparison.Ordinal);
        var diff = UnifiedDiff.Create("rules/x.json", before, after);
        Assert.AreEqual("--- a/rules/x.json\n+++ b/rules/x.json\n@@ -2,7 +2,7 @@\n ligne 2\n ligne 3\n ligne 4\n-ligne 5\n+ligne cinq\n ligne 6\n ligne 7\n ligne 8\n", diff);
    }

    private static HttpRequestMessage PostText(string path, string token, string json) =>
        new(HttpMethod.Post, path) { Headers = { { "X-Cadrage-Jeton", token } }, Content = new StringContent(json, Encoding.UTF8, "application/json") };

    [TestMethod]
    public async Task AnEvaluationCarriesTheExplanationsAConsultantNeedsUnlessAskedWithout()
    {
        var (client, token) = await SessionAsync();
        using (client)
        {
            var profile = await File.ReadAllTextAsync(Path.Combine(Repo.Root, "examples", "cc-provence-verdon.json"));
            var full = JsonNode.Parse(await (await client.SendAsync(PostText("/atelier/api/evaluations", token, profile))).Content.ReadAsStringAsync())!["resultat"]!;
            var explications = full["explications"]!;
            Assert.AreEqual("completes", (string?)explications["niveau"]);
            Assert.IsNotEmpty(explications["pourquoiPas"]!.AsArray(), "pourquoi pas l'autre option");
            foreach (var w in explications["pourquoiPas"]!.AsArray())
            {
                // Set aside, held only as a complement of the geometry, or tied (to arbitrate in COPIL).
                StringAssert.Matches((string)w!["phrase"]!, new System.Text.RegularExpressions.Regex("n'est pas retenue|est retenue en complément, pas comme forme principale|est à égalité avec"));
            }
            Assert.IsNotEmpty(explications["ceQuiFeraitChanger"]!.AsArray(), "ce qui ferait changer la recommandation");
            Assert.IsNotEmpty(explications["sensibilite"]!.AsArray());

            var none = JsonNode.Parse(await (await client.SendAsync(PostText("/atelier/api/evaluations?explications=aucune", token, profile))).Content.ReadAsStringAsync())!["resultat"]!;
            Assert.IsNull(none["explications"]);
            var wrong = await client.SendAsync(PostText("/atelier/api/evaluations?option=pilotage:nulle-part", token, profile));
            Assert.AreEqual(HttpStatusCode.BadRequest, wrong.StatusCode);
            StringAssert.Contains(await wrong.Content.ReadAsStringAsync(), "option « pilotage:nulle-part » inconnue");
        }
    }

    [TestMethod]
    public async Task WhyNotAGivenOptionIsAnsweredWithoutWritingTheJournal()
    {
        var (client, token) = await SessionAsync();
        using (client)
        {
            var profile = await File.ReadAllTextAsync(Path.Combine(Repo.Root, "examples", "cc-provence-verdon.json"));
            var before = (long)JsonNode.Parse(await client.GetStringAsync("/atelier/api/evaluations"))!["total"]!;
            var response = await client.SendAsync(PostText("/atelier/api/explications?option=pilotage:laisser-faire", token, profile));
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
            var explications = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["explications"]!;
            var whyNot = explications["pourquoiPas"]!.AsArray().Single(w => (string?)w!["question"] == "pilotage" && (string?)w["alternative"]!["id"] == "laisser-faire")!;
            StringAssert.Contains((string)whyNot["phrase"]!, "Laisser faire");
            Assert.IsTrue(explications["contrefactuels"]!.AsArray().Any(c => (string?)c!["cible"] == "pilotage:laisser-faire"), "ce qui la ferait retenir");
            Assert.AreEqual(before, (long)JsonNode.Parse(await client.GetStringAsync("/atelier/api/evaluations"))!["total"]!, "une question n'est pas une évaluation de plus au journal");
        }
    }

    [TestMethod]
    public async Task TwoTerritoriesAreComparedWithTheIndicatorsThatExplainTheirDifferences()
    {
        var (client, token) = await SessionAsync();
        using (client)
        {
            var a = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Repo.Root, "examples", "ca-nevers.json")));
            var b = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Repo.Root, "examples", "rennes-metropole.json")));
            var response = await client.SendAsync(Post("/atelier/api/comparaisons", token, new JsonObject { ["a"] = a, ["b"] = b }));
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.AreEqual("245804406", (string?)body["a"]!["territoire"]!["id"]);
            var questions = body["comparaison"]!["questions"]!.AsArray();
            var differing = questions.Where(q => (bool)q!["differe"]!).ToList();
            Assert.IsNotEmpty(differing, "une agglomération moyenne et une métropole diffèrent");
            Assert.IsTrue(differing.Any(q => q!["indicateurs"]!.AsArray().Count > 0), "les indicateurs qui expliquent l'écart");
            foreach (var rule in differing.SelectMany(q => q!["indicateurs"]!.AsArray()).SelectMany(i => i!["regles"]!.AsArray()).Select(r => (string)r!))
            {
                // Each rule named by the comparison has its words for the page.
                StringAssert.Matches((string?)body["regles"]![rule], new System.Text.RegularExpressions.Regex("^(soutien|opposition|exclusion|affinité|tension|incompatibilité|sans effet|option requise).* de .*«"), rule);
            }

            var bad = await client.SendAsync(Post("/atelier/api/comparaisons", token, new JsonObject { ["a"] = a!.DeepClone() }));
            Assert.AreEqual(HttpStatusCode.BadRequest, bad.StatusCode);
            StringAssert.Contains((string?)JsonNode.Parse(await bad.Content.ReadAsStringAsync())!["detail"], "\"b\": profil");
        }
    }
}
