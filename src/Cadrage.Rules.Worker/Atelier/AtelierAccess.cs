using System.Security.Cryptography;
using System.Text;
using Cadrage.Rules.Worker.Api;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Cadrage.Rules.Worker.Atelier;

/// <summary>
/// The atelier's share of the API's security: when <c>Cadrage:Api:Cle</c> is set, the page asks for the key once and
/// keeps a proof of it (an HMAC of the key, never the key itself) in a session cookie, HttpOnly and
/// SameSite=Strict, which every call of the page carries; a client may also send <c>X-Api-Key</c> as for the API.
/// Every call that changes state carries an anti-forgery token.
/// </summary>
public static class AtelierAccess
{
    public const string CookieName = "cadrage-atelier";

    public const string AntiforgeryCookie = "cadrage-atelier-af";

    public const string AntiforgeryHeader = "X-Cadrage-Jeton";

    public const string AntiforgeryField = "jeton";

    public static string? Key(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.Cle is { Length: > 0 } key ? key : null;

    /// <summary>The cookie's value for a key: an HMAC, so the cookie never holds the key.</summary>
    public static string Proof(string key) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), "cadrage-atelier"u8));

    public static bool Authorized(HttpContext context)
    {
        if (Key(context) is not { } key)
        {
            return true;
        }
        if (context.Request.Cookies.TryGetValue(CookieName, out var cookie) && cookie is not null
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(cookie), Encoding.UTF8.GetBytes(Proof(key))))
        {
            return true;
        }
        var given = context.Request.Headers[ApiKey.Header].ToString();
        return given.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(key));
    }

    public static bool Matches(HttpContext context, string given) =>
        Key(context) is { } key && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(key));

    public static void SetCookie(HttpContext context, string key) =>
        context.Response.Cookies.Append(CookieName, Proof(key), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/",
            IsEssential = true,
        });

    public static void ClearCookie(HttpContext context) =>
        context.Response.Cookies.Delete(CookieName, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = context.Request.IsHttps, Path = "/" });

    /// <summary>The endpoint filter of the atelier's data calls: the key (when set), and the anti-forgery token on every call that changes state.</summary>
    public static async ValueTask<object?> Filter(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        if (!Authorized(context))
        {
            return FrenchProblems.Problem(StatusCodes.Status401Unauthorized, FrenchProblems.Title(401), "L'atelier demande la clé d'API : rechargez la page pour la saisir.");
        }
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return FrenchProblems.Problem(StatusCodes.Status400BadRequest, "Jeton anti-falsification invalide", "Cette requête ne vient pas d'une page de l'atelier (jeton anti-falsification absent ou périmé) : rechargez la page.");
            }
        }
        return await next(invocation);
    }
}
