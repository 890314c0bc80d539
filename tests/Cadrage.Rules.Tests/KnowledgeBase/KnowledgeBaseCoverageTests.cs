using Cadrage.Rules.Evaluation;
using Cadrage.Rules.KnowledgeBase;

namespace Cadrage.Rules.Tests.KnowledgeBase;

/// <summary>The knowledge base covers the référentiel: every option argued for and against, every
/// compatibility pair stated.</summary>
[TestClass]
public sealed class KnowledgeBaseCoverageTests
{
    [TestMethod]
    public void EveryOptionIsSupportedByTwoRulesReadingDifferentIndicatorsAndOpposedByOne()
    {
        var kb = RealRules.Kb;
        var gaps = new List<string>();
        foreach (var question in QuestionIds.WithOptions)
        {
            foreach (var option in kb.Referentiel.Question(question).Options)
            {
                var rules = kb.Rules.Where(r => r.Workflow == question && r.Properties.Option == option.Id).ToList();
                var support = rules.Where(r => r.Properties.Effet == RuleEffectKind.soutien).ToList();
                var readers = support.SelectMany(r => r.Indicators).Distinct().Count();
                if (support.Count < 2 || readers < 2)
                {
                    gaps.Add($"{option.Id} : {support.Count} règle(s) de soutien lisant {readers} indicateur(s)");
                }
                if (!rules.Any(r => r.Properties.Effet is RuleEffectKind.opposition or RuleEffectKind.exclusion))
                {
                    gaps.Add($"{option.Id} : aucune règle d'opposition ou d'exclusion");
                }
            }
        }
        Assert.AreEqual(0, gaps.Count, string.Join("\n", gaps));
    }

    [TestMethod]
    public void EveryCompatibilityPairIsStated()
    {
        var kb = RealRules.Kb;
        var stated = kb.Rules.Where(r => r.Workflow == QuestionIds.Compatibilite)
            .Select(r => (r.Properties.Posture, r.Properties.Option)).ToHashSet();
        var missing = new List<string>();
        foreach (var posture in kb.Referentiel.Question(QuestionIds.Pilotage).Options)
        {
            foreach (var question in new[] { QuestionIds.Modalites, QuestionIds.Lieux, QuestionIds.Objectifs })
            {
                foreach (var option in kb.Referentiel.Question(question).Options)
                {
                    if (!stated.Contains((posture.Id, option.Id)))
                    {
                        missing.Add($"{posture.Id} + {option.Id}");
                    }
                }
            }
        }
        Assert.AreEqual(0, missing.Count, "paires non énoncées :\n" + string.Join("\n", missing));
    }

    [TestMethod]
    public void EveryNeedAxisValueCanBeRaisedByTheProfile()
    {
        var kb = RealRules.Kb;
        var rules = kb.Rules.Where(r => r.Workflow == QuestionIds.Besoins && r.Properties.Effet == RuleEffectKind.soutien).ToList();
        // « Critère à préciser » is the critère of a need a rule reveals without naming one: reachable through such a rule.
        Assert.IsTrue(rules.Any(r => r.Properties.Service is not null && r.Properties.Public is not null && r.Properties.Critere is null));
        var missing = kb.Referentiel.Axes.Criteres.Where(c => c.Id != CrossedNeed.Unspecified && rules.All(r => r.Properties.Critere != c.Id)).Select(c => "critère " + c.Id)
            .Concat(kb.Referentiel.Axes.Publics.Where(p => p.Id != "tout-public" && rules.All(r => r.Properties.Public != p.Id)).Select(p => "public " + p.Id))
            .Concat(kb.Referentiel.Axes.Services.Where(s => rules.All(r => r.Properties.Service != s.Id)).Select(s => "service " + s.Id))
            .ToList();
        Assert.AreEqual(0, missing.Count, string.Join("\n", missing));
    }

    [TestMethod]
    public void EveryRuleHasAJustificationASourceAndAStatus()
    {
        foreach (var rule in RealRules.Kb.Rules)
        {
            Assert.IsTrue(rule.Properties.Explication.Length >= 20, rule.Name);
            Assert.IsTrue(rule.Properties.Source.Length >= 10, rule.Name);
            CollectionAssert.Contains(RuleStatus.All.ToList(), rule.Properties.Statut, rule.Name);
        }
    }
}

[TestClass]
public sealed class OptionReachabilityTests
{
    /// <summary>
    /// Every option of the methodology is proposed for some real territory: the five examples or the 1,255 EPCI built
    /// from open data (no métropole among the examples is offered « laisser faire » any more; CC of the lot are).
    /// </summary>
    [TestMethod]
    public void EveryOptionIsRecommendedForSomeRealisticExample()
    {
        var kb = RealRules.Kb;
        var seen = new Dictionary<string, string>();
        var territories = Repo.ExampleFiles.Select(f => (Name: Path.GetFileName(f), Json: File.ReadAllText(f)))
            .Concat(RealRules.EpciLines().Select(line => (Name: "france-epci.jsonl", Json: line)));
        foreach (var (name, json) in territories)
        {
            var result = RealRules.Evaluate(Newtonsoft.Json.Linq.JObject.Parse(json));
            foreach (var s in result.Scenarios)
            {
                foreach (var option in Cadrage.Rules.RuleTests.RuleTestRunner.Answers(s))
                {
                    seen.TryAdd(option, name);
                }
            }
        }
        var unreachable = QuestionIds.WithOptions.SelectMany(q => kb.Referentiel.Question(q).Options).Where(o => !seen.ContainsKey(o.Id)).Select(o => o.Id).ToList();
        Assert.AreEqual(0, unreachable.Count, "options jamais proposées : " + string.Join(", ", unreachable));
    }
}
