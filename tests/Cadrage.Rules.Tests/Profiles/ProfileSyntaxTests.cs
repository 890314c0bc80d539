using System.Text;
using Cadrage.Rules.Json;
using Cadrage.Rules.Profiles;

namespace Cadrage.Rules.Tests.Profiles;

/// <summary>Strict JSON as the format says: one test per class of bad input, each a French error with its path.</summary>
[TestClass]
public sealed class ProfileSyntaxTests
{
    private const string Head = """{ "id": "200000172", "nom": "CC Test", "echelle": "epci", "indicateurs": { """;

    [TestMethod]
    [DataRow("\"densite\": 10, // densité\n", "commentaire interdit")]
    [DataRow("\"densite\": /* c */ 10", "commentaire interdit")]
    public void CommentsAreRefused(string indicators, string expected)
    {
        var error = Single(Head + indicators + " } }");

        Expect.Contains("JSON mal formé (ligne ", error.Message);
        Expect.Contains(expected, error.Message);
        StringAssert.StartsWith(error.Chemin, "$.indicateurs");
    }

    [TestMethod]
    public void TrailingCommasAreRefused()
    {
        var inObject = Single(Head + "\"densite\": 10, } }");
        var inArray = Single(Head + "\"conventions\": [\"CTG\", \"CRTE\",] } }");

        Expect.Contains("virgule en trop avant « } »", inObject.Message);
        Expect.Contains("virgule en trop avant « ] »", inArray.Message);
        Assert.AreEqual("$.indicateurs.conventions[1]", inArray.Chemin);
    }

    [TestMethod]
    public void SingleQuotesAreRefused()
    {
        var name = Single(Head + "'densite': 10 } }");
        var value = Single(Head + "\"type_epci\": 'CC' } }");

        Expect.Contains("guillemet simple interdit", name.Message);
        Expect.Contains("guillemet simple interdit", value.Message);
        Assert.AreEqual("$.indicateurs.type_epci", value.Chemin);
    }

    [TestMethod]
    [DataRow("010", "pas de zéro en tête (ce n'est pas de l'octal) ; écrivez 10")]
    [DataRow("0x10", "nombre hexadécimal « 0x10 » interdit")]
    [DataRow(".5", "écrivez 0.5")]
    [DataRow("1.", "un chiffre est attendu après le point décimal")]
    [DataRow("1e", "exposant incomplet")]
    [DataRow("+1", "pas de signe +")]
    [DataRow("NaN", "NaN et Infinity ne sont pas des nombres JSON")]
    [DataRow("Infinity", "NaN et Infinity ne sont pas des nombres JSON")]
    [DataRow("-Infinity", "NaN et Infinity ne sont pas des nombres JSON")]
    public void LenientNumbersAreRefusedNotReinterpreted(string number, string expected)
    {
        var error = Single(Head + "\"densite\": " + number + " } }");

        Assert.AreEqual("$.indicateurs.densite", error.Chemin);
        Expect.Contains("JSON mal formé (ligne 1, colonne ", error.Message);
        Expect.Contains(expected, error.Message);
    }

    [TestMethod]
    public void InvalidUtf8IsRefusedWithItsByteOffset()
    {
        // « CC Le Grésivaudan » saved in Latin-1: é is the single byte 0xE9.
        var text = """{ "id": "200018653", "nom": "CC Le Gr""";
        var bytes = Encoding.ASCII.GetBytes(text).Append((byte)0xE9).Concat(Encoding.ASCII.GetBytes("""sivaudan", "echelle": "epci", "indicateurs": {} }""")).ToArray();

        var error = Single(bytes);

        Assert.AreEqual("$", error.Chemin);
        Expect.Contains($"encodage invalide : le document n'est pas en UTF-8 (octet {text.Length} illisible, valeur 0xE9", error.Message);
    }

    [TestMethod]
    [DataRow("""{ "id": "a\ud800b", "nom": "X", "echelle": "epci", "indicateurs": {} }""", "$.id")]
    [DataRow("""{ "id": "x", "nom": "\udc00", "echelle": "epci", "indicateurs": {} }""", "$.nom")]
    public void ALoneSurrogateEscapeIsAProfileErrorWithItsPath(string json, string path)
    {
        var error = Single(Encoding.UTF8.GetBytes(json));

        Assert.AreEqual(path, error.Chemin);
        Expect.Contains("demi-paire UTF-16 isolée", error.Message);
    }

