using System.Diagnostics;
using Cadrage.Rules.Worker.Cli;
using Cadrage.Rules.Worker.RuleTools;
using Newtonsoft.Json.Linq;

namespace Cadrage.Rules.Tests.RuleTools;

/// <summary><c>rules diff</c>: the impact of an edit, against a folder or a git revision.</summary>
[TestClass]
public sealed class RuleDiffTests
{
    [TestMethod]
    public async Task DiffFindsAKnownFlipAndTheRuleBehindIt()
    {
        using var copy = new RulesCopy();
        copy.Edit("regles/pilotage.json", w => RulesCopy.Rule(w, "inciter-ingenierie-appui")["Properties"]!["poids"] = 40);
        var output = Path.Combine(Path.GetTempPath(), "cadrage-tests", Guid.NewGuid().ToString("N"));

        var (code, stdout, stderr) = await Run("rules", "diff", "--avant", Repo.Rules, "--apres", copy.Directory, Batches.ExamplesFolder(), "--out", output);

        Assert.AreEqual(ExitCodes.Success, code, stderr);
        var diff = JObject.Parse(File.ReadAllText(Path.Combine(output, "diff.json")));
        var verdon = diff["changements"]!.Single(c => (string?)c["id"] == "200040202");
        Expect.Contains("«\u00a0Faire\u00a0» ·", (string)verdon["avant"]!);
        Expect.Contains("«\u00a0Inciter à faire\u00a0» ·", (string)verdon["apres"]!);
        Expect.Contains("Qui pilote ? «\u00a0Faire\u00a0» → «\u00a0Inciter à faire\u00a0»", (string)verdon["ecart"]!);
        CollectionAssert.Contains(verdon["reponses"]!.Values<string>().ToList(), "pilotage");
        CollectionAssert.Contains(verdon["poidsModifies"]!.Values<string>().ToList(), "inciter-ingenierie-appui (1 → 40)");
        Expect.Contains("dont le premier scénario change", stdout);
        Expect.Contains("réponse « Qui pilote ? » modifiée", stdout);
        Expect.Contains("200040202;CC Provence Verdon;CC;", File.ReadAllText(Path.Combine(output, "diff.csv")));
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

        var (code, stdout, stderr) = await Run("rules", "diff", "--avant", "HEAD", "--apres", Path.Combine(repo, "rules"), Batches.ExamplesFolder());

        Assert.AreEqual(ExitCodes.Success, code, stderr);
        Expect.Contains("200040202 CC Provence Verdon (CC) — Qui pilote ?", stdout);
    }

    [TestMethod]
    public async Task UnknownGitRevisionIsAFrenchError()
    {
        var (code, _, stderr) = await Run("rules", "diff", "--avant", "pas-une-revision-connue", "--apres", Repo.Rules, Batches.ExamplesFolder());

        Assert.AreEqual(ExitCodes.InvalidRules, code);
        Expect.Contains("--avant : ni un dossier ni une révision git lisible", stderr);
    }

    private static Task<(int Code, string Stdout, string Stderr)> Run(params string[] args) => CliRunner.Run(args);

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
