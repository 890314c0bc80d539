using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Worker.Atelier;
using Cadrage.Rules.Worker.Service;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cadrage.Rules.Atelier.Tests;

/// <summary>The sandbox's shortcut (only territories where a rule changes state are evaluated again) gives exactly what evaluating every territory gives.</summary>
[TestClass]
public sealed class SandboxTests
{
    private static RuleSet _kb = null!;
    private static EpciBatch _batch = null!;
    private static Retained[] _baseline = null!;
    private static Sandbox _sandbox = null!;

    [ClassInitialize]
    public static void Load(TestContext _)
    {
        var holder = new RuleSetHolder(Repo.Rules, NullLogger<RuleSetHolder>.Instance);
        Assert.IsTrue(holder.Reload());
        _kb = holder.Current;
        _batch = new EpciBatch(Repo.Batch);
        _baseline = _batch.Baseline(_kb);
        _sandbox = new Sandbox(_batch, holder);
    }

    private static void AssertSameOutcomes(Retained[] expected, Retained[] actual, string what)
    {
        Assert.HasCount(expected.Length, actual);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.AreEqual(expected[i].Error is null, actual[i].Error is null, $"{what}, territoire {i}");
            Assert.IsEmpty(expected[i].Differences(actual[i]), $"{what}, territoire {i} : {expected[i].Intitule} / {actual[i].Intitule}");
            CollectionAssert.AreEqual(expected[i].Fired, actual[i].Fired, $"{what}, territoire {i} : règles déclenchées");
            Assert.AreEqual(expected[i].Intitule, actual[i].Intitule, $"{what}, territoire {i} : intitulé");
        }
    }

    [TestMethod]
    public void TheAnswersDecidedWithoutExplanationAreThoseOfTheExplainedResultsOverTheWholeBatch()
    {
        AssertSameOutcomes(_baseline, _batch.Evaluate(_kb, decideOnly: true), "base en service");
        Assert.IsTrue(_baseline.Count(o => o.Error is null) > 1000, "le lot est lu");
    }

    [TestMethod]
    [DataRow("seuil_polarisation_forte", 30.0)]
    [DataRow("seuil_polarisation_forte", 55.0)]
    [DataRow("seuil_faible_densite", 80.0)]
    public void AParameterChangeEvaluatedOnlyWhereARuleChangesStateEqualsTheFullEvaluation(string parameter, double value)
    {
        var variant = _kb.WithParameters(new Dictionary<string, double> { [parameter] = value });

        var screened = _batch.EvaluateChanged(_kb, variant, _baseline, [parameter], []);

        AssertSameOutcomes(_batch.Evaluate(variant), screened, $"{parameter} = {value}");
        Assert.IsTrue(screened.Where((o, i) => o.Differences(_baseline[i]).Count > 0).Any() || value == _kb.Parameters[parameter].Value, "le changement a un effet sur le lot");
    }

    [TestMethod]
    public void AWeightChangeEvaluatedOnlyWhereTheRuleFiresEqualsTheFullEvaluation()
    {
        var change = new SandboxChange(new Dictionary<string, double> { ["seuil_polarisation_forte"] = 35 }, new Dictionary<string, double> { ["pole-epci-urbain"] = 0.5 });
        var variant = _sandbox.Variant(_kb, change);

        var screened = _batch.EvaluateChanged(_kb, variant, _baseline, change.Parametres.Keys.ToList(), change.Poids.Keys.ToList());

        AssertSameOutcomes(_batch.Evaluate(variant), screened, "poids et seuil");
    }
}
