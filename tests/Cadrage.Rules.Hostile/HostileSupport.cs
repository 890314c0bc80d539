using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

// The suite spawns real processes and measures them: one test at a time.
[assembly: DoNotParallelize]

namespace Cadrage.Rules.Hostile;

/// <summary>Where the repository's rules/, examples/ and docs/ are.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Rules => Path.Combine(Root, "rules");

    public static string Examples => Path.Combine(Root, "examples");

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Cadrage.Rules.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("Cadrage.Rules.sln introuvable au-dessus de " + AppContext.BaseDirectory);
    }
}

/// <summary>A private temporary folder, removed at the end.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder(string what)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cadrage-hostile", what + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Sub(string name)
    {
        var sub = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(sub);
        return sub;
    }

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("CADRAGE_HOSTILE_GARDER") is not null)
        {
            return; // kept for diagnosis
        }
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    public static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, System.IO.Path.Combine(to, System.IO.Path.GetFileName(file)), overwrite: true);
        }
        foreach (var directory in Directory.EnumerateDirectories(from))
        {
            Copy(directory, System.IO.Path.Combine(to, System.IO.Path.GetFileName(directory)));
        }
    }
}

/// <summary>The real <c>cadrage</c> executable, run as a separate process (<c>dotnet cadrage.dll …</c>).</summary>
internal static class CadrageExe
{
    public static string Dll => typeof(global::Cadrage.Rules.Worker.Cli.ExitCodes).Assembly.Location;

    public sealed record Run(int Code, string Stdout, string Stderr, TimeSpan Duration, bool TimedOut);

    public static ProcessStartInfo StartInfo(string workingDirectory, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        return start;
    }

    /// <summary>Runs a command to its end, or kills it at <paramref name="timeout"/> (a hang).</summary>
    public static async Task<Run> RunAsync(string workingDirectory, TimeSpan timeout, params string[] args)
    {
        var start = StartInfo(workingDirectory, args);
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var timedOut = false;
        using (var cancel = new CancellationTokenSource(timeout))
        {
            try
            {
                await process.WaitForExitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                timedOut = true;
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        watch.Stop();
        return new Run(process.ExitCode, await stdout, await stderr, watch.Elapsed, timedOut);
    }

    /// <summary>Starts <c>cadrage serve</c> in the background; output is drained (and kept for diagnosis).</summary>
    public static ServiceProcess Serve(string workingDirectory, string rules, int port, params string[] settings)
    {
        // The service's log file stays in its working folder.
        var args = new List<string> { "serve", "--rules", rules, $"--Cadrage:Api:Url=http://127.0.0.1:{port}", $"--Serilog:WriteTo:Fichier:Args:path={Path.Combine(workingDirectory, "logs", "cadrage-.json")}" };
        args.AddRange(settings);
        return new ServiceProcess(Process.Start(StartInfo(workingDirectory, args))!, port);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A running <c>cadrage serve</c>.</summary>
internal sealed class ServiceProcess : IDisposable
{
    private readonly StringBuilder _output = new();

    public ServiceProcess(Process process, int port)
    {
        Process = process;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Process Process { get; }

    public HttpClient Client { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Waits until /health answers (200 or 503); fails if the process exits first.</summary>
    public async Task WaitReadyAsync(int seconds = 90)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            Assert.IsFalse(Process.HasExited, "le service s'est arrêté au démarrage :\n" + Output);
            try
            {
                using var response = await Client.GetAsync("/health");
                return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
        Assert.Fail("le service n'a pas démarré :\n" + Output);
    }

    public void Kill()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true); // SIGKILL
            Process.WaitForExit();
        }
    }

    /// <summary>SIGTERM, as Docker stops a container; returns the exit code.</summary>
    public async Task<int> StopAsync(int seconds = 60)
    {
        if (!Process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", Process.Id.ToString(CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
            try
            {
                await Process.WaitForExitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                Kill();
                Assert.Fail($"arrêt (SIGTERM) au-delà de {seconds} s");
            }
        }
        return Process.ExitCode;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            if (_output.Length < 1_000_000)
            {
                _output.AppendLine(line);
            }
        }
    }

    public void Dispose()
    {
        Kill();
        Client.Dispose();
        Process.Dispose();
    }
}

/// <summary>
/// The language gate of user-facing messages: French words, no .NET or parser English, no exception type names.
/// </summary>
internal static partial class French
{
    /// <summary>Null when the message reads as French; else why not.</summary>
    public static string? Problem(string message)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            return "message vide";
        }
        var english = EnglishPhrase().Match(message);
        if (english.Success)
        {
            return $"anglais : « {english.Value} »";
        }
        var exception = ExceptionName().Match(message);
        return exception.Success ? $"nom d'exception : « {exception.Value} »" : null;
    }

