using System.ComponentModel;
using System.Globalization;
using System.Text;
using Cadrage.Rules.Evaluation;
using Cadrage.Rules.Explanations;
using Cadrage.Rules.Note;
using Cadrage.Rules.Output;
using Cadrage.Rules.Profiles;
using Cadrage.Rules.Worker.Journal;
using Cadrage.Rules.Worker.Service;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Serilog;
using Serilog.Context;

namespace Cadrage.Rules.Worker.Api;

/// <summary>The evaluations: evaluate a profile (201, JSON contract or note de cadrage), list and read the journal.</summary>
public static class EvaluationsEndpoints
{
    public const string Tag = "Évaluations";
    public const string ListName = "ListerEvaluations";
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 200;

    public static RouteGroupBuilder MapEvaluations(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/evaluations").WithTags(Tag);
        group.MapPost("", EvaluateAsync)
            .WithName("EvaluerProfil")
            .WithSummary("Évaluer un profil de territoire")
            .WithDescription("Le corps est un profil JSON (schéma `Profil`, celui du catalogue d'indicateurs en service). Réponse 201 : le contrat de sortie JSON, ou la note de cadrage HTML avec `Accept: text/html` ou `?format=html`. L'évaluation est consignée au journal ; son adresse est dans `Location`, son identifiant dans `X-Cadrage-Evaluation`, la version des règles dans `X-Cadrage-Version`.")
            .Accepts<ProfileBody>("application/json")
            .Produces<EvaluationResult>(StatusCodes.Status201Created, "application/json", "text/html")
            .Produces<ProblemeProfil>(StatusCodes.Status400BadRequest, "application/problem+json")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status500InternalServerError)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapGet("", List)
            .WithName(ListName)
            .WithSummary("Lister les évaluations du journal")
            .WithDescription("Les évaluations consignées, les plus récentes d'abord, par pages ; filtres facultatifs : territoire, version de la base de règles, période (`depuis` inclus, `jusqua` exclu ; une date seule vaut pour toute la journée, en UTC).")
            .Produces<PageEvaluations>(StatusCodes.Status200OK, "application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapGet("/{id}", Get)
            .WithName("LireEvaluation")
            .WithSummary("Relire une évaluation passée")
            .WithDescription("Le résultat tel qu'il a été produit et consigné au journal (JSON), ou sa note de cadrage (`Accept: text/html` ou `?format=html`).")
            .Produces<EvaluationResult>(StatusCodes.Status200OK, "application/json", "text/html")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return group;
    }

    /// <summary>Stands for the profile in the OpenAPI document, where its schema is the catalogue's (<see cref="OpenApiContract"/>).</summary>
    public sealed class ProfileBody;

