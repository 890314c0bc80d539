using Cadrage.Rules.Profiles;
using Newtonsoft.Json.Linq;

namespace Cadrage.Rules.Tests.Profiles;

[TestClass]
public sealed class ProfileReaderTests
{
    [TestMethod]
    public void EveryExampleIsAValidProfile()
    {
        foreach (var file in Repo.ExampleFiles)
        {
            var profile = ProfileReader.ReadFile(file, RealRules.Kb);
            Assert.IsTrue(profile.Indicateurs.Count >= 30, $"{file} : {profile.Indicateurs.Count} indicateurs");
            Assert.IsTrue(profile.Besoins.Count >= 3, file);
        }
    }

    [TestMethod]
    public void IndicatorMayBeABareValueOrASourcedValue()
    {
        var json = RealRules.With("ca-nevers", ("densite", 253.0));
        json["indicateurs"]!["population"] = JObject.Parse("""{ "valeur": 67408, "source": "INSEE RP 2021", "millesime": 2021 }""");

        var profile = RealRules.Profile(json);

        Assert.AreEqual(253.0, profile.Indicateurs["densite"].Valeur);
        Assert.IsNull(profile.Indicateurs["densite"].Source);
        Assert.AreEqual(67408.0, profile.Indicateurs["population"].Valeur);
        Assert.AreEqual("INSEE RP 2021", profile.Indicateurs["population"].Source);
        Assert.AreEqual("2021", profile.Indicateurs["population"].Millesime);
    }

    [TestMethod]
    public void OutOfRangeValueIsRejectedWithItsPath()
    {
        var error = Single(RealRules.With("ca-nevers", ("part_pop_rurale", 120)));

        Assert.AreEqual("$.indicateurs.part_pop_rurale", error.Chemin);
        Expect.Contains("valeur 120 hors de la plage autorisée [0 ; 100] %", error.Message);
    }

    [TestMethod]
    public void SourcedValueOutOfRangeIsRejectedAtTheValue()
    {
        var json = RealRules.Example("ca-nevers");
        json["indicateurs"]!["densite"] = JObject.Parse("""{ "valeur": -3, "source": "x" }""");

        var error = Single(json);

        Assert.AreEqual("$.indicateurs.densite.valeur", error.Chemin);
        Expect.Contains("hors de la plage", error.Message);
    }

    [TestMethod]
    public void WrongTypeIsRejected()
    {
        var error = Single(RealRules.With("ca-nevers", ("population", "beaucoup")));

        Assert.AreEqual("$.indicateurs.population", error.Chemin);
        Expect.Contains("type incorrect : un nombre entier est attendu, un texte a été trouvé", error.Message);
    }

    [TestMethod]
    public void FractionalValueForAWholeNumberIsRejected()
    {
        var error = Single(RealRules.With("ca-nevers", ("nombre_communes", 14.5)));

        Expect.Contains("un nombre entier est attendu", error.Message);
    }

    [TestMethod]
    public void ValueOutsideAnEnumerationIsRejected()
    {
        var error = Single(RealRules.With("ca-nevers", ("conventions", new[] { "CTG", "PACTE" })));

        Assert.AreEqual("$.indicateurs.conventions[1]", error.Chemin);
        Expect.Contains("valeur « PACTE » non reconnue", error.Message);
    }

    [TestMethod]
    public void UnknownIndicatorIsRejected()
    {
        var error = Single(RealRules.With("ca-nevers", ("nombre_de_licornes", 3)));

        Assert.AreEqual("$.indicateurs.nombre_de_licornes", error.Chemin);
        Expect.Contains("indicateur inconnu « nombre_de_licornes »", error.Message);
    }

    [TestMethod]
    public void UnknownNeedAxisValueIsRejected()
    {
        var json = RealRules.Example("ca-nevers");
        json["besoins"]![0]!["service"] = "teleportation";

        var error = Single(json);

        Assert.AreEqual("$.besoins[0].service", error.Chemin);
        Expect.Contains("service « teleportation » inconnu", error.Message);
    }

    [TestMethod]
    public void NeedIntensityIsZeroToThree()
    {
        var json = RealRules.Example("ca-nevers");
        json["besoins"]![1]!["intensite"] = 4;

        var error = Single(json);

        Assert.AreEqual("$.besoins[1].intensite", error.Chemin);
    }