    // Phrases of .NET, Newtonsoft, System.Text.Json, SQLite and ASP.NET messages, not user text.
    [GeneratedRegex(@"\b(Unexpected character|Unexpected end|Could not|Error (reading|parsing|converting)|Input string|was not in a correct format|Value was either|Arithmetic operation|Object reference|Path '|Additional text|Unterminated|is not valid|is invalid|cannot be|Cannot|expected|Expected|After parsing|Bad JSON|MaxDepth|Unable to|Specified|Nullable object|The JSON|The input|An error|occurred|Internal Server Error|Bad Request|Not Found|not supported|Stack trace|   at [A-Z]|No generic method|No property or field|No applicable|exists in type|Operator '|incompatible with|is not compatible|Syntax error|Unknown identifier|Expression of type|No (method|constructor)|Ambiguous)")]
    private static partial Regex EnglishPhrase();

    [GeneratedRegex(@"\b[A-Z][A-Za-z]+Exception\b")]
    private static partial Regex ExceptionName();
}

/// <summary>What one path of the suite did; written to docs/fiabilite.md at the end of the run.</summary>
internal sealed record Figure(string Chemin, long Essayes, long Traites, long Perdus, long Plantages, long HorsBudget, string LatenceMax, string Duree, string Remarque);

[TestClass]
public static class Figures
{
    private static readonly ConcurrentDictionary<string, Figure> Rows = new(StringComparer.Ordinal);

    public const string Start = "<!-- suite-hostile:debut -->";
    public const string End = "<!-- suite-hostile:fin -->";

    private static readonly ConcurrentBag<TempFolder> Folders = [];

    internal static void Record(Figure figure) => Rows[figure.Chemin] = figure;

    /// <summary>A folder shared by several tests, removed once they have all run.</summary>
    internal static TempFolder RemoveAtEnd(TempFolder folder)
    {
        Folders.Add(folder);
        return folder;
    }

    internal static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";

    internal static string S(TimeSpan t) => t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture).Replace('.', ',') + " s";

    /// <summary>A count the French way (narrow no-break space between thousands).</summary>
    internal static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture).Replace(",", "\u202F", StringComparison.Ordinal);

    /// <summary>
    /// The figures as a Markdown table: always in the test output folder (fiabilite-mesures.md); also in
    /// docs/fiabilite.md, between its markers, when CADRAGE_FIABILITE=docs (so that an ordinary test run leaves
    /// the working tree clean).
    /// </summary>
    [AssemblyCleanup]
    public static void Write()
    {
        foreach (var folder in Folders)
        {
            folder.Dispose();
        }
        if (Rows.IsEmpty)
        {
            return;
        }
        var table = new StringBuilder()
            .AppendLine(Start)
            .AppendLine(CultureInfo.InvariantCulture, $"Mesuré le {DateTime.Now.ToString("dd/MM/yyyy à HH:mm", CultureInfo.InvariantCulture)} ({Environment.ProcessorCount} cœurs, charge moyenne {LoadAverage()}).")
            .AppendLine()
            .AppendLine("| Chemin | Essayés | Traités | Perdus | Plantages | Hors budget | Latence max | Durée | Remarque |")
            .AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var row in Rows.Values.OrderBy(r => r.Chemin, StringComparer.Ordinal))
        {
            table.AppendLine(CultureInfo.InvariantCulture, $"| {row.Chemin} | {N(row.Essayes)} | {N(row.Traites)} | {N(row.Perdus)} | {N(row.Plantages)} | {N(row.HorsBudget)} | {row.LatenceMax} | {row.Duree} | {row.Remarque} |");
        }
        table.AppendLine(End);
        var text = table.ToString();
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "fiabilite-mesures.md"), text);
        if (Environment.GetEnvironmentVariable("CADRAGE_FIABILITE") == "docs")
        {
            var docs = Path.Combine(Repo.Root, "docs", "fiabilite.md");
            var current = File.Exists(docs) ? File.ReadAllText(docs) : "";
            var from = current.IndexOf(Start, StringComparison.Ordinal);
            var to = current.IndexOf(End, StringComparison.Ordinal);
            File.WriteAllText(docs, from >= 0 && to > from
                ? current[..from] + text.TrimEnd('\n') + current[(to + End.Length)..]
                : current + "\n" + text);
        }
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "inconnue";
        }
    }
}