    private static async Task<IResult> EvaluateAsync(
        HttpContext context, RuleSetHolder rules, EvaluationService evaluations, EvaluationJournal journal, IDiagnosticContext diagnostics, ILoggerFactory loggers, NoteRenderer note,
        [Description("`html` pour la note de cadrage, `json` pour le contrat de sortie (par défaut : d'après l'en-tête Accept).")] string? format = null,
        [Description("`completes` (par défaut : pourquoi pas, contraste, contrefactuels, seuils les plus proches, robustesse aux données) ou `aucune`.")] string? explications = null,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "option"), Description("Options sur lesquelles interroger les explications, écrites question:option (ex. `pilotage:faire-faire`) ; répétable.")] string[]? option = null)
    {
        var logger = loggers.CreateLogger("Cadrage.Rules.Api");
        var now = (context.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow();
        var id = Guid.CreateVersion7(now).ToString("N");
        diagnostics.Set("EvaluationId", id);
        using var evaluationScope = LogContext.PushProperty("EvaluationId", id);
        if (!context.Request.HasJsonContentType())
        {
            // Without a Content-Type the routing lets the request through: refused here alike.
            return FrenchProblems.Problem(StatusCodes.Status415UnsupportedMediaType, FrenchProblems.Title(415), FrenchProblems.Detail(415, context));
        }
        byte[]? body;
        var limit = context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.TailleMaxOctets;
        try
        {
            // Bytes, not text: invalid UTF-8 is a French error with its offset, never silently replaced.
            body = await RequestBody.ReadAsync(context, limit);
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            body = null;
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException)
        {
            return FrenchProblems.Problem(StatusCodes.Status400BadRequest, FrenchProblems.Title(400), "Le corps de la requête n'a pas pu être lu (transfert interrompu ou mal formé).");
        }
        if (body is null)
        {
            return FrenchProblems.Problem(StatusCodes.Status413PayloadTooLarge, "Profil trop volumineux", $"Le corps de la requête dépasse la limite de {limit} octets.");
        }
        if (body.All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
        {
            return FrenchProblems.Problem(StatusCodes.Status400BadRequest, "Profil manquant", "Le corps de la requête doit contenir un profil JSON.");
        }

        var kb = rules.Current;
        var request = ExplanationRequest.Parse(explications, option ?? [], kb, out var explanationErrors);
        if (explanationErrors.Count > 0)
        {
            return FrenchProblems.Problem(StatusCodes.Status400BadRequest, "Explications mal demandées", string.Join(" ; ", explanationErrors));
        }
        var outcome = evaluations.Evaluate(kb, ProfileSource.FromUtf8(body, "requête"), explanations: request);
        if (outcome.Profile is { } read)
        {
            diagnostics.Set("TerritoireId", read.Id);
        }
        if (outcome.Failure is { } failure)
        {
            return failure.Kind switch
            {
                EvaluationFailureKind.ProfilInvalide or EvaluationFailureKind.FichierIllisible => FrenchProblems.Problem(StatusCodes.Status400BadRequest, "Profil invalide", failure.Message,
                    new Dictionary<string, object?> { ["erreurs"] = failure.Errors.Select(e => new ErreurProfil(e.Chemin, e.Message)).ToList() }),
                EvaluationFailureKind.BudgetDepasse => FrenchProblems.Problem(StatusCodes.Status422UnprocessableEntity, "Évaluation interrompue", failure.Message),
                _ => FrenchProblems.Problem(StatusCodes.Status500InternalServerError, FrenchProblems.Title(500), failure.Message,
                    new Dictionary<string, object?> { ["reference"] = failure.Reference }),
            };
        }
        var profile = outcome.Profile!;
        var result = outcome.Result!;
        using var territoryScope = LogContext.PushProperty("TerritoireId", profile.Id);
        await journal.RecordAsync(new JournalEntry(id, now, EvaluationJournal.OriginApi, profile.Id, profile.Nom, kb.Version, EvaluationJournal.Hash(Encoding.UTF8.GetString(body)), Encoding.UTF8.GetString(body), ResultJson.Serialize(result, indented: false)));
        logger.LogInformation("Évaluation {EvaluationId} de {TerritoireId} par l'API avec la base de règles {RuleSetVersion}", id, profile.Id, kb.Version);

        context.Response.Headers.Location = $"/api/evaluations/{id}";
        context.Response.Headers["X-Cadrage-Evaluation"] = id;
        context.Response.Headers["X-Cadrage-Version"] = kb.Version;
        return WantsHtml(context, format)
            ? Results.Content(note.Render(result, now), "text/html; charset=utf-8", statusCode: StatusCodes.Status201Created)
            : Results.Content(ResultJson.Serialize(result), "application/json; charset=utf-8", statusCode: StatusCodes.Status201Created);
    }

    private static IResult List(
        HttpContext context, EvaluationJournal journal,
        [Description("Identifiant du territoire (SIREN, code INSEE…).")] string? territoire = null,
        [Description("Version de la base de règles (`referentiel.version` d'un résultat).")] string? version = null,
        [Description("Début de la période, inclus : une date (AAAA-MM-JJ) ou une date et heure ISO 8601.")] string? depuis = null,
        [Description("Fin de la période, exclue : une date (toute la journée comprise) ou une date et heure ISO 8601.")] string? jusqua = null,
        [Description("Numéro de page, à partir de 1 (par défaut 1).")] string? page = null,
        [Description("Évaluations par page, de 1 à 200 (par défaut 20).")] string? taille = null)
    {
        var errors = new List<string>();
        var pageNumber = Integer(page, "page", 1, int.MaxValue / MaxPageSize, 1, errors);
        var pageSize = Integer(taille, "taille", 1, MaxPageSize, DefaultPageSize, errors);
        var from = Date(depuis, "depuis", endOfDay: false, errors);
        var to = Date(jusqua, "jusqua", endOfDay: true, errors);
        if (errors.Count > 0)
        {
            return FrenchProblems.Problem(StatusCodes.Status400BadRequest, "Paramètre invalide", string.Join(" ; ", errors) + ".");
        }
        var filter = new JournalFilter(Blank(territoire), Blank(version), from, to);
        var (entries, total) = journal.List(filter, (pageNumber - 1) * pageSize, pageSize);
        var next = (long)pageNumber * pageSize < total
            ? QueryString.Create(new Dictionary<string, string?> { ["territoire"] = filter.TerritoireId, ["version"] = filter.VersionRegles, ["depuis"] = Blank(depuis), ["jusqua"] = Blank(jusqua), ["page"] = (pageNumber + 1).ToString(CultureInfo.InvariantCulture), ["taille"] = pageSize.ToString(CultureInfo.InvariantCulture) }
                .Where(p => p.Value is not null)).ToUriComponent()
            : null;
        return TypedResults.Ok(new PageEvaluations(total, pageNumber, pageSize,
            entries.Select(e => new EvaluationResume(e.Id, e.Horodatage, e.Origine, new TerritoireResume(e.TerritoireId, e.TerritoireNom), e.VersionRegles, e.EmpreinteProfil, $"/api/evaluations/{e.Id}")).ToList(),
            next is null ? null : "/api/evaluations" + next));
    }

    private static IResult Get(
        [Description("Identifiant de l'évaluation (en-tête X-Cadrage-Evaluation de sa création).")] string id,
        HttpContext context, EvaluationJournal journal, RuleSetHolder rules, IDiagnosticContext diagnostics, NoteRenderer note,
        [Description("`html` pour la note de cadrage, `json` pour le résultat (par défaut : d'après l'en-tête Accept).")] string? format = null)
    {
        diagnostics.Set("EvaluationId", id);
        var entry = journal.Find(id);
        if (entry is null)
        {
            return FrenchProblems.Problem(StatusCodes.Status404NotFound, "Évaluation inconnue", $"Aucune évaluation « {id} » dans le journal.");
        }
        diagnostics.Set("TerritoireId", entry.TerritoireId);
        context.Response.Headers["X-Cadrage-Version"] = entry.VersionRegles;
        if (!WantsHtml(context, format))
        {
            return Results.Content(JToken.Parse(entry.Resultat).ToString(Formatting.Indented) + "\n", "application/json; charset=utf-8");
        }
        try
        {
            // The result carries its labels and portrait: the note renders as it was, whatever rules serve today.
            var result = ResultJson.Deserialize(entry.Resultat);
            return Results.Content(note.Render(result, entry.Horodatage), "text/html; charset=utf-8");
        }
        catch (System.Text.Json.JsonException)
        {
            return FrenchProblems.Problem(StatusCodes.Status409Conflict, "Note non régénérable", "Ce résultat a été consigné dans un format antérieur du contrat de sortie : sa note ne peut pas être régénérée telle quelle ; le JSON reste disponible.");
        }
    }

    private static bool WantsHtml(HttpContext context, string? format)
    {
        if (!string.IsNullOrEmpty(format))
        {
            return format.Equals("html", StringComparison.OrdinalIgnoreCase);
        }
        var accept = context.Request.Headers.Accept.ToString();
        var html = accept.IndexOf("text/html", StringComparison.OrdinalIgnoreCase);
        var json = accept.IndexOf("application/json", StringComparison.OrdinalIgnoreCase);
        return html >= 0 && (json < 0 || html < json);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static int Integer(string? text, string name, int min, int max, int fallback, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }
        errors.Add($"{name} « {text} » : un nombre entier de {min} à {max} est attendu");
        return fallback;
    }

    private static DateTimeOffset? Date(string? text, string name, bool endOfDay, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return endOfDay ? start.AddDays(1) : start;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var moment))
        {
            return moment;
        }
        errors.Add($"{name} « {text} » : une date AAAA-MM-JJ ou une date et heure ISO 8601 est attendue");
        return null;
    }
}
