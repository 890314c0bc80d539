using System.Reflection;
using Cadrage.Rules.Output;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Cadrage.Rules.Tests.Api;

/// <summary>The OpenAPI document is a contract: valid for a real validator, with the profile schema of the
/// catalogue, response schemas from the C# records, every status with its problem, the key scheme, French tags.</summary>
[TestClass]
public sealed class OpenApiContractTests
{
    private static async Task<(string Json, OpenApiDocument Document, OpenApiDiagnostic Diagnostic)> Served(ApiHost api)
    {
        var json = await api.Client.GetStringAsync("/openapi/v1.json");
        var read = OpenApiDocument.Parse(json, "json");
        return (json, read.Document!, read.Diagnostic!);
    }

    [TestMethod]
    public async Task TheServedDocumentIsValidOpenApi31()
    {
        await using var api = await ApiHost.StartAsync();

        var (_, document, diagnostic) = await Served(api);

        Assert.AreEqual(0, diagnostic.Errors.Count, string.Join("\n", diagnostic.Errors));
        Assert.AreEqual(OpenApiSpecVersion.OpenApi3_1, diagnostic.SpecificationVersion);
        var errors = document.Validate(ValidationRuleSet.GetDefaultRuleSet())?.ToList() ?? [];
        Assert.AreEqual(0, errors.Count, string.Join("\n", errors.Select(e => $"{e.Pointer} : {e.Message}")));
        Assert.IsTrue(document.Paths.Count >= 5);
    }

    [TestMethod]
    public async Task TheRequestSchemaIsTheProfileSchemaOfTheCatalogue()
    {
        await using var api = await ApiHost.StartAsync();

        var json = JObject.Parse((await Served(api)).Json);

        var body = json["paths"]!["/api/evaluations"]!["post"]!["requestBody"]!;
        Assert.IsTrue((bool)body["required"]!);
        Assert.AreEqual("#/components/schemas/Profil", (string?)body["content"]!["application/json"]!["schema"]!["$ref"]);
        var profil = json["components"]!["schemas"]!["Profil"]!;
        CollectionAssert.IsSubsetOf(new[] { "id", "nom", "echelle", "indicateurs" }, profil["required"]!.Values<string>().ToList());
        var indicators = ((JObject)profil["properties"]!["indicateurs"]!["properties"]!).Properties().Select(p => p.Name).ToList();
        CollectionAssert.AreEquivalent(RealRules.Kb.Indicators.Select(i => i.Id).ToList(), indicators, "un indicateur par entrée du catalogue");
    }

    [TestMethod]
    public async Task ResponseSchemasFollowTheOutputContractRecords()
    {
        await using var api = await ApiHost.StartAsync();

        var json = JObject.Parse((await Served(api)).Json);

        var created = json["paths"]!["/api/evaluations"]!["post"]!["responses"]!["201"]!["content"]!;
        Assert.AreEqual("#/components/schemas/EvaluationResult", (string?)created["application/json"]!["schema"]!["$ref"]);
        Assert.AreEqual("string", (string?)created["text/html"]!["schema"]!["type"]);
        // Every record of the output contract, every property: added fields appear without touching the API.
        foreach (var record in new[] { typeof(EvaluationResult), typeof(Scenario), typeof(Justification), typeof(Priority), typeof(IndicatorReading), typeof(MissingIndicator), typeof(ExcludedOption) })
        {
            var schema = json["components"]!["schemas"]![record.Name];
            Assert.IsNotNull(schema, record.Name);
            var names = ((JObject)schema!["properties"]!).Properties().Select(p => p.Name).ToList();
            var expected = record.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.GetCustomAttribute<JsonPropertyAttribute>()?.PropertyName ?? JsonNamingPolicyCamel(p.Name)).ToList();
            CollectionAssert.AreEquivalent(expected, names, record.Name);
        }
    }

    [TestMethod]
    public async Task EveryStatusHasItsProblemTheKeySchemeAndFrenchTags()
    {
        await using var api = await ApiHost.StartAsync();

        var json = JObject.Parse((await Served(api)).Json);

        var post = json["paths"]!["/api/evaluations"]!["post"]!;
        foreach (var status in new[] { "400", "401", "413", "415", "422", "500", "503" })
        {
            Assert.IsNotNull(post["responses"]![status]?["content"]?["application/problem+json"], $"POST /api/evaluations {status}");
        }
        Assert.AreEqual("#/components/schemas/ProblemeProfil", (string?)post["responses"]!["400"]!["content"]!["application/problem+json"]!["schema"]!["$ref"]);
        var scheme = json["components"]!["securitySchemes"]!["CleApi"]!;
        Assert.AreEqual("apiKey", (string?)scheme["type"]);
        Assert.AreEqual("X-Api-Key", (string?)scheme["name"]);
        Assert.AreEqual("header", (string?)scheme["in"]);
        foreach (var (path, item) in ((JObject)json["paths"]!).Properties().Select(p => (p.Name, p.Value)))
        {
            foreach (var operation in ((JObject)item).Properties().Select(p => p.Value))
            {
                Assert.IsFalse(string.IsNullOrWhiteSpace((string?)operation["summary"]), path);
                Assert.IsFalse(string.IsNullOrWhiteSpace((string?)operation["operationId"]), path);
                Assert.AreEqual(path.StartsWith("/api", StringComparison.Ordinal), operation["security"] is JArray { Count: > 0 }, $"{path} : clé exigée sur /api seulement");
                if (path.StartsWith("/api", StringComparison.Ordinal))
                {
                    Assert.IsNotNull(operation["responses"]!["401"], path);
                }
            }
        }
        CollectionAssert.AreEquivalent(new[] { "Évaluations", "Comparaisons", "Base de règles", "Service" }, json["tags"]!.Select(t => (string)t["name"]!).ToList());
        var list = (JArray)json["paths"]!["/api/evaluations"]!["get"]!["parameters"]!;
        Assert.AreEqual("integer", (string?)list.Single(p => (string?)p["name"] == "taille")["schema"]!["type"]);
        Assert.IsTrue(list.All(p => !string.IsNullOrWhiteSpace((string?)p["description"])), "chaque paramètre est décrit");
    }

    [TestMethod]
    public async Task TheCommandWritesTheSameContractWithoutAServer()
    {
        await using var api = await ApiHost.StartAsync();
        var file = Path.Combine(Path.GetTempPath(), "cadrage-tests", Guid.NewGuid().ToString("N"), "openapi.json");

        var (code, _, stderr) = await CliRunner.Run("openapi", "--rules", api.Fixture.Rules.Directory, "--out", file);

        Assert.AreEqual(0, code, stderr);
        var written = JObject.Parse(File.ReadAllText(file));
        var served = JObject.Parse((await Served(api)).Json);
        written.Remove("servers");
        served.Remove("servers");
        Assert.IsTrue(JToken.DeepEquals(served, written), "le même contrat que celui servi");
    }

    private static string JsonNamingPolicyCamel(string name) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(name);
}
