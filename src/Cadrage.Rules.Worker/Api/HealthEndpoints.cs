using Cadrage.Rules.Worker.Service;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cadrage.Rules.Worker.Api;

/// <summary><c>/health</c>: readiness for a container probe or a load balancer. Answers without the API key.</summary>
public static class HealthEndpoints
{
    public const string Tag = "Service";

    public static void MapHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health", Health)
            .WithTags(Tag)
            .WithName("Sante")
            .WithSummary("Disponibilité du service")
            .WithDescription("200 quand une base de règles valide est chargée, que la boîte d'entrée travaille et que le journal est disponible ; 503 sinon, avec la raison en français (`statut`). Répond sans clé d'API.")
            .Produces<Dictionary<string, object>>(StatusCodes.Status200OK, "application/json")
            .Produces<Dictionary<string, object>>(StatusCodes.Status503ServiceUnavailable, "application/json");
    }

    private static IResult Health(ServiceHealth health) => health.Report() is var report && report.Pret
        ? Results.Json(report.Corps)
        : Results.Json(report.Corps, statusCode: StatusCodes.Status503ServiceUnavailable);
}
