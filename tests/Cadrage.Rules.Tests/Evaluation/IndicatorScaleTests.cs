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
}