    [TestMethod]
    public void MissingIdAndUnknownTopLevelFieldAreAllReported()
    {
        var json = RealRules.Example("ca-nevers");
        json.Remove("id");
        json["commentaire"] = "x";

        var ex = Assert.ThrowsExactly<ProfileException>(() => RealRules.Profile(json));

        Assert.AreEqual(2, ex.Errors.Count, ex.Message);
        Expect.Contains("champ obligatoire « id » manquant", ex.Message);
        Expect.Contains("champ inconnu « commentaire »", ex.Message);
        Expect.Contains("Profil invalide (test.json)", ex.Message);
    }

    [TestMethod]
    public void MalformedJsonNamesLineAndColumn()
    {
        var ex = Assert.ThrowsExactly<ProfileException>(() => ProfileReader.Read("{ \"id\": \"1\", ", "mauvais.json", RealRules.Kb));

        Expect.Contains("mauvais.json", ex.Message);
        Expect.Contains("JSON mal formé (ligne 1", ex.Message);
    }

    [TestMethod]
    public void DuplicateKeyIsRejected()
    {
        var ex = Assert.ThrowsExactly<ProfileException>(() => ProfileReader.Read("""{ "id": "1", "id": "2" }""", "double.json", RealRules.Kb));

        Expect.Contains("clé « id » en double", ex.Message);
    }

    [TestMethod]
    public void MissingFileIsAProfileError()
    {
        var ex = Assert.ThrowsExactly<ProfileException>(() => ProfileReader.ReadFile("/nexiste/pas.json", RealRules.Kb));

        Expect.Contains("lecture impossible", ex.Message);
    }

    [TestMethod]
    public void SourcedValueMayBeMarkedIllustrative()
    {
        var json = RealRules.Example("ca-nevers");
        json["indicateurs"]!["taux_illectronisme"] = JObject.Parse("""{ "valeur": 17.5, "source": "valeur illustrative", "illustratif": true }""");
        json["indicateurs"]!["densite"] = JObject.Parse("""{ "valeur": 253, "illustratif": false }""");

        var profile = RealRules.Profile(json);

        Assert.IsTrue(profile.Indicateurs["taux_illectronisme"].Illustratif);
        Assert.AreEqual(17.5, profile.Indicateurs["taux_illectronisme"].Valeur);
        Assert.IsFalse(profile.Indicateurs["densite"].Illustratif);
        Assert.IsFalse(profile.Indicateurs["population"].Illustratif, "absent : faux");
    }

    [TestMethod]
    public void IllustrativeIsABoolean()
    {
        var json = RealRules.Example("ca-nevers");
        json["indicateurs"]!["densite"] = JObject.Parse("""{ "valeur": 253, "illustratif": "oui" }""");

        var error = Single(json);

        Assert.AreEqual("$.indicateurs.densite.illustratif", error.Chemin);
        Expect.Contains("type incorrect : un booléen (true/false) est attendu, un texte a été trouvé", error.Message);
    }

    [TestMethod]
    public void DescriptionIsExposed()
    {
        var profile = ProfileReader.ReadFile(Path.Combine(Repo.Examples, "ca-nevers.json"), RealRules.Kb);

        StringAssert.StartsWith(profile.Description, "Communauté d'agglomération organisée autour d'une ville-centre");
        Assert.IsNull(RealRules.Profile(Without(RealRules.Example("ca-nevers"), "description")).Description);
    }

    [TestMethod]
    public void MemberCommunesAreRead()
    {
        var json = RealRules.Example("ca-nevers");
        json["communes"] = JArray.Parse("""
            [
              { "code": "58194", "nom": "Nevers", "population": 32990, "densite": 2, "latitude": 46.99, "longitude": 3.16, "franceServices": 1,
                "bpeProximite": 100, "bpeIntermediaire": 100, "bpeSuperieure": 97.44 },
              { "code": "58086", "nom": "Coulanges-lès-Nevers" }
            ]
            """);

        var profile = RealRules.Profile(json);

        Assert.AreEqual(2, profile.Communes.Count);
        Assert.AreEqual(new MemberCommune("58194", "Nevers", 32990, 2, 46.99, 3.16, 1, null, 100, 100, 97.44), profile.Communes[0]);
        Assert.IsTrue(profile.Communes[0].OfferKnown);
        Assert.AreEqual(new MemberCommune("58086", "Coulanges-lès-Nevers", null, null, null, null, null), profile.Communes[1]);
        Assert.IsFalse(profile.Communes[1].OfferKnown, "offre de services non renseignée");
        json.Remove("communes"); // the examples now carry their member communes
        Assert.AreEqual(0, RealRules.Profile(json).Communes.Count, "absent : liste vide");
    }

