using Cadrage.Rules.Evaluation;
using Cadrage.Rules.KnowledgeBase;

namespace Cadrage.Rules.Tests.Evaluation;

/// <summary>
/// One rule at a time, on the real rules/ files: it just fires on one side of its threshold, just does not on
/// the other, and when it fires its effect lands on its option.
/// </summary>
[TestClass]
public sealed class RuleThresholdTests
{
    [TestMethod]
    [DataRow("itinerance-faible-densite", "cc-provence-verdon", "densite", 49.9, 50.0)]
    [DataRow("itinerance-population-eloignee", "cc-provence-verdon", "part_pop_eloignee_panier", 20.1, 20.0)]
    [DataRow("itinerance-territoire-dense", "ca-nevers", "densite", 300.0, 299.9)]
    [DataRow("pole-premiere-commune-dominante", "ca-nevers", "part_premiere_commune", 40.0, 39.9)]
    [DataRow("pole-territoire-rural", "ca-nevers", "part_pop_rurale", 60.0, 59.9)]
    [DataRow("laisser-faire-population-eloignee", "ca-nevers", "part_pop_eloignee_panier", 20.1, 20.0)]
    [DataRow("laisser-faire-pauvrete", "ca-nevers", "taux_pauvrete", 18.0, 17.9)]
    [DataRow("faire-ingenierie-forte", "ca-nevers", "ingenierie_etp", 3.0, 2.9)]
    [DataRow("faire-potentiel-financier-faible", "ca-nevers", "indice_potentiel_financier", 79.9, 80.0)]
    [DataRow("inciter-services-marchands-faibles", "ca-nevers", "bpe_proximite", 59.9, 60.0)]
    [DataRow("accompagner-petites-communes", "ca-nevers", "part_communes_moins_500", 50.0, 49.9)]
    [DataRow("gouvernance-trop-de-communes", "ca-nevers", "nombre_communes", 60, 59)]
    [DataRow("experimenter-illectronisme", "ca-nevers", "taux_illectronisme", 20.0, 19.9)]
    [DataRow("abs-pauvrete", "ca-nevers", "taux_pauvrete", 15.0, 14.9)]
    [DataRow("financement-potentiel-eleve", "ca-nevers", "indice_potentiel_financier", 120.0, 119.9)]
    [DataRow("besoin-emploi-chomage", "ca-nevers", "taux_chomage", 12.0, 11.9)]
    [DataRow("besoin-numerique-illectronisme", "ca-nevers", "taux_illectronisme", 20.0, 19.9)]
    public void RuleFiresJustAtItsThreshold(string rule, string example, string indicator, object firing, object notFiring)
    {
        Assert.AreEqual(RuleState.Fired, Run(rule, example, (indicator, firing)), $"{rule} doit se déclencher à {indicator} = {firing}");
        Assert.AreEqual(RuleState.NotFired, Run(rule, example, (indicator, notFiring)), $"{rule} ne doit pas se déclencher à {indicator} = {notFiring}");
        AssertEffect(rule, example, (indicator, firing));
    }

    [TestMethod]
    [DataRow("faire-avec-ctg", "conventions", new[] { "CTG" }, new[] { "CRTE" })]
    [DataRow("faire-avec-crte", "conventions", new[] { "CRTE" }, new[] { "CTG" })]
    [DataRow("faire-avec-sans-convention", "conventions", new string[0], new[] { "CLS" })]
    [DataRow("faire-sans-competence", "competences", new[] { "mobilite" }, new[] { "enfance-jeunesse" })]
    [DataRow("accessibilite-sdaasp", "demarches", new[] { "sdaasp" }, new[] { "crte" })]
    public void ListRuleFiresOnItsValue(string rule, string indicator, string[] firing, string[] notFiring)
    {
        Assert.AreEqual(RuleState.Fired, Run(rule, "ca-nevers", (indicator, firing)));
        Assert.AreEqual(RuleState.NotFired, Run(rule, "ca-nevers", (indicator, notFiring)));
        AssertEffect(rule, "ca-nevers", (indicator, firing));
    }

    [TestMethod]
    public void ExclusionRemovesTheOptionFromEveryScenario()
    {
        var result = RealRules.Evaluate(RealRules.With("ca-nevers", ("competences", new[] { "mobilite" })));

        Assert.IsTrue(result.OptionsEcartees.Any(e => e.Option.Id == "faire"));
        Assert.IsFalse(result.Scenarios.Any(s => s.Pilotage.Id == "faire"));
    }

    private static RuleState Run(string rule, string example, params (string, object?)[] changes)
    {
        var kb = RealRules.Kb;
        var facts = ProfileFacts.Create(kb, RealRules.Profile(RealRules.With(example, changes)));
        return RuleRunner.Run(kb, facts).Single(r => r.Rule.Name == rule).State;
    }

    /// <summary>When the rule fires, it is counted on its option (support, opposition or exclusion).</summary>
    private static void AssertEffect(string name, string example, params (string, object?)[] changes)
    {
        var kb = RealRules.Kb;
        var rule = kb.RulesByName[name];
        var facts = ProfileFacts.Create(kb, RealRules.Profile(RealRules.With(example, changes)));
        var runs = RuleRunner.Run(kb, facts);
        if (rule.Workflow == QuestionIds.Besoins)
        {
            var needs = NeedsCrossing.Prioritise(kb.Referentiel, RealRules.Profile(RealRules.With(example, changes)), runs, 50);
            Assert.IsTrue(needs.Any(n => n.Raised.Contains(rule) || n.Lowered.Contains(rule)), $"{name} ne modifie aucun besoin");
            return;
        }
        var board = ScoreBoard.Build(kb, runs);
        var option = board.Options[rule.Properties.Option!];
        var list = rule.Properties.Effet switch
        {
            RuleEffectKind.soutien => option.For,
            RuleEffectKind.opposition => option.Against,
            _ => option.Exclusions,
        };
        CollectionAssert.Contains(list, rule);
    }
}
