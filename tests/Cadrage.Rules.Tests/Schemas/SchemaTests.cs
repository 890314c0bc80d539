using Cadrage.Rules.Schemas;
using Newtonsoft.Json.Linq;

namespace Cadrage.Rules.Tests.Schemas;

[TestClass]
public sealed class SchemaTests
{
    [TestMethod]
    public void ShippedSchemasAreTheGeneratedOnes()
    {
        foreach (var (name, schema) in SchemaGenerator.All(RealRules.Kb))
        {
            var path = Path.Combine(Repo.Rules, SchemaGenerator.Folder, name);
            Assert.IsTrue(File.Exists(path), $"{name} manquant : lancez « cadrage rules schemas »");
            Assert.AreEqual(SchemaGenerator.Serialize(schema), File.ReadAllText(path).ReplaceLineEndings("\n"), $"{name} n'est plus à jour : lancez « cadrage rules schemas »");
        }
    }

    [TestMethod]
    public void EveryRuleExampleAndTestFileReferencesAnExistingSchema()
    {
        var files = Directory.EnumerateFiles(Repo.Rules, "*.json", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + SchemaGenerator.Folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Concat(Repo.ExampleFiles)
            .ToList();
        Assert.IsTrue(files.Count > 10);
        foreach (var file in files)
        {
            var reference = (string?)JObject.Parse(File.ReadAllText(file))["$schema"];
            Assert.IsNotNull(reference, $"{file} sans $schema");
            var target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, reference));
            Assert.IsTrue(File.Exists(target), $"{file} : {reference} introuvable");
        }
    }

    [TestMethod]
    public void ProfileSchemaListsEveryIndicatorWithItsRange()
    {
        var schema = SchemaGenerator.ForProfile(RealRules.Kb);
        var indicators = (JObject)schema["properties"]!["indicateurs"]!["properties"]!;

        Assert.AreEqual(RealRules.Kb.Indicators.Count, indicators.Count);
        var densite = indicators["part_pop_rurale"]!["oneOf"]![0]!;
        Assert.AreEqual(0.0, (double)densite["minimum"]!);
        Assert.AreEqual(100.0, (double)densite["maximum"]!);
        Assert.IsFalse((bool)schema["additionalProperties"]!);
    }

    [TestMethod]
    public void WorkflowSchemaDescribesRulePropertiesStrictly()
    {
        var schema = SchemaGenerator.All(RealRules.Kb)["workflow.schema.json"];
        var properties = schema["definitions"]!["RuleProperties"]!;

        CollectionAssert.IsSubsetOf(new[] { "effet", "explication", "source", "statut" }, properties["required"]!.Values<string>().ToArray());
        Assert.IsFalse((bool)properties["additionalProperties"]!);
    }
}
