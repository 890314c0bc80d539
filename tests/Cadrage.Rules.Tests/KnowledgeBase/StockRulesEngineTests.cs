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
        var kb = RealRules.Kb;
        var engine = new RulesEngine.RulesEngine(kb.CreateStockWorkflows().ToArray(), new ReSettings());
        var compared = 0;
        foreach (var file in Repo.ExampleFiles)
        {
            var profile = Cadrage.Rules.Profiles.ProfileReader.ReadFile(file, kb);
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
                    Assert.AreEqual(run.State == RuleState.Fired, result.IsSuccess, $"{Path.GetFileName(file)} / {result.Rule.RuleName}");
                    compared++;
                }
            }
        }
        Assert.IsTrue(compared >= kb.Rules.Count, $"{compared} comparaisons seulement");
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
