using System.Collections.Frozen;
using System.Globalization;
using Cadrage.Rules.Evaluation;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using RulesEngine.Models;

namespace Cadrage.Rules.KnowledgeBase;

/// <summary>
/// A loaded, validated and compiled rule set, with everything derived from it (board layout, explanation
/// templates, missing-indicator entries) computed at load. Immutable: a change in rules/ gives a new instance
/// with a new <see cref="Version"/>; a change of parameter values gives a new instance that shares the
/// compiled rules (<see cref="WithParameters"/>).
/// </summary>
public sealed class RuleSet
{
    private readonly IReadOnlyList<RuleFile> _workflowSources;

    internal RuleSet(
        RuleFileSet files,
        string version,
        string compilationKey,
        Referentiel referentiel,
        IReadOnlyList<IndicatorDefinition> indicators,
        ProfileType profileType,
        IReadOnlyList<CompiledRule> rules,
        IReadOnlyList<ParameterDefinition> parameters,
        double[] parameterValues,
        IReadOnlyDictionary<string, double> overrides,
        ScenarioSettings scenarios,
        BoardLayout layout,
        RuleSetDerivedData? derived)
    {
        Directory = files.Directory;
        Version = version;
        CatalogVersion = files.CatalogVersion;
        CompilationKey = compilationKey;
        Referentiel = referentiel;
        Indicators = indicators;
        IndicatorIndex = indicators.Select((d, i) => (d.Id, i)).ToFrozenDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        ProfileType = profileType;
        Rules = rules;
        RulesByName = rules.ToFrozenDictionary(r => r.Name, StringComparer.Ordinal);
        NeedRuleCount = rules.TakeWhile(r => r.Workflow == QuestionIds.Besoins).Count();
        ParameterValues = parameterValues;
        ParameterOverrides = overrides;
        var readers = parameters.ToDictionary(p => p.Nom, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            foreach (var name in rule.Parameters)
            {
                readers[name].Add(rule.Name);
            }
        }
        ParameterList = parameters.Select((p, i) => new NamedParameter(p, i, parameterValues[i], readers[p.Nom])).ToList();
        Parameters = ParameterList.ToFrozenDictionary(p => p.Name, StringComparer.Ordinal);
        Scenarios = scenarios;
        Layout = layout;
        _workflowSources = files.Workflows.ToList();
        Files = files;
        Derived = derived ?? new RuleSetDerivedData(this);
    }

    public string Directory { get; }

    /// <summary>Content hash of every file of the rule set (12 hex digits), and of the parameter overrides if any.</summary>
    public string Version { get; }

    /// <summary>Content hash of the référentiel and the indicator catalogue: what a profile is read against.</summary>
    public string CatalogVersion { get; }

    /// <summary>What the compiled rules depend on (workflows, catalogue, référentiel, parameter names): equal keys share compiled rules.</summary>
    public string CompilationKey { get; }

    /// <summary>What a compiled expression depends on besides its text (catalogue, parameter names): equal keys share compiled expressions.</summary>
    internal string ExpressionKey { get; init; } = "";

    /// <summary>Each rule's compiled expression, by expression text and rule name (for a reload that recompiles only what changed).</summary>
    internal IReadOnlyDictionary<(string Expression, string Rule), CompiledExpression> CompiledExpressions() =>
        Rules.ToDictionary(
            r => (r.Expression, r.Name),
            r => new CompiledExpression(r.Predicate, r.Tree, r.Indicators.Select(i => Indicators[i].Id).ToList(), r.Parameters, null));

    public Referentiel Referentiel { get; }

    public IReadOnlyList<IndicatorDefinition> Indicators { get; }

    public FrozenDictionary<string, int> IndicatorIndex { get; }

    public ProfileType ProfileType { get; }

    public IReadOnlyList<CompiledRule> Rules { get; }

    public FrozenDictionary<string, CompiledRule> RulesByName { get; }

    /// <summary>The rules of question 4 (needs) come first: this many.</summary>
    internal int NeedRuleCount { get; }

    /// <summary>The named parameters in the order of <see cref="ParameterValues"/>.</summary>
    public IReadOnlyList<NamedParameter> ParameterList { get; }

    public FrozenDictionary<string, NamedParameter> Parameters { get; }

    /// <summary>The values rules read at run time, by <see cref="NamedParameter.Index"/>. Never mutated.</summary>
    internal double[] ParameterValues { get; }

    /// <summary>The parameter values this rule set was given instead of the file's (empty normally).</summary>
    public IReadOnlyDictionary<string, double> ParameterOverrides { get; }

    public ScenarioSettings Scenarios { get; }

    /// <summary>Where options and compatibility cells sit on the score board.</summary>
    public BoardLayout Layout { get; }

    /// <summary>Explanation templates and missing-indicator entries, computed once for this rule set.</summary>
    internal RuleSetDerivedData Derived { get; }

    /// <summary>Decisions kept per set of fired rules (this rule set's scenario settings and parameter values only).</summary>
    internal Evaluation.DecisionMemo Decisions { get; } = new();

    internal RuleFileSet Files { get; }