    [TestMethod]
    [DataRow("""{ "nom": "Nevers" }""", "$.communes[0]", "champ obligatoire « code » manquant")]
    [DataRow("""{ "code": "58194" }""", "$.communes[0]", "champ obligatoire « nom » manquant")]
    [DataRow("""{ "code": "58194", "nom": "Nevers", "densite": 8 }""", "$.communes[0].densite", "valeur 8 hors de la plage autorisée [1 ; 7] (grille communale de densité de l'INSEE")]
    [DataRow("""{ "code": "58194", "nom": "Nevers", "densite": 2.5 }""", "$.communes[0].densite", "un nombre entier est attendu")]
    [DataRow("""{ "code": "58194", "nom": "Nevers", "population": -1 }""", "$.communes[0].population", "valeur -1 hors de la plage autorisée [0 ; 100000000]")]
    [DataRow("""{ "code": "58194", "nom": "Nevers", "population": 99999999999999999999999 }""", "$.communes[0].population", "hors de la plage autorisée")]
    [DataRow("""{ "code": "58194", "nom": "Nevers", "latitude": 91 }""", "$.communes[0].latitude", "valeur 91 hors de la plage autorisée [-90 ; 90] °")]
    [DataRow("""{ "code": "58194", "nom": "Nevers", "longitude": -180.5 }""", "$.communes[0].longitude", "valeur -180.5 hors de la plage autorisée [-180 ; 180] °")]
    [DataRow("""{ "code": "58194", "nom": "Nevers", "franceServices": "1" }""", "$.communes[0].franceServices", "type incorrect : un nombre entier est attendu, un texte a été trouvé")]
    [DataRow("""{ "code": "58194", "nom": "Nevers", "habitants": 3 }""", "$.communes[0].habitants", "champ inconnu « habitants » (champs acceptés : code, nom, population, densite, latitude, longitude, franceServices, bpeProximite, bpeIntermediaire, bpeSuperieure)")]
    [DataRow("""{ "code": "58194", "nom": "Nevers", "bpeIntermediaire": 100.5 }""", "$.communes[0].bpeIntermediaire", "valeur 100.5 hors de la plage autorisée [0 ; 100] % (part des types d'équipements de la gamme présents dans la commune)")]
    [DataRow("""{ "code": "58194", "nom": "Nevers", "bpeProximite": -1 }""", "$.communes[0].bpeProximite", "valeur -1 hors de la plage autorisée [0 ; 100] %")]
    [DataRow("""{ "code": "58194", "nom": "Nevers", "bpeSuperieure": "97" }""", "$.communes[0].bpeSuperieure", "type incorrect : un nombre est attendu, un texte a été trouvé")]
    [DataRow("""{ "code": "58\u0007194", "nom": "Nevers" }""", "$.communes[0].code", "caractère de contrôle U+0007 interdit")]
    [DataRow("\"58194\"", "$.communes[0]", "type incorrect : une commune {code, nom…} est attendue, un texte a été trouvé")]
    public void InvalidMemberCommuneIsRejectedWithItsPath(string commune, string path, string expected)
    {
        var json = RealRules.Example("ca-nevers");
        json["communes"] = JArray.Parse("[" + commune + "]");

        var error = Single(json);

        Assert.AreEqual(path, error.Chemin);
        Expect.Contains(expected, error.Message);
    }

