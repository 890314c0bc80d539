using System.Net;
using System.Text.RegularExpressions;
using Cadrage.Rules.Worker.Cli;
using Cadrage.Rules.Worker.Service;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

[assembly: DoNotParallelize]

namespace Cadrage.Rules.Atelier.Tests;

/// <summary>Where the repository's real rules/ and examples/ are.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Rules => Path.Combine(Root, "rules");

    public static string Batch => Path.Combine(Root, "examples", "france-epci.jsonl");

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Cadrage.Rules.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("Cadrage.Rules.sln introuvable");
    }
}

/// <summary>
/// <c>cadrage serve</c> in process, as a user starts it, on a free loopback port, with a private copy of the real
/// rules and the real batch of EPCI, temporary data folders; stopped and removed on dispose.
/// </summary>
internal sealed class AtelierHost : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Task<int> _run;

    private AtelierHost(string root, IHost host, Task<int> run, CancellationTokenSource stop, Uri address)
    {
        _stop = stop;
        Root = root;
        Host = host;
        _run = run;
        Address = address;
    }

    public string Root { get; }

    public string RulesDirectory => Path.Combine(Root, "rules");

    public IHost Host { get; }

    public Uri Address { get; }

    public static async Task<AtelierHost> StartAsync(Dictionary<string, string?>? extra = null)
    {
        var root = Path.Combine(Path.GetTempPath(), "cadrage-atelier-tests", Guid.NewGuid().ToString("N"));
        var rules = Path.Combine(root, "rules");
        foreach (var file in Directory.EnumerateFiles(Repo.Rules, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(rules, Path.GetRelativePath(Repo.Rules, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        var settings = new Dictionary<string, string?>
        {
            ["Cadrage:Service:Entree"] = Path.Combine(root, "inbox"),
            ["Cadrage:Service:Sortie"] = Path.Combine(root, "outbox"),
            ["Cadrage:Service:Archive"] = Path.Combine(root, "archive"),
            ["Cadrage:Service:Erreurs"] = Path.Combine(root, "errors"),
            ["Cadrage:Service:DebounceReglesMs"] = "100",
            ["Cadrage:Service:ScrutationReglesMs"] = "200",
            ["Cadrage:Journal:Chemin"] = Path.Combine(root, "cadrage.db"),
            ["Cadrage:Api:Url"] = "http://127.0.0.1:0",
            ["Cadrage:Atelier:Lot"] = Repo.Batch,
            ["Serilog:WriteTo:Fichier:Args:path"] = Path.Combine(root, "logs", "cadrage-.json"),
            ["Serilog:MinimumLevel:Override:Cadrage.Rules.Evaluation"] = "Information",
            ["Serilog:WriteTo:Console:Args:restrictedToMinimumLevel"] = "Warning",
        };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }
        var host = CadrageHost.BuildService(settings, rules);
        var stop = new CancellationTokenSource();
        var run = Task.Run(() => ServiceHost.RunAsync(host, TextWriter.Null, stop.Token));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        Uri? address = null;
        while (address is null)
        {
            if (run.IsCompleted)
            {
                Assert.Fail($"le service s'est arrêté au démarrage (code {await run})");
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("le service n'écoute pas après 60 s");
            }
            try
            {
                var first = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
                if (first is not null && new Uri(first).Port != 0)
                {
                    address = new Uri(first);
                }
            }
            catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException or UriFormatException)
            {
            }
            await Task.Delay(50);
        }
        return new AtelierHost(root, host, run, stop, address);
    }

    /// <summary>A client that keeps cookies, as a browser does.</summary>
    public HttpClient Client(CookieContainer? cookies = null) =>
        new(new HttpClientHandler { CookieContainer = cookies ?? new CookieContainer(), UseCookies = true, AllowAutoRedirect = false }) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>The page's anti-forgery token (and its cookie, kept by the client).</summary>
    public static async Task<string> TokenAsync(HttpClient client)
    {
        var page = await client.GetStringAsync("/");
        var match = Regex.Match(page, "name=\"(?:cadrage-jeton|jeton)\" (?:content|value)=\"([^\"]+)\"");
        Assert.IsTrue(match.Success, "jeton anti-falsification absent de la page");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        Host.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
