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

    private static Cadrage.Rules.Json.JsonDiagnostic Single(JObject json)
    {
        var ex = Assert.ThrowsExactly<ProfileException>(() => RealRules.Profile(json));
        Assert.AreEqual(1, ex.Errors.Count, ex.Message);
        return ex.Errors[0];
    }
}
