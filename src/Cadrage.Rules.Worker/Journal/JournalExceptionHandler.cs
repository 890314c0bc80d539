using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cadrage.Rules.Worker.Journal;

/// <summary>
/// An API request that needs the journal while it is unavailable (locked, damaged, disk full) gets a French
/// 503 problem saying why, after the journal's bounded wait, instead of a generic 500.
/// </summary>
public sealed class JournalExceptionHandler(ILogger<JournalExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>Seconds a client is told to wait before trying again.</summary>
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not JournalUnavailableException unavailable)
        {
            return false;
        }
        logger.LogWarning("Requête {Methode} {Chemin} refusée : journal indisponible ({Raison})", context.Request.Method, context.Request.Path.Value, unavailable.Message);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Results.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Journal des évaluations indisponible",
            detail: $"Le service ne peut pas consigner ni relire d'évaluation pour l'instant : {unavailable.Message}. Réessayez dans quelques secondes.").ExecuteAsync(context);
        return true;
    }
}
