using Cadrage.Rules.Evaluation;
using Cadrage.Rules.Output;

namespace Cadrage.Rules.Tests.Output;

/// <summary>One model for the output contract: what is written reads back to the same result, byte for byte.</summary>
[TestClass]
public sealed class ResultJsonTests
{
    [TestMethod]
    public void EveryExampleRoundTrips()
    {
        foreach (var file in Repo.ExampleFiles)
        {
            var result = RealRules.Evaluate(Newtonsoft.Json.Linq.JObject.Parse(File.ReadAllText(file)));
            AssertRoundTrip(result, Path.GetFileName(file));
        }
    }

    [TestMethod]
    public void EveryEpciOfTheNationalBatchRoundTrips()
    {
        var service = new EvaluationService();
        var line = 0;
        foreach (var json in File.ReadLines(Path.Combine(Repo.Examples, "france-epci.jsonl")))
        {
            line++;
            var outcome = service.Evaluate(RealRules.Kb, ProfileSource.FromText(json, $"ligne {line}"));
            Assert.IsTrue(outcome.Succeeded, outcome.Failure?.Message);
            AssertRoundTrip(outcome.Result!, $"ligne {line}");
        }
        Assert.AreEqual(1255, line);
    }

    [TestMethod]
    public void IndicatorValuesReadBackWithTheirTypes()
    {
        var result = RealRules.Evaluate(RealRules.Example("ca-nevers"));
        var back = ResultJson.Deserialize(ResultJson.Serialize(result));
        var values = back.Portrait.ToDictionary(p => p.Id, p => p.Valeur);
        Assert.IsInstanceOfType<double>(values["population"]);
        Assert.IsInstanceOfType<string>(values["type_epci"]);
        Assert.IsInstanceOfType<string[]>(values["conventions"]);
        Assert.IsInstanceOfType<bool>(values["demarche_participative"]);
    }

    [TestMethod]
    public void AccentsStayReadable()
    {
        var json = ResultJson.Serialize(RealRules.Evaluate(RealRules.Example("ca-nevers")));
        Expect.Contains("Qui pilote ?", json);
        Expect.Contains("établi", json);
        Assert.IsFalse(json.Contains("\\u00e9", StringComparison.Ordinal));
    }

    private static void AssertRoundTrip(EvaluationResult result, string where)
    {
        var written = ResultJson.Serialize(result, indented: false);
        var again = ResultJson.Serialize(ResultJson.Deserialize(written), indented: false);
        Assert.AreEqual(written, again, where);
    }
}