    [TestMethod]
    public void NeighbouringPolesAreReadWithTheirRange()
    {
        var json = RealRules.Example("ca-nevers");
        json["voisines"] = JArray.Parse("""
            [
              { "code": "55029", "nom": "Bar-le-Duc", "population": 14607, "densite": 2, "latitude": 48.76, "longitude": 5.17, "franceServices": 1, "pole": "intermediaire" },
              { "code": "55186", "nom": "Fains-Véel", "pole": "proximite" }
            ]
            """);

        var profile = RealRules.Profile(json);

        Assert.AreEqual(new MemberCommune("55029", "Bar-le-Duc", 14607, 2, 48.76, 5.17, 1, Poles.Intermediaire), profile.Voisines[0]);
        Assert.AreEqual(new MemberCommune("55186", "Fains-Véel", null, null, null, null, null, Poles.Proximite), profile.Voisines[1]);
        Assert.IsTrue(profile.Communes.All(c => c.Pole is null), "une commune membre n'a pas de gamme");
        json.Remove("voisines");
        Assert.AreEqual(0, RealRules.Profile(json).Voisines.Count, "absent : liste vide");
    }

    [TestMethod]
    [DataRow("""{ "code": "55029", "nom": "Bar-le-Duc" }""", "$.voisines[0]", "champ obligatoire « pole » manquant")]
    [DataRow("""{ "code": "55029", "nom": "Bar-le-Duc", "pole": "superieure" }""", "$.voisines[0].pole", "valeur « superieure » inconnue : un pôle de services est « intermediaire » (gamme intermédiaire de la BPE) ou « proximite »")]
    [DataRow("""{ "code": "55029", "nom": "Bar-le-Duc", "pole": 1 }""", "$.voisines[0].pole", "type incorrect")]
    [DataRow("""{ "code": "55029", "nom": "Bar-le-Duc", "pole": "proximite", "rang": 1 }""", "$.voisines[0].rang", "champ inconnu « rang » (champs acceptés : code, nom, population, densite, latitude, longitude, franceServices, bpeProximite, bpeIntermediaire, bpeSuperieure, pole)")]
    public void InvalidNeighbourIsRejectedWithItsPath(string voisine, string path, string expected)
    {
        var json = RealRules.Example("ca-nevers");
        json["voisines"] = JArray.Parse("[" + voisine + "]");

        var error = Single(json);

        Assert.AreEqual(path, error.Chemin);
        Expect.Contains(expected, error.Message);
    }

    [TestMethod]
    public void AMemberCommuneHasNoRange()
    {
        var json = RealRules.Example("ca-nevers");
        json["communes"] = JArray.Parse("""[ { "code": "58194", "nom": "Nevers", "pole": "intermediaire" } ]""");

        var error = Single(json);

        Assert.AreEqual("$.communes[0].pole", error.Chemin);
        Expect.Contains("champ inconnu « pole »", error.Message);
    }

    [TestMethod]
    public void DuplicateNeighbourCodeIsRejectedWithItsPath()
    {
        var json = RealRules.Example("ca-nevers");
        json["voisines"] = JArray.Parse("""[ { "code": "55029", "nom": "Bar-le-Duc", "pole": "intermediaire" }, { "code": "55029", "nom": "Bar-le-Duc", "pole": "proximite" } ]""");

        var error = Single(json);

        Assert.AreEqual("$.voisines[1].code", error.Chemin);
        Expect.Contains("commune « 55029 » en double : déjà en $.voisines[0]", error.Message);
    }

    [TestMethod]
    public void DuplicateCommuneCodeIsRejectedWithItsPath()
    {
        var json = RealRules.Example("ca-nevers");
        json["communes"] = JArray.Parse("""[ { "code": "58194", "nom": "Nevers" }, { "code": "58086", "nom": "Coulanges" }, { "code": "58194", "nom": "Nevers bis" } ]""");

        var error = Single(json);

        Assert.AreEqual("$.communes[2].code", error.Chemin);
        Expect.Contains("commune « 58194 » en double : déjà en $.communes[0]", error.Message);
    }

    [TestMethod]
    public void EveryErrorOfAProfileIsReportedInOnePass()
    {
        var json = RealRules.Example("ca-nevers");
        json["indicateurs"]!["densite"] = -1;
        json["indicateurs"]!["type_epci"] = "ZZ";
        json["besoins"]![0]!["intensite"] = 9;
        json["communes"] = JArray.Parse("""[ { "code": "1", "nom": "" } ]""");
        json["echelle"] = "region";

        var ex = Assert.ThrowsExactly<ProfileException>(() => RealRules.Profile(json));

        CollectionAssert.AreEquivalent(
            new[] { "$.echelle", "$.indicateurs.densite", "$.indicateurs.type_epci", "$.besoins[0].intensite", "$.communes[0].nom" },
            ex.Errors.Select(e => e.Chemin).ToArray(), ex.Message);
    }

