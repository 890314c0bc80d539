using Cadrage.Rules.Schemas;
using Cadrage.Rules.Worker.Service;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace Cadrage.Rules.Worker.Api;

/// <summary>
/// Makes the generated OpenAPI document a contract a client can be generated from: French information and tags,
/// the API-key scheme, the request body schema = the profile schema of the catalogue in service
/// (<see cref="SchemaGenerator"/>), text/html answers as text. Response schemas come from the C# records.
/// </summary>
public static class OpenApiContract
{
    public const string ProfileSchema = "Profil";

    public static readonly (string Name, string Description)[] Tags =
    [
        (EvaluationsEndpoints.Tag, "Évaluer un profil de territoire (contrat de sortie JSON ou note de cadrage HTML) et relire le journal des évaluations."),
        (ComparisonsEndpoints.Tag, "Comparer deux territoires : où leurs scénarios diffèrent et quels indicateurs l'expliquent."),
        (RulesEndpoints.Tag, "Le référentiel des cinq questions, le catalogue des indicateurs et l'état de la base de règles en service."),
        (HealthEndpoints.Tag, "La disponibilité du service."),
    ];

    public static Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "API Cadrage.Rules";
        document.Info.Description = "Du profil d'un territoire aux scénarios expliqués du cadre stratégique (qui pilote, comment, où, quoi, pourquoi) ; note de cadrage ; journal des évaluations. Les erreurs sont des « problem details » (RFC 9457) en français.";
        document.Tags = new HashSet<OpenApiTag>(Tags.Select(t => new OpenApiTag { Name = t.Name, Description = t.Description }));

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiKey.SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            Name = ApiKey.Header,
            In = ParameterLocation.Header,
            Description = $"Exigée sur /api/… quand le réglage Cadrage:Api:Cle est renseigné (en-tête {ApiKey.Header}). /health, /openapi et /reference répondent sans clé.",
        };

        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        var rules = context.ApplicationServices.GetRequiredService<RuleSetHolder>();
        if (rules.HasRules)
        {
            document.Components.Schemas[ProfileSchema] = ProfileSchemaOf(rules, document);
        }
        document.Components.Schemas.Remove(nameof(EvaluationsEndpoints.ProfileBody));
        document.Components.Schemas.Remove(nameof(ComparisonsEndpoints.ComparisonBody));

        foreach (var (path, item) in document.Paths)
        {
            foreach (var (_, operation) in item.Operations ?? [])
            {
                if (path.StartsWith("/api", StringComparison.Ordinal))
                {
                    operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKey.SchemeName, document)] = [] }];
                }
                if (operation.RequestBody?.Content is { } requestContent && requestContent.TryGetValue("application/json", out var body) && rules.HasRules)
                {
                    var pair = operation.OperationId == ComparisonsEndpoints.OperationName;
                    body.Schema = pair
                        ? new OpenApiSchema
                        {
                            Type = JsonSchemaType.Object,
                            Required = new HashSet<string> { "a", "b" },
                            Properties = new Dictionary<string, IOpenApiSchema>
                            {
                                ["a"] = new OpenApiSchemaReference(ProfileSchema, document),
                                ["b"] = new OpenApiSchemaReference(ProfileSchema, document),
                            },
                        }
                        : new OpenApiSchemaReference(ProfileSchema, document);
                    if (operation.RequestBody is OpenApiRequestBody concrete)
                    {
                        concrete.Required = true;
                        concrete.Description = pair
                            ? "Deux profils de territoire, « a » et « b »."
                            : "Le profil du territoire : identifiant, nom, échelle, indicateurs sourcés du catalogue en service, besoins du diagnostic.";
                    }
                }
                if (operation.OperationId == EvaluationsEndpoints.ListName)
                {
                    foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
                    {
                        parameter.Schema = parameter.Name switch
                        {
                            "page" => new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Default = System.Text.Json.Nodes.JsonValue.Create(1) },
                            "taille" => new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Maximum = EvaluationsEndpoints.MaxPageSize.ToString(System.Globalization.CultureInfo.InvariantCulture), Default = System.Text.Json.Nodes.JsonValue.Create(EvaluationsEndpoints.DefaultPageSize) },
                            _ => parameter.Schema,
                        };
                    }
                }
                foreach (var (_, response) in operation.Responses ?? [])
                {
                    if (response.Content is { } content && content.TryGetValue("text/html", out var html))
                    {
                        html.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "La note de cadrage : un document HTML autonome et imprimable, en français." };
                    }
                }
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>The profile schema of the catalogue in service, as an OpenAPI 3.1 (JSON Schema 2020-12) schema.</summary>
    private static IOpenApiSchema ProfileSchemaOf(RuleSetHolder rules, OpenApiDocument document)
    {
        var schema = SchemaGenerator.ForProfile(rules.Current);
        schema.Remove("$schema");
        schema.Remove("$id");
        var parsed = OpenApiModelFactory.Parse<OpenApiSchema>(schema.ToString(Newtonsoft.Json.Formatting.None), OpenApiSpecVersion.OpenApi3_1, document, out var diagnostic, "json");
        if (parsed is null || diagnostic?.Errors.Count > 0)
        {
            throw new InvalidOperationException("Schéma du profil illisible pour OpenAPI : " + string.Join(" ; ", diagnostic?.Errors.Select(e => e.ToString()) ?? []));
        }
        return parsed;
    }
}
