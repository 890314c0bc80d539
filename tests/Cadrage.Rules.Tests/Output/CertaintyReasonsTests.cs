using Newtonsoft.Json.Linq;
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

    /// <summary>
    /// Châtillonnais: a pôle supported by 1 point combines with an itinérance supported by 14. The itinérance leads the
    /// geometry (« Itinérance + Pôle de services type agglomération »), the pôle is its complement, and the Où is fragile
    /// because that complement holds by 1 point only (before: « Pôle + Itinérance », a main form outweighed by its complement).
    /// </summary>
    [TestMethod]
    public void AFormWithMoreEvidenceThanTheMainOneLeadsTheGeometry()
    {
        var result = RealRules.Evaluate(RealRules.Example("cc-pays-chatillonnais"));
        var scenario = result.Scenarios.First(s => s.Lieux.Complements.Any(c => c.Id == "pole-agglomeration"));
        Assert.AreEqual("itinerance", scenario.Lieux.Id);
        var pole = scenario.Lieux.Complements.Single(c => c.Id == "pole-agglomeration");
        Assert.IsTrue(pole.Net < scenario.Lieux.Principale.Net, "le complément a moins de preuves que la forme principale");
        var expected = $"son complément « Pôle de services type agglomération » ne tient qu'à {FrenchFormat.Count(pole.Net, "point", "points")} de preuve nette".Replace('\u00a0', ' ');
        Assert.AreEqual(expected, CertaintyReasons.Of(scenario, QuestionIds.Lieux)!.Replace('\u00a0', ' '));
        Expect.Contains($"Itinérance ; Pôle de services type agglomération (certitude : fragile, {expected})", Text("cc-pays-chatillonnais"));
        // « Tout en itinérance » stays a geometry of its own.
        Assert.IsTrue(result.Scenarios.Any(s => s.Lieux.Id == "itinerance" && s.Lieux.Complements.Count == 0));

        // No scenario anywhere presents as its main form a form one of its complements outweighs.
        var profiles = Repo.ExampleFiles.Select(f => JObject.Parse(File.ReadAllText(f))).Concat(RealRules.EpciLines(every: 10).Select(JObject.Parse));
        foreach (var profile in profiles)
        {
            foreach (var s in RealRules.Evaluate(profile).Scenarios)
            {
                foreach (var c in s.Lieux.Complements)
                {
                    Assert.IsTrue(c.Net <= s.Lieux.Principale.Net, $"{profile["nom"]}, {s.Intitule} : « {c.Libelle} » ({c.Net}) devance la forme principale ({s.Lieux.Principale.Net})");
                }
            }
        }
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
