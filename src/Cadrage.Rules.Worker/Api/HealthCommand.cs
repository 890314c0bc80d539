using System.Net;
using Cadrage.Rules.Worker.Cli;
using Microsoft.Extensions.Configuration;

namespace Cadrage.Rules.Worker.Api;

/// <summary>
/// <c>cadrage sante</c>: asks <c>/health</c> of the running service at its configured address (the container's
/// HEALTHCHECK, a monitoring script). Exit code 0 when ready, 1 otherwise, with the reason in French.
/// </summary>
public sealed class HealthCommand : CadrageCommand
{
    private readonly Option<string?> _url = new("--url") { Description = "Adresse du service (par défaut : réglage Cadrage:Api:Url ; 0.0.0.0 devient 127.0.0.1).", HelpName = "adresse" };
    private readonly Option<int> _timeout = new("--delai") { Description = "Attente maximale de la réponse, en secondes.", DefaultValueFactory = _ => 5, HelpName = "secondes" };

    public HealthCommand(CliContext context)
        : base("sante", "Interroge /health du service en marche : code 0 s'il est prêt, 1 sinon (sonde de conteneur, supervision).", context)
    {
        Aliases.Add("health");
        Options.Add(_url);
        Options.Add(_timeout);
        SetAction(RunAsync);
    }

    /// <summary>The address to probe: a wildcard listening address is reached on the loopback.</summary>
    public static Uri ProbeAddress(string url)
    {
        var first = url.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).First();
        var builder = new UriBuilder(first.Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal));
        if (builder.Host is "0.0.0.0" or "[::]" or "::")
        {
            builder.Host = "127.0.0.1";
        }
        builder.Path = "/health";
        return builder.Uri;
    }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellation)
    {
        string url;
        using (var host = TryBuildHost())
        {
            if (host is null)
            {
                return ExitCodes.InvalidConfiguration;
            }
            url = parse.GetValue(_url) ?? host.Services.GetRequiredService<IConfiguration>()[$"{ApiOptions.Section}:Url"] ?? new ApiOptions().Url;
        }
        Uri address;
        try
        {
            address = ProbeAddress(url);
        }
        catch (UriFormatException)
        {
            Error.WriteLine($"Adresse du service illisible : {url}");
            return ExitCodes.InvalidConfiguration;
        }
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(Math.Clamp(parse.GetValue(_timeout), 1, 300)) };
        try
        {
            using var response = await client.GetAsync(address, cancellation);
            var body = await response.Content.ReadAsStringAsync(cancellation);
            Out.WriteLine(body);
            return response.StatusCode == HttpStatusCode.OK ? ExitCodes.Success : ExitCodes.Unexpected;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            Error.WriteLine($"Service injoignable à {address} : {(ex is TaskCanceledException ? "pas de réponse à temps" : "connexion refusée ou interrompue")}");
            return ExitCodes.Unexpected;
        }
    }
}
