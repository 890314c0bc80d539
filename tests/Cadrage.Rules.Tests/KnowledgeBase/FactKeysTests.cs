using Cadrage.Rules.KnowledgeBase;
using Newtonsoft.Json.Linq;

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

    [TestMethod]
    public void AConventionInPreparationIsTheSameFactAsTheSameConventionInForce()
    {
        // The catalogue says « demarches » is the same fact as « conventions » (memeFaitQue): a CTG in preparation
        // renews the CTG in force, whatever the case of the value.
        var kb = RealRules.Kb;
        CollectionAssert.AreEqual(new[] { "conventions:ctg" }, kb.RulesByName["faire-avec-ctg"].Facts.ToArray());
        CollectionAssert.AreEqual(new[] { "conventions:ctg" }, kb.RulesByName["faire-avec-ctg-en-preparation"].Facts.ToArray());
        CollectionAssert.AreEqual(new[] { "conventions:crte" }, kb.RulesByName["financement-crte-en-preparation"].Facts.ToArray());
        int Group(string rule) => kb.Derived.FactGroups[kb.RulesByName[rule].Index];
        Assert.AreEqual(Group("faire-avec-ctg"), Group("faire-avec-ctg-en-preparation"));
        Assert.AreEqual(Group("politique-sociale-ctg"), Group("politique-sociale-ctg-en-preparation"));
        Assert.AreEqual(Group("financement-crte"), Group("financement-crte-en-preparation"));
        // Two instruments stay two facts: a signed CTG and a signed CRTE both count for « Faire avec ».
        Assert.AreNotEqual(Group("faire-avec-ctg"), Group("faire-avec-crte"));
        Assert.AreNotEqual(Group("faire-avec-ctg-en-preparation"), Group("faire-avec-crte-en-preparation"));
    }

    [TestMethod]
    public void AConventionInForceAndInPreparationCountsOnceForEachOption()
    {
        static double Net(JObject profile, string question, string option) =>
            RealRules.Evaluate(profile).Analyse.Single(a => a.Question == question).Options.Single(o => o.Id == option).Net;

        var inForce = RealRules.With("ca-nevers", ("conventions", new[] { "CTG" }), ("demarches", Array.Empty<string>()));
        var renewed = RealRules.With("ca-nevers", ("conventions", new[] { "CTG" }), ("demarches", new[] { "ctg" }));
        var another = RealRules.With("ca-nevers", ("conventions", new[] { "CTG" }), ("demarches", new[] { "crte" }));

        // The renewal of the CTG adds nothing to « Faire avec » nor to the politique sociale de service…
        Assert.AreEqual(Net(inForce, QuestionIds.Pilotage, "faire-avec"), Net(renewed, QuestionIds.Pilotage, "faire-avec"));
        Assert.AreEqual(Net(inForce, QuestionIds.Objectifs, "politique-sociale-de-service"), Net(renewed, QuestionIds.Objectifs, "politique-sociale-de-service"));
        // … while a CRTE in preparation, another partnership, does (2 points, its rule's weight).
        Assert.AreEqual(Net(inForce, QuestionIds.Pilotage, "faire-avec") + 2, Net(another, QuestionIds.Pilotage, "faire-avec"));
    }

    [TestMethod]
    public void RuralityReadForTheCrteCountsOnceWithTheSignedCrte()
    {
        // « la méthode y associe le « faire avec » du contrat de ruralité, repris depuis 2021 dans le CRTE » : the rule
        // reads rurality for the CRTE (memeFaitQue: faire-avec-crte). Provence Verdon counted it twice (3 + 2), which
        // put « faire avec » one point ahead of « faire ».
        var kb = RealRules.Kb;
        int Group(string rule) => kb.Derived.FactGroups[kb.RulesByName[rule].Index];
        Assert.AreEqual(Group("faire-avec-crte"), Group("faire-avec-territoire-rural"));
        Assert.AreEqual(Group("faire-avec-crte-en-preparation"), Group("faire-avec-territoire-rural"));
        Assert.AreNotEqual(Group("faire-avec-ctg"), Group("faire-avec-territoire-rural"));

        static double Net(JObject profile) =>
            RealRules.Evaluate(profile).Analyse.Single(a => a.Question == QuestionIds.Pilotage).Options.Single(o => o.Id == "faire-avec").Net;
        var rural = ("part_pop_rurale", (object?)100.0);
        var withCrte = RealRules.With("cc-provence-verdon", rural, ("conventions", new[] { "CTG", "CRTE" }), ("demarches", Array.Empty<string>()));
        var withoutCrte = RealRules.With("cc-provence-verdon", rural, ("conventions", new[] { "CTG" }), ("demarches", Array.Empty<string>()));
        var urban = RealRules.With("cc-provence-verdon", ("part_pop_rurale", (object?)0.0), ("conventions", new[] { "CTG", "CRTE" }), ("demarches", Array.Empty<string>()));
        // With the CRTE signed, rurality adds nothing: CTG 3 + CRTE 3, as for an urban territory with the same conventions…
        Assert.AreEqual(Net(urban), Net(withCrte));
        // … without it, rurality still counts, for what it says (2 points).
        Assert.AreEqual(3 + 2, Net(withoutCrte));
    }
}
