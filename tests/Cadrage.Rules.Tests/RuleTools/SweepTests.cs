using Cadrage.Rules.Worker.Cli;
using Cadrage.Rules.Worker.RuleTools;

namespace Cadrage.Rules.Tests.RuleTools;

/// <summary><c>rules sweep</c>: a threshold swept over a range; parameter overrides.</summary>
[TestClass]
public sealed class SweepTests
{
    [TestMethod]
    public async Task SweepFindsAKnownTippingPoint()
    {
        // CC Le Grésivaudan is 36,4 % rural: its crossed priorities change when the rural threshold passes 36,4.
        var output = Path.Combine(Path.GetTempPath(), "cadrage-tests", Guid.NewGuid().ToString("N"));

        var (code, stdout, stderr) = await Run("rules", "sweep", "--parametre", "seuil_rural_majoritaire", "--de", "36", "--a", "37.2", "--pas", "0.4", Batches.ExamplesFolder(), "--rules", Repo.Rules, "--out", output, "--csv", "standard");

        Assert.AreEqual(ExitCodes.Success, code, stderr);
        var lines = File.ReadAllLines(Path.Combine(output, "balayage.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        CollectionAssert.AreEqual(new[] { "36", "36.4", "36.8", "37.2" }, lines.Select(l => l[0]).ToArray());
        CollectionAssert.AreEqual(new[] { "0", "0", "1", "0" }, lines.Select(l => l[3]).ToArray(), "une seule bascule, juste au-dessus de 36,4 %");
        Expect.Contains("CC Le Grésivaudan (200018166) : Quoi ?", lines[2][4]);
        Assert.IsTrue(System.Text.RegularExpressions.Regex.IsMatch(stdout, @"à 36,8\s*%\s*:\s*1\s*territoire\n    - CC Le Grésivaudan \(200018166\) : Quoi \?"), stdout);
    }

    [TestMethod]
    public async Task SweepOfAnUnknownParameterIsAFrenchError()
    {
        var (code, _, stderr) = await Run("rules", "sweep", "--parametre", "seuil_imaginaire", "--de", "1", "--a", "2", "--pas", "1", Batches.ExamplesFolder(), "--rules", Repo.Rules);

        Assert.AreEqual(ExitCodes.InvalidRules, code);
        Expect.Contains("Paramètre « seuil_imaginaire » inconnu", stderr);
    }

    [TestMethod]
    public void ParameterOverrideChangesTheRulesAndTheVersion()
    {
        var kb = Cadrage.Rules.KnowledgeBase.RuleSet.Load(Repo.Rules, new Dictionary<string, string> { ["seuil_faible_densite"] = "5" });

        Assert.AreNotEqual(RealRules.Kb.Version, kb.Version);
        Assert.AreEqual(5, kb.Parameters["seuil_faible_densite"].Value);
        Assert.AreEqual(50, RealRules.Kb.Parameters["seuil_faible_densite"].Value, "the loaded rule set is not changed");
        Assert.AreSame(RealRules.Kb.Rules[0].Predicate, RealRules.Kb.WithParameters(new Dictionary<string, double> { ["seuil_faible_densite"] = 5 }).Rules[0].Predicate, "nothing is recompiled");
        var facts = Cadrage.Rules.Evaluation.ProfileFacts.Create(kb, RealRules.Profile(RealRules.Example("cc-pays-chatillonnais"), kb));
        var run = Cadrage.Rules.Evaluation.RuleRunner.Run(kb, facts).Single(r => r.Rule.Name == "itinerance-faible-densite");
        Assert.AreEqual(Cadrage.Rules.Evaluation.RuleState.NotFired, run.State, "10,8 hab/km² n'est plus sous le seuil de 5");
        Assert.ThrowsExactly<Cadrage.Rules.KnowledgeBase.RuleSetException>(() =>
            Cadrage.Rules.KnowledgeBase.RuleSet.Load(Repo.Rules, new Dictionary<string, string> { ["seuil_imaginaire"] = "1" }));
        var outOfRange = Assert.ThrowsExactly<Cadrage.Rules.KnowledgeBase.RuleSetException>(() =>
            RealRules.Kb.WithParameters(new Dictionary<string, double> { ["seuil_polarisation_forte"] = 0.4 }));
        Expect.Contains("hors de sa plage plausible [10 ; 90]\u00a0%", outOfRange.Message);
        Expect.Contains("0,4\u00a0%", outOfRange.Message);
    }

    [TestMethod]
    public async Task SweepOutsideThePlausibleRangeIsRefusedWithTheUnit()
    {
        var (code, _, stderr) = await Run("rules", "sweep", "--parametre", "seuil_polarisation_forte", "--de", "0.30", "--a", "0.50", "--pas", "0.05", Batches.ExamplesFolder(), "--rules", Repo.Rules);

        Assert.AreEqual(ExitCodes.Unexpected, code);
        Expect.Contains("valeur 0,3\u00a0% refusée pour « seuil_polarisation_forte »", stderr);
        Expect.Contains("valeur actuelle 40\u00a0%", stderr);
    }

    [TestMethod]
    public void SweepDecisionsEqualFreshDecisionsOfEveryVariant()
    {
        // The sweep re-runs only the rules reading the parameter, from the baseline's decisions: each variant must
        // decide exactly as a fresh batch deciding every rule under the same values.
        var kb = RealRules.Kb;
        var lot = Path.Combine(Path.GetTempPath(), "cadrage-tests", Guid.NewGuid().ToString("N") + ".jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(lot)!);
        File.WriteAllLines(lot, File.ReadLines(Path.Combine(Repo.Root, "examples", "france-epci.jsonl")).Where((_, i) => i % 8 == 0));
        var batch = new TerritoryBatch(lot, kb);
        batch.Evaluate(kb);
        var compared = 0;
        foreach (var parameter in new[] { "seuil_polarisation_forte", "seuil_faible_densite", "seuil_rural_majoritaire" })
        {
            var d = kb.Parameters[parameter].Definition;
            foreach (var value in new[] { d.Min, (d.Min + d.Max) / 2, d.Max })
            {
                var variant = kb.WithParameters(new Dictionary<string, double> { [parameter] = value });
                var swept = batch.Evaluate(variant);
                var fresh = new TerritoryBatch(lot, variant).Evaluate(variant);
                for (var i = 0; i < fresh.Count; i++)
                {
                    foreach (var q in TerritoryOutcome.Answers)
                    {
                        Assert.AreEqual(fresh[i].Answer(q), swept[i].Answer(q), $"{fresh[i].Id}, {parameter} = {value}, {q}");
                    }
                    Assert.AreEqual(fresh[i].Premier?.Retenu, swept[i].Premier?.Retenu, $"{fresh[i].Id}, {parameter} = {value}");
                    CollectionAssert.AreEquivalent(fresh[i].Fired.Keys.ToList(), swept[i].Fired.Keys.ToList(), $"{fresh[i].Id}, {parameter} = {value}");
                    compared++;
                }
            }
        }
        Assert.IsTrue(compared > 1000, $"{compared} décisions comparées");
    }

    private static Task<(int Code, string Stdout, string Stderr)> Run(params string[] args) => CliRunner.Run(args);
}
