using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Output;

namespace Cadrage.Rules.Tests.Output;

/// <summary>
/// Every fragile answer says why, with the figures a reader can check: the option that competes with it and both
/// net evidences, or the complement that weakens a geometry (real rules, real examples).
/// </summary>
[TestClass]
public sealed class CertaintyReasonsTests
{
    private static string Text(string example) => TextReport.Render(RealRules.Evaluate(RealRules.Example(example))).Replace('\u00a0', ' ');

    /// <summary>Châtillonnais' fourth scenario: a pôle supported by 1 point, prolonged by an itinérance supported by 14.</summary>
    [TestMethod]
    public void AMainFormOutweighedByItsOwnComplementSaysSo()
    {
        var result = RealRules.Evaluate(RealRules.Example("cc-pays-chatillonnais"));
        var scenario = result.Scenarios.Single(s => s.Lieux.Id == "pole-agglomeration" && s.Lieux.Complements.Any(c => c.Id == "itinerance"));
        var main = scenario.Lieux.Principale;
        var complement = scenario.Lieux.Complements.Single(c => c.Id == "itinerance");
        Assert.IsTrue(main.Net < complement.Net, "la forme principale a moins de preuves que son complément");
        var expected = $"sa forme principale a moins de preuves que son complément « Itinérance » : {FrenchFormat.Count(main.Net, "point", "points")} contre {FrenchFormat.Number(complement.Net)}".Replace('\u00a0', ' ');
        Assert.AreEqual(expected, CertaintyReasons.Of(scenario, QuestionIds.Lieux)!.Replace('\u00a0', ' '));
        Expect.Contains($"(certitude : fragile, {expected})", Text("cc-pays-chatillonnais"));
    }

    /// <summary>A fragile posture names the posture with more evidence and both figures, which are those of the board.</summary>
    [TestMethod]
    public void AFragilePostureNamesItsRivalAndBothFigures()
    {
        var result = RealRules.Evaluate(RealRules.Example("rennes-metropole"));
        var scenario = result.Scenarios.First(s => s.Pilotage.Certitude == Certitudes.Fragile && s.Pilotage.Illustratifs is null && s.Pilotage.Marge < 0);
        var rival = result.Analyse.Single(a => a.Question == QuestionIds.Pilotage).Options.Single(o => o.Id == scenario.Pilotage.Concurrente!.Id);
        var reason = CertaintyReasons.Of(scenario, QuestionIds.Pilotage)!.Replace('\u00a0', ' ');
        Assert.AreEqual($"« {rival.Libelle} » a plus de preuves : {FrenchFormat.Count(rival.Net, "point", "points")} contre {FrenchFormat.Number(scenario.Pilotage.Net)}".Replace('\u00a0', ' '), reason);
        Expect.Contains(reason, Text("rennes-metropole"));
    }

    /// <summary>An established answer needs no reason, and an answer fragile for its illustrative values says that instead.</summary>
    [TestMethod]
    public void NoRivalReasonForAnEstablishedOrIllustrativeAnswer()
    {
        foreach (var example in Repo.ExampleFiles.Select(Path.GetFileNameWithoutExtension))
        {
            foreach (var s in RealRules.Evaluate(RealRules.Example(example!)).Scenarios)
            {
                if (s.Pilotage.Certitude == Certitudes.Etablie || s.Pilotage.Illustratifs is not null)
                {
                    Assert.IsNull(CertaintyReasons.Of(s, QuestionIds.Pilotage), $"{example} : {s.Intitule}");
                }
                if (s.Lieux.Certitude == Certitudes.Etablie)
                {
                    Assert.IsNull(CertaintyReasons.Of(s, QuestionIds.Lieux), $"{example} : {s.Intitule}");
                }
            }
        }
    }

    /// <summary>Every fragile posture or geometry of the examples has its reason in the text, not a bare « fragile ».</summary>
    [TestMethod]
    public void NoBareFragilePostureOrGeometryInTheExamples()
    {
        foreach (var example in Repo.ExampleFiles.Select(Path.GetFileNameWithoutExtension))
        {
            var text = Text(example!);
            foreach (var line in text.Split('\n').Where(l => l.TrimStart().StartsWith("1. Qui pilote ?", StringComparison.Ordinal) || l.TrimStart().StartsWith("3. Où ?", StringComparison.Ordinal)))
            {
                Assert.IsFalse(line.TrimEnd().EndsWith("(certitude : fragile)", StringComparison.Ordinal), $"{example} : {line}");
            }
        }
    }
}
