using Cadrage.Rules.Evaluation;
using Cadrage.Rules.Note;
using Cadrage.Rules.Worker.Api;
using Cadrage.Rules.Worker.Atelier;
using Cadrage.Rules.Worker.Service;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Cadrage.Rules.Worker.Cli;

/// <summary>The generic host every command runs in: configuration (appsettings, environment, command line),
/// Serilog, and the evaluation services.</summary>
internal static class CadrageHost
{
    /// <summary>Setting: a log file for one-shot commands (none by default: they log to the console only).</summary>
    public const string CommandLogFileSetting = "Cadrage:Commandes:JournalFichier";

    /// <summary>Setting: the level of that file (<c>Information</c> by default; <c>Debug</c> only when asked).</summary>
    public const string CommandLogLevelSetting = "Cadrage:Commandes:NiveauJournal";

    /// <summary>The host of a one-shot command (evaluate, batch, rules …, import). Its French messages are its
    /// console output, so the console sink only shows fatal events; a log file only when
    /// <see cref="CommandLogFileSetting"/> asks for one. The <c>Serilog</c> section is the service's.</summary>
    /// <param name="settings">Configuration overrides, applied after appsettings and the environment.</param>
    /// <exception cref="InvalidSettingException">A logging setting is invalid (French message).</exception>
    public static IHost Build(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        AddConfiguration(builder, settings, commandLine: null);
        var configuration = builder.Configuration;
        var file = configuration[CommandLogFileSetting];
        var level = LogEventLevel.Information;
        if (configuration[CommandLogLevelSetting] is { Length: > 0 } text && !Enum.TryParse(text, ignoreCase: true, out level))
        {
            throw new InvalidSettingException($"{CommandLogLevelSetting} « {text} » invalide : attendu Verbose, Debug, Information, Warning, Error ou Fatal");
        }
        builder.Services.AddSerilog((services, logger) =>
        {
            logger
                .MinimumLevel.Is(string.IsNullOrWhiteSpace(file) ? LogEventLevel.Fatal : level)
                .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
                .MinimumLevel.Override("System", LogEventLevel.Warning)
                .Enrich.FromLogContext()
                .Enrich.WithProperty("Application", "Cadrage.Rules")
                .WriteTo.Console(restrictedToMinimumLevel: LogEventLevel.Fatal, standardErrorFromLevel: LogEventLevel.Verbose)
                .ReadFrom.Services(services);
            if (!string.IsNullOrWhiteSpace(file))
            {
                logger.WriteTo.File(new CompactJsonFormatter(), file, restrictedToMinimumLevel: level);
            }
        }, preserveStaticLogger: true);
        AddEvaluation(builder.Services);
        builder.Services.AddNoteDeCadrage(builder.Configuration);
        return builder.Build();
    }

    /// <summary>The host of <c>cadrage serve</c>: the inbox worker, the hot reload of rules and the HTTP API,
    /// logging as the <c>Serilog</c> section says (console and daily file).</summary>
    /// <param name="console">Where the API's address is printed once it listens (the standard output of <c>serve</c>).</param>
    public static WebApplication BuildService(IReadOnlyDictionary<string, string?>? settings, string? rulesOption, string[]? commandLine = null, Action<IServiceCollection>? configure = null, TextWriter? console = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        AddConfiguration(builder, settings, commandLine);
        builder.Services.AddSerilog((services, logger) => logger
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext()
            .Filter.ByExcluding(IsPrintedStartFailure), preserveStaticLogger: true);
        AddEvaluation(builder.Services);
        builder.Services.AddNoteDeCadrage(builder.Configuration);
        builder.Services.AddCadrageService(builder.Configuration, rulesOption);
        builder.AddCadrageApi();
        builder.AddAtelier();
        configure?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapCadrageApi();
        app.MapAtelier();
        if (console is not null)
        {
            app.Lifetime.ApplicationStarted.Register(() => PrintAddresses(app, console));
        }
        return app;
    }

    /// <summary>The addresses the API listens on, once Kestrel has bound them (a port 0 is resolved).</summary>
    public static IReadOnlyList<string> Addresses(IHost host) =>
        host.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features
            .Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses.ToList() ?? [];

    private static void PrintAddresses(IHost host, TextWriter console)
    {
        foreach (var address in Addresses(host))
        {
            var root = address.TrimEnd('/');
            console.WriteLine($"API Cadrage.Rules à l'écoute sur {root}/ (atelier : {root}/, référence interactive : {root}{Api.ApiSetup.ReferenceRoute}, contrat : {root}{Api.ApiSetup.OpenApiDocument}, santé : {root}/health)");
        }
        console.Flush();
    }

    /// <summary>
    /// Start failures that <c>serve</c> prints itself as one French line (address in use, invalid settings): the
    /// host's English « Hosting failed to start » with its stack trace, and our own events for them, are left out.
    /// </summary>
    private static bool IsPrintedStartFailure(LogEvent e)
    {
        var source = e.Properties.TryGetValue("SourceContext", out var value) && value is ScalarValue { Value: string s } ? s : "";
        return (source == "Microsoft.Extensions.Hosting.Internal.Host" && e.MessageTemplate.Text == "Hosting failed to start")
            || (source == "Cadrage.Rules.Service" && e.Level == LogEventLevel.Fatal
                && (e.MessageTemplate.Text.StartsWith("Configuration invalide", StringComparison.Ordinal) || e.MessageTemplate.Text.StartsWith("Le service ne peut pas démarrer", StringComparison.Ordinal)));
    }

    private static void AddConfiguration(IHostApplicationBuilder builder, IReadOnlyDictionary<string, string?>? settings, string[]? commandLine)
    {
        // appsettings.json is read from the application folder; environment variables (Cadrage__Regles) override it.
        builder.Configuration.SetBasePath(AppContext.BaseDirectory);
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        if (commandLine is { Length: > 0 })
        {
            builder.Configuration.AddCommandLine(commandLine);
        }
    }

    private static void AddEvaluation(IServiceCollection services)
    {
        services.AddSingleton<Evaluator>();
        services.AddSingleton<EvaluationService>();
    }
}
