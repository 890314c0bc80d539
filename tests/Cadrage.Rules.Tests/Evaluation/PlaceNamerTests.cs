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
    public void AnUrbanVilleCentreIsThePoleNotOneOfTheSecondaryCentresBourgs()
    {
        // « Polarisation généraliste sur plusieurs centre-bourgs secondaires » (méthodologie) : the ville-centre of
        // Nevers was listed among its centres-bourgs. An urban first town that does not gather the territory
        // (seuil_polarisation_forte) is one town among others: a centre-bourg when it is a pôle de services (Crolles).
        var strong = Parameter(PlaceNamer.StrongPolarisation);
        int checkedBourgs = 0, urbanBourgs = 0;
        foreach (var (profile, scenario) in Scenarios())
        {
            var main = profile.Communes.OrderByDescending(c => c.Population ?? -1).ThenBy(c => c.Code, StringComparer.Ordinal).FirstOrDefault();
            var total = profile.Communes.Sum(c => c.Population ?? 0);
            foreach (var role in scenario.Lieux.LieuxNommes.Where(r => r.Role == "centres-bourgs"))
            {
                checkedBourgs++;
                if (main?.NiveauDensite is 1 or 2 && role.Communes.Any(c => c.Code == main.Code))
                {
                    urbanBourgs++;
                    Assert.IsTrue(100.0 * main.Population!.Value / total < strong, $"{profile.Nom} : {main.Nom} (niveau {main.NiveauDensite}, ville-centre) parmi les centres-bourgs");
                }
            }
        }
        Assert.IsTrue(checkedBourgs > 50, $"{checkedBourgs} listes de centres-bourgs vérifiées");
        Assert.IsTrue(urbanBourgs > 0, "des premières villes urbaines qui ne rassemblent pas le territoire sont des centres-bourgs");
    }

    /// <summary>
    /// Centres-bourgs without the pôle form still say the ville-centre they surround when it gathers the territory
    /// (CA de Nevers: Nevers, 49 % of the population), not when the first commune is one town among others (Grésivaudan).
    /// </summary>
    [TestMethod]
    public void SecondaryCentresBourgsNameTheVilleCentreTheySurroundOnlyWhenItGathersTheTerritory()
    {
        var nevers = RealRules.Evaluate(RealRules.Example("ca-nevers")).Scenarios.Single(s => s.Lieux.Id == "centres-bourgs" && s.Lieux.Complements.Count == 0);
        Assert.AreEqual("centres-bourgs secondaires, autour de la ville-centre Nevers (pôles de services de proximité)", nevers.Lieux.LieuxNommes.Single(r => r.Role == "centres-bourgs").Libelle);
        Assert.IsFalse(nevers.Lieux.LieuxNommes.SelectMany(r => r.Communes).Any(c => c.Nom == "Nevers"), "la ville-centre n'est pas un centre-bourg");
        var gresivaudan = RealRules.Evaluate(RealRules.Example("cc-le-gresivaudan")).Scenarios.First(s => s.Lieux.Id == "centres-bourgs");
        CollectionAssert.AreEqual(new[] { "centres-bourgs (pôles de services intermédiaires)", "centre-bourg (pôle de services de proximité)" },
            gresivaudan.Lieux.LieuxNommes.Where(r => r.Role == "centres-bourgs").Select(r => r.Libelle).ToArray());
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
        Assert.AreEqual("s'appuyer sur le pôle voisin (centre urbain intermédiaire, pôle de services intermédiaire)", named.Libelle);
        Assert.AreEqual(new NamedCommune("55029", "Bar-le-Duc", 14607, 4), named.Communes.Single());
        Expect.Contains("s'appuyer sur le pôle voisin (centre urbain intermédiaire, pôle de services intermédiaire) : Bar-le-Duc (4\u00a0km)", pole.Lieux.Description);
        Assert.IsTrue(pole.Justifications.Any(j => j.Regle == "pole-voisin-a-portee"));

        var bourgs = result.Scenarios.Single(s => s.Lieux.Principale.Id == "centres-bourgs").Lieux.LieuxNommes.Single(r => r.Role == "centres-bourgs");
        Assert.AreEqual("centres-bourgs voisins (pôles de services de proximité)", bourgs.Libelle);
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
        // Not as a pôle; itinérance may name it as the nearest France Services (another role, at its distance).
        Assert.IsFalse(result.Scenarios.SelectMany(s => s.Lieux.LieuxNommes).Where(r => r.Role != "itinerance").SelectMany(r => r.Communes).Any(c => c.Nom == "Bar-le-Duc"));
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
        Assert.AreEqual("s'appuyer sur le pôle voisin, à portée en voiture (centre urbain intermédiaire, pôle de services intermédiaire)", named.Libelle);
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
        Assert.AreEqual("s'appuyer sur la commune elle-même, pôle de services intermédiaire (ceinture urbaine)", named.Libelle, "ce qu'elle est : une ceinture urbaine, pas une agglomération");
        Assert.AreEqual("Behonne", named.Communes.Single().Nom);
    }

    [TestMethod]
    public void ACommuneThatIsABourgOfTheGridAndAPoleOfServicesIsOneOfItsCentresBourgs()
    {
        // Its offer as a member commune (the importer writes it), the indicators unchanged: the rules decide the same geometries.
        var pole = JObject.Parse(Behonne(level: 5));
        pole["communes"]![0]!["bpeProximite"] = 60.87;
        var bourgs = Evaluate(pole.ToString()).Scenarios.Single(s => s.Lieux.Principale.Id == "centres-bourgs").Lieux.LieuxNommes.Where(r => r.Role == "centres-bourgs").ToList();

        CollectionAssert.AreEqual(new[] { "centre-bourg, la commune elle-même (bourg rural, pôle de services de proximité)", "centres-bourgs voisins (pôles de services de proximité)" }, bourgs.Select(r => r.Libelle).ToArray());
        CollectionAssert.AreEqual(new[] { "Behonne", "Fains-Véel", "Longeville-en-Barrois" }, bourgs.SelectMany(r => r.Communes).Select(c => c.Nom).ToArray());

        // The other side: a bourg rural of the grid that holds 13 % of the proximity range is not a pôle de services: its neighbours are.
        var without = Evaluate(Behonne(level: 5)).Scenarios.Single(s => s.Lieux.Principale.Id == "centres-bourgs").Lieux.LieuxNommes.Where(r => r.Role == "centres-bourgs").ToList();
        CollectionAssert.AreEqual(new[] { "Fains-Véel", "Longeville-en-Barrois" }, without.SelectMany(r => r.Communes).Select(c => c.Nom).ToArray());
    }

    /// <summary>Barbirey-sur-Ouche (Côte-d'Or, 259 inhabitants) as the importer builds it from the open data.</summary>
    private const string Barbirey = """
        {"id":"21045","nom":"Barbirey-sur-Ouche","echelle":"commune","indicateurs":{"population":{"valeur":259,"source":"INSEE, populations légales, via @etalab/decoupage-administratif 6.0.0","millesime":"2026"},"nombre_communes":{"valeur":1,"source":"INSEE, populations légales, via @etalab/decoupage-administratif 6.0.0","millesime":"2026"},"part_premiere_commune":{"valeur":100,"source":"INSEE, populations légales, via @etalab/decoupage-administratif 6.0.0","millesime":"2026"},"communes_2000_plus":{"valeur":0,"source":"INSEE, populations légales, via @etalab/decoupage-administratif 6.0.0","millesime":"2026"},"communes_5000_plus":{"valeur":0,"source":"INSEE, populations légales, via @etalab/decoupage-administratif 6.0.0","millesime":"2026"},"part_communes_moins_500":{"valeur":100,"source":"INSEE, populations légales, via @etalab/decoupage-administratif 6.0.0","millesime":"2026"},"superficie":{"valeur":10.76,"source":"INSEE, comparateur de territoires (superficie, géographie 2024)","millesime":"2024"},"densite":{"valeur":24.07,"source":"INSEE, comparateur de territoires (superficie, géographie 2024)","millesime":"2024"},"part_pop_densite_1":{"valeur":0,"source":"INSEE, grille communale de densité 2024 (pondérée par la population)","millesime":"2024"},"part_pop_densite_2":{"valeur":0,"source":"INSEE, grille communale de densité 2024 (pondérée par la population)","millesime":"2024"},"part_pop_densite_3":{"valeur":0,"source":"INSEE, grille communale de densité 2024 (pondérée par la population)","millesime":"2024"},"part_pop_densite_4":{"valeur":0,"source":"INSEE, grille communale de densité 2024 (pondérée par la population)","millesime":"2024"},"part_pop_densite_5":{"valeur":0,"source":"INSEE, grille communale de densité 2024 (pondérée par la population)","millesime":"2024"},"part_pop_densite_6":{"valeur":100,"source":"INSEE, grille communale de densité 2024 (pondérée par la population)","millesime":"2024"},"part_pop_densite_7":{"valeur":0,"source":"INSEE, grille communale de densité 2024 (pondérée par la population)","millesime":"2024"},"communes_centres":{"valeur":0,"source":"INSEE, grille communale de densité 2024 (pondérée par la population)","millesime":"2024"},"part_pop_rurale":{"valeur":100.0,"source":"INSEE, grille communale de densité 2024 (pondérée par la population)","millesime":"2024"},"bpe_proximite":{"valeur":8.7,"source":"INSEE, BPE 2021 (types présents / types calculables, moyenne pondérée par la population)","millesime":"2021"},"bpe_intermediaire":{"valeur":3.45,"source":"INSEE, BPE 2021 (types présents / types calculables, moyenne pondérée par la population)","millesime":"2021"},"bpe_superieure":{"valeur":0.0,"source":"INSEE, BPE 2021 (types présents / types calculables, moyenne pondérée par la population)","millesime":"2021"},"taux_chomage":{"valeur":7.55,"source":"INSEE, recensement de la population 2021","millesime":"2021"},"distance_france_services":{"valeur":6.4,"source":"ANCT, liste des structures France Services (01/08/2024) ; distance à vol d'oiseau depuis le point représentatif de chaque commune, moyenne pondérée par la population","millesime":"2024"},"distance_pole_intermediaire":{"valeur":13.8,"source":"INSEE, BPE 2021 (pôle de services : commune qui réunit au moins la moitié des types d'équipements calculables de la gamme) ; distance à vol d'oiseau entre les points représentatifs des communes","millesime":"2021"},"centres_bourgs_10km":{"valeur":1,"source":"INSEE, BPE 2021 (pôle de services : commune qui réunit au moins la moitié des types d'équipements calculables de la gamme) ; distance à vol d'oiseau entre les points représentatifs des communes","millesime":"2021"},"france_services":{"valeur":0,"source":"ANCT, liste des structures France Services (01/08/2024)","millesime":"2024-08"},"france_services_itinerantes":{"valeur":0,"source":"ANCT, liste des structures France Services (01/08/2024)","millesime":"2024-08"}},"communes":[{"code":"21045","nom":"Barbirey-sur-Ouche","population":259,"densite":6,"latitude":47.25434,"longitude":4.73936,"franceServices":0,"bpeProximite":8.7,"bpeIntermediaire":3.45,"bpeSuperieure":0.0}],"voisines":[{"code":"21501","nom":"Pouilly-en-Auxois","population":1533,"densite":5,"latitude":47.26268,"longitude":4.5563,"franceServices":1,"bpeProximite":91.3,"bpeIntermediaire":82.76,"bpeSuperieure":15.38,"pole":"intermediaire"},{"code":"21611","nom":"Sombernon","population":1027,"densite":5,"latitude":47.3082,"longitude":4.70487,"franceServices":1,"bpeProximite":86.96,"bpeIntermediaire":37.93,"bpeSuperieure":10.26,"pole":"proximite"}]}
        """;

    [TestMethod]
    public void ACommuneWhoseScenarioIsItineranceSaysWhoOrganisesItAndNamesTheNearestFranceServices()
    {
        // Practitioner review 6, R19: the scenarios of Barbirey-sur-Ouche in itinérance named no place at all.
        var result = Evaluate(Barbirey);
        var tours = result.Scenarios.Where(s => s.Lieux.Principale.Id == "itinerance").ToList();
        Assert.IsTrue(tours.Count > 0);
        foreach (var s in tours)
        {
            var role = s.Lieux.LieuxNommes.Single(r => r.Role == "itinerance");
            Assert.AreEqual("itinérance organisée à l'échelle de l'intercommunalité, avec la France Services la plus proche", role.Libelle);
            // Sombernon (a France Services, 6.4 km as distance_france_services says), not Pouilly-en-Auxois (14 km).
            Assert.AreEqual("Sombernon", role.Communes.Single().Nom);
            Assert.AreEqual(7, role.Communes.Single().DistanceKm);
        }
        // The pôle 14 km away is one to rely on, not an agglomération (R14).
        var pole = result.Scenarios.First(s => s.Lieux.Principale.Id == "pole-agglomeration" || s.Lieux.Complements.Any(c => c.Id == "pole-agglomeration"));
        Expect.Contains("s'appuyer sur le pôle voisin, à portée en voiture (bourg rural, pôle de services intermédiaire) : Pouilly-en-Auxois (14\u00a0km)", pole.Lieux.Description);

        // The other side: when the nearest France Services is not among the neighbours the profile gives (3 km, while
        // Sombernon is 6.5 km away), its distance alone is said.
        var far = JObject.Parse(Barbirey);
        far["indicateurs"]!["distance_france_services"]!["valeur"] = 3.0;
        var distance = Evaluate(far.ToString()).Scenarios.First(s => s.Lieux.Principale.Id == "itinerance").Lieux.LieuxNommes.Single(r => r.Role == "itinerance");
        Assert.AreEqual(0, distance.Communes.Count);
        Assert.AreEqual("itinérance organisée à l'échelle de l'intercommunalité ; la France Services la plus proche est à 3\u00a0km de la commune", distance.Libelle);
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
        var none = 0;
        var reach = Parameter(PlaceNamer.NeighbourPoleDistance);
        foreach (var (profile, scenario) in Scenarios())
        {
            var roles = scenario.Lieux.LieuxNommes;
            var far = roles.Where(r => r.Role == "itinerance").ToList();
            if (far.Count == 1 && far[0].Communes.Count == 0)
            {
                // None far enough: said, never silence.
                none++;
                StringAssert.StartsWith(far[0].Libelle, "itinérance : aucune commune à desservir n'est à plus de 10\u00a0km d'un lieu nommé", profile.Nom);
            }
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
                    Assert.IsFalse(commune.Member.BpeProximite >= Parameter(PlaceNamer.PoleThreshold), $"{where} est un pôle de services de proximité : un relais, pas une destination");
                    if (commune.Member.Latitude is null)
                    {
                        continue;
                    }
                    var nearest = named.Where(n => n.Latitude is not null).MinBy(n => Km(n, commune.Member))!;
                    Assert.AreEqual(Math.Round(Km(nearest, commune.Member)), commune.Named.DistanceKm, $"{where} : distance au lieu nommé le plus proche ({nearest.Nom})");
                    Assert.IsTrue(Km(nearest, commune.Member) > reach, $"{where} : à {Km(nearest, commune.Member):0.0} km de {nearest.Nom}, un lieu nommé voisin");
                    Expect.Contains($"depuis {nearest.Nom}", role.Libelle, where);
                }
            }
        }
        Assert.IsTrue(checkedCommunes > 1000 && none > 0, $"{checkedCommunes} communes à desservir vérifiées, {none} itinérances sans commune assez éloignée");
    }

    [TestMethod]
    public void ProvenceVerdonReachesFoxAmphouxFromBarjolsAndNeitherItsPolesNorItsFranceServicesNorTheCommunesNextDoor()
    {
        // Practitioner reviews: « Pontevès (28 km) » was measured from Rians, which the scenario did not name; Saint-Julien
        // and Montmeyan, which have a France Services, were communes to reach; then « Itinérance depuis Saint-Julien :
        // La Verdière (6 km) », a pôle de services of the proximity range 6 km from a named place.
        var s1 = Geometry(RealRules.Evaluate(RealRules.Example("cc-provence-verdon")), "centres-bourgs", "itinerance");

        StringAssert.EndsWith(s1.Lieux.Description, "itinérance depuis Barjols vers les communes les plus éloignées des lieux nommés (9\u00a0communes rurales dispersées dans le territoire) : Fox-Amphoux (13\u00a0km)");
        var far = Names(s1, "itinerance");
        foreach (var near in new[] { "Saint-Julien", "Montmeyan", "La Verdière", "Pontevès", "Esparron", "Saint-Martin-de-Pallières" })
        {
            CollectionAssert.DoesNotContain(far, near);
        }

        // The other side: Montmeyan without its France Services, and holding 40 % of the proximity range (not a pôle), is a
        // commune to reach, 13 km from Saint-Julien; Pontevès, 8 km from Barjols, stays next door even without its services.
        var changed = WithCommune("cc-provence-verdon", "Montmeyan", c => { c["franceServices"] = 0; c["bpeProximite"] = 40; });
        changed["communes"]!.Cast<JObject>().Single(c => (string?)c["nom"] == "Pontevès")["bpeProximite"] = 40;
        var without = Geometry(RealRules.Evaluate(changed), "centres-bourgs", "itinerance");
        var montmeyan = without.Lieux.LieuxNommes.Single(r => r.Role == "itinerance" && r.Communes.Any(c => c.Nom == "Montmeyan"));
        Expect.Contains("depuis Saint-Julien", montmeyan.Libelle);
        Assert.AreEqual(13, montmeyan.Communes.Single(c => c.Nom == "Montmeyan").DistanceKm);
        CollectionAssert.DoesNotContain(Names(without, "itinerance"), "Pontevès");
    }

    /// <summary>
    /// CC Decazeville Communauté (practitioner review 6, R5): « Base des tournées : Saint-Santin ; Itinérance depuis
    /// Saint-Santin… : Aubin (12 km), Bouillac (10 km) » — the tours started from a village of 517 inhabitants at the edge
    /// (it hosts the France Services) and went to Aubin, the second town, a pôle of the proximity range.
    /// </summary>
    [TestMethod]
    public void DecazevilleToursFromDecazevilleAndNamesNoCommuneNextDoorToAPlace()
    {
        var decazeville = RealRules.Epci("200067064");
        var result = RealRules.Evaluate(decazeville);
        var tours = result.Scenarios.Single(s => s.Lieux.Principale.Id == "itinerance" && s.Lieux.Complements.Count == 0);
        CollectionAssert.AreEqual(new[] { "Decazeville" }, Names(tours, "base"), "la ville-centre ; Saint-Santin, sa France Services, est à 8 km : pas une autre base");
        foreach (var scenario in result.Scenarios.Where(s => s.Lieux.LieuxNommes.Any(r => r.Role == "itinerance")))
        {
            Assert.AreEqual(0, Names(scenario, "itinerance").Count, scenario.Lieux.Description);
            Expect.Contains("itinérance : aucune commune à desservir n'est à plus de 10\u00a0km d'un lieu nommé (7\u00a0communes rurales dispersées dans le territoire)", scenario.Lieux.Description);
        }
        Assert.IsFalse(new ReportReading(result, ReportContext.From(result)).Scenarios.SelectMany(s => s.Places).Any(p => p.Contains("Aubin (", StringComparison.Ordinal)), "Aubin n'est pas une destination");

        // The other side: Saint-Parthem (7.8 km from Decazeville, 30 % of the proximity range) moved 0.2° north (about
        // 22 km): a commune to reach from Decazeville; Aubin, a pôle of the proximity range, still is not, even moved too.
        foreach (var c in decazeville["communes"]!.Cast<JObject>().Where(c => (string?)c["nom"] is "Saint-Parthem" or "Aubin"))
        {
            c["latitude"] = (double)c["latitude"]! + 0.2;
        }
        var moved = RealRules.Evaluate(decazeville).Scenarios.Single(s => s.Lieux.Principale.Id == "itinerance" && s.Lieux.Complements.Count == 0);
        var far = moved.Lieux.LieuxNommes.Where(r => r.Role == "itinerance").SelectMany(r => r.Communes).ToList();
        Assert.AreEqual("Saint-Parthem", far.Single().Nom, moved.Lieux.Description);
        Assert.IsTrue(far.Single().DistanceKm > Parameter(PlaceNamer.NeighbourPoleDistance));
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

    /// <summary>The highest range a member commune is a pôle de services for, as the référentiel words it (null: none).</summary>
    private static string? OfferWord(MemberCommune c, bool plural = false)
    {
        var pole = Parameter(PlaceNamer.PoleThreshold);
        var id = c.BpeSuperieure >= pole ? "superieure" : c.BpeIntermediaire >= pole ? "intermediaire" : c.BpeProximite >= pole ? "proximite" : null;
        var word = RealRules.Kb.Referentiel.Question("lieux").LieuxNommes!.Offer(id);
        return word is null ? null : plural ? word.Pluriel : word.Libelle;
    }

    [TestMethod]
    public void TheCentresBourgsArePolesOfServicesInTownsAndBourgsAndSaySo()
    {
        // Practitioner review: the centres-bourgs were the largest bourgs of the grid, not those that hold services, and
        // Crolles (level 2, a pôle of the intermediate range) was left out of the Grésivaudan's.
        var reach = Parameter(PlaceNamer.NeighbourPoleDistance);
        var strong = Parameter(PlaceNamer.StrongPolarisation);
        var levels = new int[8];
        foreach (var (profile, scenario) in Scenarios())
        {
            var byCode = profile.Communes.ToDictionary(c => c.Code);
            var main = profile.Communes.OrderByDescending(c => c.Population ?? -1).ThenBy(c => c.Code, StringComparer.Ordinal).First();
            var villeCentre = main.NiveauDensite is 1 or 2 && 100.0 * (main.Population ?? 0) / profile.Communes.Sum(c => c.Population ?? 0) >= strong;
            foreach (var role in scenario.Lieux.LieuxNommes.Where(r => r.Role == "centres-bourgs"))
            {
                foreach (var bourg in role.Communes.Select(c => byCode[c.Code]))
                {
                    var where = $"{profile.Nom} : {bourg.Nom} (niveau {bourg.NiveauDensite}, {bourg.BpeProximite} % de la gamme de proximité, {bourg.BpeIntermediaire} % de l'intermédiaire)";
                    levels[bourg.NiveauDensite ?? 0]++;
                    Assert.IsTrue(bourg.OfferKnown, where);
                    var word = OfferWord(bourg, role.Communes.Count > 1);
                    Assert.IsNotNull(word, $"{where} : pas un pôle de services");
                    Expect.Contains($"({word})", role.Libelle, where);
                    switch (bourg.NiveauDensite)
                    {
                        case 3 or 5:
                            break;
                        case 2:
                            Assert.IsFalse(villeCentre && (bourg.Code == main.Code || Km(main, bourg) <= reach), $"{where} : la ville-centre {main.Nom} ou son agglomération");
                            break;
                        case 6 or 7:
                            Assert.IsFalse(villeCentre && Km(main, bourg) <= reach, $"{where} : à {Km(main, bourg):0.0} km de la ville-centre {main.Nom}");
                            break;
                        default:
                            Assert.Fail($"{where} : ni centre urbain intermédiaire, ni petite ville, ni bourg rural, ni commune rurale");
                            break;
                    }
                }
            }
        }
        Assert.IsTrue(levels[3] + levels[5] > 1000, string.Join(", ", levels));
        Assert.IsTrue(levels[2] > 0 && levels[6] + levels[7] > 0, "des centres urbains intermédiaires et des communes rurales pôles de services : " + string.Join(", ", levels));
    }

    [TestMethod]
    public void CrollesAPoleOfTheIntermediateRangeIsACentreBourgOfTheGresivaudanNotOfATerritoryItGathers()
    {
        var s = Geometry(RealRules.Evaluate(RealRules.Example("cc-le-gresivaudan")), "centres-bourgs");
        Expect.Contains("centres-bourgs (pôles de services intermédiaires) : Crolles, Pontcharra, Allevard, Le Touvet ; centre-bourg (pôle de services de proximité) : Saint-Martin-d'Uriage", s.Lieux.Description);
        // Villard-Bonnot (level 4, a pôle of the intermediate range) is a ceinture urbaine, Saint-Martin-d'Uriage's 45 % of
        // the intermediate range is not half: the pôles of that range come first, whatever their population.
        Assert.IsFalse(Names(s, "centres-bourgs").Contains("Villard-Bonnot"));

        // The other side: Crolles with 80,000 inhabitants gathers the territory: it is its ville-centre, not a centre-bourg.
        var gathers = Geometry(RealRules.Evaluate(WithCommune("cc-le-gresivaudan", "Crolles", c => c["population"] = 80000)), "centres-bourgs");
        Assert.IsFalse(Names(gathers, "centres-bourgs").Contains("Crolles"), gathers.Lieux.Description);
    }

    [TestMethod]
    public void VarennesVauzellesIsPartOfTheNeversAgglomerationNotACentreBourg()
    {
        var s3 = Geometry(RealRules.Evaluate(RealRules.Example("ca-nevers")), "centres-bourgs");
        CollectionAssert.AreEqual(new[] { "Pougues-les-Eaux", "Saint-Éloi" }, Names(s3, "centres-bourgs"),
            "Fourchambault (ceinture urbaine, niveau 4) non plus, ni Sermoise-sur-Loire et Challuy (communes rurales pôles de proximité, à portée de la ville-centre)");

        // The other side: the same centre urbain intermédiaire 30 km north of Nevers stands apart: a secondary centre.
        var apart = Geometry(RealRules.Evaluate(WithCommune("ca-nevers", "Varennes-Vauzelles", c => c["latitude"] = (double)c["latitude"]! + 0.27)), "centres-bourgs");
        CollectionAssert.AreEqual(new[] { "Varennes-Vauzelles", "Pougues-les-Eaux", "Saint-Éloi" }, Names(apart, "centres-bourgs"));
    }

    [TestMethod]
    public void RiansTheFirstCommuneOfProvenceVerdonWithAFranceServicesIsACentreBourg()
    {
        // Level 6 of the grid (a vast commune), 4,245 inhabitants, a pôle de services of the intermediate range: the bourg the others come to.
        var s1 = Geometry(RealRules.Evaluate(RealRules.Example("cc-provence-verdon")), "centres-bourgs", "itinerance");
        CollectionAssert.AreEqual(new[] { "Rians", "Barjols", "Seillons-Source-d'Argens", "Saint-Julien", "Ginasservis" }, Names(s1, "centres-bourgs"));
        StringAssert.StartsWith(s1.Lieux.Description, "centres-bourgs (pôles de services intermédiaires) : Rians, Barjols ; centres-bourgs (pôles de services de proximité) : Seillons-Source-d'Argens, Saint-Julien, Ginasservis");

        // The other side: with 40 % of the proximity range and 20 % of the intermediate one, Rians is not a pôle de
        // services: not a bourg, though it has a France Services and 4,245 inhabitants.
        var without = Geometry(RealRules.Evaluate(WithCommune("cc-provence-verdon", "Rians", c => { c["bpeProximite"] = 40; c["bpeIntermediaire"] = 20; c["bpeSuperieure"] = 0; })), "centres-bourgs", "itinerance");
        var bourgs = Names(without, "centres-bourgs");
        Assert.IsFalse(bourgs.Contains("Rians"), string.Join(", ", bourgs));
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
    public void NeversNamesItsSpecialisedPolesByWhatTheyHoldAmongItsCommunesOf2000InhabitantsOrMore()
    {
        // Practitioner reviews: Nevers' specialised pôles were its largest communes; then Garchizy (12.8 % of the types of
        // the superior range) and Coulanges-lès-Nevers (7.7 %) were named on three or four equipment. They are the pôles
        // of the intermediate or superior range, or communes holding a quarter of the superior range.
        var result = RealRules.Evaluate(RealRules.Example("ca-nevers"));
        var s1 = Geometry(result, "pole-agglomeration", "poles-specialises");
        Assert.IsTrue(s1.Justifications.Any(j => j.Regle == "specialises-offre-superieure"));
        StringAssert.EndsWith(s1.Lieux.Description, "pôles spécialisés, une spécialité par pôle à répartir (pôles de services intermédiaires) : Varennes-Vauzelles, Marzy, Fourchambault");
        CollectionAssert.AreEqual(new[] { "Varennes-Vauzelles", "Marzy", "Fourchambault" }, Names(s1, "poles-specialises"));
        CollectionAssert.AreEqual(new[] { "Coulanges-lès-Nevers", "Garchizy", "Pougues-les-Eaux", "Saint-Éloi" }, Names(s1, "relais"), "les relais viennent après les pôles spécialisés");

        // The other side: Garchizy with 10 of the 39 types of the superior range (25.6 %) is a specialised pôle.
        var garchizy = Geometry(RealRules.Evaluate(WithCommune("ca-nevers", "Garchizy", c => c["bpeSuperieure"] = 25.64)), "pole-agglomeration", "poles-specialises");
        Expect.Contains("pôles spécialisés (équipements de la gamme supérieure) : Garchizy", garchizy.Lieux.Description);

        // The population threshold is read from the rule set, and the offer decides among the communes above it (all
        // the communes named, 20 at most, to see the floor).
        var all = RealRules.Kb.WithParameters(new Dictionary<string, double> { [PlaceNamer.MaxNamed] = 20 });
        var lower = RealRules.Kb.WithParameters(new Dictionary<string, double> { [PlaceNamer.MaxNamed] = 20, [PlaceNamer.RelayThreshold] = 1400 });
        var at2000 = Names(Geometry(RealRules.Evaluate(RealRules.Example("ca-nevers"), all), "pole-agglomeration", "poles-specialises"), "poles-specialises");
        // Every commune of 2,000 inhabitants or more that is a pôle of the intermediate range, or holds a quarter of the superior one, but Nevers (the pôle).
        CollectionAssert.AreEquivalent(new[] { "Varennes-Vauzelles", "Marzy", "Fourchambault" }, at2000);
        // Sermoise-sur-Loire (1,490 inhabitants) given a quarter of the superior range: named at 1,400, not at 2,000;
        // Challuy (1,468), without, is not.
        var sermoise = WithCommune("ca-nevers", "Sermoise-sur-Loire", c => c["bpeSuperieure"] = 25.64);
        var at1400 = Names(Geometry(RealRules.Evaluate(sermoise, lower), "pole-agglomeration", "poles-specialises"), "poles-specialises");
        Assert.IsFalse(Names(Geometry(RealRules.Evaluate(sermoise, all), "pole-agglomeration", "poles-specialises"), "poles-specialises").Contains("Sermoise-sur-Loire"));
        CollectionAssert.Contains(at1400, "Sermoise-sur-Loire");
        CollectionAssert.DoesNotContain(at1400, "Challuy");
    }

    /// <summary>
    /// Practitioner review 6, R8: « Pôles spécialisés, une spécialité par pôle à répartir (pôles de services supérieurs) :
    /// Rennes, Saint-Grégoire et Cesson-Sévigné » (the same for Caen and Verdun). The ville-centre is the generalist pôle:
    /// said apart when the geometry does not name it as its pôle, never one of the specialised pôles.
    /// </summary>
    [TestMethod]
    public void TheVilleCentreIsTheGeneralistPoleNotASpecialisedPoleBesideItself()
    {
        // Verdun: no other commune can hold a specialty (poles_secondaires = 0): the form is excluded, no scenario proposes it.
        var verdun = RealRules.Evaluate(RealRules.Epci("200049187"));
        Assert.IsFalse(verdun.Scenarios.Any(s => s.Lieux.Principale.Id == "poles-specialises" || s.Lieux.Complements.Any(c => c.Id == "poles-specialises")));
        var excluded = verdun.OptionsEcartees.Single(o => o.Option.Id == "poles-specialises");
        Assert.AreEqual("specialises-sans-pole-secondaire", excluded.Regles.Single().Regle);
        Expect.Contains("il n'y a pas de centre à qui confier une spécialité", excluded.Regles.Single().Explication);
        foreach (var (profile, centre) in new[] { (RealRules.Example("rennes-metropole"), "Rennes"), (RealRules.Epci("200065597"), "Caen") })
        {
            var result = RealRules.Evaluate(profile);
            var specialised = result.Scenarios.Where(s => s.Lieux.LieuxNommes.Any(r => r.Role == "poles-specialises")).ToList();
            Assert.IsTrue(specialised.Count > 0, centre);
            foreach (var s in specialised)
            {
                CollectionAssert.DoesNotContain(Names(s, "poles-specialises"), centre, s.Lieux.Description);
                var generalist = Names(s, "pole").Concat(Names(s, "pole-generaliste")).ToList();
                CollectionAssert.AreEqual(new[] { centre }, generalist, s.Lieux.Description);
            }
            var alone = specialised.FirstOrDefault(s => s.Lieux.Principale.Id == "poles-specialises");
            if (alone is not null)
            {
                StringAssert.StartsWith(alone.Lieux.Description, "pôle généraliste, à part des pôles spécialisés (");
            }
        }
        // Verdun without the count of its secondary pôles (a profile that does not give it): the form is not excluded, and
        // its places say that no other commune holds what a specialty needs (Belleville-sur-Meuse 10 % of the superior range).
        var withoutCount = RealRules.Epci("200049187");
        ((Newtonsoft.Json.Linq.JObject)withoutCount["indicateurs"]!).Remove("poles_secondaires");
        var unexcluded = RealRules.Evaluate(withoutCount).Scenarios.First(s => s.Lieux.LieuxNommes.Any(r => r.Role == "poles-specialises"));
        Expect.Contains("pôles spécialisés : aucune autre commune de 2\u202f000\u00a0habitants ou plus n'est pôle de services intermédiaire ou supérieur ni ne réunit 25\u00a0% des types d'équipements de la gamme supérieure", unexcluded.Lieux.Description);

        // The other side: in the Grésivaudan no commune is a ville-centre (Crolles, 8 % of the population, beside other
        // pôles of the intermediate range): Crolles is one of the specialised pôles.
        var gresivaudan = Geometry(RealRules.Evaluate(RealRules.Example("cc-le-gresivaudan")), "poles-specialises");
        Assert.AreEqual("Crolles", Names(gresivaudan, "poles-specialises").First());
        Assert.AreEqual(0, Names(gresivaudan, "pole-generaliste").Count);
    }

    [TestMethod]
    public void EverySpecialisedPoleHoldsAPoleOfARangeOrSomeOfTheSuperiorRangeAndSaysWhich()
    {
        var pole = Parameter(PlaceNamer.PoleThreshold);
        var wording = RealRules.Kb.Referentiel.Question("lieux").LieuxNommes!;
        var checkedPoles = 0;
        foreach (var (profile, scenario) in Scenarios())
        {
            var byCode = profile.Communes.ToDictionary(c => c.Code);
            foreach (var role in scenario.Lieux.LieuxNommes.Where(r => r.Role == "poles-specialises"))
            {
                foreach (var c in role.Communes.Select(n => byCode[n.Code]))
                {
                    checkedPoles++;
                    var id = c.BpeSuperieure >= pole ? "superieure" : c.BpeIntermediaire >= pole ? "intermediaire" : c.BpeSuperieure >= PlaceNamer.SpecialtyShare ? "specialite" : null;
                    Assert.IsNotNull(id, $"{profile.Nom} : {c.Nom} n'est ni un pôle de services intermédiaire ou supérieur, ni doté d'équipements de la gamme supérieure");
                    var word = wording.Offer(id)!;
                    Expect.Contains($"({(role.Communes.Count > 1 ? word.Pluriel : word.Libelle)})", role.Libelle, $"{profile.Nom} : {c.Nom}");
                }
            }
        }
        Assert.IsTrue(checkedPoles > 500, $"{checkedPoles} pôles spécialisés vérifiés");
    }

    [TestMethod]
    public void EveryRelayHostsAFranceServicesOrIsAPoleOfServicesOfARelaysPopulation()
    {
        var relay = Parameter(PlaceNamer.RelayThreshold);
        int checkedRelays = 0, byOffer = 0;
        foreach (var (profile, scenario) in Scenarios())
        {
            var byCode = profile.Communes.ToDictionary(c => c.Code);
            foreach (var c in scenario.Lieux.LieuxNommes.Where(r => r.Role == "relais").SelectMany(r => r.Communes).Select(n => byCode[n.Code]))
            {
                checkedRelays++;
                if (c.FranceServices is not > 0)
                {
                    byOffer++;
                    var where = $"{profile.Nom} : {c.Nom} ({c.Population} hab., sans France Services)";
                    Assert.IsTrue(c.Population >= relay, where);
                    Assert.IsTrue(OfferWord(c) is not null || !c.OfferKnown, $"{where} : pas un pôle de services");
                }
            }
        }
        Assert.IsTrue(checkedRelays > 500 && byOffer > 100, $"{checkedRelays} relais vérifiés, dont {byOffer} sans France Services");
    }

    [TestMethod]
    public void ThePoleSaysWhatItIsAndARuralBourgIsNotCalledAnAgglomeration()
    {
        // Practitioner review: « Pôle de services type agglomération » for Châtillon-sur-Seine, a bourg rural. The option
        // keeps the methodology's label; the place says what it is, in the référentiel's words.
        // The pôle (1 point) is the complement of an itinérance (14 points) that relies on it.
        var chatillon = Geometry(RealRules.Evaluate(RealRules.Example("cc-pays-chatillonnais")), "itinerance", "pole-agglomeration");
        Assert.AreEqual("Pôle de services type agglomération", chatillon.Lieux.Complements.Single().Libelle);
        Expect.Contains("; s'appuyer sur le pôle de services intermédiaire (bourg rural) : Châtillon-sur-Seine", chatillon.Lieux.Description);
        Assert.IsFalse(chatillon.Lieux.Description.Contains("agglom", StringComparison.OrdinalIgnoreCase));

        var wording = RealRules.Kb.Referentiel.Question("lieux").LieuxNommes!;
        var checkedPoles = 0;
        foreach (var (profile, scenario) in Scenarios())
        {
            foreach (var role in scenario.Lieux.LieuxNommes.Where(r => r.Role == "pole"))
            {
                var c = profile.Communes.Single(m => m.Code == role.Communes.Single().Code);
                checkedPoles++;
                var level = wording.Level(c.NiveauDensite)?.Libelle is { } l ? $" ({l})" : "";
                Assert.AreEqual($"s'appuyer sur le {OfferWord(c) ?? "pôle"}{level}", role.Libelle, $"{profile.Nom} : {c.Nom}");
                // A rule that reads the share of the first commune (« un pôle de services y serait au plus près du plus
                // grand nombre d'habitants ») speaks of the most populated commune: the pôle is that commune, whatever
                // its offer (its label says it). Otherwise the pôle holds the intermediate range when a commune does.
                var first = profile.Communes.OrderByDescending(m => m.Population ?? -1).ThenBy(m => m.Code, StringComparer.Ordinal).First();
                if (scenario.Justifications.Any(j => j.Option == "pole-agglomeration" && j.Effet == "soutien" && j.Indicateurs.Any(i => i.Id == "part_premiere_commune")))
                {
                    Assert.AreEqual(first.Code, c.Code, $"{profile.Nom} : la règle parle de la première commune, {first.Nom}, le pôle nommé est {c.Nom}");
                }
                else if (profile.Communes.Any(m => m.BpeIntermediaire >= Parameter(PlaceNamer.PoleThreshold)))
                {
                    Assert.IsTrue(c.BpeIntermediaire >= Parameter(PlaceNamer.PoleThreshold) || c.BpeSuperieure >= Parameter(PlaceNamer.PoleThreshold), $"{profile.Nom} : {c.Nom}");
                }
            }
        }
        Assert.IsTrue(checkedPoles > 500, $"{checkedPoles} pôles vérifiés");
    }

    [TestMethod]
    public void TheWordsOfThePlacesAreTheReferentielsAndAreChecked()
    {
        // One source of wording: rules/referentiel.json. A methodologist who renames a level of the grid changes the places.
        using var renamed = new RulesCopy();
        renamed.Edit("referentiel.json", r => r["questions"]!.Single(q => (string?)q["id"] == "lieux")!["lieuxNommes"]!["densite"]![4]!["libelle"] = "bourg-centre rural");
        var kb = Cadrage.Rules.KnowledgeBase.RuleSet.Load(renamed.Directory);
        var chatillon = Geometry(RealRules.Evaluate(RealRules.Example("cc-pays-chatillonnais"), kb), "itinerance", "pole-agglomeration");
        Expect.Contains("s'appuyer sur le pôle de services intermédiaire (bourg-centre rural) : Châtillon-sur-Seine", chatillon.Lieux.Description);

        // A word missing, unknown or empty is an error of the référentiel, in French, with its path.
        using var broken = new RulesCopy();
        broken.Edit("referentiel.json", r =>
        {
            var wording = r["questions"]!.Single(q => (string?)q["id"] == "lieux")!["lieuxNommes"]!;
            ((JArray)wording["densite"]!).RemoveAt(6);
            wording["offre"]![0]!["id"] = "excellence";
            wording["offre"]![1]!["pluriel"] = " ";
        });
        var error = Assert.ThrowsExactly<Cadrage.Rules.KnowledgeBase.RuleSetException>(() => Cadrage.Rules.KnowledgeBase.RuleSet.Load(broken.Directory));
        Expect.Contains("mot manquant pour « 7 » (attendus : les niveaux 1 à 7 de la grille de densité)", error.Message);
        Expect.Contains("identifiant « excellence » inconnu (attendus : superieure, intermediaire, proximite, specialite)", error.Message);
        Expect.Contains("« libelle » et « pluriel » ne peuvent pas être vides", error.Message);
        Expect.Contains("lieuxNommes.offre[1]", error.Message);
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
