using System.Collections;
using System.ComponentModel;
using System.Reflection;
using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Profiles;
using Cadrage.Rules.RuleTests;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using RulesEngine.Models;

namespace Cadrage.Rules.Schemas;

/// <summary>
/// JSON Schemas (draft-07) of every file format, generated from the code's model (the same types the strict
/// reader binds to), so that an editor autocompletes and flags errors as the loader would. The profile schema
/// is generated from the catalogue and the référentiel of a rule set.
/// </summary>
public static class SchemaGenerator
{
    public const string Folder = "schemas";

    /// <summary>File name → schema, for a loaded rule set.</summary>
    public static IReadOnlyDictionary<string, JObject> All(RuleSet kb) => new SortedDictionary<string, JObject>(StringComparer.Ordinal)
    {
        ["referentiel.schema.json"] = ForType(typeof(Referentiel), "Référentiel des cinq questions du cadre stratégique"),
        ["indicateurs.schema.json"] = ForType(typeof(IndicatorCatalog), "Catalogue des indicateurs"),
        ["scenarios.schema.json"] = ForType(typeof(ScenarioSettings), "Assemblage des scénarios"),
        ["parametres.schema.json"] = ForType(typeof(ParameterFile), "Paramètres nommés (seuils) de la base de règles"),
        ["workflow.schema.json"] = ForType(typeof(Workflow), "Workflow Microsoft RulesEngine de Cadrage.Rules (une question ou la compatibilité)",
            new Dictionary<(Type, string), Type> { [(typeof(Rule), nameof(Rule.Properties))] = typeof(RuleProperties) }),
        ["cas-de-test.schema.json"] = ForType(typeof(RuleTestFile), "Cas de test des méthodologistes"),
        ["profil.schema.json"] = ForProfile(kb),
    };

    /// <summary>Writes every schema into <c>&lt;rules&gt;/schemas</c>; returns the files written.</summary>
    public static IReadOnlyList<string> Write(RuleSet kb, string rulesDirectory)
    {
        var folder = Path.Combine(rulesDirectory, Folder);
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        foreach (var (name, schema) in All(kb))
        {
            var path = Path.Combine(folder, name);
            File.WriteAllText(path, Serialize(schema));
            written.Add(path);
        }
        return written;
    }

    public static string Serialize(JObject schema) => schema.ToString(Formatting.Indented).ReplaceLineEndings("\n") + "\n";

    public static JObject ForType(Type root, string title, IReadOnlyDictionary<(Type, string), Type>? overrides = null)
    {
        var definitions = new JObject();
        var schema = new JObject
        {
            ["$schema"] = "http://json-schema.org/draft-07/schema#",
            ["title"] = title,
        };
        var body = Describe(root, definitions, overrides ?? new Dictionary<(Type, string), Type>(), isRoot: true);
        foreach (var property in body.Properties())
        {
            schema[property.Name] = property.Value;
        }
        if (definitions.Count > 0)
        {
            schema["definitions"] = definitions;
        }
        return schema;
    }

