using System.Net;
using Cadrage.Rules.Worker.Cli;
using Cadrage.Rules.Worker.Service;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Cadrage.Rules.Worker.Atelier;

/// <summary>
/// L'atelier: the web application of <c>cadrage serve</c> at <c>/</c>. One HTML page (server-filled template: its
/// anti-forgery token and settings), plain ES modules and a style sheet embedded in the executable, over the JSON
/// calls of <see cref="AtelierEndpoints"/>. Its own Content-Security-Policy: only its own scripts, styles and calls.
/// </summary>
public static class AtelierSetup
{
    /// <summary>The page and its files: nothing inline, nothing from elsewhere.</summary>
    public const string PagePolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static void AddAtelier(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AtelierOptions>().Bind(builder.Configuration.GetSection(AtelierOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AtelierOptions>, AtelierOptionsValidator>();
        builder.Services.AddSingleton(sp => new EpciBatch(sp.GetRequiredService<IOptions<AtelierOptions>>().Value.BatchPath(sp.GetRequiredService<RuleSetHolder>().Directory)));
        builder.Services.AddSingleton<Sandbox>();
        if (builder.Configuration.GetValue<bool?>($"{AtelierOptions.Section}:Actif") != false)
        {
            builder.Services.AddHostedService<AtelierWarmup>();
        }
        // Anti-forgery tokens live as long as the process: no key ring written to disk (a restart asks for a page reload).
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddAntiforgery(options =>
        {
            options.HeaderName = AtelierAccess.AntiforgeryHeader;
            options.FormFieldName = AtelierAccess.AntiforgeryField;
            options.Cookie.Name = AtelierAccess.AntiforgeryCookie;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.HttpOnly = true;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.SuppressXFrameOptionsHeader = true; // SecurityHeaders sets DENY on every answer
        });
    }

    public static void MapAtelier(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<AtelierOptions>>().Value.Actif)
        {
            return;
        }
        app.MapGet("/", Page).ExcludeFromDescription();
        app.MapPost("/atelier/cle", KeyAsync).ExcludeFromDescription();
        app.MapPost("/atelier/sortie", LeaveAsync).ExcludeFromDescription();
        app.MapGet("/atelier/{**fichier}", (HttpContext context, string fichier) =>
        {
            context.Response.Headers.ContentSecurityPolicy = PagePolicy;
            return AtelierAssets.Serve(context, fichier);
        }).ExcludeFromDescription();
        app.MapAtelierApi();
    }

    private static IResult Page(HttpContext context, IAntiforgery antiforgery, RuleSetHolder rules, IOptions<AtelierOptions> options)
    {
        context.Response.Headers.ContentSecurityPolicy = PagePolicy;
        context.Response.Headers.CacheControl = "no-cache, no-store";
        context.Response.Headers.Pragma = "no-cache";
        var token = antiforgery.GetAndStoreTokens(context).RequestToken ?? "";
        if (!AtelierAccess.Authorized(context))
        {
            return Results.Content(KeyPage(token, error: null), "text/html; charset=utf-8");
        }
        var html = AtelierAssets.Text("index.html")
            .Replace("{{jeton}}", WebUtility.HtmlEncode(token), StringComparison.Ordinal)
            .Replace("{{version}}", WebUtility.HtmlEncode(rules.HasRules ? rules.Current.Version : ""), StringComparison.Ordinal)
            .Replace("{{ecriture}}", options.Value.EcritureRegles ? "oui" : "non", StringComparison.Ordinal)
            .Replace("{{cle}}", AtelierAccess.Key(context) is null ? "non" : "oui", StringComparison.Ordinal);
        return Results.Content(html, "text/html; charset=utf-8");
    }

    /// <summary>The key prompt: a plain form (no script needed), posted with its anti-forgery token.</summary>
    private static async Task<IResult> KeyAsync(HttpContext context, IAntiforgery antiforgery)
    {
        context.Response.Headers.ContentSecurityPolicy = PagePolicy;
        context.Response.Headers.CacheControl = "no-cache, no-store";
        context.Response.Headers.Pragma = "no-cache";
        if (!context.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(context))
        {
            var fresh = antiforgery.GetAndStoreTokens(context).RequestToken ?? "";
            return Results.Content(KeyPage(fresh, "Le formulaire a expiré : saisissez la clé à nouveau."), "text/html; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
        }
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var given = form["cle"].ToString();
        if (AtelierAccess.Key(context) is not { } key)
        {
            return Results.Redirect("/", permanent: false);
        }
        if (!AtelierAccess.Matches(context, given))
        {
            var token = antiforgery.GetAndStoreTokens(context).RequestToken ?? "";
            return Results.Content(KeyPage(token, "Clé incorrecte."), "text/html; charset=utf-8", statusCode: StatusCodes.Status401Unauthorized);
        }
        AtelierAccess.SetCookie(context, key);
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = "/";
        return Results.Empty;
    }

    private static async Task<IResult> LeaveAsync(HttpContext context, IAntiforgery antiforgery)
    {
        if (context.Request.HasFormContentType && await antiforgery.IsRequestValidAsync(context))
        {
            AtelierAccess.ClearCookie(context);
        }
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = "/";
        return Results.Empty;
    }

    private static string KeyPage(string token, string? error) => $$"""
        <!DOCTYPE html>
        <html lang="fr">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Atelier Cadrage.Rules — clé d'accès</title>
        <link rel="icon" href="data:,">
        <link rel="stylesheet" href="/atelier/atelier.css">
        </head>
        <body>
        <main id="contenu" class="cle">
        <h1>Atelier Cadrage.Rules</h1>
        <p>Ce service est protégé par une clé d'API. Saisissez-la pour ouvrir l'atelier : elle est gardée pour cette session du navigateur seulement.</p>
        {{(error is null ? "" : $"<p class=\"erreur\" role=\"alert\" id=\"cle-erreur\">{WebUtility.HtmlEncode(error)}</p>")}}
        <form method="post" action="/atelier/cle">
        <input type="hidden" name="{{AtelierAccess.AntiforgeryField}}" value="{{WebUtility.HtmlEncode(token)}}">
        <label for="cle">Clé d'API</label>
        <input id="cle" name="cle" type="password" autocomplete="current-password" required{{(error is null ? "" : " aria-describedby=\"cle-erreur\"")}} autofocus>
        <button type="submit">Ouvrir l'atelier</button>
        </form>
        </main>
        </body>
        </html>
        """;
}
