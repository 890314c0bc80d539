// Hot reload latency bench: save of a rule file → new version serving, measured on the real `cadrage serve`.
// Usage (from the repository root, after `dotnet build -c Release src/Cadrage.Rules.Worker`):
//   dotnet run tests/bancs/rechargement.cs -- [saves=40] [parametre|expression] [path/to/cadrage.dll] [--Cadrage:Service:Cle=valeur ...]
// Starts the service on a private copy of rules/ with the default settings (appsettings.json beside cadrage.dll),
// then, save after save, rewrites regles/pilotage.json (a rule's weight: the expressions are reused), with
// `expression` one rule's expression in it (that rule alone compiled again), or, with `parametre`,
// parametres.json (a threshold's value: the compiled rules of the set in service are reused) as an editor does, and polls /health every 10 ms until it reports the new version. Prints each latency and the
// p50 / p95 / max.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;

var root = Directory.GetCurrentDirectory();
while (!File.Exists(Path.Combine(root, "Cadrage.Rules.sln")))
{
    root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("lancer depuis le dépôt");
}
var saves = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 40;
var parameterEdit = args.Contains("parametre");
var expressionEdit = args.Contains("expression");
var dll = args.Skip(1).FirstOrDefault(a => a.EndsWith(".dll", StringComparison.Ordinal))
    ?? Path.Combine(root, "src/Cadrage.Rules.Worker/bin/Release/net10.0/cadrage.dll");
if (!File.Exists(dll))
{
    Console.Error.WriteLine($"{dll} introuvable : dotnet build -c Release src/Cadrage.Rules.Worker");
    return 1;
}
var work = Path.Combine(Path.GetTempPath(), "cadrage-banc-rechargement", Guid.NewGuid().ToString("N"));
var rules = Path.Combine(work, "rules");
CopyDirectory(Path.Combine(root, "rules"), rules);
var port = FreePort();
var start = new ProcessStartInfo("dotnet") { WorkingDirectory = work, RedirectStandardOutput = true, RedirectStandardError = true };
foreach (var arg in new[] { dll, "serve", "--rules", rules, $"--Cadrage:Api:Url=http://127.0.0.1:{port}", $"--Serilog:WriteTo:Fichier:Args:path={Path.Combine(work, "logs", "cadrage-.json")}" }
    .Concat(args.Where(a => a.StartsWith("--", StringComparison.Ordinal))))
{
    start.ArgumentList.Add(arg);
}
using var service = Process.Start(start)!;
service.OutputDataReceived += (_, _) => { };
service.ErrorDataReceived += (_, _) => { };
service.BeginOutputReadLine();
service.BeginErrorReadLine();
using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
try
{
    var version = await WaitVersion(null, TimeSpan.FromSeconds(60));
    var file = parameterEdit ? Path.Combine(rules, "parametres.json") : Path.Combine(rules, "regles", "pilotage.json");
    Console.WriteLine($"service prêt, base de règles {version} ; {saves} enregistrements de {Path.GetRelativePath(rules, file)}");
    var original = File.ReadAllText(file);
    var latencies = new List<double>();
    for (var i = 0; i < saves; i++)
    {
        await Task.Delay(600 + Random.Shared.Next(400)); // saves a person makes, not a burst
        var edited = parameterEdit
            ? new Regex("\"valeur\": 3,").Replace(original, $"\"valeur\": {4 - i % 2},", 1)
            : expressionEdit
                ? new Regex("\"Expression\": \"").Replace(original, $"\"Expression\": \"{i} == {i} && ", 1)
                : new Regex("\"poids\": \\d+").Replace(original, $"\"poids\": {10 + i % 2}", 1);
        var watch = Stopwatch.StartNew();
        File.WriteAllText(file, edited); // in place, as most editors save
        var next = await WaitVersion(version, TimeSpan.FromSeconds(30));
        latencies.Add(watch.Elapsed.TotalMilliseconds);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {i + 1,3} : {watch.Elapsed.TotalMilliseconds,7:0} ms ({version} → {next})"));
        version = next;
    }
    latencies.Sort();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"enregistrement → nouvelle version en service, sur {saves} : p50 {Percentile(latencies, 0.50):0} ms, p95 {Percentile(latencies, 0.95):0} ms, max {latencies[^1]:0} ms"));
    return 0;
}
finally
{
    service.Kill(entireProcessTree: true);
    await service.WaitForExitAsync();
    if (Environment.GetEnvironmentVariable("CADRAGE_BANC_GARDER") is null)
    {
        try
        {
            Directory.Delete(work, recursive: true);
        }
        catch (IOException)
        {
        }
    }
    else
    {
        Console.WriteLine($"dossier de travail gardé : {work}");
    }
}

async Task<string> WaitVersion(string? previous, TimeSpan timeout)
{
    var deadline = Stopwatch.StartNew();
    while (deadline.Elapsed < timeout)
    {
        if (service.HasExited)
        {
            throw new InvalidOperationException($"le service s'est arrêté (code {service.ExitCode})");
        }
        try
        {
            using var response = await http.GetAsync("/health");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                var version = body.RootElement.GetProperty("version").GetString()!;
                if (version != previous)
                {
                    return version;
                }
            }
        }
        catch (HttpRequestException)
        {
        }
        await Task.Delay(10);
    }
    throw new TimeoutException("aucune nouvelle version en " + timeout);
}

static double Percentile(List<double> sorted, double p) => sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static void CopyDirectory(string from, string to)
{
    Directory.CreateDirectory(to);
    foreach (var file in Directory.EnumerateFiles(from))
    {
        File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }
    foreach (var directory in Directory.EnumerateDirectories(from))
    {
        CopyDirectory(directory, Path.Combine(to, Path.GetFileName(directory)));
    }
}
