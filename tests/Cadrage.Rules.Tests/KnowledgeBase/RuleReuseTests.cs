using Cadrage.Rules.KnowledgeBase;

namespace Cadrage.Rules.Tests.KnowledgeBase;

/// <summary>A hot reload after a rule edit recompiles only the expressions that changed (the reload latency of issue 12).</summary>
[TestClass]
public sealed class RuleReuseTests
{
    private const string Edited = "itinerance-faible-densite";

    [TestMethod]
    public void ARuleEditRecompilesOnlyThatRule()
    {
        using var copy = new RulesCopy();
        var before = RuleSet.Load(copy.Directory);
        copy.Edit("regles/lieux.json", w => RulesCopy.Rule(w, Edited)["Expression"] = "profil.densite < seuil_faible_densite * 2");

        var after = RuleSet.Load(copy.Directory, before);

        Assert.AreNotEqual(before.Version, after.Version);
        Assert.AreEqual(before.Rules.Count, after.Rules.Count);
        foreach (var rule in after.Rules)
        {
            var old = before.RulesByName[rule.Name];
            Assert.AreEqual(rule.Name != Edited, ReferenceEquals(old.Predicate, rule.Predicate), rule.Name);
        }
        Assert.AreEqual("profil.densite < seuil_faible_densite * 2", after.RulesByName[Edited].Expression);
        // The recompiled rule reads the new expression; the reused ones still read the same profile type.
        var fresh = RuleSet.Load(copy.Directory);
        var profile = Cadrage.Rules.Profiles.ProfileReader.ReadFile(Repo.ExampleFiles.First(), after);
        Assert.AreEqual(Evaluate(fresh, profile), Evaluate(after, profile));
    }

    [TestMethod]
    public void ACatalogueEditRecompilesEveryRule()
    {
        using var copy = new RulesCopy();
        var before = RuleSet.Load(copy.Directory);
        copy.Edit("indicateurs.json", c => c["indicateurs"]![0]!["libelle"] = (string)c["indicateurs"]![0]!["libelle"]! + " (modifié)");

        var after = RuleSet.Load(copy.Directory, before);

        Assert.AreNotSame(before.ProfileType, after.ProfileType);
        Assert.IsFalse(after.Rules.Any(r => ReferenceEquals(r.Predicate, before.RulesByName[r.Name].Predicate)), "une règle compilée pour l'ancien catalogue reprise");
    }

    private static string Evaluate(RuleSet kb, Cadrage.Rules.Profiles.TerritoryProfile profile) =>
        Cadrage.Rules.Output.ResultJson.Serialize(new Cadrage.Rules.Evaluation.Evaluator().Evaluate(kb, profile));
}
