using Cadrage.Rules.Worker.Cli;
using Cadrage.Rules.Worker.RuleTools;

namespace Cadrage.Rules.Tests.RuleTools;

/// <summary><c>rules coverage</c> on the five examples.</summary>
[TestClass]
public sealed class CoverageTests
{
    [TestMethod]
    public void CoverageCountsFiringsAndRetainedOptions()
    {
        var kb = RealRules.Kb;
        var batch = new TerritoryBatch(Batches.ExamplesFolder(), kb);

        var (rules, options, evaluated, errors) = Coverage.Compute(kb, batch.Evaluate(kb));

        Assert.AreEqual(5, evaluated);
        Assert.AreEqual(0, errors);
        // Only Rennes Métropole lists none of the social, youth and France Services competences, and a métropole is
        // not excluded from « Faire » for it (CGCT L5217-2): the exclusion fires for no example.
        Assert.AreEqual(0, rules.Single(r => r.Regle == "faire-sans-competence").Declenchements);
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

        var (code, stdout, stderr) = await Run("rules", "coverage", Batches.ExamplesFolder(), "--rules", Repo.Rules, "--out", output);

        Assert.AreEqual(ExitCodes.Success, code, stderr);
        Expect.Contains("Couverture de la base de règles", stdout);
        Expect.Contains("jamais déclenchée", stdout);
        Assert.AreEqual(RealRules.Kb.Rules.Count + 1, File.ReadAllLines(Path.Combine(output, "couverture-regles.csv")).Length);
        Expect.Contains("pilotage;faire-avec;", File.ReadAllText(Path.Combine(output, "couverture-options.csv")));
    }

    private static Task<(int Code, string Stdout, string Stderr)> Run(params string[] args) => CliRunner.Run(args);
}
