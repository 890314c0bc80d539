using Cadrage.Rules.Evaluation;
using Cadrage.Rules.KnowledgeBase;
using Newtonsoft.Json.Linq;

namespace Cadrage.Rules.Tests.Evaluation;

/// <summary>Géométrie variable: scenarios differ in geometry whenever the evidence supports more than one (issue 11).</summary>
[TestClass]
public sealed class ScenarioBuilderTests
{
    private static JObject RealEpci(string id) => RealRules.Epci(id);

    private static string Geometry(Cadrage.Rules.Output.Scenario s) =>
        string.Join(" + ", new[] { s.Lieux.Id }.Concat(s.Lieux.Complements.Select(c => c.Id).Order(StringComparer.Ordinal)));

    [TestMethod]
    public void AnotherSupportedGeometryIsOfferedBeforeOtherPosturesOfTheSameGeometry()
    {
        // Metz Métropole: the pôle is well supported, pôles spécialisés and centres-bourgs much less, and four postures
        // are supported; the postures alone would fill the four scenarios with the same geometry.
        var result = RealRules.Evaluate(RealEpci("200039865"));
        var lieux = result.Analyse.Single(a => a.Question == QuestionIds.Lieux);
        var supported = lieux.Options.Where(o => o.Soutien > 0 && o.Net > 0).Select(o => o.Id).ToList();

        CollectionAssert.Contains(supported, "poles-specialises");
        Assert.IsTrue(result.Scenarios.Count >= 2);
        Assert.AreEqual("pole-agglomeration", result.Scenarios[0].Lieux.Id, "le premier scénario reste celui que les preuves placent en tête");
        Assert.IsTrue(result.Scenarios.Select(Geometry).Distinct().Count() >= 2, string.Join(" | ", result.Scenarios.Select(s => s.Intitule)));
        // The weaker geometry says how weak it is.
        var other = result.Scenarios.First(s => Geometry(s) != Geometry(result.Scenarios[0]));
        Assert.IsTrue(other.Lieux.Principale.Marge < 0 || other.Lieux.Certitude != Cadrage.Rules.Output.Certitudes.Etablie);
    }

    [TestMethod]
    public void WithASingleSupportedGeometryNoOtherIsInvented()
    {
        // Every offered scenario's main form is supported: a second geometry only appears when the evidence gives one.
        foreach (var file in Repo.ExampleFiles)
        {
            var result = RealRules.Evaluate(JObject.Parse(File.ReadAllText(file)));
            var supported = result.Analyse.Single(a => a.Question == QuestionIds.Lieux).Options.Where(o => o.Soutien > 0 && o.Net > 0).Select(o => o.Id).ToHashSet();
            foreach (var s in result.Scenarios)
            {
                Assert.IsTrue(supported.Contains(s.Lieux.Id), $"{Path.GetFileName(file)} : {s.Intitule}");
                Assert.IsTrue(s.Lieux.Complements.All(c => supported.Contains(c.Id)), $"{Path.GetFileName(file)} : {s.Intitule}");
            }
        }
    }
}
