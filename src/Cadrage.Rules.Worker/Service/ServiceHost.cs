using System.Text.RegularExpressions;
using Cadrage.Rules.Worker.Cli;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cadrage.Rules.Worker.Service;

/// <summary>Composition and run of <c>cadrage serve</c>: the inbox worker and the hot reload of rules.</summary>
public static partial class ServiceHost
{
    /// <summary>Registers the service: options (validated at start), rules, inbox processing, background services.</summary>
    public static void AddCadrageService(this IServiceCollection services, IConfiguration configuration, string? rulesOption)
    {
        services.AddOptions<ServiceOptions>().Bind(configuration.GetSection(ServiceOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ServiceOptions>, ServiceOptionsValidator>();
        services.AddSingleton<ServiceHealth>();
        services.AddSingleton(sp => new RuleSetHolder(
            RulesFolder.Resolve(rulesOption, configuration),
            sp.GetRequiredService<ILogger<RuleSetHolder>>()));
        services.AddOptions<Journal.JournalOptions>().Bind(configuration.GetSection(Journal.JournalOptions.Section));
        services.AddSingleton<Journal.EvaluationJournal>();
        // A request needing the journal while it is down gets a French 503 (before the API's generic 500).
        services.AddExceptionHandler<Journal.JournalExceptionHandler>();
        services.AddSingleton<InboxProcessor>();
        services.AddHostedService<RulesWatcher>();
        services.AddHostedService<InboxWorker>();
        services.Configure<HostOptions>(o =>
        {
            o.ShutdownTimeout = TimeSpan.FromSeconds(60);
            o.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.StopHost;
        });
    }

    /// <summary>Runs the service until it is stopped (Ctrl+C, SIGTERM); returns the process exit code.</summary>
    public static async Task<int> RunAsync(IHost host, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Cadrage.Rules.Service");
        RuleSetHolder holder;
        try
        {
            holder = host.Services.GetRequiredService<RuleSetHolder>();
            _ = host.Services.GetRequiredService<IOptions<ServiceOptions>>().Value;
        }
        catch (Exception ex) when (ex is OptionsValidationException or InvalidOperationException)
        {
            return ConfigurationError(ex, stderr, logger);
        }
        if (!holder.Reload())
        {
            stderr.WriteLine($"Base de règles invalide ({holder.Directory}) : le service ne démarre pas.");
            foreach (var error in holder.LastReload.Erreurs)
            {
                stderr.WriteLine("  - " + error);
            }
            return ExitCodes.InvalidRules;
        }
        var health = host.Services.GetRequiredService<ServiceHealth>();
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch (Exception ex) when (health.Failed)
        {
            // A background service crashed while the host was starting: it is already logged.
            logger.LogDebug(ex, "Démarrage interrompu par un service en échec");
            return ExitCodes.Unexpected;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped (Ctrl+C, SIGTERM) while starting: a clean stop, whatever had started is stopped.
            await host.StopAsync(CancellationToken.None);
            logger.LogInformation("Service Cadrage.Rules arrêté pendant son démarrage");
            return ExitCodes.Success;
        }
        catch (Exception ex) when (ex is OptionsValidationException or InvalidOperationException)
        {
            return ConfigurationError(ex, stderr, logger);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var reason = ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase)
                ? "l'adresse d'écoute de l'API est déjà utilisée (réglage Cadrage:Api:Url)"
                : ex.Message;
            logger.LogDebug(ex, "Démarrage impossible");
            logger.LogCritical("Le service ne peut pas démarrer : {Raison}", reason);
            stderr.WriteLine($"Le service ne peut pas démarrer : {reason}");
            return ExitCodes.InvalidConfiguration;
        }
        logger.LogInformation("Service Cadrage.Rules démarré avec la base de règles {RuleSetVersion}", holder.Current.Version);
        try
        {
            await host.WaitForShutdownAsync(cancellationToken);
        }
        catch (Exception ex) when (health.Failed)
        {
            // .NET 10 rethrows a crashed BackgroundService's exception on stop; it is already logged.
            logger.LogDebug(ex, "Exception du service arrêté");
        }
        if (health.Failed)
        {
            logger.LogCritical("Service Cadrage.Rules arrêté sur une erreur");
            return ExitCodes.Unexpected;
        }
        logger.LogInformation("Service Cadrage.Rules arrêté");
        return ExitCodes.Success;
    }

    private static int ConfigurationError(Exception ex, TextWriter stderr, ILogger logger)
    {
        var messages = ex is OptionsValidationException validation ? validation.Failures.ToList() : [Translate(ex.Message)];
        foreach (var message in messages)
        {
            logger.LogCritical("Configuration invalide : {Erreur}", message);
        }
        if (messages.Count == 1)
        {
            stderr.WriteLine("Configuration invalide, le service ne démarre pas : " + messages[0]);
        }
        else
        {
            stderr.WriteLine("Configuration invalide, le service ne démarre pas :");
            foreach (var message in messages)
            {
                stderr.WriteLine("  - " + message);
            }
        }
        return ExitCodes.InvalidConfiguration;
    }

    private static string Translate(string message)
    {
        var m = ConversionFailure().Match(message);
        return m.Success ? $"{m.Groups[1].Value} : valeur illisible (attendu {m.Groups[2].Value switch { "System.Int32" => "un nombre entier", "System.Boolean" => "true ou false", _ => m.Groups[2].Value }})" : message;
    }

    [GeneratedRegex(@"Failed to convert configuration value .*at '([^']+)' to type '([^']+)'")]
    private static partial Regex ConversionFailure();
}
