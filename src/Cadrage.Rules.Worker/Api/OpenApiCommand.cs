using Cadrage.Rules.Worker.Cli;
using Cadrage.Rules.Worker.Service;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Cadrage.Rules.Worker.Api;

/// <summary><c>cadrage openapi</c>: the API's OpenAPI contract without starting the service (to generate a client).</summary>
public sealed class OpenApiCommand : CadrageCommand
{
    private readonly Option<string?> _rules = RulesOption();
    private readonly Option<string?> _output = new("--out", "-o") { Description = "Écrire le contrat dans ce fichier plutôt que sur la sortie standard.", HelpName = "fichier" };

    public OpenApiCommand(CliContext context)
        : base("openapi", "Écrit le contrat OpenAPI 3.1 de l'API (JSON) sans démarrer le service : le schéma des profils est celui du catalogue de la base de règles.", context)
    {
        Options.Add(_rules);
        Options.Add(_output);
        SetAction(RunAsync);
    }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellation)
    {
        var settings = new Dictionary<string, string?>(Context.Settings ?? new Dictionary<string, string?>())
        {
            // Nothing is served: the document only needs the endpoints and the rules.
            ["Serilog:WriteTo:Fichier:Name"] = "Console",
            ["Serilog:MinimumLevel:Default"] = "Fatal",
        };
        // Started on a server that listens nowhere, without the inbox and the rules watcher: only the endpoints.
        await using var app = CadrageHost.BuildService(settings, parse.GetValue(_rules), configure: services =>
        {
            services.AddSingleton<IServer, SilentServer>();
            foreach (var worker in services.Where(d => d.ServiceType == typeof(IHostedService) && (d.ImplementationType == typeof(InboxWorker) || d.ImplementationType == typeof(RulesWatcher))).ToList())
            {
                services.Remove(worker);
            }
        });
        var rules = app.Services.GetRequiredService<RuleSetHolder>();
        if (!rules.Reload())
        {
            Error.WriteLine($"Base de règles invalide ({rules.Directory}) :");
            foreach (var error in rules.LastReload.Erreurs)
            {
                Error.WriteLine("  - " + error);
            }
            return ExitCodes.InvalidRules;
        }
        await app.StartAsync(cancellation);
        var document = await app.Services.GetRequiredKeyedService<IOpenApiDocumentProvider>("v1").GetOpenApiDocumentAsync(cancellation);
        await app.StopAsync(cancellation);
        var json = await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1, cancellation);
        if (parse.GetValue(_output) is { } file)
        {
            AtomicFile.Write(file, json + "\n");
            Error.WriteLine($"Contrat OpenAPI écrit dans {file}");
        }
        else
        {
            Out.WriteLine(json);
        }
        return ExitCodes.Success;
    }
}

/// <summary>A server that accepts no connection: the host builds its request pipeline and nothing listens.</summary>
internal sealed class SilentServer : IServer
{
    public IFeatureCollection Features { get; } = new FeatureCollection();

    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken) where TContext : notnull => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
    }
}
