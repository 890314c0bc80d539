using System.Collections.Concurrent;
using Cadrage.Rules.Worker.Cli;
using Cadrage.Rules.Worker.Service;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Newtonsoft.Json.Linq;
using Serilog.Core;
using Serilog.Events;

namespace Cadrage.Rules.Tests.Service;

/// <summary>Captures the Serilog events of an in-process host (picked up by ReadFrom.Services).</summary>
internal sealed class CapturingSink : ILogEventSink
{
    public ConcurrentQueue<LogEvent> Events { get; } = new();

    public void Emit(LogEvent logEvent) => Events.Enqueue(logEvent);
}

/// <summary>The service on temporary folders, with a private copy of the real rules and short delays.</summary>
internal sealed class ServiceFixture : IDisposable
{
    public ServiceFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "cadrage-service-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        Rules = new RulesCopy();
        Settings = new Dictionary<string, string?>
        {
            ["Cadrage:Service:Entree"] = Path.Combine(Root, "inbox"),
            ["Cadrage:Service:Sortie"] = Path.Combine(Root, "outbox"),
            ["Cadrage:Service:Archive"] = Path.Combine(Root, "archive"),
            ["Cadrage:Service:Erreurs"] = Path.Combine(Root, "errors"),
            ["Cadrage:Service:Parallelisme"] = "2",
            ["Cadrage:Journal:Chemin"] = Path.Combine(Root, "cadrage.db"),
            ["Cadrage:Api:Url"] = "http://127.0.0.1:0",
            ["Cadrage:Service:StabiliteMs"] = "100",
            ["Cadrage:Service:ScrutationMs"] = "100",
            ["Cadrage:Service:DebounceReglesMs"] = "100",
            ["Cadrage:Service:ScrutationReglesMs"] = "200",
            ["Serilog:WriteTo:Fichier:Args:path"] = Path.Combine(Root, "logs", "cadrage-.json"),
        };
    }

    public string Root { get; }

    public RulesCopy Rules { get; }

    public Dictionary<string, string?> Settings { get; }

    public CapturingSink Sink { get; } = new();

    public string Inbox => Path.Combine(Root, "inbox");
    public string Outbox => Path.Combine(Root, "outbox");
    public string Archive => Path.Combine(Root, "archive");
    public string Errors => Path.Combine(Root, "errors");

    public IHost BuildHost(Action<IServiceCollection>? configure = null) => CadrageHost.BuildService(Settings, Rules.Directory, configure: services =>
    {
        services.AddSingleton<ILogEventSink>(Sink);
        configure?.Invoke(services);
    });

    /// <summary>The address the API actually listens on (the fixture asks for a free port).</summary>
    public static Uri BaseAddress(IHost host) =>
        new(host.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First());

    /// <summary>Starts the service as <c>cadrage serve</c> does, in the background; stop it with the token.</summary>
    public (Task<int> Run, CancellationTokenSource Stop, IHost Host) Start(Action<IServiceCollection>? configure = null)
    {
        var host = BuildHost(configure);
        var stop = new CancellationTokenSource();
        var run = Task.Run(() => ServiceHost.RunAsync(host, TextWriter.Null, stop.Token));
        return (run, stop, host);
    }

    /// <summary>Starts the service and waits until its API listens; returns a client on its address.</summary>
    public async Task<(Task<int> Run, CancellationTokenSource Stop, IHost Host, HttpClient Client)> StartWithApiAsync(Action<IServiceCollection>? configure = null)
    {
        var (run, stop, host) = Start(configure);
        await WaitUntil(() => run.IsCompleted || Listening(host), "démarrage de l'API");
        Assert.IsFalse(run.IsCompleted, "le service s'est arrêté au démarrage");
        return (run, stop, host, new HttpClient { BaseAddress = BaseAddress(host), Timeout = TimeSpan.FromSeconds(60) });

        static bool Listening(IHost host)
        {
            try
            {
                return BaseAddress(host).Port != 0;
            }
            catch (Exception ex) when (ex is InvalidOperationException or UriFormatException or ObjectDisposedException)
            {
                return false;
            }
        }
    }

    /// <summary>Messages of the captured events at or above a level.</summary>
    public List<string> Messages(LogEventLevel level) => Sink.Events.Where(e => e.Level >= level).Select(e => e.RenderMessage()).ToList();

    /// <summary>Drops a profile into the inbox the safe way (write then rename).</summary>
    public void Drop(string name, JObject profile)
    {
        Directory.CreateDirectory(Inbox);
        var temp = Path.Combine(Inbox, "." + name + ".part");
        File.WriteAllText(temp, profile.ToString());
        File.Move(temp, Path.Combine(Inbox, name));
    }

    public static JObject Profile(string example, string id)
    {
        var json = RealRules.Example(example);
        json["id"] = id;
        return json;
    }

    public static async Task WaitUntil(Func<bool> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("délai dépassé : " + what);
            }
            await Task.Delay(50);
        }
    }

    public static int Count(string folder, string pattern = "*") =>
        Directory.Exists(folder) ? Directory.EnumerateFiles(folder, pattern).Count() : 0;

    public void Dispose()
    {
        Rules.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
