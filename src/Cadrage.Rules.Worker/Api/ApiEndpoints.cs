using System.Security.Cryptography;
using System.Text;
using Cadrage.Rules.Evaluation;
using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Note;
using Cadrage.Rules.Output;
using Cadrage.Rules.Profiles;
using Cadrage.Rules.Worker.Journal;
using Cadrage.Rules.Worker.Service;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Cadrage.Rules.Worker.Api;

/// <summary>
/// The HTTP API of <c>cadrage serve</c> (ASP.NET Core minimal API): evaluations as JSON or as the note de cadrage,
/// the journal, the référentiel, the rule set's state, health. Bad input is a French problem (400, 401, 404,
/// 413), never a 500.
/// </summary>
public static class ApiEndpoints
{
    public const string ApiKeyHeader = "X-Api-Key";

    private static readonly JsonSerializerSettings Json = new() { Formatting = Formatting.Indented, NullValueHandling = NullValueHandling.Ignore };

    public static void AddCadrageApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiOptions>().Bind(builder.Configuration.GetSection(ApiOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ApiOptions>, ApiOptionsValidator>();
        var url = builder.Configuration[$"{ApiOptions.Section}:Url"] is { Length: > 0 } configured ? configured : new ApiOptions().Url;
        // An unparsable address is reported by the validator before Kestrel tries it.
        builder.WebHost.UseUrls(url.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(u => Uri.TryCreate(u, UriKind.Absolute, out _)).ToArray());
        var limit = builder.Configuration.GetValue<long?>($"{ApiOptions.Section}:TailleMaxOctets") ?? new ApiOptions().TailleMaxOctets;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = limit);
        builder.Services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "API Cadrage.Rules";
            document.Info.Description = "Du profil d'un territoire aux scénarios expliqués du cadre stratégique (qui pilote, comment, où, quoi, pourquoi) ; note de cadrage ; journal des évaluations.";
            return Task.CompletedTask;
        }));
    }

    public static void MapCadrageApi(this WebApplication app)
    {
        app.UseExceptionHandler(handler => handler.Run(context =>
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return Problem(StatusCodes.Status500InternalServerError, "Erreur interne", "Une erreur inattendue est survenue ; elle est consignée dans le journal du service.").ExecuteAsync(context);
        }));
        app.Use(RequireApiKey);
        app.MapOpenApi("/openapi/{documentName}.json");

        var api = app.MapGroup("/api");
        api.MapPost("/evaluations", EvaluateAsync)
            .WithName("EvaluerProfil")
            .WithSummary("Évaluer un profil de territoire")
            .WithDescription("Le corps est un profil JSON (id, nom, echelle, indicateurs, besoins). Réponse : le contrat de sortie JSON, ou la note de cadrage HTML avec `Accept: text/html` ou `?format=html`. L'évaluation est consignée au journal ; son identifiant est dans l'en-tête `X-Cadrage-Evaluation` et `Location`.")
            .Accepts<object>("application/json")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .Produces(StatusCodes.Status200OK, contentType: "text/html")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        api.MapGet("/evaluations/{id}", GetEvaluation)
            .WithName("LireEvaluation")
            .WithSummary("Relire une évaluation passée")
            .WithDescription("Le résultat tel qu'il a été produit et consigné au journal (JSON), ou sa note de cadrage (`?format=html`).")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/referentiel", GetReferentiel)
            .WithName("LireReferentiel")
            .WithSummary("Le référentiel et le catalogue des indicateurs")
            .WithDescription("Les cinq questions, leurs options, les axes des besoins croisés et tous les indicateurs qu'un profil peut renseigner.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json");
        api.MapGet("/regles", GetRules)
            .WithName("LireRegles")
            .WithSummary("L'état de la base de règles")
            .WithDescription("Version en service, fichiers, nombre de règles par question et par statut, dernier rechargement et ses erreurs.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json");
        app.MapGet("/health", Health)
            .WithName("Sante")
            .WithSummary("Disponibilité du service")
            .WithDescription("200 quand une base de règles valide est chargée, que la boîte d'entrée travaille et que le journal est disponible ; 503 sinon, avec la raison en français.")
            .Produces(StatusCodes.Status200OK)
            .Produces(StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task RequireApiKey(HttpContext context, Func<Task> next)
    {
        var key = context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.Cle;
        if (!string.IsNullOrEmpty(key) && context.Request.Path.StartsWithSegments("/api"))
        {
            var given = context.Request.Headers[ApiKeyHeader].ToString();
            if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(key)))
            {
                await Problem(StatusCodes.Status401Unauthorized, "Clé d'API manquante ou invalide", $"Cette API demande une clé dans l'en-tête {ApiKeyHeader}.").ExecuteAsync(context);
                return;
            }
        }
        await next();
    }

    private static async Task<IResult> EvaluateAsync(HttpContext context, RuleSetHolder rules, EvaluationService evaluations, EvaluationJournal journal, ILoggerFactory loggers, NoteRenderer note)
    {
        var logger = loggers.CreateLogger("Cadrage.Rules.Api");
        string body;
        try
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            var limit = context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.TailleMaxOctets;
            return Problem(StatusCodes.Status413PayloadTooLarge, "Profil trop volumineux", $"Le corps de la requête dépasse la limite de {limit} octets.");
        }
        catch (BadHttpRequestException ex)
        {
            return Problem(StatusCodes.Status400BadRequest, "Requête invalide", "Le corps de la requête n'a pas pu être lu : " + ex.Message);
        }
        if (string.IsNullOrWhiteSpace(body))
        {
            return Problem(StatusCodes.Status400BadRequest, "Profil manquant", "Le corps de la requête doit contenir un profil JSON.");
        }

        var kb = rules.Current;
        var outcome = evaluations.Evaluate(kb, ProfileSource.FromText(body, "requête"));
        if (outcome.Failure is { } failure)
        {
            return failure.Kind switch
            {
                EvaluationFailureKind.ProfilInvalide => Problem(StatusCodes.Status400BadRequest, "Profil invalide", failure.Message,
                    new Dictionary<string, object?> { ["erreurs"] = failure.Errors.Select(e => new Dictionary<string, string> { ["chemin"] = e.Chemin, ["message"] = e.Message }).ToList() }),
                EvaluationFailureKind.BudgetDepasse => Problem(StatusCodes.Status422UnprocessableEntity, "Évaluation interrompue", failure.Message),
                _ => Problem(StatusCodes.Status500InternalServerError, "Erreur interne", failure.Message,
                    new Dictionary<string, object?> { ["reference"] = failure.Reference }),
            };
        }
        var profile = outcome.Profile!;
        var result = outcome.Result!;
        var now = (context.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow();
        var id = Guid.CreateVersion7(now).ToString("N");
        var json = ResultJson.Serialize(result);
        journal.Record(new JournalEntry(id, now, EvaluationJournal.OriginApi, profile.Id, profile.Nom, kb.Version, EvaluationJournal.Hash(body), body, ResultJson.Serialize(result, indented: false)));
        logger.LogInformation("Évaluation {EvaluationId} de {TerritoireId} par l'API avec la base de règles {RuleSetVersion}", id, profile.Id, kb.Version);

        context.Response.Headers.Location = $"/api/evaluations/{id}";
        context.Response.Headers["X-Cadrage-Evaluation"] = id;
        context.Response.Headers["X-Cadrage-Version"] = kb.Version;
        return WantsHtml(context)
            ? Results.Content(note.Render(result, profile, kb, now), "text/html; charset=utf-8")
            : Results.Content(json, "application/json; charset=utf-8");
    }

    private static IResult GetEvaluation(string id, HttpContext context, EvaluationJournal journal, RuleSetHolder rules, NoteRenderer note)
    {
        var entry = journal.Find(id);
        if (entry is null)
        {
            return Problem(StatusCodes.Status404NotFound, "Évaluation inconnue", $"Aucune évaluation « {id} » dans le journal.");
        }
        context.Response.Headers["X-Cadrage-Version"] = entry.VersionRegles;
        if (!WantsHtml(context))
        {
            return Results.Content(JToken.Parse(entry.Resultat).ToString(Formatting.Indented) + "\n", "application/json; charset=utf-8");
        }
        var kb = rules.Current;
        try
        {
            var profile = ProfileReader.Read(entry.Profil, entry.Id, kb);
            var result = JsonConvert.DeserializeObject<EvaluationResult>(entry.Resultat, ResultJson.Settings)!;
            return Results.Content(note.Render(result, profile, kb, entry.Horodatage), "text/html; charset=utf-8");
        }
        catch (ProfileException ex)
        {
            return Problem(StatusCodes.Status409Conflict, "Note non régénérable", "Le profil consigné n'est plus valide pour la base de règles en service : " + ex.Message);
        }
    }

    private static IResult GetReferentiel(RuleSetHolder rules)
    {
        var kb = rules.Current;
        var body = new JObject
        {
            ["version"] = kb.Version,
            ["questions"] = JToken.FromObject(kb.Referentiel.Questions, JsonSerializer.Create(Json)),
            ["indicateurs"] = JToken.FromObject(kb.Indicators, JsonSerializer.Create(Json)),
        };
        return Results.Content(body.ToString(Formatting.Indented), "application/json; charset=utf-8");
    }

    private static IResult GetRules(RuleSetHolder rules)
    {
        var kb = rules.Current;
        var status = rules.LastReload;
        var body = new JObject
        {
            ["version"] = kb.Version,
            ["dossier"] = kb.Directory,
            ["fichiers"] = new JArray(kb.Rules.Select(r => r.File).Distinct().Order(StringComparer.Ordinal)),
            ["regles"] = kb.Rules.Count,
            ["parametres"] = kb.Parameters.Count,
            ["indicateurs"] = kb.Indicators.Count,
            ["reglesParQuestion"] = new JObject(kb.Rules.GroupBy(r => r.Workflow).Select(g => new JProperty(g.Key, g.Count()))),
            ["reglesParStatut"] = new JObject(kb.Rules.GroupBy(r => r.Properties.Statut).Select(g => new JProperty(g.Key, g.Count()))),
            ["dernierRechargement"] = new JObject
            {
                ["date"] = status.At.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                ["succes"] = status.Succes,
                ["version"] = status.Version,
                ["erreurs"] = new JArray(status.Erreurs),
            },
        };
        return Results.Content(body.ToString(Formatting.Indented), "application/json; charset=utf-8");
    }

    private static IResult Health(ServiceHealth health) => health.Report() is var report && report.Pret
        ? Results.Json(report.Corps)
        : Results.Json(report.Corps, statusCode: StatusCodes.Status503ServiceUnavailable);

    private static bool WantsHtml(HttpContext context)
    {
        var format = context.Request.Query["format"].ToString();
        if (format.Length > 0)
        {
            return format.Equals("html", StringComparison.OrdinalIgnoreCase);
        }
        var accept = context.Request.Headers.Accept.ToString();
        var html = accept.IndexOf("text/html", StringComparison.OrdinalIgnoreCase);
        var json = accept.IndexOf("application/json", StringComparison.OrdinalIgnoreCase);
        return html >= 0 && (json < 0 || html < json);
    }

    private static IResult Problem(int status, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        Results.Problem(detail: detail, statusCode: status, title: title, extensions: extensions);
}
