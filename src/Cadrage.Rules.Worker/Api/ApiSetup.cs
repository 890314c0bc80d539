using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;
using Serilog;
using Serilog.Events;

namespace Cadrage.Rules.Worker.Api;

/// <summary>
/// The HTTP API of <c>cadrage serve</c> (ASP.NET Core minimal API), grouped by resource: evaluations, rule set,
/// health; its OpenAPI contract (<c>/openapi/v1.json</c>) and an interactive reference (<c>/reference</c>, assets
/// served by the app). Every 4xx and 5xx the app answers is a French problem; every request is logged once with
/// its evaluation and territory when it has them.
/// </summary>
public static class ApiSetup
{
    public const string OpenApiRoute = "/openapi/{documentName}.json";
    public const string OpenApiDocument = "/openapi/v1.json";
    public const string ReferenceRoute = "/reference";

    public static void AddCadrageApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiOptions>().Bind(builder.Configuration.GetSection(ApiOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ApiOptions>, ApiOptionsValidator>();
        var url = builder.Configuration[$"{ApiOptions.Section}:Url"] is { Length: > 0 } configured ? configured : new ApiOptions().Url;
        // An unparsable address is reported by the validator before Kestrel tries it.
        builder.WebHost.UseUrls(url.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(u => Uri.TryCreate(u, UriKind.Absolute, out _)).ToArray());
        var limit = builder.Configuration.GetValue<long?>($"{ApiOptions.Section}:TailleMaxOctets") ?? new ApiOptions().TailleMaxOctets;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = limit;
            // Kestrel answers its own limits with an empty body: RequestLimits answers below them, in French.
            kestrel.Limits.MaxRequestLineSize = RequestLimits.KestrelRequestLineBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = RequestLimits.KestrelHeadersBytes;
            kestrel.AddServerHeader = false;
        });
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            // Nulls are written: the schemas say which fields may be null, and every field is always there.
            // Numbers are numbers (the web default also reads them from strings, which the schemas would show).
            options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var status = context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode;
            // The framework's own problems (404, 405, 415, bad request…) come with English words or none.
            if (context.ProblemDetails.Title is null || IsEnglishDefault(context.ProblemDetails.Title))
            {
                context.ProblemDetails.Title = FrenchProblems.Title(status);
            }
            context.ProblemDetails.Detail ??= FrenchProblems.Detail(status, context.HttpContext);
        });
        builder.Services.AddOpenApi(options =>
        {
            options.OpenApiVersion = Microsoft.OpenApi.OpenApiSpecVersion.OpenApi3_1;
            options.AddDocumentTransformer(OpenApiContract.TransformAsync);
        });
    }

    public static void MapCadrageApi(this WebApplication app)
    {
        app.UseSerilogRequestLogging(options =>
        {
            options.Logger = app.Services.GetService<Serilog.ILogger>();
            options.MessageTemplate = "HTTP {RequestMethod} {RequestPath} : {StatusCode} en {Elapsed:0.0} ms";
            options.GetLevel = (context, _, exception) =>
                exception is not null || context.Response.StatusCode >= 500 ? LogEventLevel.Error
                : context.Response.StatusCode >= 400 ? LogEventLevel.Warning
                : context.Request.Path.StartsWithSegments("/health") || context.Request.Path.StartsWithSegments(ReferenceRoute) ? LogEventLevel.Debug
                : LogEventLevel.Information;
        });
        app.UseExceptionHandler(handler => handler.Run(context =>
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return FrenchProblems.Problem(StatusCodes.Status500InternalServerError, FrenchProblems.Title(500), FrenchProblems.Detail(500, context)).ExecuteAsync(context);
        }));
        app.Use(SecurityHeaders.Apply);
        app.Use(RequestLimits.Apply);
        app.UseStatusCodePages();
        app.Use(ApiKey.Require);

        app.MapOpenApi(OpenApiRoute).WithTags(HealthEndpoints.Tag).ExcludeFromDescription();
        app.MapScalarApiReference(ReferenceRoute, options => options
            .WithTitle("API Cadrage.Rules — référence")
            .WithOpenApiRoutePattern(OpenApiRoute)
            .DisableDefaultFonts()
            .DisableTelemetry()
            .AddApiKeyAuthentication(ApiKey.SchemeName, scheme => scheme.WithName(ApiKey.Header)))
            .AddEndpointFilter(async (context, next) =>
            {
                context.HttpContext.Response.Headers.ContentSecurityPolicy = SecurityHeaders.ReferencePolicy;
                return await next(context);
            });
        app.MapEvaluations();
        app.MapComparisons();
        app.MapRules();
        app.MapHealth();
    }

    private static readonly HashSet<string> EnglishTitles =
    [
        "Bad Request", "Unauthorized", "Forbidden", "Not Found", "Method Not Allowed", "Not Acceptable", "Request Timeout",
        "Conflict", "Length Required", "Payload Too Large", "Content Too Large", "URI Too Long", "Unsupported Media Type",
        "Unprocessable Entity", "Unprocessable Content", "Too Many Requests", "Request Header Fields Too Large",
        "An error occurred while processing your request.", "Internal Server Error", "Service Unavailable",
    ];

    private static bool IsEnglishDefault(string title) => EnglishTitles.Contains(title);
}
