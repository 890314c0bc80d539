using Cadrage.Rules.Evaluation;
using Cadrage.Rules.Worker.Api;
using Cadrage.Rules.Worker.Service;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;

namespace Cadrage.Rules.Worker.Cli;

/// <summary>The generic host every command runs in: configuration (appsettings, environment, command line),
/// Serilog from the <c>Serilog</c> section, and the evaluation services.</summary>
internal static class CadrageHost
{
    /// <param name="settings">Configuration overrides, applied after appsettings and the environment.</param>
    /// <param name="quietConsole">One-shot commands print their own French messages: the console sink then only
    /// shows fatal events, so nothing is said twice; every event still goes to the log file.</param>
    /// <param name="commandLine">Configuration from the command line (<c>--Section:Cle=valeur</c>), applied last.</param>
    public static IHost Build(IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection, IConfiguration>? configure = null, bool quietConsole = true, string[]? commandLine = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        Configure(builder, settings, quietConsole, commandLine);
        configure?.Invoke(builder.Services, builder.Configuration);
        return builder.Build();
    }

    /// <summary>The host of <c>cadrage serve</c>: the inbox worker, the hot reload of rules and the HTTP API.</summary>
    public static WebApplication BuildService(IReadOnlyDictionary<string, string?>? settings, string? rulesOption, string[]? commandLine = null, Action<IServiceCollection>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        Configure(builder, settings, quietConsole: false, commandLine);
        builder.Services.AddCadrageService(builder.Configuration, rulesOption);
        builder.AddCadrageApi();
        configure?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapCadrageApi();
        return app;
    }

    private static void Configure(IHostApplicationBuilder builder, IReadOnlyDictionary<string, string?>? settings, bool quietConsole, string[]? commandLine)
    {
        // appsettings.json is read from the application folder; environment variables (Cadrage__Regles) override it.
        builder.Configuration.SetBasePath(AppContext.BaseDirectory);
        if (quietConsole)
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Serilog:WriteTo:Console:Args:restrictedToMinimumLevel"] = "Fatal" });
        }
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        if (commandLine is { Length: > 0 })
        {
            builder.Configuration.AddCommandLine(commandLine);
        }
        builder.Services.AddSerilog((services, logger) => logger
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext(), preserveStaticLogger: true);
        builder.Services.AddSingleton<Evaluator>();
        builder.Services.AddSingleton<EvaluationService>();
    }
}
