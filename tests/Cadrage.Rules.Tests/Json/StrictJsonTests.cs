using Cadrage.Rules.Json;
using Cadrage.Rules.KnowledgeBase;
using Newtonsoft.Json.Linq;

namespace Cadrage.Rules.Tests.Json;

[TestClass]
public sealed class StrictJsonTests
{
    [TestMethod]
    [DataRow("{ \"a\": 1, // c\n }", "commentaire interdit")]
    [DataRow("{ \"a\": 010 }", "pas de zéro en tête")]
    [DataRow("{ \"a\": 0x10 }", "hexadécimal")]
    [DataRow("{ 'a': 1 }", "guillemet simple interdit")]
    [DataRow("{ \"a\": [1, 2,] }", "virgule en trop")]
    [DataRow("{ \"a\": NaN }", "NaN et Infinity")]
    public void RuleFilesAreParsedStrictly(string json, string expected)
    {
        var errors = new List<JsonDiagnostic>();

        Assert.IsNull(StrictJson.Parse(json, "regles/x.json", errors));

        Expect.Contains(JsonSyntax.MalformedPrefix, errors.Single().Message);
        Expect.Contains(expected, errors.Single().Message);
    }

    [TestMethod]
    public void DuplicateKeysAreAllReportedWithTheirPath()
    {
        var errors = new List<JsonDiagnostic>();

        Assert.IsNull(StrictJson.Parse("""{ "a": { "b": 1, "b": 2 }, "c": [ { "d": 1, "d": 1 } ] }""", "f.json", errors));

        CollectionAssert.AreEqual(new[] { "$.a.b", "$.c[0].d" }, errors.Select(e => e.Chemin).ToArray());
        Expect.Contains("clé « b » en double", errors[0].Message);
    }

    [TestMethod]
    public void NestingIsLimited()
    {
        var errors = new List<JsonDiagnostic>();
        var deep = "{ \"a\": " + new string('[', 100) + new string(']', 100) + " }";

        Assert.IsNull(StrictJson.Parse(deep, "f.json", errors));

        Expect.Contains($"plus de {JsonSyntax.MaxDepth} niveaux", errors.Single().Message);
        Assert.IsNotNull(StrictJson.Parse("{ \"a\": " + new string('[', JsonSyntax.MaxDepth - 1) + new string(']', JsonSyntax.MaxDepth - 1) + " }", "f.json", errors));
    }

    [TestMethod]
    public void ParsedTokensKeepTypesAndPaths()
    {
        var token = StrictJson.Parse("""{ "n": 3, "x": 2.5, "big": 99999999999999999999999, "s": "é", "l": [true, null] }""", "f.json", [])!;

        Assert.AreEqual(JTokenType.Integer, token["n"]!.Type);
        Assert.AreEqual(JTokenType.Float, token["x"]!.Type);
        Assert.AreEqual(JTokenType.Integer, token["big"]!.Type);
        Assert.AreEqual("é", (string?)token["s"]);
        Assert.AreEqual("$.l[1]", StrictJson.ToJsonPath(token["l"]![1]!.Path));
    }

    [TestMethod]
    public void IntegerBeyondItsTypeIsAFrenchErrorNotAnOverflow()
    {
        var errors = new List<JsonDiagnostic>();
        var token = StrictJson.Parse("""{ "scenariosMin": 99999999999999999999999 }""", ScenarioSettings.FileName, errors)!;

        Assert.IsNull(StrictJson.Read<ScenarioSettings>(token, ScenarioSettings.FileName, errors, Newtonsoft.Json.JsonSerializer.CreateDefault()));

        Assert.AreEqual("$.scenariosMin", errors.Single().Chemin);
        Expect.Contains("hors de la plage des entiers acceptés", errors.Single().Message);
    }

    [TestMethod]
    public void ValidationFollowsTheSharedModel()
    {
        var errors = new List<JsonDiagnostic>();
        var token = JToken.Parse("""{ "effet": "Soutien", "Explication": "x", "source": null, "statut": "sourcé", "poids": null }""");

        StrictJson.Validate(token, typeof(RuleProperties), "f.json", errors);

        var messages = errors.Select(e => $"{e.Chemin} {e.Message}").ToList();
        Assert.IsTrue(messages.Any(m => m.StartsWith("$.effet valeur « Soutien » non reconnue", StringComparison.Ordinal)), string.Join("\n", messages));
        Assert.IsTrue(messages.Any(m => m.Contains("champ inconnu « Explication » : voulez-vous dire « explication » ?", StringComparison.Ordinal)), string.Join("\n", messages));
        Assert.IsTrue(messages.Any(m => m.StartsWith("$.source valeur null interdite : un texte est attendu", StringComparison.Ordinal)), string.Join("\n", messages));
        Assert.IsTrue(messages.Any(m => m.StartsWith("$ champ obligatoire « explication » manquant : Explication en français", StringComparison.Ordinal)), string.Join("\n", messages));
        Assert.AreEqual(4, errors.Count, string.Join("\n", messages));
    }

    [TestMethod]
    public void SchemaAndReaderShareOneWalk()
    {
        var shape = JsonModel.ShapeOf(typeof(RuleProperties));

        var statut = shape.Field("statut")!;
        Assert.IsTrue(statut.Required);
        CollectionAssert.AreEqual(new[] { RuleStatus.Source, RuleStatus.AValider }, statut.Values!.ToArray());
        Assert.AreEqual(JsonDomains.Option, shape.Field("option")!.Domain);
        Assert.IsTrue(shape.Field("poids")!.Nullable);
        Assert.IsNotNull(JsonModel.ShapeOf(typeof(RulesEngine.Models.Rule)).Field("LocalParams")!.Rejection);
    }
}
