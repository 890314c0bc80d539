using Cadrage.Rules.Evaluation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;

namespace Cadrage.Rules.Worker.Cli;

/// <summary>The generic host every command runs in: configuration (appsettings, environment, command line),
/// Serilog from the <c>Serilog</c> section, and the evaluation services.</summary>
internal static class CadrageHost
{
    /// <param name="settings">Configuration overrides, applied last.</param>
    /// <param name="quietConsole">One-shot commands print their own French messages: the console sink then only
    /// shows fatal events, so nothing is said twice; every event still goes to the log file.</param>
    public static IHost Build(IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection, IConfiguration>? configure = null, bool quietConsole = true, string[]? commandLine = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
            DisableDefaults = false,
        });
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
        configure?.Invoke(builder.Services, builder.Configuration);
        return builder.Build();
    }

    /// <summary>The rules directory: the option if given, else the <c>Cadrage:Regles</c> setting.</summary>
    public static string ResolveRules(IHost host, string? option)
    {
        if (!string.IsNullOrWhiteSpace(option))
        {
            return option;
        }
        var configuration = host.Services.GetRequiredService<IConfiguration>();
        return configuration["Cadrage:Regles"] is { Length: > 0 } configured ? configured : "rules";
    }
}
