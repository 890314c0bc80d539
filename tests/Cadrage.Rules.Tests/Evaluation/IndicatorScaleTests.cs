using Cadrage.Rules.Evaluation;
using Cadrage.Rules.Explanations;
using Cadrage.Rules.Output;
using Cadrage.Rules.Profiles;
using Newtonsoft.Json.Linq;

namespace Cadrage.Rules.Tests.Evaluation;

/// <summary>
/// An indicator of another scale of territory (rules/indicateurs.json, « echelles ») is not lacking: a commune is
/// not asked for the type of EPCI it is not, an EPCI for the distance to a neighbouring pôle.
/// </summary>
[TestClass]
public sealed class IndicatorScaleTests
{
    private static JObject Commune() => JObject.Parse("""
        {
          "id": "55041", "nom": "Behonne", "echelle": "commune",
          "indicateurs": {
            "population": { "valeur": 595 }, "nombre_communes": { "valeur": 1 }, "densite": { "valeur": 64.89 },
            "bpe_proximite": { "valeur": 13.04 }, "bpe_intermediaire": { "valeur": 3.45 }
          }
        }
        """);

    [TestMethod]
    public void ACommuneIsNeverAskedForTheTypeOfEpci()
    {
        var result = RealRules.Evaluate(Commune());

        var missing = result.IndicateursManquants.Select(m => m.Id).ToList();
        CollectionAssert.DoesNotContain(missing, "type_epci");
        CollectionAssert.DoesNotContain(missing, "regime_fiscal");
        CollectionAssert.Contains(missing, "distance_pole_intermediaire", "un indicateur des communes manque bien à une commune");
        Assert.IsFalse(result.Analyse.SelectMany(a => a.DonneesAReunir).Any(d => d.Id is "type_epci" or "regime_fiscal"),
            string.Join(" | ", result.Analyse.Select(a => a.Phrase)));
        Assert.IsFalse(result.Avertissements.Any(w => w.Contains("Type d'EPCI", StringComparison.Ordinal)));
    }

    /// <summary>
    /// A commune holds its competences from the clause générale de compétence (its action sociale through its CCAS):
    /// « Compétences exercées » of an EPCI is neither missing, nor data to collect, nor a lever (« « Faire » serait
    /// retenu si « Compétences exercées » comptait « action sociale d'intérêt communautaire » » is no advice for a commune).
    /// </summary>
    [TestMethod]
    public void ACommuneIsNeverOfferedAnIntercommunalCompetence()
    {
        var request = ExplanationRequest.Parse(ExplanationLevels.Completes, [], RealRules.Kb, out var errors);
        Assert.AreEqual(0, errors.Count, string.Join(" ; ", errors));
        var commune = new EvaluationService().Evaluate(RealRules.Kb, ProfileSource.FromText(Commune().ToString(), "behonne.json"), explanations: request);
        Assert.IsTrue(commune.Succeeded, commune.Failure?.Message);
        CollectionAssert.DoesNotContain(commune.Result!.IndicateursManquants.Select(m => m.Id).ToList(), "competences");
        var text = TextReport.Render(commune.Result);
        Assert.IsFalse(text.Contains("Compétences exercées", StringComparison.Ordinal), text);
        Assert.IsFalse(text.Contains("intérêt communautaire", StringComparison.Ordinal), text);

        // The same indicator is still a lever and a datum to collect for an EPCI.
        var epci = RealRules.With("cc-pays-chatillonnais", ("competences", null));
        var epciResult = new EvaluationService().Evaluate(RealRules.Kb, ProfileSource.FromText(epci.ToString(), "epci.json"), explanations: request);
        CollectionAssert.Contains(epciResult.Result!.IndicateursManquants.Select(m => m.Id).ToList(), "competences");
    }

    [TestMethod]
    public void AnEpciIsNeverAskedForTheDistanceToANeighbouringPole()
    {
        var result = RealRules.Evaluate(RealRules.Example("ca-nevers"));

        var missing = result.IndicateursManquants.Select(m => m.Id).ToList();
        CollectionAssert.DoesNotContain(missing, "distance_pole_intermediaire");
        CollectionAssert.DoesNotContain(missing, "centres_bourgs_10km");
        Assert.IsFalse(result.Analyse.SelectMany(a => a.DonneesAReunir).Any(d => d.Id is "distance_pole_intermediaire" or "centres_bourgs_10km"));
    }

