using Cadrage.Rules.Profiles;
using Cadrage.Rules.Worker.Cli;
using Cadrage.Rules.Worker.Import;
using Newtonsoft.Json.Linq;

namespace Cadrage.Rules.Tests.Import;

[TestClass]
public sealed class DecoupageImporterTests
{
    private static string Sample(string name) => Path.Combine(AppContext.BaseDirectory, "Import", "echantillon", name);

    private static string? SharedData(string name)
    {
        var path = Path.Combine(Repo.Root, "..", "shared", "data", name);
        return File.Exists(path) ? path : null;
    }

    private static Dictionary<string, JObject> Import(string echelle, bool enrich)
    {
        var importer = new DecoupageImporter(File.ReadAllText(Sample("epci.json")), File.ReadAllText(Sample("communes.json")));
        if (enrich)
        {
            using var csv = new StreamReader(SharedData("communes-indicateurs.csv")!);
            importer.AddIndicators(csv);
            using var fs = new StreamReader(SharedData("france-services.csv")!);
            importer.AddFranceServices(fs);
        }
        var output = new StringWriter();
        if (echelle == "epci")
        {
            importer.WriteEpci(output);
        }
        else
        {
            importer.WriteCommunes(output);
        }
        return output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(JObject.Parse).ToDictionary(p => (string)p["id"]!);
    }

    private static object? Value(JObject profile, string indicator) => ((JValue?)profile["indicateurs"]![indicator]?["valeur"])?.Value;

    [TestMethod]
    public void EpciProfilesFromTheDecoupageAlone()
    {
        var profiles = Import("epci", enrich: false);

        Assert.AreEqual(3, profiles.Count);
        var rennes = profiles["243500139"];
        Assert.AreEqual("Rennes Métropole", (string?)rennes["nom"]);
        Assert.AreEqual("METRO", Value(rennes, "type_epci"));
        Assert.AreEqual("FPU", Value(rennes, "regime_fiscal"));
        Assert.AreEqual(43L, Value(rennes, "nombre_communes"));
        Assert.AreEqual(48.07, Value(rennes, "part_premiere_commune"));
        Assert.AreEqual(35L, Value(rennes, "communes_2000_plus"));
        Assert.AreEqual(20L, Value(rennes, "communes_5000_plus"));
        Assert.AreEqual("2026", (string?)rennes["indicateurs"]!["population"]!["millesime"]);
        Expect.Contains("decoupage-administratif", (string)rennes["indicateurs"]!["population"]!["source"]!);
        Assert.IsNull(Value(rennes, "densite"), "sans enrichissement, pas de densité");
        var chatillonnais = profiles["242101434"];
        Assert.AreEqual(97.2, Value(chatillonnais, "part_communes_moins_500"));
    }

    [TestMethod]
    public void EveryImportedProfileIsValidForTheRealRules()
    {
        foreach (var profile in Import("epci", enrich: false).Values.Concat(Import("commune", enrich: false).Values))
        {
            ProfileReader.Read(profile, "import", RealRules.Kb);
        }
    }

    [TestMethod]
    public void EnrichedEpciAggregateTheMembersAsTheDataReadmeSays()
    {
        if (SharedData("communes-indicateurs.csv") is null)
        {
            Assert.Inconclusive("../shared/data absent");
        }
        var profiles = Import("epci", enrich: true);
        var rennes = profiles["243500139"];

        Assert.AreEqual(705.04, Value(rennes, "superficie"));
        Assert.AreEqual(672.26, Value(rennes, "densite"));
        Assert.AreEqual(59.05, Value(rennes, "part_pop_densite_1"));
        Assert.AreEqual(17.66, Value(rennes, "part_pop_rurale"));
        Assert.AreEqual(96.63, Value(rennes, "bpe_proximite"));
        Assert.AreEqual(11.2, Value(rennes, "taux_chomage"));
        Assert.AreEqual(4L, Value(rennes, "france_services"));
        Assert.AreEqual(1L, Value(rennes, "france_services_itinerantes"));
        var shares = Enumerable.Range(1, 7).Sum(level => Convert.ToDouble(Value(rennes, $"part_pop_densite_{level}"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.AreEqual(100, shares, 0.05);
        foreach (var profile in profiles.Values)
        {
            ProfileReader.Read(profile, "import", RealRules.Kb);
        }
    }

    [TestMethod]
    public void MissingCodesAreReportedNotDropped()
    {
        if (SharedData("communes-indicateurs.csv") is null)
        {
            Assert.Inconclusive("../shared/data absent");
        }
        var importer = new DecoupageImporter(File.ReadAllText(Sample("epci.json")), File.ReadAllText(Sample("communes.json")));
        using (var csv = new StreamReader(SharedData("communes-indicateurs.csv")!))
        {
            importer.AddIndicators(csv);
        }
        importer.WriteEpci(new StringWriter());
        var report = importer.Report.Render();

        // CC Hautes Terres lists four communes re-established in 2025-2026 that the 2024 file does not have.
        Expect.Contains("membres d'EPCI sans ligne dans communes-indicateurs.csv (indicateurs agrégés sans eux) : 4", report);
        Expect.Contains("15031 (CC Hautes Terres)", report);
        // The rest of France is outside the sample: its rows are reported, not silently ignored.
        Expect.Contains("rattachées à aucun EPCI", report);
    }

    [TestMethod]
    public async Task ImportCommandWritesJsonl()
    {
        var output = Path.Combine(Path.GetTempPath(), "cadrage-tests", Guid.NewGuid().ToString("N"), "profils.jsonl");
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var code = await CadrageCli.RunAsync(["import", "decoupage", "--epci", Sample("epci.json"), "--communes", Sample("communes.json"), "--echelle", "commune", "--out", output], stdout, stderr,
            new Dictionary<string, string?> { ["Serilog:WriteTo:Fichier:Args:path"] = Path.Combine(Path.GetTempPath(), "cadrage-tests", "logs", "import-.json") });

        Assert.AreEqual(ExitCodes.Success, code, stderr.ToString());
        Assert.AreEqual(189, File.ReadAllLines(output).Length);
        Expect.Contains("189 profils écrits", stdout.ToString());
    }

    [TestMethod]
    public void CommittedFranceEpciHasEveryEpci()
    {
        var lines = File.ReadAllLines(Path.Combine(Repo.Examples, "france-epci.jsonl"));

        Assert.AreEqual(1255, lines.Length);
        Assert.AreEqual(1255, lines.Select(l => (string)JObject.Parse(l)["id"]!).Distinct().Count());
    }
}