    [TestMethod]
    public void TextBytesTokenAndFileGiveTheSameProfile()
    {
        var path = Path.Combine(Repo.Examples, "cc-le-gresivaudan.json");
        var text = File.ReadAllText(path);

        var fromFile = ProfileReader.ReadFile(path, RealRules.Kb);
        var fromText = ProfileReader.Read(text, "t", RealRules.Kb);
        var fromBytes = ProfileReader.Read(File.ReadAllBytes(path), "b", RealRules.Kb);
        var fromToken = ProfileReader.Read(JToken.Parse(text), "j", RealRules.Kb);

        foreach (var other in new[] { fromText, fromBytes, fromToken })
        {
            Assert.AreEqual(Describe(fromFile), Describe(other));
        }
    }

    /// <summary>The streaming reader reads what a token tree holds, for the 1,255 EPCI (values, sources, millésimes, needs).</summary>
    [TestMethod]
    public void StreamingReaderAgreesWithTheTokenTreeOnEveryEpci()
    {
        var lines = File.ReadLines(Path.Combine(Repo.Examples, "france-epci.jsonl")).Where(l => l.Length > 0).ToList();
        Assert.AreEqual(1255, lines.Count);
        foreach (var line in lines)
        {
            var token = JObject.Parse(line);
            var profile = ProfileReader.Read(System.Text.Encoding.UTF8.GetBytes(line), "ligne", RealRules.Kb);

            Assert.AreEqual((string)token["id"]!, profile.Id);
            Assert.AreEqual((string)token["nom"]!, profile.Nom);
            var indicators = (JObject)token["indicateurs"]!;
            CollectionAssert.AreEqual(indicators.Properties().Select(p => p.Name).ToArray(), profile.Indicateurs.Keys.ToArray(), profile.Id);
            foreach (var property in indicators.Properties())
            {
                var read = profile.Indicateurs[property.Name];
                var value = property.Value is JObject sourced ? sourced["valeur"]! : property.Value;
                var expected = value switch
                {
                    JArray items => string.Join("|", items.Select(i => (string)i!).Distinct()),
                    { Type: JTokenType.Integer or JTokenType.Float } number => ((double)number).ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                    var other => other.ToString(),
                };
                var actual = read.Valeur switch
                {
                    string[] items => string.Join("|", items),
                    double number => number.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                    bool flag => flag ? "True" : "False",
                    var other => other.ToString(),
                };
                Assert.AreEqual(expected, actual, $"{profile.Id} {property.Name}");
                Assert.AreEqual((string?)property.Value["source"], read.Source, $"{profile.Id} {property.Name}");
                Assert.AreEqual((string?)property.Value["millesime"], read.Millesime, $"{profile.Id} {property.Name}");
            }
            Assert.AreEqual(((JArray?)token["besoins"])?.Count ?? 0, profile.Besoins.Count, profile.Id);
        }
    }

    private static string Describe(TerritoryProfile p) =>
        string.Join("\n", new[] { p.Id, p.Nom, p.Echelle, p.Description ?? "" }
            .Concat(p.Indicateurs.Select(i => $"{i.Key}={(i.Value.Valeur is string[] l ? string.Join("|", l) : i.Value.Valeur)};{i.Value.Source};{i.Value.Millesime};{i.Value.Illustratif}"))
            .Concat(p.Besoins.Select(b => b.ToString()))
            .Concat(p.Communes.Select(c => c.ToString())));

    private static JObject Without(JObject json, string field)
    {
        json.Remove(field);
        return json;
    }

    private static Cadrage.Rules.Json.JsonDiagnostic Single(JObject json)
    {
        var ex = Assert.ThrowsExactly<ProfileException>(() => RealRules.Profile(json));
        Assert.AreEqual(1, ex.Errors.Count, ex.Message);
        return ex.Errors[0];
    }
}
