using Cadrage.Rules.Evaluation;
using Cadrage.Rules.Output;
using Cadrage.Rules.Profiles;

namespace Cadrage.Rules.Tests.Evaluation;

/// <summary>The places a scenario names, read as a practitioner reads them, on the 1,255 real EPCI.</summary>
[TestClass]
public sealed class PlaceNamerTests
{
    private static readonly Lazy<List<(TerritoryProfile Profile, EvaluationResult Result)>> Epci = new(() =>
    {
        var kb = RealRules.Kb;
        var service = new EvaluationService();
        return RealRules.EpciLines()
            .Select((line, i) => service.Evaluate(kb, ProfileSource.FromText(line, $"ligne {i + 1}")))
            .Where(o => o.Succeeded)
            .Select(o => (o.Profile!, o.Result!))
            .ToList();
    });

    private static IEnumerable<(TerritoryProfile Profile, Scenario Scenario)> Scenarios() =>
        Epci.Value.SelectMany(e => e.Result.Scenarios.Select(s => (e.Profile, s)));

    [TestMethod]
    public void AnUrbanMainTownIsThePoleNotOneOfTheSecondaryCentresBourgs()
    {
        // « Polarisation généraliste sur plusieurs centre-bourgs secondaires » (méthodologie) : the ville-centre of
        // Nevers was listed among its centres-bourgs.
        var checkedBourgs = 0;
        foreach (var (profile, scenario) in Scenarios())
        {
            var main = profile.Communes.OrderByDescending(c => c.Population ?? -1).ThenBy(c => c.Code, StringComparer.Ordinal).FirstOrDefault();
            foreach (var role in scenario.Lieux.LieuxNommes.Where(r => r.Role == "centres-bourgs"))
            {
                checkedBourgs++;
                if (main?.NiveauDensite is 1 or 2)
                {
                    Assert.IsFalse(role.Communes.Any(c => c.Code == main.Code), $"{profile.Nom} : {main.Nom} (niveau {main.NiveauDensite}) parmi les centres-bourgs");
                }
            }
        }
        Assert.IsTrue(checkedBourgs > 50, $"{checkedBourgs} listes de centres-bourgs vérifiées");
    }

    [TestMethod]
    public void TheBaseOfTheToursIsNotAmongTheCommunesToReach()
    {
        // CC de l'Oisans: Allemond was both « base des tournées » and a destination of the itinérance.
        var both = 0;
        foreach (var (profile, scenario) in Scenarios())
        {
            var roles = scenario.Lieux.LieuxNommes;
            var bases = roles.Where(r => r.Role == "base").SelectMany(r => r.Communes).Select(c => c.Code).ToHashSet();
            var far = roles.Where(r => r.Role == "itinerance").SelectMany(r => r.Communes).Select(c => c.Code).ToList();
            if (bases.Count > 0 && far.Count > 0)
            {
                both++;
                Assert.IsFalse(far.Any(bases.Contains), $"{profile.Nom} : {string.Join(", ", far.Where(bases.Contains))} à la fois base et destination des tournées");
            }
        }
        Assert.IsTrue(both > 50, $"{both} scénarios avec une base et des communes à desservir");
    }
}
