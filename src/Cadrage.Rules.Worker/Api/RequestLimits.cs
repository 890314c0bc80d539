using Microsoft.AspNetCore.Http;

namespace Cadrage.Rules.Worker.Api;

/// <summary>
/// Limits of the request line and headers answered in French. Kestrel's own limits are set higher
/// (<see cref="KestrelRequestLineBytes"/>, <see cref="KestrelHeadersBytes"/>) because Kestrel answers them with an
/// empty body; requests between the two limits get a French 414 or 431 here.
/// </summary>
public static class RequestLimits
{
    public const int MaxTargetLength = 8 * 1024;
    public const int MaxHeadersBytes = 32 * 1024;
    public const int KestrelRequestLineBytes = 64 * 1024;
    public const int KestrelHeadersBytes = 64 * 1024;

    public static async Task Apply(HttpContext context, Func<Task> next)
    {
        var target = context.Request.Path.Value?.Length + context.Request.QueryString.Value?.Length ?? 0;
        if (target > MaxTargetLength)
        {
            await FrenchProblems.Problem(StatusCodes.Status414UriTooLong, FrenchProblems.Title(414),
                $"L'adresse de la requête fait {target} caractères ; {MaxTargetLength} au plus.").ExecuteAsync(context);
            return;
        }
        var headers = 0;
        foreach (var (name, values) in context.Request.Headers)
        {
            headers += name.Length + 4 + values.Sum(v => v?.Length ?? 0);
        }
        if (headers > MaxHeadersBytes)
        {
            await FrenchProblems.Problem(StatusCodes.Status431RequestHeaderFieldsTooLarge, FrenchProblems.Title(431),
                $"Les en-têtes de la requête font environ {headers} octets ; {MaxHeadersBytes} au plus.").ExecuteAsync(context);
            return;
        }
        await next();
    }
}