    [TestMethod]
    public void ARuleOfAnotherScaleIsNoNearMissInWhyNot()
    {
        var request = ExplanationRequest.Parse(ExplanationLevels.Completes, [], RealRules.Kb, out var errors);
        Assert.AreEqual(0, errors.Count, string.Join(" ; ", errors));
        var explained = new EvaluationService().Evaluate(RealRules.Kb, ProfileSource.FromText(Commune().ToString(), "behonne.json"), explanations: request);
        Assert.IsTrue(explained.Succeeded, explained.Failure?.Message);
        var whyNot = explained.Result!.Explications!.PourquoiPas;

        // « pole-epci-urbain » reads the type of EPCI: for a commune it is no rule missed, neither listed nor « au plus près ».
        var missed = whyNot.SelectMany(w => w.ReglesManquees).ToList();
        Assert.IsTrue(missed.Count > 0);
        Assert.IsFalse(missed.Any(m => m.Regle == "pole-epci-urbain"), string.Join(", ", missed.Select(m => m.Regle)));
        Assert.IsFalse(missed.Any(m => m.Phrase.Contains("Type d'EPCI", StringComparison.Ordinal)), string.Join(" | ", missed.Select(m => m.Phrase)));
    }

    [TestMethod]
    public void ARuleGuardedForAnotherScaleIsNoNearMissNorALever()
    {
        // A commune where the first commune holds 100 % of the population: « pole-premiere-commune-dominante »
        // (nombre_communes >= 2 && …) lacks only its scale guard. « Il manque 1 commune » is no lever for a commune:
        // the rule is neither listed among the rules missed nor given « au plus près ».
        var commune = Commune();
        var indicators = (JObject)commune["indicateurs"]!;
        indicators["part_premiere_commune"] = new JObject { ["valeur"] = 100 };
        indicators["distance_pole_intermediaire"] = new JObject { ["valeur"] = 4.2 };
        var request = ExplanationRequest.Parse(ExplanationLevels.Completes, ["lieux:pole-agglomeration", "lieux:itinerance"], RealRules.Kb, out var errors);
        Assert.AreEqual(0, errors.Count, string.Join(" ; ", errors));
        var explained = new EvaluationService().Evaluate(RealRules.Kb, ProfileSource.FromText(commune.ToString(), "behonne.json"), explanations: request);
        Assert.IsTrue(explained.Succeeded, explained.Failure?.Message);
        var e = explained.Result!.Explications!;

        var missed = e.PourquoiPas.SelectMany(w => w.ReglesManquees).ToList();
        Assert.IsTrue(missed.Count > 0);
        foreach (var guarded in new[] { "pole-premiere-commune-dominante", "pole-ville-centre", "bourgs-ruraux-peuples", "itinerance-poussiere-de-communes" })
        {
            Assert.IsFalse(missed.Any(m => m.Regle == guarded), $"{guarded} : {string.Join(", ", missed.Select(m => m.Regle))}");
        }
        const string Scale = "Nombre de communes";
        Assert.IsFalse(missed.Any(m => m.Conditions.Any(c => c.Contains(Scale, StringComparison.Ordinal))), string.Join(" | ", missed.Select(m => m.Phrase)));
        Assert.IsFalse(e.PourquoiPas.Any(w => w.Phrase.Contains(Scale, StringComparison.Ordinal)), string.Join(" | ", e.PourquoiPas.Select(w => w.Phrase)));
        Assert.IsFalse(e.CeQuiFeraitChanger.Any(c => c.Contains(Scale, StringComparison.Ordinal) || c.Contains("communes nombreuses", StringComparison.Ordinal)), string.Join(" | ", e.CeQuiFeraitChanger));
        Assert.IsFalse(e.Contrefactuels.SelectMany(c => c.Variantes).SelectMany(v => v.Changements).Any(c => c.Indicateur == "nombre_communes"));
    }

    [TestMethod]
    public void AScaleGuardSaysWhichScaleARuleIsFor()
    {
        // « nombre_communes >= 2 && … » is out of scale for a commune, not for an intercommunality of 14 communes, which is
        // still told how near it is (« il manque 0,01 point »).
        var kb = RealRules.Kb;
        var rule = kb.RulesByName["pole-premiere-commune-dominante"];
        ConditionAnalyzer Analyzer(JObject json)
        {
            var facts = ProfileFacts.Create(kb, RealRules.Profile(json));
            RuleRunner.Run(kb, facts);
            return new ConditionAnalyzer(kb, facts, kb.ParameterValues);
        }
        var nevers = Analyzer(RealRules.With("ca-nevers", ("part_premiere_commune", 39.99)));
        Assert.IsFalse(nevers.OutOfScale(rule));
        Expect.Contains("il manque 0,01", nevers.Missing(rule).Single().Text);
        Assert.IsFalse(nevers.Missing(rule).Single().Statutory);

        var commune = Analyzer(RealRules.With("ca-nevers", ("nombre_communes", 1)));
        Assert.IsTrue(commune.OutOfScale(rule));
        Assert.IsTrue(commune.Missing(rule).Single().Statutory, "le nombre de communes n'est pas un levier");
        Assert.IsFalse(commune.OutOfScale(kb.RulesByName["pole-commune-pole-de-services"]), "nombre_communes == 1 : la règle des communes seules");
    }
}
