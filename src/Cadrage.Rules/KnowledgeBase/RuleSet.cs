using System.Collections.Frozen;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using RulesEngine.Models;

namespace Cadrage.Rules.KnowledgeBase;

/// <summary>A named parameter (GlobalParam) of the rule set, with the files that declare it.</summary>
public sealed record RuleParameterInfo(string Name, string Expression, IReadOnlyList<string> Files, Func<object, object?> Value);

/// <summary>
/// A loaded, validated and compiled rule set. Immutable: a change in rules/ gives a new instance with a new
/// <see cref="Version"/> (a hash of the files' content).
/// </summary>
public sealed class RuleSet
{
    private readonly IReadOnlyList<(string File, string Json)> _workflowSources;

    internal RuleSet(
        string directory,
        string version,
        Referentiel referentiel,
        IReadOnlyList<IndicatorDefinition> indicators,
        ProfileType profileType,
        IReadOnlyList<CompiledRule> rules,
        IReadOnlyList<RuleParameterInfo> parameters,
        ScenarioSettings scenarios,
        IReadOnlyList<(string File, string Json)> workflowSources)
    {
        Directory = directory;
        Version = version;
        Referentiel = referentiel;
        Indicators = indicators;
        IndicatorIndex = indicators.Select((d, i) => (d.Id, i)).ToFrozenDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        ProfileType = profileType;
        Rules = rules;
        RulesByName = rules.ToFrozenDictionary(r => r.Name, StringComparer.Ordinal);
        Parameters = parameters.ToFrozenDictionary(p => p.Name, StringComparer.Ordinal);
        Scenarios = scenarios;
        _workflowSources = workflowSources;
    }

    public string Directory { get; }

    /// <summary>Content hash of every file of the rule set (12 hex digits).</summary>
    public string Version { get; }

    public Referentiel Referentiel { get; }

    public IReadOnlyList<IndicatorDefinition> Indicators { get; }

    public FrozenDictionary<string, int> IndicatorIndex { get; }

    public ProfileType ProfileType { get; }

    public IReadOnlyList<CompiledRule> Rules { get; }

    public FrozenDictionary<string, CompiledRule> RulesByName { get; }

    public FrozenDictionary<string, RuleParameterInfo> Parameters { get; }

    public ScenarioSettings Scenarios { get; }

    /// <summary>Loads, validates and compiles the rule set in <paramref name="directory"/>.</summary>
    /// <exception cref="RuleSetException">With every problem found, in French.</exception>
    public static RuleSet Load(string directory) => new RuleSetLoader(directory).Load();

    /// <summary>
    /// Loads the rule set with some named parameters (GlobalParams) set to other expressions, e.g. a threshold
    /// swept by a methodologist. The version then also reflects the overrides.
    /// </summary>
    /// <exception cref="RuleSetException">When the files are invalid, a parameter is unknown or its new value does not compile.</exception>
    public static RuleSet Load(string directory, IReadOnlyDictionary<string, string> parameterOverrides) =>
        new RuleSetLoader(directory, parameterOverrides).Load();

    /// <summary>The parameter values this rule set was loaded with instead of the files' (empty normally).</summary>
    public IReadOnlyDictionary<string, string> ParameterOverrides { get; internal init; } = new Dictionary<string, string>();

    /// <summary>Content hash of the référentiel and the indicator catalogue: what a profile is read against.</summary>
    public string CatalogVersion { get; internal init; } = "";

    public IndicatorDefinition? FindIndicator(string id) =>
        IndicatorIndex.TryGetValue(id, out var index) ? Indicators[index] : null;

    /// <summary>
    /// Fresh copies of the workflows as the stock Microsoft RulesEngine reads them (for differential checks and
    /// for anyone who wants to run the files in the stock engine). Each call returns new objects.
    /// </summary>
    public IReadOnlyList<Workflow> CreateStockWorkflows()
    {
        var result = new List<Workflow>();
        foreach (var (_, json) in _workflowSources)
        {
            var token = JToken.Parse(json);
            foreach (var item in token is JArray array ? array.Children().ToList() : [token])
            {
                var obj = (JObject)item.DeepClone();
                obj.Remove("$schema");
                foreach (var parameter in obj["GlobalParams"]?.Children<JObject>() ?? [])
                {
                    if (ParameterOverrides.TryGetValue((string?)parameter["Name"] ?? "", out var value))
                    {
                        parameter["Expression"] = value;
                    }
                }
                result.Add(obj.ToObject<Workflow>(JsonSerializer.CreateDefault())!);
            }
        }
        return result;
    }
}
