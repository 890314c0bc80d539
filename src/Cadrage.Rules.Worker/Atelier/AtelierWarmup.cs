using System.Diagnostics;
using Cadrage.Rules.Worker.Service;
using Microsoft.Extensions.Logging;

namespace Cadrage.Rules.Worker.Atelier;

/// <summary>
/// Reads the atelier's batch and evaluates it under the rule set in service once the service has started, so that
/// the first sandbox change only evaluates the changed rule set. A failure here is logged, never fatal.
/// </summary>
public sealed class AtelierWarmup(EpciBatch batch, RuleSetHolder rules, IHostApplicationLifetime lifetime, ILogger<AtelierWarmup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        try
        {
            await started.Task.WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return; // stopped, or never started (address in use…): nothing to prepare
        }
        if (!batch.Exists || !rules.HasRules)
        {
            logger.LogWarning("Atelier : lot de territoires {Fichier} introuvable, la recherche et le bac à sable sont vides", batch.FileName);
            return;
        }
        await Task.Run(() =>
        {
            if (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            try
            {
                var clock = Stopwatch.StartNew();
                var kb = rules.Current;
                var outcomes = batch.Baseline(kb);
                logger.LogInformation("Atelier : lot {Fichier} prêt, {Territoires} territoires évalués avec la base {RuleSetVersion} en {Duree} ms", batch.FileName, outcomes.Length, kb.Version, clock.ElapsedMilliseconds);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                logger.LogWarning("Atelier : lot {Fichier} illisible : {Erreur}", batch.FileName, ex.Message);
            }
        }, CancellationToken.None);
    }
}