    private static JObject Describe(Type type, JObject definitions, IReadOnlyDictionary<(Type, string), Type> overrides, bool isRoot = false)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null)
        {
            var inner = Describe(underlying, definitions, overrides);
            return new JObject { ["anyOf"] = new JArray(inner, new JObject { ["type"] = "null" }) };
        }
        if (type == typeof(string)) return new JObject { ["type"] = "string" };
        if (type == typeof(bool)) return new JObject { ["type"] = "boolean" };
        if (type == typeof(int) || type == typeof(long)) return new JObject { ["type"] = "integer" };
        if (type == typeof(double) || type == typeof(decimal) || type == typeof(float)) return new JObject { ["type"] = "number" };
        if (type == typeof(object) || typeof(JToken).IsAssignableFrom(type)) return new JObject();
        if (type.IsEnum) return new JObject { ["type"] = "string", ["enum"] = new JArray(Enum.GetNames(type)) };
        var dictionaryValue = type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && (i.GetGenericTypeDefinition() == typeof(IDictionary<,>) || i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>)));
        if (dictionaryValue is not null)
        {
            return new JObject { ["type"] = "object", ["additionalProperties"] = Describe(dictionaryValue.GetGenericArguments()[1], definitions, overrides) };
        }
        if (type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type))
        {
            var element = type.IsArray ? type.GetElementType()! : type.GetInterfaces().Append(type)
                .First(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>)).GetGenericArguments()[0];
            return new JObject { ["type"] = "array", ["items"] = Describe(element, definitions, overrides) };
        }

        if (!isRoot)
        {
            if (!definitions.ContainsKey(type.Name))
            {
                definitions[type.Name] = new JObject(); // placeholder against recursion
                definitions[type.Name] = ObjectSchema(type, definitions, overrides, isRoot: false);
            }
            return new JObject { ["$ref"] = "#/definitions/" + type.Name };
        }
        return ObjectSchema(type, definitions, overrides, isRoot: true);
    }

    private static JObject ObjectSchema(Type type, JObject definitions, IReadOnlyDictionary<(Type, string), Type> overrides, bool isRoot)
    {
        var properties = new JObject();
        var required = new JArray();
        if (isRoot)
        {
            properties["$schema"] = new JObject { ["type"] = "string", ["description"] = "Chemin du schéma JSON, pour l'éditeur." };
        }
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<JsonIgnoreAttribute>() is not null || property.GetIndexParameters().Length > 0 || !property.CanWrite && property.GetSetMethod(true) is null)
            {
                continue;
            }
            if (property.GetCustomAttribute<ObsoleteAttribute>() is not null)
            {
                continue;
            }
            var attribute = property.GetCustomAttribute<JsonPropertyAttribute>();
            var name = attribute?.PropertyName ?? property.Name;
            var propertyType = overrides.TryGetValue((type, property.Name), out var replaced) ? replaced : property.PropertyType;
            var schema = Describe(propertyType, definitions, overrides);
            if (property.GetCustomAttribute<DescriptionAttribute>() is { } description)
            {
                schema["description"] = description.Description;
            }
            properties[name] = schema;
            if (attribute?.Required is Required.Always or Required.AllowNull || property.GetCustomAttribute<JsonRequiredAttribute>() is not null)
            {
                required.Add(name);
            }
        }
        var result = new JObject { ["type"] = "object", ["properties"] = properties, ["additionalProperties"] = false };
        if (required.Count > 0)
        {
            result["required"] = required;
        }
        return result;
    }

    /// <summary>The profile format, with the catalogue's indicators (type, unit, range, allowed values) and the référentiel's axes.</summary>
    public static JObject ForProfile(RuleSet kb)
    {
        var indicators = new JObject();
        foreach (var indicator in kb.Indicators)
        {
            var value = indicator.Type switch
            {
                IndicatorType.nombre => new JObject { ["type"] = "number" },
                IndicatorType.entier => new JObject { ["type"] = "integer" },
                IndicatorType.booleen => new JObject { ["type"] = "boolean" },
                IndicatorType.texte => new JObject { ["type"] = "string" },
                _ => new JObject { ["type"] = "array", ["items"] = new JObject { ["type"] = "string" }, ["uniqueItems"] = true },
            };
            if (indicator.Min is { } min) value["minimum"] = min;
            if (indicator.Max is { } max) value["maximum"] = max;
            if (indicator.Valeurs is { } allowed)
            {
                var target = indicator.Type == IndicatorType.liste ? (JObject)value["items"]! : value;
                target["enum"] = new JArray(allowed.Select(v => v.Id));
            }
            var sourced = new JObject
            {
                ["type"] = "object",
                ["properties"] = new JObject
                {
                    ["valeur"] = value.DeepClone(),
                    ["source"] = new JObject { ["type"] = "string" },
                    ["millesime"] = new JObject { ["type"] = new JArray("integer", "string") },
                },
                ["required"] = new JArray("valeur"),
                ["additionalProperties"] = false,
            };
            indicators[indicator.Id] = new JObject
            {
                ["description"] = $"{indicator.Libelle}{(indicator.Unite is null ? "" : " (" + indicator.Unite + ")")} : {indicator.Description} Source : {indicator.Source}.",
                ["oneOf"] = new JArray(value, sourced),
            };
        }
        var axes = kb.Referentiel.Axes;
        JObject Enum(IEnumerable<OptionDefinition> options) => new() { ["type"] = "string", ["enum"] = new JArray(options.Select(o => o.Id)) };
        return new JObject
        {
            ["$schema"] = "http://json-schema.org/draft-07/schema#",
            ["title"] = "Profil de territoire",
            ["type"] = "object",
            ["properties"] = new JObject
            {
                ["$schema"] = new JObject { ["type"] = "string" },
                ["id"] = new JObject { ["type"] = "string", ["minLength"] = 1, ["description"] = "Identifiant du territoire (SIREN de l'EPCI, code INSEE de la commune…)." },
                ["nom"] = new JObject { ["type"] = "string", ["minLength"] = 1 },
                ["echelle"] = new JObject { ["type"] = "string", ["enum"] = new JArray(ProfileReader.Echelles) },
                ["description"] = new JObject { ["type"] = "string" },
                ["indicateurs"] = new JObject { ["type"] = "object", ["properties"] = indicators, ["additionalProperties"] = false },
                ["besoins"] = new JObject
                {
                    ["type"] = "array",
                    ["items"] = new JObject
                    {
                        ["type"] = "object",
                        ["properties"] = new JObject
                        {
                            ["service"] = Enum(axes.Services),
                            ["public"] = Enum(axes.Publics),
                            ["critere"] = Enum(axes.Criteres),
                            ["intensite"] = new JObject { ["type"] = "integer", ["minimum"] = 0, ["maximum"] = 3 },
                            ["source"] = new JObject { ["type"] = "string" },
                        },
                        ["required"] = new JArray("service", "public", "critere", "intensite"),
                        ["additionalProperties"] = false,
                    },
                },
            },
            ["required"] = new JArray("id", "nom", "echelle", "indicateurs"),
            ["additionalProperties"] = false,
        };
    }
}
