using System.Diagnostics;
using System.Net;
using System.Text;
using Newtonsoft.Json.Linq;

namespace Cadrage.Rules.Hostile.Rules;

/// <summary>
/// One accepted rule whose single expression takes about a minute per evaluation when nothing stops it (56 s
/// measured on this 2-core machine under load): the time budget stops it inside the expression, the profile gets the French budget error, and
/// the service goes on with the next profiles.
/// </summary>
[TestClass]
public sealed class SlowExpressionTests
{
    private const string SlowRule = "lente";
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A rules folder that declares a free-text list (no allowed values: up to 1,000 items of 1,000 characters, the
    /// profile's limits) and a last rule of compatibility that, for each item, concatenates the whole list 18 times
    /// (one level of list function, within the expression's length and node limits: <c>rules validate</c> accepts it).
    /// Last in evaluation order: no check between rules comes after it.
    /// </summary>
    internal static void WriteSlowRules(string rules)
    {
        var catalogPath = Path.Combine(rules, "indicateurs.json");
        var catalog = JObject.Parse(File.ReadAllText(catalogPath));
        var indicators = (JArray)catalog["indicateurs"]!;
        var model = (JObject)indicators.First(i => (string?)i["type"] == "liste")!.DeepClone();
        model["id"] = "liste_libre";
        model["libelle"] = "liste libre (suite hostile)";
        model.Remove("valeurs");
        indicators.Add(model);
        File.WriteAllText(catalogPath, catalog.ToString());

        var workflowPath = Path.Combine(rules, "regles", "compatibilite.json");
        var workflow = JObject.Parse(File.ReadAllText(workflowPath));
        var list = (JArray)workflow["Rules"]!;
        var rule = (JObject)list[0]!.DeepClone();
        rule["RuleName"] = SlowRule;
        rule["Expression"] = SlowExpression;
        list.Add(rule);
        File.WriteAllText(workflowPath, workflow.ToString());
    }

    internal static string SlowExpression { get; } =
        "profil.liste_libre.Count(a => " + string.Join("||", Enumerable.Repeat("string.Concat(profil.liste_libre).Contains(a+\"!\")", 18)) + ") > 0";

    /// <summary>An example profile with the free list at its limits: 1,000 distinct items of 1,000 characters.</summary>
    internal static string SlowProfile(string id)
    {
        var profile = JObject.Parse(File.ReadAllText(Directory.EnumerateFiles(Repo.Examples, "*.json").Order(StringComparer.Ordinal).First()));
        profile.Remove("$schema");
        profile["id"] = id;
        ((JObject)profile["indicateurs"]!)["liste_libre"] = new JObject
        {
            ["valeur"] = new JArray(Enumerable.Range(0, 1000).Select(i => new string('-', 995) + i.ToString("00000", System.Globalization.CultureInfo.InvariantCulture))),
            ["source"] = "suite hostile",
            ["millesime"] = "2026",
        };
        return profile.ToString(Newtonsoft.Json.Formatting.None);
    }

    [TestMethod]
    public async Task ASlowExpressionIsStoppedAtTheBudgetAndTheServiceGoesOn()
    {
        using var work = new TempFolder("expression-lente");
        var rules = Path.Combine(work.Path, "rules");
        TempFolder.Copy(Repo.Rules, rules);
        WriteSlowRules(rules);
        using var service = CadrageExe.Serve(work.Path, rules, CadrageExe.FreePort(),
            "--Cadrage:Api:TailleMaxOctets=4194304", "--Cadrage:Service:AttenteFichierIncompletS=0", "--Cadrage:Service:StabiliteMs=200");
        await service.WaitReadyAsync();
        var watch = Stopwatch.StartNew();
        var longest = TimeSpan.Zero;

        // The API: the slow profile is refused at the budget (422, French, naming the rule); a valid one then passes.
        for (var i = 0; i < 2; i++)
        {
            var request = Stopwatch.StartNew();
            using var slow = await service.Client.PostAsync("/api/evaluations", new StringContent(SlowProfile("lent-api-" + i), Encoding.UTF8, "application/json"));
            longest = request.Elapsed > longest ? request.Elapsed : longest;
            var body = await slow.Content.ReadAsStringAsync();
            Assert.AreEqual(HttpStatusCode.UnprocessableEntity, slow.StatusCode, body);
            StringAssert.Contains(body, $"budget de {Budget.TotalMilliseconds:0} ms dépassé");
            StringAssert.Contains(body, $"« {SlowRule} »");
            Assert.IsNull(French.Problem((string)JObject.Parse(body)["detail"]!), body);
        }
        using (var valid = await service.Client.PostAsync("/api/evaluations", new StringContent(File.ReadAllText(Directory.EnumerateFiles(Repo.Examples, "*.json").First()), Encoding.UTF8, "application/json")))
        {
            Assert.AreEqual(HttpStatusCode.Created, valid.StatusCode, await valid.Content.ReadAsStringAsync());
        }

        // The inbox: the slow profile goes to errors with its reason; the valid ones dropped with it are evaluated.
        var data = Path.Combine(work.Path, "data");
        var inbox = Path.Combine(data, "inbox");
        Directory.CreateDirectory(inbox);
        File.WriteAllText(Path.Combine(inbox, ".lent.part"), SlowProfile("lent-boite"));
        File.Move(Path.Combine(inbox, ".lent.part"), Path.Combine(inbox, "lent.json"));
        var examples = Directory.EnumerateFiles(Repo.Examples, "*.json").Take(3).ToList();
        foreach (var example in examples)
        {
            File.Copy(example, Path.Combine(inbox, "." + Path.GetFileName(example) + ".part"));
            File.Move(Path.Combine(inbox, "." + Path.GetFileName(example) + ".part"), Path.Combine(inbox, Path.GetFileName(example)));
        }
        var inboxWatch = Stopwatch.StartNew();
        while (Directory.EnumerateFiles(inbox, "*.json").Any() && inboxWatch.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(100);
        }
        Assert.IsFalse(Directory.EnumerateFiles(inbox, "*.json").Any(), "la boîte d'entrée ne s'est pas vidée en 60 s");
        var reason = File.ReadAllText(Path.Combine(data, "errors", "lent.json.erreur.txt"));
        StringAssert.Contains(reason, "budget de 2000 ms dépassé");
        StringAssert.Contains(reason, $"« {SlowRule} »");
        Assert.AreEqual(examples.Count, Directory.EnumerateFiles(Path.Combine(data, "outbox"), "*.json").Count(), "profils valides évalués après le profil lent");

        using var health = await service.Client.GetAsync("/health");
        Assert.AreEqual(HttpStatusCode.OK, health.StatusCode);
        watch.Stop();
        Figures.Record(new Figure("expression lente (56 s par évaluation sans borne)", 3, 3, 0, 0, longest > Budget + TimeSpan.FromSeconds(3) ? 1 : 0,
            Figures.Ms(longest), Figures.S(watch.Elapsed), "arrêtée au budget de 2 s dans l'expression : 2 × 422 par l'API, 1 erreur dans la boîte d'entrée, puis les profils valides évalués"));
        // The budget stops it in the expression, not after it: well under the minute the rule takes to its end.
        Assert.IsTrue(longest < Budget + TimeSpan.FromSeconds(8), $"réponse la plus lente {longest}");
        Assert.AreEqual(0, await service.StopAsync(30), "arrêt propre");
    }
}
