using Cadrage.Rules.KnowledgeBase;
using System.Diagnostics;
using Cadrage.Rules.Worker.Cli;
using Cadrage.Rules.Worker.RuleTools;
using Newtonsoft.Json.Linq;

namespace Cadrage.Rules.Tests.RuleTools;

/// <summary>The methodologists' tools on small real batches: coverage, impact of an edit, threshold sweep.</summary>
[TestClass]
public sealed class RuleToolsTests
{
    private static string ExamplesFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "cadrage-tests", Guid.NewGuid().ToString("N"), "lot");
        Directory.CreateDirectory(folder);
        foreach (var file in Repo.ExampleFiles)
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }
        return folder;
    }

    private static Task<(int Code, string Stdout, string Stderr)> Run(params string[] args) => CliRunner.Run(args);

    [TestMethod]
    public void CoverageCountsFiringsAndRetainedOptions()
    {
        var kb = RealRules.Kb;
        var batch = new TerritoryBatch(ExamplesFolder(), kb);

        var (rules, options, evaluated, errors) = Coverage.Compute(kb, batch.Evaluate(kb));

        Assert.AreEqual(5, evaluated);
        Assert.AreEqual(0, errors);
        // Only Rennes Métropole lacks the social, youth and France Services competences.
        Assert.AreEqual(1, rules.Single(r => r.Regle == "faire-sans-competence").Declenchements);
        Assert.AreEqual(5, rules.Single(r => r.Regle == "faire-avec-ctg").Declenchements);
        Assert.AreEqual("presque toujours déclenchée", rules.Single(r => r.Regle == "faire-avec-ctg").Remarque);
        Assert.AreEqual("sans condition sur le profil", rules.Single(r => r.Regle == "faire-gerer-en-interne").Remarque);
        Assert.IsTrue(rules.Any(r => r.Remarque == "jamais déclenchée"));
        Assert.AreEqual(5, options.Where(o => o.Question == "pilotage").Sum(o => o.Retenue));
        Assert.AreEqual(1, options.Single(o => o.Option == "itinerance").Retenue);
    }

    [TestMethod]
    public async Task CoverageCommandWritesTableAndCsv()
    {
        var output = Path.Combine(Path.GetTempPath(), "cadrage-tests", Guid.NewGuid().ToString("N"));

        var (code, stdout, stderr) = await Run("rules", "coverage", ExamplesFolder(), "--rules", Repo.Rules, "--out", output);

        Assert.AreEqual(ExitCodes.Success, code, stderr);
        Expect.Contains("Couverture de la base de règles", stdout);
        Expect.Contains("jamais déclenchée", stdout);
        Assert.AreEqual(RealRules.Kb.Rules.Count + 1, File.ReadAllLines(Path.Combine(output, "couverture-regles.csv")).Length);
        Expect.Contains("pilotage,faire-avec,", File.ReadAllText(Path.Combine(output, "couverture-options.csv")));
    }

    [TestMethod]
    public async Task DiffFindsAKnownFlipAndTheRuleBehindIt()
    {
        using var copy = new RulesCopy();
        copy.Edit("regles/pilotage.json", w => RulesCopy.Rule(w, "inciter-ingenierie-appui")["Properties"]!["poids"] = 40);
        var output = Path.Combine(Path.GetTempPath(), "cadrage-tests", Guid.NewGuid().ToString("N"));

        var (code, stdout, stderr) = await Run("rules", "diff", "--avant", Repo.Rules, "--apres", copy.Directory, ExamplesFolder(), "--out", output);

        Assert.AreEqual(ExitCodes.Success, code, stderr);
        var diff = JObject.Parse(File.ReadAllText(Path.Combine(output, "diff.json")));
        var verdon = diff["changements"]!.Single(c => (string?)c["id"] == "200040202");
        Expect.Contains("faire-avec ·", (string)verdon["avant"]!);
        Expect.Contains("inciter-a-faire ·", (string)verdon["apres"]!);
        CollectionAssert.Contains(verdon["reponses"]!.Values<string>().ToList(), "pilotage");
        CollectionAssert.Contains(verdon["poidsModifies"]!.Values<string>().ToList(), "inciter-ingenierie-appui (1 → 40)");
        Expect.Contains("dont le scénario retenu change", stdout);
        Expect.Contains("200040202,CC Provence Verdon,CC,", File.ReadAllText(Path.Combine(output, "diff.csv")));
    }

    [TestMethod]
    public async Task DiffAgainstAGitRevision()
    {
        // A throw-away repository: rules committed, then edited in the working tree.
        var repo = Path.Combine(Path.GetTempPath(), "cadrage-tests", Guid.NewGuid().ToString("N"));
        using var copy = new RulesCopy();
        CopyDirectory(copy.Directory, Path.Combine(repo, "rules"));
        Git(repo, "init", "-q");
        Git(repo, "add", "rules");
        Git(repo, "-c", "user.email=test@cadrage.invalid", "-c", "user.name=test", "commit", "-q", "-m", "regles");
        var pilotage = Path.Combine(repo, "rules", "regles", "pilotage.json");
        var workflow = JObject.Parse(File.ReadAllText(pilotage));
        RulesCopy.Rule(workflow, "inciter-ingenierie-appui")["Properties"]!["poids"] = 40;
        File.WriteAllText(pilotage, workflow.ToString());

        var (code, stdout, stderr) = await Run("rules", "diff", "--avant", "HEAD", "--apres", Path.Combine(repo, "rules"), ExamplesFolder());

        Assert.AreEqual(ExitCodes.Success, code, stderr);
        Expect.Contains("200040202 CC Provence Verdon (CC) — pilotage", stdout);
    }

    [TestMethod]
    public async Task UnknownGitRevisionIsAFrenchError()
    {
        var (code, _, stderr) = await Run("rules", "diff", "--avant", "pas-une-revision-connue", "--apres", Repo.Rules, ExamplesFolder());

        Assert.AreEqual(ExitCodes.InvalidRules, code);
        Expect.Contains("--avant : ni un dossier ni une révision git lisible", stderr);
    }

    [TestMethod]
    public async Task SweepFindsAKnownTippingPoint()
    {
        // CC Le Grésivaudan is 36,4 % rural: « faire avec » while the rural threshold is at most 36,4, « faire » above.
        var output = Path.Combine(Path.GetTempPath(), "cadrage-tests", Guid.NewGuid().ToString("N"));

        var (code, stdout, stderr) = await Run("rules", "sweep", "--parametre", "seuil_rural_majoritaire", "--de", "36", "--a", "37.2", "--pas", "0.4", ExamplesFolder(), "--rules", Repo.Rules, "--out", output);

        Assert.AreEqual(ExitCodes.Success, code, stderr);
        var lines = File.ReadAllLines(Path.Combine(output, "balayage.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        CollectionAssert.AreEqual(new[] { "36", "36.4", "36.8", "37.2" }, lines.Select(l => l[0]).ToArray());
        CollectionAssert.AreEqual(new[] { "0", "0", "1", "0" }, lines.Select(l => l[3]).ToArray(), "une seule bascule, juste au-dessus de 36,4 %");
        Expect.Contains("200018166 (faire-avec", lines[2][4]);
        Expect.Contains("à 36.8 : 1 territoire(s)", stdout);
    }

    [TestMethod]
    public async Task SweepOfAnUnknownParameterIsAFrenchError()
    {
        var (code, _, stderr) = await Run("rules", "sweep", "--parametre", "seuil_imaginaire", "--de", "1", "--a", "2", "--pas", "1", ExamplesFolder(), "--rules", Repo.Rules);

        Assert.AreEqual(ExitCodes.InvalidRules, code);
        Expect.Contains("Paramètre « seuil_imaginaire » inconnu", stderr);
    }

    [TestMethod]
    public void ParameterOverrideChangesTheRulesAndTheVersion()
    {
        var kb = Cadrage.Rules.KnowledgeBase.RuleSet.Load(Repo.Rules, new Dictionary<string, string> { ["seuil_faible_densite"] = "5" });

        Assert.AreNotEqual(RealRules.Kb.Version, kb.Version);
        Assert.AreEqual("5", kb.Parameters["seuil_faible_densite"].Expression);
        var facts = Cadrage.Rules.Evaluation.ProfileFacts.Create(kb, RealRules.Profile(RealRules.Example("cc-pays-chatillonnais"), kb));
        var run = Cadrage.Rules.Evaluation.RuleRunner.Run(kb, facts).Single(r => r.Rule.Name == "itinerance-faible-densite");
        Assert.AreEqual(Cadrage.Rules.Evaluation.RuleState.NotFired, run.State, "10,8 hab/km² n'est plus sous le seuil de 5");
        Assert.ThrowsExactly<Cadrage.Rules.KnowledgeBase.RuleSetException>(() =>
            Cadrage.Rules.KnowledgeBase.RuleSet.Load(Repo.Rules, new Dictionary<string, string> { ["seuil_imaginaire"] = "1" }));
    }

    private static void Git(string directory, params string[] args)
    {
        Directory.CreateDirectory(directory);
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        process.WaitForExit();
        Assert.AreEqual(0, process.ExitCode, $"git {string.Join(' ', args)} : {process.StandardError.ReadToEnd()}");
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
        foreach (var directory in Directory.EnumerateDirectories(from))
        {
            CopyDirectory(directory, Path.Combine(to, Path.GetFileName(directory)));
        }
    }
}
