using Cadrage.Rules.Json;
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
    public static IReadOnlyDictionary<string, JObject> All(RuleSet kb)
    {
        var domains = Domains(kb);
        return new SortedDictionary<string, JObject>(StringComparer.Ordinal)
        {
            ["referentiel.schema.json"] = ForType(typeof(Referentiel), "Référentiel des cinq questions du cadre stratégique", domains),
            ["indicateurs.schema.json"] = ForType(typeof(IndicatorCatalog), "Catalogue des indicateurs", domains),
            ["scenarios.schema.json"] = ForType(typeof(ScenarioSettings), "Assemblage des scénarios", domains),
            ["parametres.schema.json"] = ForType(typeof(ParameterFile), "Paramètres nommés (seuils) de la base de règles", domains),
            ["workflow.schema.json"] = ForType(typeof(Workflow), "Workflow Microsoft RulesEngine de Cadrage.Rules (une question ou la compatibilité)", domains),
            ["cas-de-test.schema.json"] = ForType(typeof(RuleTestFile), "Cas de test des méthodologistes", domains),
            ["profil.schema.json"] = ForProfile(kb),
        };
    }

    /// <summary>The value lists of a rule set named by <see cref="JsonDomainAttribute"/>.</summary>
    public static Func<string, IReadOnlyList<string>?> Domains(RuleSet kb) => domain => domain switch
    {
        JsonDomains.Option => kb.Referentiel.Questions.Where(q => QuestionIds.WithOptions.Contains(q.Id)).SelectMany(q => q.Options).Select(o => o.Id).ToList(),
        JsonDomains.Posture => kb.Referentiel.Question(QuestionIds.Pilotage).Options.Select(o => o.Id).ToList(),
        JsonDomains.Service => kb.Referentiel.Axes.Services.Select(o => o.Id).ToList(),
        JsonDomains.Public => kb.Referentiel.Axes.Publics.Select(o => o.Id).ToList(),
        JsonDomains.Critere => kb.Referentiel.Axes.Criteres.Select(o => o.Id).ToList(),
        JsonDomains.Regle => kb.Rules.Select(r => r.Name).Order(StringComparer.Ordinal).ToList(),
        _ => null,
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

    /// <summary>
    /// The schema of a file whose root binds to <paramref name="root"/>, from the shared walk of the model
    /// (<see cref="JsonModel"/>): required fields, enums, French descriptions, and none of the fields the loader
    /// refuses. Value lists that come from the rule set are resolved by <paramref name="domains"/> (left open without).
    /// </summary>
    public static JObject ForType(Type root, string title, Func<string, IReadOnlyList<string>?>? domains = null)
    {
        var writer = new ShapeWriter(domains ?? (_ => null));
        var shape = JsonModel.ShapeOf(root);
        var schema = new JObject
        {
            ["$schema"] = "http://json-schema.org/draft-07/schema#",
            ["title"] = title,
        };
        foreach (var property in writer.Object(shape, isRoot: true).Properties())
        {
            schema[property.Name] = property.Value;
        }
        if (writer.Definitions.Count > 0)
        {
            schema["definitions"] = writer.Definitions;
        }
        return schema;
    }

    /// <summary>Turns shapes into draft-07 schemas, each object type once under <c>definitions</c>.</summary>
    private sealed class ShapeWriter(Func<string, IReadOnlyList<string>?> domains)
    {
        public JObject Definitions { get; } = [];

        public JObject Value(JsonShape shape) => shape.Kind switch
        {
            JsonShapeKind.Any => [],
            JsonShapeKind.Text => new JObject { ["type"] = "string" },
            JsonShapeKind.Boolean => new JObject { ["type"] = "boolean" },
            JsonShapeKind.Integer => new JObject { ["type"] = "integer" },
            JsonShapeKind.Number => new JObject { ["type"] = "number" },
            JsonShapeKind.Enumeration => new JObject { ["type"] = "string", ["enum"] = new JArray(shape.Names) },
            JsonShapeKind.Map => new JObject { ["type"] = "object", ["additionalProperties"] = Nullable(Value(shape.Item!), shape.ItemNullable) },
            JsonShapeKind.List => new JObject { ["type"] = "array", ["items"] = Nullable(Value(shape.Item!), shape.ItemNullable) },
            _ => Reference(shape),
        };

        private JObject Reference(JsonShape shape)
        {
            var name = shape.Type.Name;
            if (!Definitions.ContainsKey(name))
            {
                Definitions[name] = new JObject(); // placeholder against recursion
                Definitions[name] = Object(shape, isRoot: false);
            }
            return new JObject { ["$ref"] = "#/definitions/" + name };
        }

        public JObject Object(JsonShape shape, bool isRoot)
        {
            var properties = new JObject();
            var required = new JArray();
            if (isRoot)
            {
                properties["$schema"] = new JObject { ["type"] = "string", ["description"] = "Chemin du schéma JSON, pour l'éditeur." };
            }
            foreach (var field in shape.Fields.Where(f => f.Rejection is null))
            {
                var schema = Value(field.Shape);
                // Constraints on a text apply to a list's items.
                var target = field.Shape.Kind == JsonShapeKind.List && schema["items"] is JObject items ? items : schema;
                if ((field.Values ?? (field.Domain is null ? null : domains(field.Domain))) is { } allowed)
                {
                    target["enum"] = new JArray(allowed);
                }
                if (field.Pattern is not null)
                {
                    target["pattern"] = field.Pattern;
                }
                if (field.MinItems is { } minItems)
                {
                    schema["minItems"] = minItems;
                }
                schema = Nullable(schema, field.Nullable);
                if (field.Description is not null)
                {
                    schema["description"] = field.Description;
                }
                properties[field.Name] = schema;
                if (field.Required)
                {
                    required.Add(field.Name);
                }
            }
            var result = new JObject { ["type"] = "object" };
            if (shape.Description is not null)
            {
                result["description"] = shape.Description;
            }
            result["properties"] = properties;
            result["additionalProperties"] = false;
            if (required.Count > 0)
            {
                result["required"] = required;
            }
            return result;
        }

        private static JObject Nullable(JObject schema, bool nullable) =>
            !nullable || schema.Count == 0 ? schema : new JObject { ["anyOf"] = new JArray(schema, new JObject { ["type"] = "null" }) };
    }

    /// <summary>
    /// The profile format, with the catalogue's indicators (type, unit, range, allowed values), the référentiel's
    /// axes and the bounds of <see cref="ProfileLimits"/>: what <see cref="ProfileReader"/> accepts.
    /// </summary>
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
                IndicatorType.texte => Text(ProfileLimits.TextMaxLength),
                _ => new JObject { ["type"] = "array", ["items"] = Text(ProfileLimits.TextMaxLength), ["uniqueItems"] = true, ["maxItems"] = ProfileLimits.ListMaxItems },
            };
            if (indicator.Min is { } min) value["minimum"] = min;
            if (indicator.Max is { } max) value["maximum"] = max;
            if (indicator.Valeurs is { } allowed)
            {
                var target = indicator.Type == IndicatorType.liste ? (JObject)value["items"]! : value;
                target.Remove("maxLength");
                target["enum"] = new JArray(allowed.Select(v => v.Id));
            }
            var sourced = new JObject
            {
                ["type"] = "object",
                ["properties"] = new JObject
                {
                    ["valeur"] = value.DeepClone(),
                    ["source"] = Described(Text(ProfileLimits.TextMaxLength), "Producteur et jeu de données de la valeur (à défaut, la source du catalogue)."),
                    ["millesime"] = Described(new JObject
                    {
                        ["oneOf"] = new JArray(
                            new JObject { ["type"] = "integer", ["minimum"] = ProfileLimits.MillesimeMin, ["maximum"] = ProfileLimits.MillesimeMax },
                            Text(ProfileLimits.TextMaxLength)),
                    }, "Année des données (2021) ou période (« 2019-2021 »)."),
                    ["illustratif"] = Described(new JObject { ["type"] = "boolean" }, "true : valeur donnée pour illustrer, pas mesurée (à remplacer par une donnée sourcée) ; false par défaut."),
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
            ["description"] = $"Un territoire et ses indicateurs sourcés, lus contre le catalogue {IndicatorCatalog.FileName} et le référentiel ; JSON strict (ni commentaires, ni virgules finales, ni guillemets simples), UTF-8, au plus {JsonSyntax.MaxDepth} niveaux d'imbrication.",
            ["type"] = "object",
            ["properties"] = new JObject
            {
                ["$schema"] = Described(Text(ProfileLimits.TextMaxLength), "Chemin du schéma JSON, pour l'éditeur."),
                ["id"] = Described(Identifier(ProfileLimits.IdMaxLength), $"Identifiant du territoire (SIREN de l'EPCI, code INSEE de la commune…) : au plus {ProfileLimits.IdMaxLength} caractères, sans caractère de contrôle (il nomme les fichiers de résultat)."),
                ["nom"] = Described(NonEmpty(ProfileLimits.TextMaxLength), "Nom du territoire, tel qu'il apparaît dans la note de cadrage."),
                ["echelle"] = Described(new JObject { ["type"] = "string", ["enum"] = new JArray(ProfileReader.Echelles) }, "Échelle du territoire."),
                ["description"] = Described(Text(ProfileLimits.DescriptionMaxLength), "Présentation libre du territoire et de l'origine de ses données."),
                ["indicateurs"] = Described(new JObject { ["type"] = "object", ["properties"] = indicators, ["additionalProperties"] = false },
                    "Valeurs des indicateurs du catalogue : une valeur nue ou { valeur, source, millesime, illustratif }. Un indicateur absent est signalé, pas deviné."),
                ["besoins"] = Described(new JObject
                {
                    ["type"] = "array",
                    ["maxItems"] = ProfileLimits.NeedsMaxCount,
                    ["items"] = new JObject
                    {
                        ["type"] = "object",
                        ["properties"] = new JObject
                        {
                            ["service"] = Enum(axes.Services),
                            ["public"] = Enum(axes.Publics),
                            ["critere"] = Enum(axes.Criteres),
                            ["intensite"] = Described(new JObject { ["type"] = "integer", ["minimum"] = 0, ["maximum"] = 3 }, "Intensité du besoin, de 0 (aucun) à 3 (fort)."),
                            ["source"] = Text(ProfileLimits.TextMaxLength),
                            ["illustratif"] = Described(new JObject { ["type"] = "boolean" }, "Vrai si le besoin est donné à titre d'exemple, pas issu d'un diagnostic réel : il ne compte pas comme une source pour établir la priorité."),
                        },
                        ["required"] = new JArray("service", "public", "critere", "intensite"),
                        ["additionalProperties"] = false,
                    },
                }, "Besoins exprimés par le diagnostic : un service, pour un public, selon un critère d'accessibilité."),
                ["communes"] = Described(new JObject
                {
                    ["type"] = "array",
                    ["maxItems"] = ProfileLimits.CommunesMaxCount,
                    ["items"] = Commune(neighbour: false),
                }, "Communes membres du territoire (données ouvertes), pour les cartes et les calculs par commune."),
                ["voisines"] = Described(new JObject
                {
                    ["type"] = "array",
                    ["maxItems"] = ProfileLimits.CommunesMaxCount,
                    ["items"] = Commune(neighbour: true),
                }, "Pôles de services voisins, hors du territoire, que ses habitants peuvent rejoindre (l'import donne à une commune le pôle de la gamme intermédiaire le plus proche et les pôles de proximité alentour) : les scénarios les nomment."),
            },
            ["required"] = new JArray("id", "nom", "echelle", "indicateurs"),
            ["additionalProperties"] = false,
        };
    }

    /// <summary>A member commune, or a neighbouring pôle de services (which also says its range).</summary>
    private static JObject Commune(bool neighbour)
    {
        var properties = new JObject
        {
            ["code"] = Described(Identifier(ProfileLimits.CommuneCodeMaxLength), "Code INSEE de la commune (unique dans la liste)."),
            ["nom"] = Described(NonEmpty(ProfileLimits.TextMaxLength), "Nom de la commune."),
            ["population"] = Described(new JObject { ["type"] = "integer", ["minimum"] = 0, ["maximum"] = ProfileLimits.PopulationMax }, "Population municipale."),
            ["densite"] = Described(new JObject { ["type"] = "integer", ["minimum"] = ProfileLimits.DensiteMin, ["maximum"] = ProfileLimits.DensiteMax },
                "Niveau de la grille communale de densité de l'INSEE : 1 très dense … 7 très peu dense."),
            ["latitude"] = Described(new JObject { ["type"] = "number", ["minimum"] = -90, ["maximum"] = 90 }, "Latitude (degrés, WGS 84)."),
            ["longitude"] = Described(new JObject { ["type"] = "number", ["minimum"] = -180, ["maximum"] = 180 }, "Longitude (degrés, WGS 84)."),
            ["franceServices"] = Described(new JObject { ["type"] = "integer", ["minimum"] = 0, ["maximum"] = ProfileLimits.FranceServicesMax }, "Nombre de France Services dans la commune."),
            ["bpeProximite"] = Described(Percent(), "Offre de services : part des types d'équipements de la gamme de proximité de la base permanente des équipements (INSEE) présents dans la commune (%). Au moins la moitié : pôle de services de proximité."),
            ["bpeIntermediaire"] = Described(Percent(), "Offre de services : part des types d'équipements de la gamme intermédiaire présents dans la commune (%). Au moins la moitié : pôle de services intermédiaire."),
            ["bpeSuperieure"] = Described(Percent(), "Offre de services : part des types d'équipements de la gamme supérieure présents dans la commune (%). Au moins la moitié : pôle de services supérieur."),
        };
        if (neighbour)
        {
            properties["pole"] = Described(new JObject { ["enum"] = new JArray(Poles.All) },
                "Gamme de la base permanente des équipements dont la commune est un pôle de services (au moins la moitié des types d'équipements de la gamme, définition de l'INSEE) : « intermediaire » ou « proximite ».");
        }
        return new JObject
        {
            ["type"] = "object",
            ["properties"] = properties,
            ["required"] = neighbour ? new JArray("code", "nom", "pole") : new JArray("code", "nom"),
            ["additionalProperties"] = false,
        };
    }

    private static JObject Percent() => new() { ["type"] = "number", ["minimum"] = 0, ["maximum"] = 100 };

    private static JObject Text(int maxLength) => new() { ["type"] = "string", ["maxLength"] = maxLength };

    private static JObject NonEmpty(int maxLength) => new() { ["type"] = "string", ["minLength"] = 1, ["maxLength"] = maxLength, ["pattern"] = "\\S" };

    private static JObject Identifier(int maxLength) =>
        new() { ["type"] = "string", ["minLength"] = 1, ["maxLength"] = maxLength, ["pattern"] = "^[^\\u0000-\\u001F\\u007F-\\u009F]*\\S[^\\u0000-\\u001F\\u007F-\\u009F]*$" };

    private static JObject Described(JObject schema, string description)
    {
        schema["description"] = description;
        return schema;
    }
}
