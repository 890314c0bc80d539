namespace Cadrage.Rules.Tests.KnowledgeBase;

/// <summary>The facts each real rule reads, by which rules of one option count once (the strongest).</summary>
[TestClass]
public sealed class FactKeysTests
{
    [TestMethod]
    public void AScaleGuardIsNotAFact()
    {
        // « profil.nombre_communes >= 2 && … » says the rule is about an intercommunality: it must not group the rule
        // with every other rule of its option that reads the number of communes.
        var rural = RealRules.Kb.RulesByName["pole-territoire-rural"];
        CollectionAssert.AreEqual(new[] { "part_pop_rurale" }, rural.Facts.ToArray());
        var bourgs = RealRules.Kb.RulesByName["bourgs-ruraux-peuples"];
        CollectionAssert.AreEquivalent(new[] { "part_pop_densite_3", "part_pop_densite_5" }, bourgs.Facts.ToArray());
        CollectionAssert.AreEqual(new[] { "bpe_intermediaire" }, RealRules.Kb.RulesByName["pole-commune-pole-de-services"].Facts.ToArray());
    }

    [TestMethod]
    public void TheNumberOfCommunesAgainstAThresholdIsAFact()
    {
        // « il y a beaucoup de communes » is evidence: compared with a named threshold, it is a fact.
        var diffuse = RealRules.Kb.RulesByName["specialises-territoire-diffus"];
        CollectionAssert.Contains(diffuse.Facts.ToArray(), "nombre_communes");
    }
}
