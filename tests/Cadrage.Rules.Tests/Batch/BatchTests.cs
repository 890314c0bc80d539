using Cadrage.Rules.Evaluation;
using Cadrage.Rules.Worker.Batch;
using Cadrage.Rules.Worker.Cli;
using Newtonsoft.Json.Linq;

namespace Cadrage.Rules.Tests.Batch;

[TestClass]
public sealed class BatchTests
{
    private static string TempDir() => Path.Combine(Path.GetTempPath(), "cadrage-tests", Guid.NewGuid().ToString("N"));

    /// <summary>The first real EPCI of examples/france-epci.jsonl, with an invalid line and a malformed line inserted.</summary>
    private static (string Input, List<string> Ids) SampleWithErrors(int count)
    {
        var lines = File.ReadLines(Path.Combine(Repo.Examples, "france-epci.jsonl")).Take(count).ToList();
        var ids = lines.Select(l => (string)JObject.Parse(l)["id"]!).ToList();
        var invalid = JObject.Parse(lines[3]);
        invalid["id"] = "invalide";
        invalid["indicateurs"]!["population"]!["valeur"] = -1;
        lines.Insert(4, invalid.ToString(Newtonsoft.Json.Formatting.None));
        lines.Insert(8, "{ \"id\": \"casse\", ");
        var dir = TempDir();
        Directory.CreateDirectory(dir);
        var input = Path.Combine(dir, "lot.jsonl");
        File.WriteAllLines(input, lines);
        return (input, ids);
    }

    [TestMethod]
    public async Task BatchWritesResultsInInputOrderAndKeepsGoingOnErrors()
    {
        var (input, ids) = SampleWithErrors(40);
        var output = TempDir();

        var summary = await new BatchRunner(RealRules.Kb, new EvaluationService(), parallelism: 4).RunAsync(BatchInput.Read(input, RealRules.Kb), output);

        Assert.AreEqual(40, summary.Territoires);
        Assert.AreEqual(2, summary.Erreurs);
        var compact = File.ReadAllLines(Path.Combine(output, BatchRunner.ResultsFile)).Select(JObject.Parse).ToList();
        CollectionAssert.AreEqual(ids, compact.Select(r => (string)r["territoire"]!["id"]!).ToList(), "ordre d'entrée, lisible dans la forme compacte");
        var full = Rebuilt(output);
        var results = full.Select(JObject.Parse).ToList();
        var single = new Evaluator().Evaluate(RealRules.Kb, Cadrage.Rules.Profiles.ProfileReader.Read(File.ReadLines(input).First(), "x", RealRules.Kb));
        Assert.AreEqual(Cadrage.Rules.Output.ResultJson.Serialize(single, indented: false), full[0], "même résultat qu'une évaluation seule, octet pour octet, une fois reconstruit");

        var bytes = File.ReadAllBytes(Path.Combine(output, BatchRunner.SummaryFile));
        CollectionAssert.AreEqual(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3], "UTF-8 avec BOM : Excel lit les accents");
        var synthese = File.ReadAllLines(Path.Combine(output, BatchRunner.SummaryFile));
        Assert.AreEqual("id;nom;pilotage;modalites;lieux;priorites;objectifs;score;convergence", synthese[0]);
        Assert.AreEqual(41, synthese.Length);
        Assert.IsTrue(synthese[1].StartsWith($"{ids[0]};", StringComparison.Ordinal));
        var decided = results.FindIndex(r => ((JArray)r["scenarios"]!).Count > 0);
        Assert.IsTrue(decided >= 0, "au moins un territoire avec un scénario");
        var first = results[decided]["scenarios"]![0]!;
        Expect.Contains($";{first["pilotage"]!["libelle"]};", synthese[decided + 1]);
        Expect.Contains($";{first["lieux"]!["libelle"]};", synthese[decided + 1]);
        var score = (double)first["score"]!;
        Expect.Contains($";{score.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture).Replace('.', ',')};", synthese[decided + 1], "virgule décimale");

