using Cadrage.Rules.Evaluation;
using RulesEngine.Models;

namespace Cadrage.Rules.Tests.KnowledgeBase;

/// <summary>The rule files are standard RulesEngine workflows: the stock engine runs them and agrees with us.</summary>
[TestClass]
public sealed class StockRulesEngineTests
{
    [TestMethod]
    public async Task StockEngineFiresExactlyTheRulesWeFire()
    {
        var profiles = Repo.ExampleFiles.Select(f => Cadrage.Rules.Profiles.ProfileReader.ReadFile(f, RealRules.Kb)).ToList();
        Assert.IsTrue(await Compare(profiles) >= RealRules.Kb.Rules.Count);
    }

    [TestMethod]
    public async Task StockEngineAgreesOnEveryRealEpci()
    {
        var profiles = File.ReadLines(Path.Combine(Repo.Examples, "france-epci.jsonl"))
            .Select((line, i) => Cadrage.Rules.Profiles.ProfileReader.Read(line, $"ligne {i + 1}", RealRules.Kb)).ToList();
        Assert.AreEqual(1255, profiles.Count);
        Assert.IsTrue(await Compare(profiles) > 1255 * 20);
    }

    [TestMethod]
    public async Task StockEngineAgreesOnEnrichedRealProfiles()
    {
        var csv = Path.Combine(Repo.Examples, "donnees-ouvertes", "communes-indicateurs.csv");
        var sample = Path.Combine(AppContext.BaseDirectory, "Import", "echantillon");
        var profiles = new List<Cadrage.Rules.Profiles.TerritoryProfile>();
        foreach (var echelle in new[] { "epci", "commune" })
        {
            var importer = new Cadrage.Rules.Worker.Import.DecoupageImporter(File.ReadAllText(Path.Combine(sample, "epci.json")), File.ReadAllText(Path.Combine(sample, "communes.json")));
            using (var reader = new StreamReader(csv))
            {
                importer.AddIndicators(reader);
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
            profiles.AddRange(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => Cadrage.Rules.Profiles.ProfileReader.Read(l, echelle, RealRules.Kb)));
        }
        Assert.IsTrue(await Compare(profiles) > profiles.Count * 40);
    }

    /// <summary>For every profile and rule our runner evaluates, the stock engine's IsSuccess; returns the comparisons made.</summary>
    private static async Task<int> Compare(IReadOnlyList<Cadrage.Rules.Profiles.TerritoryProfile> profiles)
    {
        var kb = RealRules.Kb;
        var engine = new RulesEngine.RulesEngine(kb.CreateStockWorkflows().ToArray(), new ReSettings());
        var compared = 0;
        foreach (var profile in profiles)
        {
            var facts = ProfileFacts.Create(kb, profile);
            var ours = RuleRunner.Run(kb, facts).ToDictionary(r => r.Rule.Name);
            foreach (var workflow in kb.Rules.Select(r => r.Workflow).Distinct())
            {
                var results = await engine.ExecuteAllRulesAsync(workflow, new RuleParameter("profil", facts.Instance));
                foreach (var result in results)
                {
                    var run = ours[result.Rule.RuleName];
                    if (run.State == RuleState.MissingIndicator)
                    {
                        continue; // we do not evaluate rules over unknown values; the stock engine reads defaults
                    }
                    Assert.IsTrue(string.IsNullOrEmpty(result.ExceptionMessage), $"{result.Rule.RuleName} : {result.ExceptionMessage}");
                    Assert.AreEqual(run.State == RuleState.Fired, result.IsSuccess, $"{profile.Id} / {result.Rule.RuleName}");
                    compared++;
                }
            }
        }
        return compared;
    }

    [TestMethod]
    public void StockWorkflowsAreFreshCopies()
    {
        var first = RealRules.Kb.CreateStockWorkflows();
        var second = RealRules.Kb.CreateStockWorkflows();
        Assert.AreNotSame(first[0], second[0]);
        Assert.AreEqual(first.Count, second.Count);
    }
}
