using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cadrage.Rules.Worker.Service;

/// <summary>
/// A background service whose unexpected failure is logged as critical and recorded in <see cref="ServiceHealth"/>,
/// so that <c>cadrage serve</c> exits with a failing code (the .NET 10 host alone would exit 0).
/// </summary>
public abstract class GuardedBackgroundService(ServiceHealth health, ILogger logger, string failure) : BackgroundService
{
    /// <summary>Where this service reports its state.</summary>
    protected ServiceHealth Health => health;

    protected abstract Task RunAsync(CancellationToken stoppingToken);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // never hold up the host's start
        try
        {
            await RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            health.Fail();
            logger.LogCritical(ex, "{Service} : {Echec}", GetType().Name, failure);
            throw;
        }
    }
}