        var errors = File.ReadAllLines(Path.Combine(output, BatchRunner.ErrorsFile)).Select(JObject.Parse).ToList();
        Assert.AreEqual(2, errors.Count);
        Assert.AreEqual("invalide", (string?)errors[0]["id"]);
        Assert.AreEqual("$.indicateurs.population.valeur", (string?)errors[0]["erreurs"]![0]!["chemin"]);
        Expect.Contains("lot.jsonl, ligne 5", (string)errors[0]["source"]!);
        Expect.Contains("JSON mal formé", (string)errors[1]["erreurs"]![0]!["message"]!);
        Assert.AreEqual(40, summary.ParPosture.Values.Sum());
    }

    /// <summary>The full results of a compact batch, rebuilt from resultats.jsonl and regles.json.</summary>
    private static List<string> Rebuilt(string output)
    {
        var reader = new Cadrage.Rules.Worker.Batch.Compact.CompactReader(Cadrage.Rules.Worker.Batch.Compact.CompactDictionary.Read(Path.Combine(output, BatchRunner.DictionaryFile)));
        return File.ReadLines(Path.Combine(output, BatchRunner.ResultsFile))
            .Select(l => Cadrage.Rules.Output.ResultJson.Serialize(reader.Read(System.Text.Encoding.UTF8.GetBytes(l)), indented: false)).ToList();
    }

    [TestMethod]
    public async Task TheFullFormOnRequestIsTheOutputContractOnEachLine()
    {
        var (input, ids) = SampleWithErrors(10);
        var output = TempDir();

        var code = await CadrageCli.RunAsync(["batch", input, "--out", output, "--forme", "complete", "--rules", Repo.Rules], TextWriter.Null, TextWriter.Null);

        Assert.AreEqual(ExitCodes.BatchWithErrors, code);
        var lines = File.ReadAllLines(Path.Combine(output, BatchRunner.ResultsFile));
        Assert.AreEqual(10, lines.Length);
        var single = new Evaluator().Evaluate(RealRules.Kb, Cadrage.Rules.Profiles.ProfileReader.Read(File.ReadLines(input).Skip(1).First(), "x", RealRules.Kb));
        Assert.AreEqual(Cadrage.Rules.Output.ResultJson.Serialize(single, indented: false), lines[1]);
        Assert.IsFalse(File.Exists(Path.Combine(output, BatchRunner.DictionaryFile)), "pas de dictionnaire pour la forme complète");
        CollectionAssert.AreEqual(ids, lines.Select(l => (string)JObject.Parse(l)["territoire"]!["id"]!).ToList());
    }

    [TestMethod]
    public async Task LinesAreReadAsBytesWithTheirNumbersAndInvalidUtf8IsReportedWithItsOffset()
    {
        var dir = TempDir();
        Directory.CreateDirectory(dir);
        var input = Path.Combine(dir, "lot.jsonl");
        var nevers = System.Text.Encoding.UTF8.GetBytes(RealRules.Example("ca-nevers").ToString(Newtonsoft.Json.Formatting.None));
        var broken = System.Text.Encoding.UTF8.GetBytes(RealRules.Example("ca-nevers").ToString(Newtonsoft.Json.Formatting.None).Replace("CA de Nevers", "CA de N\u00e9vers"));
        var at = Array.IndexOf(broken, (byte)'N', 30);
        broken[at] = 0xC3; // a lead byte followed by an ASCII letter: invalid UTF-8
        using (var file = File.Create(input))
        {
            file.Write([0xEF, 0xBB, 0xBF]); // a byte-order mark, as some editors write
            file.Write(nevers);
            file.Write("\r\n   \n"u8); // CRLF, then a blank line (skipped, still counted)
            file.Write(broken);
            file.Write("\n"u8);
            file.Write(nevers);
        }
        var output = Path.Combine(dir, "sortie");

        var summary = await new BatchRunner(RealRules.Kb, new EvaluationService(), 2).RunAsync(BatchInput.Read(input, RealRules.Kb), output);

        Assert.AreEqual(2, summary.Territoires);
        Assert.AreEqual(1, summary.Erreurs);
        Assert.AreEqual(3, BatchInput.Count(input), "trois profils, la ligne blanche ne compte pas");
        var error = JObject.Parse(File.ReadAllText(Path.Combine(output, BatchRunner.ErrorsFile)));
        Assert.AreEqual("lot.jsonl, ligne 3", (string?)error["source"]);
        var message = (string)error["erreurs"]![0]!["message"]!;
        Expect.Contains("UTF-8", message);
        Expect.Contains($"{at}", message.Replace("\u202f", "").Replace("\u00a0", ""));
    }

    [TestMethod]
    public async Task CsvInputHasOneColumnPerIndicator()
    {
        var dir = TempDir();
        Directory.CreateDirectory(dir);
        var input = Path.Combine(dir, "lot.csv");
        File.WriteAllText(input, """
            id,nom,echelle,type_epci,population,densite,part_pop_rurale,conventions,demarche_participative
            1,"CC A, la rurale",epci,CC,9000,12.5,100,CTG|CRTE,oui
            2,CA B,epci,CA,80000,300,,,
            3,CA C,epci,CA,beaucoup,300,,,
            """);
        var output = Path.Combine(dir, "sortie");

        var summary = await new BatchRunner(RealRules.Kb, new EvaluationService(), 2).RunAsync(BatchInput.Read(input, RealRules.Kb), output);

        Assert.AreEqual(2, summary.Territoires);
        Assert.AreEqual(1, summary.Erreurs);
        var first = JObject.Parse(File.ReadLines(Path.Combine(output, BatchRunner.ResultsFile)).First());
        Assert.AreEqual("CC A, la rurale", (string?)first["territoire"]!["nom"]);
        Expect.Contains(";CC A, la rurale;", File.ReadAllText(Path.Combine(output, BatchRunner.SummaryFile)));
        var error = JObject.Parse(File.ReadAllText(Path.Combine(output, BatchRunner.ErrorsFile)));
        Assert.AreEqual("$.indicateurs.population", (string?)error["erreurs"]![0]!["chemin"]);
    }

    [TestMethod]
    public async Task AFrenchExcelCsvIsReadAsIs()
    {
        var dir = TempDir();
        Directory.CreateDirectory(dir);
        var input = Path.Combine(dir, "lot-excel.csv");
        // What French Excel saves as « CSV UTF-8 (délimité par des points-virgules) »: BOM, « ; », decimal comma, CRLF.
        var text = "id;nom;echelle;type_epci;population;densite;part_pop_rurale;conventions\r\n"
            + "1;\"CC « A ; la rurale »\";epci;CC;9 000;12,5;100;CTG|CRTE\r\n"
            + "2;CA B;epci;CA;80000;300,25;;\r\n"
            + "3;\"CA \"C;epci;CA;1000;3;;\r\n"
            + "4;CA D;epci;CA;1000;3;;;;\r\n";
        File.WriteAllText(input, text, new System.Text.UTF8Encoding(true));
        var output = Path.Combine(dir, "sortie");

        var summary = await new BatchRunner(RealRules.Kb, new EvaluationService(), 2).RunAsync(BatchInput.Read(input, RealRules.Kb), output);

        Assert.AreEqual(2, summary.Territoires, File.ReadAllText(Path.Combine(output, BatchRunner.ErrorsFile)));
        var results = File.ReadAllLines(Path.Combine(output, BatchRunner.ResultsFile)).Select(JObject.Parse).ToList();
        Assert.AreEqual("CC « A ; la rurale »", (string?)results[0]["territoire"]!["nom"]);
        var errors = File.ReadAllLines(Path.Combine(output, BatchRunner.ErrorsFile)).Select(JObject.Parse).ToList();
        Assert.AreEqual(2, errors.Count);
        Assert.AreEqual("lot-excel.csv, ligne 4", (string?)errors[0]["source"]);
        Expect.Contains("lot-excel.csv, ligne 4, colonne 2 (« nom ») : guillemet mal placé", (string)errors[0]["erreurs"]![0]!["message"]!);
        Expect.Contains("lot-excel.csv, ligne 5, colonne 10 : 10 valeurs pour 8 colonnes", (string)errors[1]["erreurs"]![0]!["message"]!);
    }

    [TestMethod]
    public async Task TheStandardDialectWritesCommasAndDecimalPoints()
    {
        var dir = TempDir();
        Directory.CreateDirectory(dir);
        File.Copy(Path.Combine(Repo.Examples, "ca-nevers.json"), Path.Combine(dir, "ca-nevers.json"));
        var output = Path.Combine(dir, "sortie");

        var code = await CadrageCli.RunAsync(["batch", dir, "--out", output, "--csv", "standard", "--rules", Repo.Rules], TextWriter.Null, TextWriter.Null);

        Assert.AreEqual(ExitCodes.Success, code);
        var bytes = File.ReadAllBytes(Path.Combine(output, BatchRunner.SummaryFile));
        Assert.AreEqual((byte)'i', bytes[0], "pas de BOM");
        var lines = File.ReadAllLines(Path.Combine(output, BatchRunner.SummaryFile));
        Assert.AreEqual("id,nom,pilotage,modalites,lieux,priorites,objectifs,score,convergence", lines[0]);
        StringAssert.StartsWith(lines[1], "245804406,CA de Nevers,");
    }

    [TestMethod]
    public async Task FolderInputAndTheCommandSummaryInFrench()
    {
        var dir = TempDir();
        Directory.CreateDirectory(dir);
        foreach (var file in Repo.ExampleFiles)
        {
            File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        }
        var output = Path.Combine(dir, "sortie");
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var code = await CadrageCli.RunAsync(["batch", dir, "--out", output, "--parallel", "2", "--rules", Repo.Rules], stdout, stderr,
            new Dictionary<string, string?> { ["Serilog:WriteTo:Fichier:Args:path"] = Path.Combine(dir, "logs", "lot-.json") });

        Assert.AreEqual(ExitCodes.Success, code, stderr.ToString());
        Expect.Contains($"Lot terminé : {Repo.ExampleFiles.Count()} territoires évalués, 0 en erreur", stdout.ToString());
        Expect.Contains("Scénario retenu, par posture :", stdout.ToString());
        Expect.Contains("Scénario retenu, par lieux :", stdout.ToString());
        Expect.Contains("progression :", stderr.ToString());
        Assert.AreEqual(Repo.ExampleFiles.Count(), File.ReadAllLines(Path.Combine(output, BatchRunner.ResultsFile)).Length);
    }

    [TestMethod]
    public async Task SomeInvalidProfilesGiveTheBatchItsOwnExitCode()
    {
        var dir = TempDir();
        Directory.CreateDirectory(dir);
        var input = Path.Combine(dir, "lot.jsonl");
        File.WriteAllLines(input, [RealRules.Example("ca-nevers").ToString(Newtonsoft.Json.Formatting.None), "{\"id\": \"x\"", RealRules.With("ca-nevers", ("densite", -1)).ToString(Newtonsoft.Json.Formatting.None)]);
        var stdout = new StringWriter();

        var code = await CadrageCli.RunAsync(["batch", input, "--out", Path.Combine(dir, "sortie"), "--rules", Repo.Rules], stdout, TextWriter.Null);

        Assert.AreEqual(ExitCodes.BatchWithErrors, code);
        Assert.AreEqual(5, ExitCodes.BatchWithErrors, "code documenté dans le README");
        Expect.Contains("1 territoires évalués, 2 en erreur", stdout.ToString().Replace("1 territoire évalué", "1 territoires évalués", StringComparison.Ordinal));
        Assert.AreEqual(2, File.ReadAllLines(Path.Combine(dir, "sortie", BatchRunner.ErrorsFile)).Length);
    }

    [TestMethod]
    public async Task MissingInputIsAFrenchError()
    {
        var stderr = new StringWriter();

        var code = await CadrageCli.RunAsync(["batch", "/nexiste/pas.jsonl", "--out", TempDir(), "--rules", Repo.Rules], TextWriter.Null, stderr,
            new Dictionary<string, string?> { ["Serilog:WriteTo:Fichier:Args:path"] = Path.Combine(TempDir(), "lot-.json") });

        Assert.AreEqual(ExitCodes.InvalidProfile, code);
        Expect.Contains("Entrée introuvable", stderr.ToString());
    }
}

[TestClass]
public sealed class BatchProgressTests
{
    [TestMethod]
    public void OnATerminalTheProgressIsABar()
    {
        var output = new StringWriter();
        using (var progress = new BatchProgress(output, total: 200, interactive: true))
        {
            progress.Report(50);
            progress.Report(200);
            progress.Finish();
        }

        Expect.Contains("\r[#######.......................] 50 / 200 territoires (25", output.ToString().Replace("\u202f", " ").Replace("\u00a0", " "));
        Expect.Contains("200 / 200 territoires (100", output.ToString());
    }

    [TestMethod]
    public void OtherwiseProgressIsPlainLines()
    {
        var output = new StringWriter();
        var progress = new BatchProgress(output, total: 100, interactive: false);
        for (var i = 1; i <= 100; i++)
        {
            progress.Report(i);
        }

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.IsTrue(lines.Length is >= 10 and <= 12, string.Join("\n", lines));
        Assert.IsTrue(lines.All(l => l.StartsWith("progression : ", StringComparison.Ordinal)));
        Assert.IsFalse(output.ToString().Contains('\r'));
    }
}
