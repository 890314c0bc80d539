using Cadrage.Rules.Worker.Cli;

namespace Cadrage.Rules.Tests.RuleTools;

/// <summary><c>cadrage rules validate</c>.</summary>
[TestClass]
public sealed class ValidateCommandTests
{
    [TestMethod]
    public async Task RulesValidateReportsTheRuleSet()
    {
        var (code, stdout, _) = await Run("rules", "validate", Repo.Rules);

        Assert.AreEqual(ExitCodes.Success, code);
        Expect.Contains("Base de règles valide", stdout);
        Expect.Contains($"version {RealRules.Kb.Version}", stdout);
    }

    [TestMethod]
    public async Task RulesValidateFailsOnABrokenFile()
    {
        using var copy = new RulesCopy();
        copy.Edit("regles/lieux.json", w => RulesCopy.Rule(w, "pole-epci-urbain")["Properties"]!["statut"] = "certain");

        var (code, _, stderr) = await Run("rules", "validate", copy.Directory);

        Assert.AreEqual(ExitCodes.InvalidRules, code);
        Expect.Contains("statut « certain » inconnu", stderr);
    }

    private static Task<(int Code, string Stdout, string Stderr)> Run(params string[] args) => CliRunner.Run(args);
}
