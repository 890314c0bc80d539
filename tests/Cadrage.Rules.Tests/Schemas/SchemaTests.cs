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

    [TestMethod]
    public void WorkflowSchemaHasNoFieldTheLoaderRefuses()
    {
        var schema = SchemaGenerator.All(RealRules.Kb)["workflow.schema.json"];
        var workflow = ((JObject)schema["properties"]!).Properties().Select(p => p.Name).ToList();
        var rule = ((JObject)schema["definitions"]!["Rule"]!["properties"]!).Properties().Select(p => p.Name).ToList();

        foreach (var refused in new[] { "WorkflowsToInject", "GlobalParams" })
        {
            CollectionAssert.DoesNotContain(workflow, refused);
        }
        foreach (var refused in new[] { "WorkflowsToInject", "LocalParams", "Operator", "Actions", "Rules" })
        {
            CollectionAssert.DoesNotContain(rule, refused);
        }
        CollectionAssert.AreEquivalent(new[] { "WorkflowName", "Rules" }, schema["required"]!.Values<string>().ToArray());
        CollectionAssert.AreEquivalent(new[] { "RuleName", "Expression", "Properties" }, schema["definitions"]!["Rule"]!["required"]!.Values<string>().ToArray());
    }

    [TestMethod]
    [DataRow("WorkflowsToInject", "[\"lieux\"]")]
    [DataRow("GlobalParams", "[{ \"Name\": \"seuil\", \"Expression\": \"1\" }]")]
    public void AFieldAbsentFromTheWorkflowSchemaIsRefusedByTheLoader(string field, string value)
    {
        using var copy = new RulesCopy();
        copy.Edit("regles/lieux.json", w => w[field] = JToken.Parse(value));

        var ex = Assert.ThrowsExactly<Cadrage.Rules.KnowledgeBase.RuleSetException>(() => Cadrage.Rules.KnowledgeBase.RuleSet.Load(copy.Directory));

        var error = ex.Errors.Single(e => e.Chemin == "$." + field);
        Expect.Contains($"{field} n'est pas pris en charge", error.Message);
    }

    [TestMethod]
    [DataRow("LocalParams", "[{ \"Name\": \"seuil\", \"Expression\": \"1\" }]")]
    [DataRow("Operator", "\"And\"")]
    [DataRow("Actions", "{ \"OnSuccess\": { \"Name\": \"OutputExpression\" } }")]
    [DataRow("WorkflowsToInject", "[\"lieux\"]")]
    [DataRow("Rules", "[]")]
    public void ARuleFieldAbsentFromTheSchemaIsRefusedByTheLoader(string field, string value)
    {
        using var copy = new RulesCopy();
        copy.Edit("regles/lieux.json", w => RulesCopy.Rule(w, "pole-epci-urbain")[field] = JToken.Parse(value));

        var ex = Assert.ThrowsExactly<Cadrage.Rules.KnowledgeBase.RuleSetException>(() => Cadrage.Rules.KnowledgeBase.RuleSet.Load(copy.Directory));

        Assert.IsTrue(ex.Errors.Any(e => e.Chemin!.EndsWith("." + field, StringComparison.Ordinal) && e.Message.Contains("pris", StringComparison.Ordinal)), ex.Message);
    }

    [TestMethod]
    public void RulePropertiesSchemaHasTheAccentedStatusAndTheReferentielsIds()
    {
        var properties = SchemaGenerator.All(RealRules.Kb)["workflow.schema.json"]["definitions"]!["RuleProperties"]!["properties"]!;
        var referentiel = RealRules.Kb.Referentiel;

        CollectionAssert.AreEqual(new[] { "sourcé", "à valider" }, properties["statut"]!["enum"]!.Values<string>().ToArray());
        CollectionAssert.AreEqual(
            Cadrage.Rules.KnowledgeBase.QuestionIds.WithOptions.SelectMany(q => referentiel.Question(q).Options).Select(o => o.Id).ToArray(),
            properties["option"]!["anyOf"]![0]!["enum"]!.Values<string>().ToArray());
        CollectionAssert.AreEqual(
            referentiel.Question("pilotage").Options.Select(o => o.Id).ToArray(),
            properties["posture"]!["anyOf"]![0]!["enum"]!.Values<string>().ToArray());
        CollectionAssert.AreEqual(referentiel.Axes.Services.Select(o => o.Id).ToArray(), properties["service"]!["anyOf"]![0]!["enum"]!.Values<string>().ToArray());
        CollectionAssert.Contains(properties["effet"]!["enum"]!.Values<string>().ToArray(), "incompatible");
    }

    [TestMethod]
    public void EveryFieldOfEveryModelSchemaHasAFrenchDescription()
    {
        foreach (var (name, schema) in SchemaGenerator.All(RealRules.Kb).Where(s => s.Key != "profil.schema.json"))
        {
            var objects = new[] { schema }.Concat(((JObject?)schema["definitions"])?.Properties().Select(p => (JObject)p.Value) ?? []);
            foreach (var obj in objects)
            {
                foreach (var field in ((JObject)obj["properties"]!).Properties())
                {
                    var description = (string?)field.Value["description"];
                    Assert.IsFalse(string.IsNullOrWhiteSpace(description), $"{name} : « {field.Name} » sans description");
                    Assert.IsFalse(new[] { " the ", " of ", " and ", " is ", "The ", " when " }.Any(w => description!.Contains(w, StringComparison.Ordinal)),
                        $"{name} : « {field.Name} » : description pas en français ? {description}");
                }
            }
        }
    }

    [TestMethod]
    public void ProfileSchemaDocumentsTheNewFieldsAndTheLimits()
    {
        var schema = SchemaGenerator.ForProfile(RealRules.Kb);
        var properties = schema["properties"]!;
        var sourced = properties["indicateurs"]!["properties"]!["densite"]!["oneOf"]![1]!["properties"]!;
        var commune = properties["communes"]!["items"]!;

        Assert.AreEqual("boolean", (string?)sourced["illustratif"]!["type"]);
        CollectionAssert.AreEquivalent(new[] { "code", "nom" }, commune["required"]!.Values<string>().ToArray());
        CollectionAssert.AreEquivalent(Cadrage.Rules.Profiles.ProfileFormat.CommuneFields.ToArray(), ((JObject)commune["properties"]!).Properties().Select(p => p.Name).ToArray());
        Assert.AreEqual(7, (int)commune["properties"]!["densite"]!["maximum"]!);
        Assert.AreEqual(Cadrage.Rules.Profiles.ProfileLimits.IdMaxLength, (int)properties["id"]!["maxLength"]!);
        Assert.IsNotNull(properties["description"]!["maxLength"]);
        CollectionAssert.AreEquivalent(Cadrage.Rules.Profiles.ProfileFormat.TopLevelFields.ToArray(), ((JObject)properties).Properties().Select(p => p.Name).ToArray());
    }
}