    /// <summary>Loads, validates and compiles the rule set in <paramref name="directory"/>.</summary>
    /// <exception cref="RuleSetException">With every problem found, in French.</exception>
    public static RuleSet Load(string directory) => new RuleSetLoader(directory).Load();

    /// <summary>
    /// Loads the rule set again, reusing the compiled rules of <paramref name="previous"/> when only parameter
    /// values or scenario settings changed (hot reload of parameters: nothing is recompiled).
    /// </summary>
    public static RuleSet Load(string directory, RuleSet? previous) => new RuleSetLoader(directory, previous: previous).Load();

    /// <summary>Loads the rule set with some named parameters set to other values (a threshold swept by a methodologist).</summary>
    /// <exception cref="RuleSetException">When the files are invalid, a parameter is unknown or a value is outside its declared range.</exception>
    public static RuleSet Load(string directory, IReadOnlyDictionary<string, double> parameterOverrides) =>
        new RuleSetLoader(directory).Load().WithParameters(parameterOverrides);

    /// <summary>As <see cref="Load(string, IReadOnlyDictionary{string, double})"/>, values written in text (invariant culture).</summary>
    public static RuleSet Load(string directory, IReadOnlyDictionary<string, string> parameterOverrides)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        var errors = new List<RuleSetError>();
        foreach (var (name, text) in parameterOverrides)
        {
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
            {
                values[name] = value;
            }
            else
            {
                errors.Add(new RuleSetError(ParameterFile.FileName, $"valeur « {text} » du paramètre « {name} » illisible : un nombre est attendu (ex. 40 ou 0.5)"));
            }
        }
        return errors.Count > 0 ? throw new RuleSetException(directory, errors) : Load(directory, values);
    }

    /// <summary>
    /// The same rules with some parameters set to other values: nothing is recompiled, every value is checked
    /// against the parameter's declared range (the error states the unit).
    /// </summary>
    /// <exception cref="RuleSetException">A parameter is unknown or a value is outside its range.</exception>
    public RuleSet WithParameters(IReadOnlyDictionary<string, double> values)
    {
        if (values.Count == 0)
        {
            return this;
        }
        var errors = new List<RuleSetError>();
        var vector = (double[])ParameterValues.Clone();
        var overrides = new Dictionary<string, double>(ParameterOverrides, StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            if (!Parameters.TryGetValue(name, out var parameter))
            {
                errors.Add(new RuleSetError(ParameterFile.FileName, $"paramètre « {name} » inconnu : il n'est pas déclaré dans {ParameterFile.FileName}"));
                continue;
            }
            var d = parameter.Definition;
            if (!double.IsFinite(value) || value < d.Min || value > d.Max)
            {
                errors.Add(new RuleSetError(ParameterFile.FileName, $"valeur {d.Format(value)} refusée pour « {name} » : hors de sa plage plausible {d.Range} (valeur actuelle {d.Format(d.Valeur)} ; {d.Description})"));
                continue;
            }
            vector[parameter.Index] = value;
            overrides[name] = value;
        }
        if (errors.Count > 0)
        {
            throw new RuleSetException(Directory, errors);
        }
        var text = string.Join(";", overrides.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => o.Key + "=" + o.Value.ToString("R", CultureInfo.InvariantCulture)));
        var version = RuleFileSet.Hash([Files.Version, text]);
        return new RuleSet(Files, version, CompilationKey, Referentiel, Indicators, ProfileType, Rules, ParameterList.Select(p => p.Definition).ToList(), vector, overrides, Scenarios, Layout, Derived)
        {
            ExpressionKey = ExpressionKey,
        };
    }

    /// <summary>A literal the expression parser reads as a double (« 40.0 », not the integer 40).</summary>
    private static string DoubleLiteral(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.') || text.Contains('E') ? text : text + ".0";
    }

    public IndicatorDefinition? FindIndicator(string id) =>
        IndicatorIndex.TryGetValue(id, out var index) ? Indicators[index] : null;

    /// <summary>
    /// Fresh copies of the workflows as the stock Microsoft RulesEngine reads them (for differential checks and
    /// for anyone who wants to run the files in the stock engine): each workflow gets the parameters its rules
    /// read as GlobalParams with this rule set's values. Each call returns new objects.
    /// </summary>
    public IReadOnlyList<Workflow> CreateStockWorkflows()
    {
        var result = new List<Workflow>();
        foreach (var file in _workflowSources)
        {
            var token = JToken.Parse(file.Text);
            foreach (var item in token is JArray array ? array.Children().ToList() : [token])
            {
                var obj = (JObject)item.DeepClone();
                obj.Remove("$schema");
                var workflow = (string?)obj["WorkflowName"];
                var used = Rules.Where(r => r.Workflow == workflow).SelectMany(r => r.Parameters).Distinct().Order(StringComparer.Ordinal);
                obj["GlobalParams"] = new JArray(used.Select(name => new JObject
                {
                    ["Name"] = name,
                    ["Expression"] = DoubleLiteral(ParameterValues[Parameters[name].Index]),
                }));
                result.Add(obj.ToObject<Workflow>(JsonSerializer.CreateDefault())!);
            }
        }
        return result;
    }
}
