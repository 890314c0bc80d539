using Cadrage.Rules.Evaluation;

namespace Cadrage.Rules.Tests.Evaluation;

/// <summary>The one entry point every host calls: outcomes, never exceptions.</summary>
[TestClass]
public sealed class EvaluationServiceTests
{
    private static readonly EvaluationService Service = new();

    [TestMethod]
    public void AValidProfileGivesTheProfileAndTheResult()
    {
        var outcome = Service.Evaluate(RealRules.Kb, ProfileSource.FromFile(Path.Combine(Repo.Examples, "ca-nevers.json")));
        Assert.IsTrue(outcome.Succeeded);
        Assert.AreEqual("245804406", outcome.TerritoireId);
        Assert.AreEqual("245804406", outcome.Result!.Territoire.Id);
        Assert.IsNull(outcome.Failure);
        Assert.IsNull(outcome.Runs, "rule runs only on request");
    }

    [TestMethod]
    public void RuleRunsAreKeptOnRequest()
    {
        var outcome = Service.Evaluate(RealRules.Kb, ProfileSource.FromText(RealRules.Example("ca-nevers").ToString(), "nevers"), keepRuns: true);
        Assert.AreEqual(RealRules.Kb.Rules.Count, outcome.Runs!.Count);
    }

    [TestMethod]
    public void AMissingFileIsAnUnreadableFileNotAnInvalidProfile()
    {
        var outcome = Service.Evaluate(RealRules.Kb, ProfileSource.FromFile("introuvable.json"));
        Assert.AreEqual(EvaluationFailureKind.FichierIllisible, outcome.Failure!.Kind);
        Expect.Contains("fichier introuvable", outcome.Failure.Message);
        Assert.IsFalse(outcome.Failure.Message.Contains("Could not", StringComparison.Ordinal), outcome.Failure.Message);
    }

    [TestMethod]
    public void AnInvalidProfileNamesTheJsonPath()
    {
        var json = RealRules.With("ca-nevers", ("densite", "beaucoup"));
        var outcome = Service.Evaluate(RealRules.Kb, ProfileSource.FromText(json.ToString(), "nevers.json"));
        Assert.AreEqual(EvaluationFailureKind.ProfilInvalide, outcome.Failure!.Kind);
        Assert.IsTrue(outcome.Failure.Errors.Any(e => e.Chemin.Contains("densite", StringComparison.Ordinal)), outcome.Failure.Message);
        Assert.IsNull(outcome.Result);
    }

    [TestMethod]
    public void InvalidUtf8IsReportedWithItsByteOffset()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(RealRules.Example("ca-nevers").ToString()).ToList();
        bytes.Insert(40, 0xE9); // a Latin-1 « é » alone is not UTF-8
        var outcome = Service.Evaluate(RealRules.Kb, ProfileSource.FromUtf8(bytes.ToArray(), "latin1.json"));
        Assert.AreEqual(EvaluationFailureKind.ProfilInvalide, outcome.Failure!.Kind);
        Expect.Contains("octet", outcome.Failure.Message);
    }

    [TestMethod]
    public void ABudgetOverrunIsAFailureOfThisProfileOnly()
    {
        var strict = new EvaluationService(new Evaluator(options: new EvaluationOptions { Budget = TimeSpan.Zero }));
        var outcome = strict.Evaluate(RealRules.Kb, ProfileSource.FromText(RealRules.Example("ca-nevers").ToString(), "nevers"));
        Assert.AreEqual(EvaluationFailureKind.BudgetDepasse, outcome.Failure!.Kind);
        Assert.AreEqual("245804406", outcome.TerritoireId, "the profile was read before the budget ran out");
    }
}
