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

    /// <summary>
    /// Behonne (Meuse) as the importer builds it from the open data: a commune of 595 inhabitants without the services of
    /// the intermediate range, 4 km from Bar-le-Duc, with two centres-bourgs around it (Fains-Véel made a bourg rural for the test).
    /// </summary>
    private static string Behonne(double distancePole = 3.8, double intermediate = 3.45, int level = 4, double latitude = 48.79776) => $$"""
        {
          "id": "55041", "nom": "Behonne", "echelle": "commune",
          "indicateurs": {
            "population": { "valeur": 595, "source": "INSEE" }, "nombre_communes": { "valeur": 1, "source": "INSEE" },
            "part_premiere_commune": { "valeur": 100, "source": "INSEE" }, "communes_2000_plus": { "valeur": 0, "source": "INSEE" },
            "communes_5000_plus": { "valeur": 0, "source": "INSEE" }, "part_communes_moins_500": { "valeur": 0, "source": "INSEE" },
            "densite": { "valeur": 64.89, "source": "INSEE" }, "part_pop_rurale": { "valeur": 43.6, "source": "INSEE" },
            "communes_centres": { "valeur": 0, "source": "INSEE" }, "part_pop_densite_1": { "valeur": 0, "source": "INSEE" },
            "part_pop_densite_2": { "valeur": 0, "source": "INSEE" }, "part_pop_densite_4": { "valeur": 100, "source": "INSEE" }, "bpe_proximite": { "valeur": 13.04, "source": "INSEE" },
            "bpe_intermediaire": { "valeur": {{intermediate.ToString(System.Globalization.CultureInfo.InvariantCulture)}}, "source": "INSEE" },
            "distance_pole_intermediaire": { "valeur": {{distancePole.ToString(System.Globalization.CultureInfo.InvariantCulture)}}, "source": "INSEE" },
            "centres_bourgs_10km": { "valeur": 2, "source": "INSEE" }
          },
          "communes": [ { "code": "55041", "nom": "Behonne", "population": 595, "densite": {{level}}, "latitude": {{latitude.ToString(System.Globalization.CultureInfo.InvariantCulture)}}, "longitude": 5.17021 } ],
          "voisines": [
            { "code": "55029", "nom": "Bar-le-Duc", "population": 14607, "densite": 2, "latitude": 48.76342, "longitude": 5.17278, "franceServices": 1, "pole": "intermediaire" },
            { "code": "55302", "nom": "Longeville-en-Barrois", "population": 1081, "densite": 5, "latitude": 48.73871, "longitude": 5.20511, "pole": "proximite" },
            { "code": "55186", "nom": "Fains-Véel", "population": 2080, "densite": 5, "latitude": 48.78485, "longitude": 5.11018, "pole": "proximite" }
          ]
        }
        """;

    private static EvaluationResult Evaluate(string profile)
    {
        var outcome = new EvaluationService().Evaluate(RealRules.Kb, ProfileSource.FromText(profile, "behonne.json"));
        Assert.IsTrue(outcome.Succeeded, outcome.Failure?.Message);
        return outcome.Result!;
    }

    [TestMethod]
    public void ACommuneReliesOnTheNeighbouringPoleOrOnTheCentresBourgsAroundItAndNamesThem()
    {
        var result = Evaluate(Behonne());

        var pole = result.Scenarios.Single(s => s.Lieux.Principale.Id == "pole-agglomeration");
        var named = pole.Lieux.LieuxNommes.Single(r => r.Role == "pole");
        Assert.AreEqual("pôle voisin", named.Libelle);
        Assert.AreEqual(new NamedCommune("55029", "Bar-le-Duc", 14607, 4), named.Communes.Single());
        Expect.Contains("pôle voisin : Bar-le-Duc (4\u00a0km)", pole.Lieux.Description);
        Assert.IsTrue(pole.Justifications.Any(j => j.Regle == "pole-voisin-a-portee"));

        var bourgs = result.Scenarios.Single(s => s.Lieux.Principale.Id == "centres-bourgs").Lieux.LieuxNommes.Single(r => r.Role == "centres-bourgs");
        Assert.AreEqual("centres-bourgs voisins", bourgs.Libelle);
        CollectionAssert.AreEqual(new[] { "Fains-Véel", "Longeville-en-Barrois" }, bourgs.Communes.Select(c => c.Nom).ToArray(), "les plus proches d'abord");

        // The scenarios differ in geometry: a pôle, centres-bourgs, itinérance.
        Assert.IsTrue(result.Scenarios.Select(s => s.Lieux.Principale.Id).Distinct().Count() >= 2);
    }

    [TestMethod]
    public void APoleBeyondReachIsNeitherEvidenceNorNamed()
    {
        // 15 km is the far threshold (seuil_pole_eloigne): at 15.1 km no rule supports the pôle and no scenario names Bar-le-Duc.
        var result = Evaluate(Behonne(distancePole: 15.1));

        Assert.IsFalse(result.Scenarios.SelectMany(s => s.Justifications).Any(j => j.Regle is "pole-voisin-a-portee" or "pole-a-portee-en-voiture"));
        Assert.IsFalse(result.Scenarios.SelectMany(s => s.Lieux.LieuxNommes).SelectMany(r => r.Communes).Any(c => c.Nom == "Bar-le-Duc"));
    }

    [TestMethod]
    public void APoleWithinReachByCarIsWeakEvidenceAndNamedAsSuch()
    {
        // Between 10 km (seuil_pole_voisin) and 15 km (seuil_pole_eloigne): Behonne moved 12 km north of Bar-le-Duc.
        var result = Evaluate(Behonne(distancePole: 12, latitude: 48.8714));

        var pole = result.Scenarios.Single(s => s.Lieux.Principale.Id == "pole-agglomeration");
        Assert.IsTrue(pole.Justifications.Any(j => j.Regle == "pole-a-portee-en-voiture"));
        Assert.IsFalse(result.Scenarios.SelectMany(s => s.Justifications).Any(j => j.Regle is "pole-voisin-a-portee" or "itinerance-pole-eloigne"));
        var named = pole.Lieux.LieuxNommes.Single(r => r.Role == "pole");
        Assert.AreEqual("pôle le plus proche, à portée en voiture", named.Libelle);
        Assert.AreEqual("Bar-le-Duc", named.Communes.Single().Nom);
        Assert.AreEqual(12, named.Communes.Single().DistanceKm);
    }

    [TestMethod]
    public void ACommuneThatIsItselfAPoleOfServicesIsThePole()
    {
        var result = Evaluate(Behonne(intermediate: 60));

        var pole = result.Scenarios.Single(s => s.Lieux.Principale.Id == "pole-agglomeration");
        Assert.IsTrue(pole.Justifications.Any(j => j.Regle == "pole-commune-pole-de-services"));
        Assert.IsFalse(pole.Justifications.Any(j => j.Regle == "pole-voisin-a-portee"));
        var named = pole.Lieux.LieuxNommes.Single(r => r.Role == "pole");
        Assert.AreEqual("pôle", named.Libelle);
        Assert.AreEqual("Behonne", named.Communes.Single().Nom);
    }

    [TestMethod]
    public void ACommuneThatIsABourgOfTheGridIsOneOfItsCentresBourgs()
    {
        var bourgs = Evaluate(Behonne(level: 5)).Scenarios.Single(s => s.Lieux.Principale.Id == "centres-bourgs").Lieux.LieuxNommes.Single(r => r.Role == "centres-bourgs");

        Assert.AreEqual("centres-bourgs (la commune et ses voisins)", bourgs.Libelle);
        CollectionAssert.AreEqual(new[] { "Behonne", "Fains-Véel", "Longeville-en-Barrois" }, bourgs.Communes.Select(c => c.Nom).ToArray());
    }
}
