using Cadrage.Rules.Worker.Cli;

namespace Cadrage.Rules.Tests.RuleTools;

/// <summary><c>cadrage rules test</c>: the methodologists' cases.</summary>
[TestClass]
public sealed class TestCommandTests
{
    [TestMethod]
    public async Task RulesTestRunsTheMethodologistsCases()
    {
        var (code, stdout, stderr) = await Run("rules", "test", "--rules", Repo.Rules, "--exemples", Repo.Examples);

        Assert.AreEqual(ExitCodes.Success, code, stdout + stderr);
        Expect.Contains(" cas réussis, 0 en échec, 0 fichier(s) invalide(s)", stdout);
    }

    [TestMethod]
    public async Task RulesTestReportsAFailedExpectationWithTheDecidingRules()
    {
        using var copy = new RulesCopy();
        copy.Edit("regles/pilotage.json", w => RulesCopy.Rule(w, "inciter-ingenierie-appui")["Properties"]!["poids"] = 40);

        var (code, stdout, _) = await Run("rules", "test", "--rules", copy.Directory, "--exemples", Repo.Examples);

        Assert.AreEqual(ExitCodes.Unexpected, code);
        Expect.Contains("ÉCHEC scenarios.json", stdout);
        Expect.Contains("attendu dans le scénario retenu", stdout);
        Expect.Contains("règles décisives : inciter-ingenierie-appui (40)", stdout);
    }

    [TestMethod]
    public void ExamplesAreLookedForBesideTheRulesFolder()
    {
        Assert.AreEqual(Repo.Examples, Cadrage.Rules.Worker.RuleTools.TestCommand.ExamplesBeside(Repo.Rules));
        Assert.AreEqual(Repo.Examples, Cadrage.Rules.Worker.RuleTools.TestCommand.ExamplesBeside(Repo.Rules + Path.DirectorySeparatorChar));
    }

    private static Task<(int Code, string Stdout, string Stderr)> Run(params string[] args) => CliRunner.Run(args);
}
