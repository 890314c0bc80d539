using Microsoft.AspNetCore.Http;

namespace Cadrage.Rules.Worker.Api;

/// <summary>
/// Security headers on every answer: no MIME sniffing, no framing, no referrer, and a Content-Security-Policy
/// unless the endpoint set its own (the reference page does; so can a future page at <c>/</c>).
/// </summary>
public static class SecurityHeaders
{
    /// <summary>JSON and problems: nothing to load.</summary>
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /// <summary>The note de cadrage: self-contained HTML, its style inline, images as data: URIs, no script.</summary>
    public const string NotePolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /// <summary>The interactive reference: its script and styles served by the app itself, calls to the same origin.</summary>
    public const string ReferencePolicy = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'none'";

    public static Task Apply(HttpContext context, Func<Task> next)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            if (!headers.ContainsKey("Content-Security-Policy"))
            {
                var html = context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true;
                headers.ContentSecurityPolicy = html ? NotePolicy : ApiPolicy;
            }
            return Task.CompletedTask;
        });
        return next();
    }
}
