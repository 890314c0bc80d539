using Cadrage.Rules.RuleTests;

namespace Cadrage.Rules.Tests.KnowledgeBase;

/// <summary>The methodologists' test cases of rules/tests/, run against the real rules: CI guards the knowledge base.</summary>
[TestClass]
public sealed class RuleTestCaseTests
{
    private static readonly Lazy<(IReadOnlyList<LoadedRuleTest> Tests, IReadOnlyList<Cadrage.Rules.Json.JsonDiagnostic> Errors)> Suite =
        new(() => RuleTestRunner.Load(Path.Combine(Repo.Rules, RuleTestRunner.Folder)));

    // Only plain values cross the test adapter's serialization; the case is looked up again in the test.
    public static IEnumerable<object[]> Cases => Suite.Value.Tests.Select(t => new object[] { t.ToString(), t.Fichier, t.Index });

    [TestMethod]
    public void TestCaseFilesAreValid()
    {
        Assert.AreEqual(0, Suite.Value.Errors.Count, string.Join("\n", Suite.Value.Errors));
        Assert.IsTrue(Suite.Value.Tests.Count > 100);
    }

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void CaseHolds(string name, string file, int index)
    {
        var test = Suite.Value.Tests.Single(t => t.Fichier == file && t.Index == index);
        var result = RuleTestRunner.Run(RealRules.Kb, test, Repo.Examples);
        Assert.IsTrue(result.Reussi, name + " :\n" + string.Join("\n", result.Echecs));
    }

    [TestMethod]
    public void EveryRuleThatReadsTheProfileIsTestedOnBothSidesOfItsThreshold()
    {
        var tests = Suite.Value.Tests;
        var fired = tests.SelectMany(t => t.Case.Attendu.Declenchees).ToHashSet();
        var notFired = tests.SelectMany(t => t.Case.Attendu.NonDeclenchees).ToHashSet();
        var missing = RealRules.Kb.Rules.Where(r => r.Indicators.Count > 0)
            .Where(r => !fired.Contains(r.Name) || !notFired.Contains(r.Name))
            .Select(r => r.Name).ToList();
        Assert.AreEqual(0, missing.Count, "règles sans cas des deux côtés du seuil : " + string.Join(", ", missing));
    }

    [TestMethod]
    public void AFailingExpectationIsReportedInFrench()
    {
        var test = new LoadedRuleTest("essai.json", 0, new RuleTestCase
        {
            Nom = "attente fausse",
            Exemple = "ca-nevers",
            Attendu = new RuleTestExpectation { Declenchees = ["itinerance-faible-densite"], Retenu = ["itinerance"] },
        });

        var result = RuleTestRunner.Run(RealRules.Kb, test, Repo.Examples);

        Assert.IsFalse(result.Reussi);
        Expect.Contains("« itinerance-faible-densite » devait se déclencher : elle ne s'est pas déclenchée", result.Echecs[0]);
        Expect.Contains("« itinerance » attendu dans le scénario retenu", result.Echecs[1]);
    }

    [TestMethod]
    public void CertaintyAndScenarioCountExpectationsAreChecked()
    {
        // Without the collectivity's data, and without knowing how many members must have a CCAS, the Pourquoi of CC
        // Provence Verdon cannot be decided.
        var profile = RealRules.With("cc-provence-verdon", ("conventions", null), ("demarches", null), ("competences", null), ("indice_potentiel_financier", null),
            ("taux_pauvrete", null), ("part_familles_monoparentales", null), ("part_pop_eloignee_panier", null), ("analyse_besoins_recente", null), ("communes_2000_plus", null));
        RuleTestResult Run(RuleTestExpectation expected) => RuleTestRunner.Run(RealRules.Kb,
            new LoadedRuleTest("essai.json", 0, new RuleTestCase { Nom = "certitudes", Profil = profile, Attendu = expected }), Repo.Examples);

        Assert.IsTrue(Run(new RuleTestExpectation { Certitudes = new RuleTestCertainties { Objectifs = "non-tranchee" } }).Reussi);
        var wrong = Run(new RuleTestExpectation { Certitudes = new RuleTestCertainties { Objectifs = "etablie" }, ScenariosMax = 0 });

        Assert.IsFalse(wrong.Reussi);
        Expect.Contains("au plus 0 scénarios attendus", string.Join("\n", wrong.Echecs));
        Expect.Contains("« Pourquoi ? » : certitude « établie » attendue, obtenue « non tranchée »", string.Join("\n", wrong.Echecs));
    }
}
