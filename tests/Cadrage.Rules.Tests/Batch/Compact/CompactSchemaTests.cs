using System.Text.Json;
using System.Text.Json.Nodes;
using Cadrage.Rules.Evaluation;
using Cadrage.Rules.Worker.Batch;
using Json.Schema;

namespace Cadrage.Rules.Tests.Batch.Compact;

/// <summary>The compact lines and the dictionary a batch writes follow their documented JSON Schemas (docs/schemas).</summary>
[TestClass]
public sealed class CompactSchemaTests
{
    // Loaded once: the library registers each schema by its $id.
    private static readonly Dictionary<string, Lazy<JsonSchema>> Schemas = new[] { "resultat-compact.v1.schema.json", "regles-lot.v1.schema.json" }
        .ToDictionary(n => n, n => new Lazy<JsonSchema>(() => JsonSchema.FromFile(Path.Combine(Repo.Root, "docs", "schemas", n))));

    private static JsonSchema Schema(string name) => Schemas[name].Value;

    private static JsonElement Element(string json) => JsonDocument.Parse(json).RootElement;

    private static string Errors(EvaluationResults results) =>
        string.Join("\n", (results.Details ?? []).Where(d => d.Errors is { Count: > 0 }).Take(5)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} : {e.Value}")));

    [TestMethod]
    public async Task LinesAndDictionaryOfARealBatchFollowTheirSchemas()
    {
        var dir = Path.Combine(Path.GetTempPath(), "cadrage-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var input = Path.Combine(dir, "lot.jsonl");
        File.WriteAllLines(input, File.ReadLines(Path.Combine(Repo.Examples, "france-epci.jsonl")).Take(300)
            .Concat(Repo.ExampleFiles.Select(f => JsonNode.Parse(File.ReadAllText(f))!.ToJsonString())));
        var output = Path.Combine(dir, "sortie");
        await new BatchRunner(RealRules.Kb, new EvaluationService(), 2).RunAsync(BatchInput.Read(input, RealRules.Kb), output);

        var line = Schema("resultat-compact.v1.schema.json");
        var options = new global::Json.Schema.EvaluationOptions { OutputFormat = OutputFormat.List };
        var checkedLines = 0;
        foreach (var text in File.ReadLines(Path.Combine(output, BatchRunner.ResultsFile)))
        {
            var result = line.Evaluate(Element(text), options);
            Assert.IsTrue(result.IsValid, $"ligne {checkedLines + 1} : {Errors(result)}");
            checkedLines++;
        }
        Assert.AreEqual(300 + Repo.ExampleFiles.Count(), checkedLines);
        var dictionary = Schema("regles-lot.v1.schema.json").Evaluate(Element(File.ReadAllText(Path.Combine(output, BatchRunner.DictionaryFile))), options);
        Assert.IsTrue(dictionary.IsValid, Errors(dictionary));
    }

    [TestMethod]
    public void TheSchemaRefusesWhatTheFormatDoesNotHave()
    {
        var line = Schema("resultat-compact.v1.schema.json");
        var valid = JsonNode.Parse("""{"territoire":{"id":"1","nom":"A","echelle":"epci"},"referentiel":"v","synthese":0,"analyse":[{"phrase":1}],"portrait":{"population":12}}""");
        Assert.IsTrue(line.Evaluate(Element(valid!.ToJsonString())).IsValid);
        var unknownKey = valid!.DeepClone();
        unknownKey["libelleTerritoire"] = "A";
        Assert.IsFalse(line.Evaluate(Element(unknownKey.ToJsonString())).IsValid, "clé inconnue");
        var badCertainty = valid.DeepClone();
        badCertainty["analyse"]![0]!["certitude"] = "probable";
        Assert.IsFalse(line.Evaluate(Element(badCertainty.ToJsonString())).IsValid, "certitude inconnue");
    }
}
