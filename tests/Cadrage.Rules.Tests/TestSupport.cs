using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Evaluation;
using Cadrage.Rules.Output;
using Cadrage.Rules.Profiles;
using Newtonsoft.Json.Linq;

[assembly: Parallelize(Scope = ExecutionScope.MethodLevel)]

namespace Cadrage.Rules.Tests;

/// <summary>Where the repository's real rules/ and examples/ are.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Rules => Path.Combine(Root, "rules");

    public static string Examples => Path.Combine(Root, "examples");

    public static IEnumerable<string> ExampleFiles => Directory.EnumerateFiles(Examples, "*.json").Order(StringComparer.Ordinal);

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

/// <summary>The real rule set, loaded once for the whole test run (it is immutable).</summary>
internal static class RealRules
{
    private static readonly Lazy<Cadrage.Rules.KnowledgeBase.RuleSet> Instance = new(() => Cadrage.Rules.KnowledgeBase.RuleSet.Load(Repo.Rules));

    public static Cadrage.Rules.KnowledgeBase.RuleSet Kb => Instance.Value;

    public static JObject Example(string name) => JObject.Parse(File.ReadAllText(Path.Combine(Repo.Examples, name + ".json")));

    /// <summary>The lines of examples/france-epci.jsonl (the 1,255 real EPCI), every <paramref name="every"/>th one.</summary>
    public static IEnumerable<string> EpciLines(int every = 1) =>
        File.ReadLines(Path.Combine(Repo.Examples, "france-epci.jsonl")).Where((line, i) => line.Length > 0 && i % every == 0);

    /// <summary>One real EPCI of examples/france-epci.jsonl, by its SIREN.</summary>
    public static JObject Epci(string id) => EpciLines().Select(JObject.Parse).Single(p => (string?)p["id"] == id);

    /// <summary>The real EPCI (every <paramref name="every"/>th one) read as typed profiles, as the batch reads them.</summary>
    public static List<TerritoryProfile> EpciProfiles(int every = 1) =>
        EpciLines(every).Select((line, i) => ProfileReader.Read(line, $"ligne {i * every + 1}", Kb)).ToList();

    public static TerritoryProfile Profile(JObject json, Cadrage.Rules.KnowledgeBase.RuleSet? kb = null) =>
        ProfileReader.Read(json.ToString(), "test.json", kb ?? Kb);

    /// <summary>The profile evaluated with the full explanations, as the CLI, the API and l'atelier ask for them.</summary>
    public static EvaluationResult Explained(JObject json)
    {
        var outcome = new EvaluationService().Evaluate(Kb, ProfileSource.FromText(json.ToString(), "test"), explanations: Cadrage.Rules.Explanations.ExplanationRequest.Full);
        Assert.IsTrue(outcome.Succeeded, outcome.Failure?.Message);
        return outcome.Result!;
    }

    /// <summary>How many times <paramref name="part"/> occurs in <paramref name="text"/>, without overlap.</summary>
    public static int Occurrences(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }

    public static EvaluationResult Evaluate(JObject json, Cadrage.Rules.KnowledgeBase.RuleSet? kb = null)
    {
        kb ??= Kb;
        return new Evaluator().Evaluate(kb, Profile(json, kb));
    }

    /// <summary>A profile derived from an example, with indicators set (or removed when the value is null).</summary>
    public static JObject With(string example, params (string Indicator, object? Value)[] changes)
    {
        var json = Example(example);
        var indicators = (JObject)json["indicateurs"]!;
        foreach (var (indicator, value) in changes)
        {
            if (value is null)
            {
                indicators.Remove(indicator);
            }
            else
            {
                indicators[indicator] = JToken.FromObject(value);
            }
        }
        return json;
    }
}

/// <summary>A private copy of the real rules/ in a temporary folder, to edit without touching the repository.</summary>
internal sealed class RulesCopy : IDisposable
{
    public RulesCopy()
    {
        Directory = Path.Combine(Path.GetTempPath(), "cadrage-tests", Guid.NewGuid().ToString("N"));
        Copy(Repo.Rules, Directory);
    }

    public string Directory { get; }

    public string PathOf(string relative) => Path.Combine(Directory, relative);

    /// <summary>Edits one JSON file of the copy.</summary>
    public void Edit(string relative, Action<JToken> edit)
    {
        var path = PathOf(relative);
        var token = JToken.Parse(File.ReadAllText(path));
        edit(token);
        File.WriteAllText(path, token.ToString());
    }

    /// <summary>The rule named <paramref name="name"/> in a workflow file of the copy.</summary>
    public static JObject Rule(JToken workflow, string name) =>
        (JObject)workflow["Rules"]!.First(r => (string?)r["RuleName"] == name);

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static void Copy(string from, string to)
    {
        System.IO.Directory.CreateDirectory(to);
        foreach (var file in System.IO.Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
        foreach (var directory in System.IO.Directory.EnumerateDirectories(from))
        {
            Copy(directory, Path.Combine(to, Path.GetFileName(directory)));
        }
    }
}

internal static class Expect
{
    public static void Contains(string expected, string actual, string? because = null) =>
        Assert.IsTrue(actual.Contains(expected, StringComparison.Ordinal), $"« {expected} » attendu dans :\n{actual}\n{because}");
}

/// <summary>Runs the <c>cadrage</c> command line in-process, its log file in a private temporary folder.</summary>
internal static class CliRunner
{
    public static async Task<(int Code, string Stdout, string Stderr)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var logs = Path.Combine(Path.GetTempPath(), "cadrage-tests", "logs", Guid.NewGuid().ToString("N"), "cadrage-.json");
        var code = await Cadrage.Rules.Worker.Cli.CadrageCli.RunAsync(args, stdout, stderr, new Dictionary<string, string?> { ["Serilog:WriteTo:Fichier:Args:path"] = logs });
        return (code, stdout.ToString(), stderr.ToString());
    }
}
