using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Cadrage.Rules.Worker.Api;

/// <summary>
/// When <c>Cadrage:Api:Cle</c> is set, every <c>/api/…</c> request must carry it in <c>X-Api-Key</c>. <c>/health</c>,
/// the OpenAPI document and the reference page answer without it: they hold no data of any territory, and a
/// container probe or a client generator must reach them.
/// </summary>
public static class ApiKey
{
    public const string Header = "X-Api-Key";

    public const string SchemeName = "CleApi";

    public static async Task Require(HttpContext context, Func<Task> next)
    {
        var key = context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.Cle;
        if (!string.IsNullOrEmpty(key) && context.Request.Path.StartsWithSegments("/api"))
        {
            var given = context.Request.Headers[Header].ToString();
            if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(key)))
            {
                await FrenchProblems.Problem(StatusCodes.Status401Unauthorized, FrenchProblems.Title(401), $"Cette API demande une clé dans l'en-tête {Header}.").ExecuteAsync(context);
                return;
            }
        }
        await next();
    }
}
