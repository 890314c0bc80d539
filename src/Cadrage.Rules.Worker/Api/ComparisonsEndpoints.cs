using System.Text.Json;
using Cadrage.Rules.Evaluation;
using Cadrage.Rules.Explanations;
using Cadrage.Rules.Output;
using Cadrage.Rules.Worker.Service;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cadrage.Rules.Worker.Api;

/// <summary>Two territories side by side: where their scenarios differ and which indicators explain it.</summary>
public static class ComparisonsEndpoints
{
    public const string Tag = "Comparaisons";
    public const string OperationName = "ComparerTerritoires";

    /// <summary>Stands for the request body in the OpenAPI document: two profiles, « a » and « b ».</summary>
    public sealed record ComparisonBody(EvaluationsEndpoints.ProfileBody A, EvaluationsEndpoints.ProfileBody B);

    public static RouteGroupBuilder MapComparisons(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/comparaisons").WithTags(Tag);
        group.MapPost("", CompareAsync)
            .WithName(OperationName)
            .WithSummary("Comparer deux territoires")
            .WithDescription("Le corps est un objet `{ \"a\": profil, \"b\": profil }`. Réponse : pour chaque question, les réponses retenues des deux territoires et, là où elles diffèrent, les indicateurs dont les valeurs font déclencher des règles pour l'un et pas pour l'autre.")
            .Accepts<ComparisonBody>("application/json")
            .Produces<TerritoryComparison>(StatusCodes.Status200OK, "application/json")
            .Produces<ProblemeProfil>(StatusCodes.Status400BadRequest, "application/problem+json")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return group;
    }

    private static async Task<IResult> CompareAsync(HttpContext context, RuleSetHolder rules, EvaluationService evaluations)
    {
        if (!context.Request.HasJsonContentType())
        {
            return FrenchProblems.Problem(StatusCodes.Status415UnsupportedMediaType, FrenchProblems.Title(415), FrenchProblems.Detail(415, context));
        }
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, new JsonDocumentOptions { MaxDepth = 64 }, context.RequestAborted);
        }
        catch (JsonException ex)
        {
            return FrenchProblems.Problem(StatusCodes.Status400BadRequest, "Corps invalide", $"Le corps doit être un objet JSON {{ \"a\": profil, \"b\": profil }} (JSON mal formé à la ligne {ex.LineNumber + 1}).");
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return FrenchProblems.Problem(StatusCodes.Status413PayloadTooLarge, "Profils trop volumineux", "Le corps de la requête dépasse la limite de taille du service.");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("a", out var a) || !document.RootElement.TryGetProperty("b", out var b))
            {
                return FrenchProblems.Problem(StatusCodes.Status400BadRequest, "Corps invalide", "Le corps doit être un objet JSON { \"a\": profil, \"b\": profil }.");
            }
            var kb = rules.Current;
            var first = evaluations.Evaluate(kb, ProfileSource.FromText(a.GetRawText(), "a"));
            var second = evaluations.Evaluate(kb, ProfileSource.FromText(b.GetRawText(), "b"));
            foreach (var outcome in new[] { first, second })
            {
                if (outcome.Failure is { } failure)
                {
                    return FrenchProblems.Problem(failure.Kind == EvaluationFailureKind.ProfilInvalide ? StatusCodes.Status400BadRequest : StatusCodes.Status500InternalServerError,
                        failure.Kind == EvaluationFailureKind.ProfilInvalide ? "Profil invalide" : "Erreur interne", failure.Message,
                        new Dictionary<string, object?> { ["erreurs"] = failure.Errors.Select(e => new Dictionary<string, string> { ["chemin"] = $"$.{outcome.Source.Name}{e.Chemin.TrimStart('$')}", ["message"] = e.Message }).ToList() });
                }
            }
            var comparison = TerritoryComparer.Compare(kb, first.Profile!, second.Profile!, first.Result!, second.Result!);
            return Results.Content(ComparisonJson.Serialize(comparison), "application/json; charset=utf-8");
        }
    }
}
