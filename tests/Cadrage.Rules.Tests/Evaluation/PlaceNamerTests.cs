using Cadrage.Rules.Evaluation;
using Cadrage.Rules.Output;
using Cadrage.Rules.Profiles;
using Newtonsoft.Json.Linq;

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

    /// <summary>
    /// Centres-bourgs without the pôle form still say the ville-centre they surround when it gathers the territory
    /// (CA de Nevers: Nevers, 49 % of the population), not when the first commune is one town among others (Grésivaudan).
    /// </summary>
    [TestMethod]
    public void SecondaryCentresBourgsNameTheVilleCentreTheySurroundOnlyWhenItGathersTheTerritory()
    {
        var nevers = RealRules.Evaluate(RealRules.Example("ca-nevers")).Scenarios.Single(s => s.Lieux.Id == "centres-bourgs" && s.Lieux.Complements.Count == 0);
        Assert.AreEqual("centres-bourgs secondaires, autour de la ville-centre Nevers", nevers.Lieux.LieuxNommes.Single(r => r.Role == "centres-bourgs").Libelle);
        Assert.IsFalse(nevers.Lieux.LieuxNommes.SelectMany(r => r.Communes).Any(c => c.Nom == "Nevers"), "la ville-centre n'est pas un centre-bourg");
        var gresivaudan = RealRules.Evaluate(RealRules.Example("cc-le-gresivaudan")).Scenarios.First(s => s.Lieux.Id == "centres-bourgs");
        Assert.AreEqual("centres-bourgs", gresivaudan.Lieux.LieuxNommes.Single(r => r.Role == "centres-bourgs").Libelle);
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

    // Review of the examples (revue-exemples.md, defects 2 and 3): the places a scenario names must satisfy the rules
    // that justify their role, and the communes itinérance reaches are measured from a place the scenario names.

    private static double Parameter(string name) => RealRules.Kb.Parameters[name].Value;

    private static double Km(MemberCommune a, MemberCommune b)
    {
        static double Rad(double d) => d * Math.PI / 180;
        var dLat = Rad(b.Latitude!.Value - a.Latitude!.Value);
        var dLon = Rad(b.Longitude!.Value - a.Longitude!.Value);
        var h = Math.Sin(dLat / 2) * Math.Sin(dLat / 2) + Math.Cos(Rad(a.Latitude.Value)) * Math.Cos(Rad(b.Latitude.Value)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * 6371 * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }

    private static Scenario Geometry(EvaluationResult result, string main, params string[] complements) =>
        result.Scenarios.First(s => s.Lieux.Principale.Id == main && s.Lieux.Complements.Select(c => c.Id).SequenceEqual(complements));

    private static List<string> Names(Scenario scenario, string role) =>
        scenario.Lieux.LieuxNommes.Where(r => r.Role == role).SelectMany(r => r.Communes).Select(c => c.Nom).ToList();

    private static JObject WithCommune(string example, string name, Action<JObject> change)
    {
        var json = RealRules.Example(example);
        change(json["communes"]!.Cast<JObject>().Single(c => (string?)c["nom"] == name));
        return json;
    }

    [TestMethod]
    public void TheCommunesToReachAreMeasuredFromTheNearestPlaceTheScenarioNamesAndNoneHasAFranceServices()
    {
        // Provence Verdon: « Pontevès (28 km) » was measured from Rians, which the scenario did not name, while Pontevès
        // is 7.7 km from Barjols, a centre-bourg of the same scenario; Saint-Julien and Montmeyan, which have a France
        // Services, were communes to reach.
        var checkedCommunes = 0;
        foreach (var (profile, scenario) in Scenarios())
        {
            var roles = scenario.Lieux.LieuxNommes;
            var far = roles.Where(r => r.Role == "itinerance").ToList();
            if (far.Count == 0)
            {
                continue;
            }
            var byCode = profile.Communes.ToDictionary(c => c.Code);
            var named = roles.Where(r => r.Role != "itinerance").SelectMany(r => r.Communes).Select(c => byCode[c.Code]).ToList();
            Assert.IsTrue(named.Count > 0, $"{profile.Nom} : une itinérance sans lieu nommé d'où partir");
            var main = profile.Communes.OrderByDescending(c => c.Population ?? -1).ThenBy(c => c.Code, StringComparer.Ordinal).First();
            foreach (var role in far)
            {
                foreach (var commune in role.Communes.Select(c => (Named: c, Member: byCode[c.Code])))
                {
                    checkedCommunes++;
                    var where = $"{profile.Nom}, {scenario.Intitule} : {commune.Named.Nom}";
                    Assert.IsFalse(commune.Member.FranceServices > 0, $"{where} a une France Services : c'est un relais, pas une destination");
                    Assert.AreNotEqual(main.Code, commune.Member.Code, $"{where} est la première commune");
                    Assert.IsFalse(named.Any(n => n.Code == commune.Member.Code), $"{where} est déjà un lieu nommé");
                    if (commune.Member.Latitude is null)
                    {
                        continue;
                    }
                    var nearest = named.Where(n => n.Latitude is not null).MinBy(n => Km(n, commune.Member))!;
                    Assert.AreEqual(Math.Round(Km(nearest, commune.Member)), commune.Named.DistanceKm, $"{where} : distance au lieu nommé le plus proche ({nearest.Nom})");
                    Expect.Contains($"depuis {nearest.Nom}", role.Libelle, where);
                }
            }
        }
        Assert.IsTrue(checkedCommunes > 1000, $"{checkedCommunes} communes à desservir vérifiées");
    }

    [TestMethod]
    public void ProvenceVerdonReachesPontevesFromBarjolsAndNotTheCommunesThatHaveAFranceServices()
    {
        var s1 = Geometry(RealRules.Evaluate(RealRules.Example("cc-provence-verdon")), "centres-bourgs", "itinerance");

        var barjols = s1.Lieux.LieuxNommes.Single(r => r.Role == "itinerance" && r.Libelle.Contains("depuis Barjols", StringComparison.Ordinal));
        Assert.AreEqual(8, barjols.Communes.Single(c => c.Nom == "Pontevès").DistanceKm, "Pontevès est à 7,7 km de Barjols");
        Expect.Contains("itinérance depuis Barjols vers les communes les plus éloignées des lieux nommés (9\u00a0communes rurales dispersées dans le territoire) : Fox-Amphoux (13\u00a0km), Pontevès (8\u00a0km)", s1.Lieux.Description);
        var far = Names(s1, "itinerance");
        Assert.IsFalse(far.Contains("Saint-Julien") || far.Contains("Montmeyan"), string.Join(", ", far));

        // The other side: Montmeyan without its France Services is a commune to reach, 13 km from Saint-Julien.
        var without = Geometry(RealRules.Evaluate(WithCommune("cc-provence-verdon", "Montmeyan", c => c["franceServices"] = 0)), "centres-bourgs", "itinerance");
        var montmeyan = without.Lieux.LieuxNommes.Single(r => r.Role == "itinerance" && r.Communes.Any(c => c.Nom == "Montmeyan"));
        Expect.Contains("depuis Saint-Julien", montmeyan.Libelle);
        Assert.AreEqual(13, montmeyan.Communes.Single(c => c.Nom == "Montmeyan").DistanceKm);
    }

    [TestMethod]
    public void TheToursOfTheChatillonnaisStartFromItsBasesNotFromWhereTheScenarioNamesNothing()
    {
        // « Beneuvre (32 km) » was measured from Châtillon-sur-Seine; it is 11 km from Recey-sur-Ource, a base of the tours.
        var s1 = Geometry(RealRules.Evaluate(RealRules.Example("cc-pays-chatillonnais")), "itinerance");
        CollectionAssert.AreEqual(new[] { "Châtillon-sur-Seine", "Recey-sur-Ource" }, Names(s1, "base"));
        var far = s1.Lieux.LieuxNommes.Where(r => r.Role == "itinerance").SelectMany(r => r.Communes).ToList();
        Assert.IsTrue(far.All(c => c.DistanceKm <= 30), string.Join(", ", far.Select(c => $"{c.Nom} ({c.DistanceKm} km)")));
        Assert.IsFalse(far.Any(c => c.Nom == "Beneuvre"), "Beneuvre est à 11 km de Recey-sur-Ource");
    }

    [TestMethod]
    public void TheCentresBourgsAreSmallTownsAndRuralBourgsNotTheSuburbsOfTheMainTown()
    {
        var relay = Parameter(PlaceNamer.RelayThreshold);
        var reach = Parameter(PlaceNamer.NeighbourPoleDistance);
        var levels = new int[8];
        foreach (var (profile, scenario) in Scenarios())
        {
            var byCode = profile.Communes.ToDictionary(c => c.Code);
            var main = profile.Communes.OrderByDescending(c => c.Population ?? -1).ThenBy(c => c.Code, StringComparer.Ordinal).First();
            foreach (var bourg in scenario.Lieux.LieuxNommes.Where(r => r.Role == "centres-bourgs").SelectMany(r => r.Communes).Select(c => byCode[c.Code]))
            {
                var where = $"{profile.Nom} : {bourg.Nom} (niveau {bourg.NiveauDensite}, {bourg.Population} hab.)";
                levels[bourg.NiveauDensite ?? 0]++;
                switch (bourg.NiveauDensite)
                {
                    case 3 or 5:
                        break;
                    case 6 or 7:
                        Assert.IsTrue(bourg.FranceServices > 0 && bourg.Population >= relay, $"{where} : ni France Services ni {relay} habitants");
                        break;
                    case 2:
                        Assert.AreNotEqual(main.Code, bourg.Code, where);
                        Assert.IsFalse(main.NiveauDensite is 1 or 2 && Km(main, bourg) <= reach, $"{where} : à {Km(main, bourg):0.0} km de {main.Nom}, dans son agglomération");
                        break;
                    case null:
                        Assert.IsTrue(bourg.Population >= relay, where);
                        break;
                    default:
                        Assert.Fail($"{where} : ni petite ville ni bourg rural");
                        break;
                }
            }
        }
        Assert.IsTrue(levels[3] + levels[5] > 1000, string.Join(", ", levels));
        Assert.IsTrue(levels[6] + levels[7] > 0, "des bourgs à France Services des niveaux 6 et 7 : " + string.Join(", ", levels));
    }

    [TestMethod]
    public void VarennesVauzellesIsPartOfTheNeversAgglomerationNotACentreBourg()
    {
        var s3 = Geometry(RealRules.Evaluate(RealRules.Example("ca-nevers")), "centres-bourgs");
        CollectionAssert.AreEqual(new[] { "Pougues-les-Eaux", "Saint-Éloi" }, Names(s3, "centres-bourgs"), "Fourchambault (ceinture urbaine, niveau 4) non plus");

        // The other side: the same centre urbain intermédiaire 30 km north of Nevers stands apart: a secondary centre.
        var apart = Geometry(RealRules.Evaluate(WithCommune("ca-nevers", "Varennes-Vauzelles", c => c["latitude"] = (double)c["latitude"]! + 0.27)), "centres-bourgs");
        CollectionAssert.AreEqual(new[] { "Varennes-Vauzelles", "Pougues-les-Eaux", "Saint-Éloi" }, Names(apart, "centres-bourgs"));
    }

    [TestMethod]
    public void RiansTheFirstCommuneOfProvenceVerdonWithAFranceServicesIsACentreBourg()
    {
        // Level 6 of the grid (a vast commune), 4,245 inhabitants and a France Services: the bourg the others come to.
        var s1 = Geometry(RealRules.Evaluate(RealRules.Example("cc-provence-verdon")), "centres-bourgs", "itinerance");
        CollectionAssert.AreEqual(new[] { "Rians", "Barjols", "Seillons-Source-d'Argens", "Saint-Julien", "Ginasservis" }, Names(s1, "centres-bourgs"));

        // The other side: without a France Services, level 6 is not a bourg (nor is Montmeyan, 595 inhabitants, with one).
        var without = Geometry(RealRules.Evaluate(WithCommune("cc-provence-verdon", "Rians", c => c["franceServices"] = 0)), "centres-bourgs", "itinerance");
        var bourgs = Names(without, "centres-bourgs");
        Assert.IsFalse(bourgs.Contains("Rians") || bourgs.Contains("Montmeyan"), string.Join(", ", bourgs));
        Assert.IsFalse(Names(without, "itinerance").Contains("Rians"), "la première commune n'est pas une commune éloignée");
    }

    [TestMethod]
    public void TheSpecialisedPolesAreTheCommunesTheirRulesSpeakOf()
    {
        // Nevers: « répartie sur 8 communes de 2 000 habitants ou plus » named Sermoise-sur-Loire (1,490 inhabitants).
        var kb = RealRules.Kb;
        var populations = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["communes_2000_plus"] = Parameter(PlaceNamer.RelayThreshold),
            ["communes_5000_plus"] = Parameter(PlaceNamer.SpecialisedThreshold),
        };
        var checkedPoles = 0;
        foreach (var (profile, scenario) in Scenarios())
        {
            var poles = scenario.Lieux.LieuxNommes.Where(r => r.Role == "poles-specialises").SelectMany(r => r.Communes).ToList();
            if (poles.Count == 0)
            {
                continue;
            }
            var stated = scenario.Justifications
                .Where(j => j.Option == "poles-specialises" && j.Effet == "soutien")
                .SelectMany(j => kb.RulesByName[j.Regle].Indicators.Select(i => kb.Indicators[i].Id))
                .Where(populations.ContainsKey).Select(id => populations[id]).ToList();
            var floor = stated.Count > 0 ? stated.Min() : Parameter(PlaceNamer.RelayThreshold);
            foreach (var pole in poles)
            {
                checkedPoles++;
                Assert.IsTrue(pole.Population >= floor, $"{profile.Nom}, {scenario.Intitule} : {pole.Nom} ({pole.Population} hab.) sous {floor} habitants");
            }
        }
        Assert.IsTrue(checkedPoles > 500, $"{checkedPoles} pôles spécialisés vérifiés");
    }

    [TestMethod]
    public void NeversNamesItsSpecialisedPolesAmongItsCommunesOf2000InhabitantsOrMore()
    {
        var result = RealRules.Evaluate(RealRules.Example("ca-nevers"));
        var s1 = Geometry(result, "pole-agglomeration", "poles-specialises");
        Assert.IsTrue(s1.Justifications.Any(j => j.Regle == "specialises-offre-superieure"));
        CollectionAssert.AreEqual(new[] { "Varennes-Vauzelles", "Fourchambault", "Coulanges-lès-Nevers", "Garchizy", "Marzy" }, Names(s1, "poles-specialises"));
        CollectionAssert.AreEqual(new[] { "Pougues-les-Eaux", "Saint-Éloi" }, Names(s1, "relais"), "les relais viennent après les pôles spécialisés");

        // The threshold is read from the rule set: at 1,400 inhabitants Sermoise-sur-Loire (1,490) and Challuy (1,468)
        // can be named, at 2,000 they cannot (all the communes named, 20 at most, to see the floor).
        var all = RealRules.Kb.WithParameters(new Dictionary<string, double> { [PlaceNamer.MaxNamed] = 20 });
        var lower = RealRules.Kb.WithParameters(new Dictionary<string, double> { [PlaceNamer.MaxNamed] = 20, [PlaceNamer.RelayThreshold] = 1400 });
        var at2000 = Names(Geometry(RealRules.Evaluate(RealRules.Example("ca-nevers"), all), "pole-agglomeration", "poles-specialises"), "poles-specialises");
        var at1400 = Names(Geometry(RealRules.Evaluate(RealRules.Example("ca-nevers"), lower), "pole-agglomeration", "poles-specialises"), "poles-specialises");
        // Every commune of 2,000 inhabitants or more but Nevers, the pôle of the geometry: 7.
        Assert.AreEqual(7, at2000.Count, string.Join(", ", at2000));
        Assert.IsFalse(at2000.Contains("Nevers"));
        Assert.IsFalse(at2000.Contains("Sermoise-sur-Loire"));
        CollectionAssert.IsSubsetOf(new[] { "Sermoise-sur-Loire", "Challuy" }, at1400);
        Assert.IsFalse(at1400.Contains("Parigny-les-Vaux"), "965 habitants");
    }

    [TestMethod]
    public void TheThresholdsOfTheSpecialisedPolesAreThoseTheIndicatorsCount()
    {
        // The names are read against communes_2000_plus and communes_5000_plus through two parameters: they must be
        // the populations these indicators count (their label says it).
        foreach (var (indicator, parameter) in new[] { ("communes_2000_plus", PlaceNamer.RelayThreshold), ("communes_5000_plus", PlaceNamer.SpecialisedThreshold) })
        {
            var label = RealRules.Kb.FindIndicator(indicator)!.Libelle.Replace(" ", "", StringComparison.Ordinal).Replace("\u00a0", "", StringComparison.Ordinal).Replace("\u202f", "", StringComparison.Ordinal);
            Expect.Contains($"de{Parameter(parameter):0}habitants", label, parameter);
        }
    }
}