    [TestMethod]
    public void ByteOrderMarkIsAccepted()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(Head + "\"densite\": 10 } }")).ToArray();

        var profile = ProfileReader.Read(bytes, "bom.json", RealRules.Kb);

        Assert.AreEqual(10.0, profile.Indicateurs["densite"].Valeur);
    }

    [TestMethod]
    [DataRow(65)]
    [DataRow(10_000)]
    public void NestingBeyondTheLimitIsRefusedNamingTheLimit(int depth)
    {
        var deep = new string('[', depth) + new string(']', depth);

        var error = Single(Head + "\"competences\": " + deep + " } }");

        Expect.Contains($"imbrication trop profonde : plus de {JsonSyntax.MaxDepth} niveaux", error.Message);
        StringAssert.StartsWith(error.Chemin, "$.indicateurs.competences");
    }

    [TestMethod]
    public void NestingUpToTheLimitIsOnlyATypeError()
    {
        // The profile itself takes 2 levels ($ and indicateurs): 62 more reach the limit exactly.
        var deep = new string('[', JsonSyntax.MaxDepth - 2) + new string(']', JsonSyntax.MaxDepth - 2);

        var error = Single(Head + "\"competences\": " + deep + " } }");

        Expect.Contains("type incorrect : un texte est attendu, une liste a été trouvé", error.Message);
    }

    [TestMethod]
    [DataRow("""{ "id": "1", "id": "2", "nom": "N", "echelle": "epci", "indicateurs": {} }""", "$.id")]
    [DataRow(Head + "\"densite\": 10, \"densite\": 11 } }", "$.indicateurs.densite")]
    [DataRow(Head + "\"densite\": { \"valeur\": 10, \"source\": \"a\", \"source\": \"b\" } } }", "$.indicateurs.densite.source")]
    [DataRow(Head + "\"densite\": 10 }, \"besoins\": [ { \"service\": \"sante\", \"service\": \"sante\", \"public\": \"familles\", \"critere\": \"distance\", \"intensite\": 1 } ] }", "$.besoins[0].service")]
    public void DuplicateKeysAreRefusedWithTheirPath(string json, string path)
    {
        var ex = Assert.ThrowsExactly<ProfileException>(() => Read(json));

        var error = ex.Errors.Single(e => e.Message.Contains("en double", StringComparison.Ordinal));
        Assert.AreEqual(path, error.Chemin);
        Expect.Contains("en double dans l'objet", error.Message);
    }

    [TestMethod]
    public void IntegerBeyondLongInANeedIsAProfileErrorNotAnOverflow()
    {
        var error = Single(Head + "\"densite\": 10 }, \"besoins\": [ { \"service\": \"sante\", \"public\": \"familles\", \"critere\": \"distance\", \"intensite\": 99999999999999999999999 } ] }");

        Assert.AreEqual("$.besoins[0].intensite", error.Chemin);
        Expect.Contains("intensité « 99999999999999999999999 » invalide : un entier de 0 à 3 est attendu", error.Message);
    }

    [TestMethod]
    public void HugeMillesimeIsAProfileError()
    {
        var error = Single(Head + "\"population\": { \"valeur\": 1000, \"millesime\": 99999999999999999999999 } } }");

        Assert.AreEqual("$.indicateurs.population.millesime", error.Chemin);
        Expect.Contains("millésime 99999999999999999999999 invalide : une année (1000 à 9999) ou un texte est attendu", error.Message);
    }

    [TestMethod]
    [DataRow("\"population\": 99999999999999999999999", "hors de la plage autorisée")]
    [DataRow("\"densite\": 1e999", "hors de la plage des nombres représentables")]
    [DataRow("\"ingenierie_etp\": -1e400", "hors de la plage des nombres représentables")]
    public void NumbersOutOfRangeAreProfileErrors(string indicator, string expected)
    {
        var error = Single(Head + indicator + " } }");

        StringAssert.StartsWith(error.Chemin, "$.indicateurs.");
        Expect.Contains(expected, error.Message);
    }

    [TestMethod]
    public void HugeStringsAreBounded()
    {
        var name = Single("""{ "id": "1", "echelle": "epci", "indicateurs": {}, "nom": """ + '"' + new string('x', 5_000_000) + "\" }");
        var escaped = Single("""{ "id": "1", "echelle": "epci", "indicateurs": {}, "nom": """ + '"' + string.Concat(Enumerable.Repeat("\\u00e9", 200_000)) + "\" }");
        var description = Single(Head + "\"densite\": 10 }, \"description\": \"" + new string('d', ProfileLimits.DescriptionMaxLength + 1) + "\" }");

        Assert.AreEqual("$.nom", name.Chemin);
        Expect.Contains("texte trop long : 1\u202f000 caractères au plus", name.Message);
        Assert.AreEqual("$.nom", escaped.Chemin);
        Assert.AreEqual("$.description", description.Chemin);
        Expect.Contains("texte trop long : 10\u202f000 caractères au plus", description.Message);
    }

    [TestMethod]
    public void HugeUnknownFieldNameIsQuotedShortly()
    {
        var name = new string('k', 100_000);

        var error = Single(Head + "\"densite\": 10 }, \"" + name + "\": 1 }");

        Expect.Contains("champ inconnu « " + new string('k', 80) + "… »", error.Message);
        Assert.IsTrue(error.Chemin.Length < 100, error.Chemin);
    }

    [TestMethod]
    public void IdIsBoundedAndWithoutControlCharacters()
    {
        var longId = Single(Head.Replace("200000172", new string('9', ProfileLimits.IdMaxLength + 1), StringComparison.Ordinal) + "} }");
        var newline = Single(Head.Replace("200000172", "2000\\n00172", StringComparison.Ordinal) + "} }");
        var nul = Single(Head.Replace("200000172", "2000\\u000000172", StringComparison.Ordinal) + "} }");
        var exact = Read(Head.Replace("200000172", new string('9', ProfileLimits.IdMaxLength), StringComparison.Ordinal) + "} }");

        Assert.AreEqual("$.id", longId.Chemin);
        Expect.Contains("texte trop long : 128 caractères au plus", longId.Message);
        Expect.Contains("caractère de contrôle U+000A interdit dans un identifiant", newline.Message);
        Expect.Contains("caractère de contrôle U+0000 interdit dans un identifiant", nul.Message);
        Assert.AreEqual(ProfileLimits.IdMaxLength, exact.Id.Length);
    }

    [TestMethod]
    public void UnescapedControlCharacterInATextIsRefused()
    {
        var error = Single(Head.Replace("CC Test", "CC\tTest", StringComparison.Ordinal) + "} }");

        Assert.AreEqual("$.nom", error.Chemin);
        Expect.Contains("caractère de contrôle non échappé dans un texte (U+0009)", error.Message);
    }

    [TestMethod]
    [DataRow("{ \"id\": \"1\", ", "fin de document inattendue (document incomplet)", "$")]
    [DataRow("{ \"id\": \"1", "texte non terminé (guillemet fermant manquant)", "$.id")]
    [DataRow("", "document vide", "$")]
    [DataRow("  \n ", "document vide", "$")]
    public void TruncatedOrEmptyDocumentsSayWhatIsMissing(string json, string expected, string path)
    {
        var error = Single(json);

        Expect.Contains(expected, error.Message);
        Assert.AreEqual(path, error.Chemin);
    }

    [TestMethod]
    public void ContentAfterTheProfileIsRefused()
    {
        var error = Single(Head + "\"densite\": 10 } } { }");

        Expect.Contains("contenu inattendu après la fin du document JSON", error.Message);
    }

    [TestMethod]
    public void SyntaxErrorNamesLineAndColumnInCharacters()
    {
        var error = Single("{\n  \"nom\": \"Agglomération\",\n  \"id\": 010\n}");

        Expect.Contains("JSON mal formé (ligne 3, colonne 10)", error.Message);
        Assert.AreEqual("$.id", error.Chemin);
    }

    [TestMethod]
    public void LoneSurrogateInTextIsRefused()
    {
        var ex = Assert.ThrowsExactly<ProfileException>(() => ProfileReader.Read(Head + "\"type_epci\": \"C\uD800\" } }", "s.json", RealRules.Kb));

        Expect.Contains("caractère Unicode isolé", ex.Errors.Single().Message);
    }

    [TestMethod]
    public void EveryMessageOfEveryClassIsFrench()
    {
        string[] inputs =
        [
            "{", "[", "{]", "{\"a\"}", "{\"a\" 1}", "{\"a\": 1 \"b\": 2}", "{\"a\": tru}", "{a: 1}", "{\"a\": \"\\x\"}",
            "{\"a\": \"\\u12\"}", "\"texte\"", "42", "null", "[1, 2]", "{} x", Head + "\"densite\": - } }",
        ];
        foreach (var input in inputs)
        {
            var ex = Assert.ThrowsExactly<ProfileException>(() => Read(input), input);
            foreach (var error in ex.Errors)
            {
                foreach (var english in new[] { "Expected", "LineNumber", "JSON value", " is an ", "Cannot", "token" })
                {
                    Assert.IsFalse(error.Message.Contains(english, StringComparison.Ordinal), $"{input} : {error.Message}");
                }
                StringAssert.StartsWith(error.Chemin, "$", input);
            }
        }
    }

    private static TerritoryProfile Read(string json) => ProfileReader.Read(Encoding.UTF8.GetBytes(json), "p.json", RealRules.Kb);

    private static JsonDiagnostic Single(string json) => Single(Encoding.UTF8.GetBytes(json));

    private static JsonDiagnostic Single(byte[] utf8)
    {
        var ex = Assert.ThrowsExactly<ProfileException>(() => ProfileReader.Read(utf8, "p.json", RealRules.Kb));
        Assert.AreEqual(1, ex.Errors.Count, ex.Message);
        return ex.Errors[0];
    }
}
