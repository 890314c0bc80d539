using Cadrage.Rules.Worker.Service;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cadrage.Rules.Worker.Api;

/// <summary>The référentiel and the state of the rule set in service.</summary>
public static class RulesEndpoints
{
    public const string Tag = "Base de règles";

    public static void MapRules(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api").WithTags(Tag);
        group.MapGet("/referentiel", Referentiel)
            .WithName("LireReferentiel")
            .WithSummary("Le référentiel et le catalogue des indicateurs")
            .WithDescription("Les cinq questions, leurs options, les axes des besoins croisés et tous les indicateurs qu'un profil peut renseigner.")
            .Produces<ReferentielReponse>(StatusCodes.Status200OK, "application/json")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapGet("/regles", State)
            .WithName("LireRegles")
            .WithSummary("L'état de la base de règles")
            .WithDescription("Version en service, fichiers, nombre de règles par question et par statut, dernier rechargement et ses erreurs.")
            .Produces<EtatRegles>(StatusCodes.Status200OK, "application/json")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
    }

    private static IResult Referentiel(RuleSetHolder rules)
    {
        var kb = rules.Current;
        return TypedResults.Ok(new ReferentielReponse(kb.Version, kb.Referentiel.Questions, kb.Indicators));
    }

    private static IResult State(RuleSetHolder rules)
    {
        var kb = rules.Current;
        var status = rules.LastReload;
        var folder = Path.GetFullPath(rules.Directory).TrimEnd(Path.DirectorySeparatorChar);
        return TypedResults.Ok(new EtatRegles(
            kb.Version,
            Path.GetFileName(folder),
            kb.Rules.Select(r => r.File).Distinct().Order(StringComparer.Ordinal).ToList(),
            kb.Rules.Count,
            kb.Parameters.Count,
            kb.Indicators.Count,
            kb.Rules.GroupBy(r => r.Workflow).ToDictionary(g => g.Key, g => g.Count()),
            kb.Rules.GroupBy(r => r.Properties.Statut).ToDictionary(g => g.Key, g => g.Count()),
            new DernierRechargement(status.At, status.Succes, status.Version, status.Erreurs.Select(e => e.Replace(folder, Path.GetFileName(folder), StringComparison.Ordinal)).ToList())));
    }
}
