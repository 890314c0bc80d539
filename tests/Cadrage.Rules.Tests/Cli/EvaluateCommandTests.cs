using Cadrage.Rules.Worker.Cli;
using Newtonsoft.Json.Linq;

namespace Cadrage.Rules.Tests.Cli;

/// <summary><c>cadrage evaluate</c>, run in-process as a user would from the repository root.</summary>
[TestClass]
public sealed class EvaluateCommandTests
{
    [TestMethod]
    public async Task EvaluatePrintsExplainedScenariosInFrench()
    {
        var (code, stdout, stderr) = await Run("evaluate", Example("cc-pays-chatillonnais"), "--rules", Repo.Rules);

        Assert.AreEqual(ExitCodes.Success, code, stderr);
        Expect.Contains("Cadre stratégique — CC du Pays Châtillonnais", stdout);
        // The Châtillonnais' first two scenarios are tied on what defines a scenario: said so, neither one « retenu ».
        Expect.Contains("Non tranché : les scénarios 1 (« Faire avec · Itinérance + Pôle de services type agglomération ») et 2 (« Faire avec · Itinérance »)", stdout.Replace('\u00a0', ' '));
        Assert.IsFalse(stdout.Contains("Scénario 1 (retenu)", StringComparison.Ordinal));
        // French typography: a no-break space before « ? » and « : ».
        Expect.Contains("1. Qui pilote\u00a0?", stdout);
        Expect.Contains("Pourquoi ce scénario\u00a0:", stdout);
        Expect.Contains("Points de vigilance\u00a0:", stdout);
    }

    [TestMethod]
    public async Task EvaluateJsonIsTheOutputContract()
    {
        var (code, stdout, _) = await Run("evaluate", Example("rennes-metropole"), "--rules", Repo.Rules, "--format", "json");

        Assert.AreEqual(ExitCodes.Success, code);
        var json = JObject.Parse(stdout);
        Assert.AreEqual("243500139", (string?)json["territoire"]!["id"]);
        Assert.IsTrue(((JArray)json["scenarios"]!).Count >= 2);
    }

    [TestMethod]
    public async Task EvaluateWritesToAFileWhenAsked()
    {
        var output = Path.Combine(Path.GetTempPath(), "cadrage-tests", Guid.NewGuid().ToString("N"), "resultat.json");

        var (code, stdout, _) = await Run("evaluate", Example("ca-nevers"), "--rules", Repo.Rules, "--format", "json", "--out", output);

        Assert.AreEqual(ExitCodes.Success, code);
        Assert.AreEqual("", stdout);
        Assert.AreEqual("245804406", (string?)JObject.Parse(File.ReadAllText(output))["territoire"]!["id"]);
    }

    [TestMethod]
    public async Task EvaluateWritesTheNoteDeCadrageAsHtml()
    {
        var output = Path.Combine(Path.GetTempPath(), "cadrage-tests", Guid.NewGuid().ToString("N"), "note.html");

        var (code, _, stderr) = await Run("evaluate", Example("cc-le-gresivaudan"), "--rules", Repo.Rules, "--format", "html", "--out", output);

        Assert.AreEqual(ExitCodes.Success, code, stderr);
        var html = File.ReadAllText(output);
        Expect.Contains("<title>Note de cadrage — CC Le Grésivaudan</title>", html);
        Expect.Contains("<section id=\"graphique\">", html);
    }

    [TestMethod]
    public async Task InvalidProfileExitsWithTwoAndAFrenchMessage()
    {
        var file = Path.Combine(Path.GetTempPath(), "cadrage-tests", Guid.NewGuid().ToString("N") + ".json");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, RealRules.With("ca-nevers", ("densite", -1)).ToString());

        var (code, stdout, stderr) = await Run("evaluate", file, "--rules", Repo.Rules);

        Assert.AreEqual(ExitCodes.InvalidProfile, code);
        Assert.AreEqual("", stdout);
        Expect.Contains("Profil invalide", stderr);
        Expect.Contains("$.indicateurs.densite : valeur -1 hors de la plage autorisée", stderr);
    }

    [TestMethod]
    public async Task InvalidRulesExitWithThreeNamingFileAndRule()
    {
        using var copy = new RulesCopy();
        copy.Edit("regles/pilotage.json", w => RulesCopy.Rule(w, "faire-avec-ctg")["Expression"] = "profil.conventions.Contains(\"CTG\"");

        var (code, _, stderr) = await Run("evaluate", Example("ca-nevers"), "--rules", copy.Directory);

        Assert.AreEqual(ExitCodes.InvalidRules, code);
        Expect.Contains("regles/pilotage.json, règle « faire-avec-ctg »", stderr);
    }

    [TestMethod]
    public async Task MissingRulesFolderExitsWithThree()
    {
        var (code, _, stderr) = await Run("evaluate", Example("ca-nevers"), "--rules", "/nexiste/pas");

        Assert.AreEqual(ExitCodes.InvalidRules, code);
        Expect.Contains("dossier de règles introuvable", stderr);
    }

    [TestMethod]
    public async Task AMissingProfileFileIsAFrenchUsageError()
    {
        var (code, stdout, stderr) = await Run("evaluate", "nope.json", "--rules", Repo.Rules);

        Assert.AreEqual(ExitCodes.Unexpected, code);
        Assert.AreEqual("", stdout);
        Expect.Contains("Profil illisible : nope.json (fichier introuvable).", stderr);
        Expect.Contains("Utilisation : cadrage evaluate <profil.json>", stderr);
        Assert.IsFalse(stderr.Contains("Could not find", StringComparison.Ordinal), stderr);
    }

    [TestMethod]
    public async Task TheFormatFollowsTheOutputFileExtension()
    {
        var folder = Path.Combine(Path.GetTempPath(), "cadrage-tests", Guid.NewGuid().ToString("N"));
        var html = Path.Combine(folder, "note.html");
        var json = Path.Combine(folder, "resultat.json");
        var forced = Path.Combine(folder, "force.html");

        Assert.AreEqual(ExitCodes.Success, (await Run("evaluate", Example("ca-nevers"), "--rules", Repo.Rules, "--out", html)).Code);
        Assert.AreEqual(ExitCodes.Success, (await Run("evaluate", Example("ca-nevers"), "--rules", Repo.Rules, "-o", json)).Code);
        Assert.AreEqual(ExitCodes.Success, (await Run("evaluate", Example("ca-nevers"), "--rules", Repo.Rules, "--out", forced, "--format", "text")).Code);

        Expect.Contains("<html lang=\"fr\"", File.ReadAllText(html), "note HTML");
        Assert.AreEqual("245804406", (string?)JObject.Parse(File.ReadAllText(json))["territoire"]!["id"]);
        Expect.Contains("Cadre stratégique — ", File.ReadAllText(forced), "--format explicite l'emporte");
        Assert.AreEqual("text", EvaluateCommand.FormatFor(null, null));
        Assert.AreEqual("html", EvaluateCommand.FormatFor(null, "NOTE.HTM"));
    }

    private static string Example(string name) => Path.Combine(Repo.Examples, name + ".json");

    private static Task<(int Code, string Stdout, string Stderr)> Run(params string[] args) => CliRunner.Run(args);
}
