using Cadrage.Rules.Evaluation;
using Cadrage.Rules.Json;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using RulesEngine.Models;

namespace Cadrage.Rules.KnowledgeBase;

/// <summary>
/// Reads the RulesEngine workflows of <c>regles/</c> strictly and compiles each rule once: one workflow per
/// question (and one for compatibility), unique rule names, the expert properties checked against the
/// référentiel, every expression compiled over the typed profile and the named parameters. Collects every error.
/// </summary>
internal sealed class WorkflowCompiler(
    Referentiel referentiel,
    IReadOnlyDictionary<string, int> indicatorIndex,
    ExpressionCompiler compiler,
    BoardLayout layout,
    List<RuleSetError> errors,
    IReadOnlyDictionary<string, string>? sameFactAs = null)
{
    private static readonly IReadOnlyList<string> Known = [.. QuestionIds.All, QuestionIds.Compatibilite];

    /// <summary>The order rules are evaluated and reported in: the method's questions, needs first (the other
    /// questions may read the crossed priorities), compatibility last.</summary>
    private static readonly string[] EvaluationOrder =
        [QuestionIds.Besoins, QuestionIds.Pilotage, QuestionIds.Modalites, QuestionIds.Lieux, QuestionIds.Objectifs, QuestionIds.Compatibilite];

    /// <summary>
    /// The most rules a rule set may hold (about five times the delivered base): what bounds the load time of any
    /// accepted rule set, with the limits on each expression (<see cref="ExpressionCompiler.MaxNodes"/>).
    /// </summary>
    public const int MaxRules = 1000;

    private readonly List<Func<int, CompiledRule>> _pending = [];
    private readonly List<string> _pendingWorkflows = [];
    private List<CompiledRule>? _rules;
    private readonly Dictionary<string, string> _ruleFiles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _workflowFiles = new(StringComparer.Ordinal);
    private bool _unreadable;

    /// <summary>The compiled rules in evaluation order (available after <see cref="Finish"/>).</summary>
    public IReadOnlyList<CompiledRule> Rules => _rules ?? throw new InvalidOperationException("Finish() d'abord");

    /// <summary>Reads and compiles every workflow of one file (an object or an array of workflows).</summary>
    public void Compile(RuleFile file)
    {
        var diagnostics = new List<JsonDiagnostic>();
        var token = StrictJson.Parse(file.Text, file.Relative, diagnostics);
        if (token is null)
        {
            AddJsonErrors(diagnostics);
            _unreadable = true;
            return;
        }
        foreach (var item in token is JArray array ? array.Children().ToList() : [token])
        {
            StrictJson.Validate(item, typeof(Workflow), file.Relative, diagnostics, "$schema");
            if (diagnostics.Count > 0)
            {
                AddJsonErrors(diagnostics);
                diagnostics.Clear();
                _unreadable = true;
                continue;
            }
            var clean = (JObject)item.DeepClone();
            clean.Remove("$schema");
            var workflow = clean.ToObject<Workflow>(JsonSerializer.CreateDefault())!;
            // Bounded by construction: past the limit nothing more is compiled (load and evaluation time stay bounded).
            var total = _pending.Count + (workflow.Rules?.Count() ?? 0);
            if (total > MaxRules)
            {
                errors.Add(new RuleSetError(file.Relative, $"trop de règles : avec le workflow « {workflow.WorkflowName} » de ce fichier, la base en compterait {total}, {MaxRules} au plus (limite qui borne le temps de chargement et d'évaluation ; la base livrée en compte environ 200)"));
                _unreadable = true;
                continue;
            }
            CompileWorkflow(file.Relative, (JObject)item, workflow);
        }
    }

    /// <summary>Checks that every question has its workflow; call once every file is compiled.</summary>
    public void Finish()
    {
        _rules = _pending.Select((create, i) => (create, i))
            .OrderBy(x => Array.IndexOf(EvaluationOrder, _pendingWorkflows[x.i]))
            .ThenBy(x => x.i)
            .Select((x, index) => x.create(index))
            .ToList();
        SameFactAsRules(_rules);
        foreach (var question in Known)
        {
            // A file that could not be read already has its error: no "workflow missing" on top of it.
            if (!_unreadable && !_workflowFiles.ContainsKey(question))
            {
                errors.Add(new RuleSetError(RuleFileSet.WorkflowFolder + "/", $"aucun workflow « {question} » : chaque question a son fichier de règles (WorkflowName = \"{question}\")"));
            }
        }
    }

    /// <summary>
    /// A rule that declares <c>memeFaitQue</c> reads, for counting, the facts of the rule it names too: both then share
    /// a fact and, aimed at one option, form one group.
    /// </summary>
    private void SameFactAsRules(List<CompiledRule> rules)
    {
        var byName = rules.GroupBy(r => r.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var rule in rules.Where(r => r.Properties.MemeFaitQue is not null))
        {
            var named = rule.Properties.MemeFaitQue!;
            if (named == rule.Name || !byName.TryGetValue(named, out var other))
            {
                errors.Add(new RuleSetError(rule.File, named == rule.Name
                    ? "« memeFaitQue » doit nommer une autre règle que la règle elle-même"
                    : $"« memeFaitQue » nomme la règle « {named} », qui n'existe pas dans la base", rule.Name, "Properties.memeFaitQue"));
                continue;
            }
            rule.Facts = rule.Facts.Union(other.Facts, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        }
    }

    private void AddJsonErrors(IEnumerable<JsonDiagnostic> diagnostics) =>
        errors.AddRange(diagnostics.Select(d => new RuleSetError(d.Fichier, d.Message, Chemin: d.Chemin)));

    private void CompileWorkflow(string file, JObject source, Workflow workflow)
    {
        var basePath = StrictJson.ToJsonPath(source.Path);
        var name = workflow.WorkflowName ?? "";
        if (!Known.Contains(name))
        {
            errors.Add(new RuleSetError(file, $"WorkflowName « {name} » inconnu : attendu l'un de {string.Join(", ", Known)}", Chemin: basePath + ".WorkflowName"));
            return;
        }
        if (_workflowFiles.TryGetValue(name, out var other))
        {
            errors.Add(new RuleSetError(file, $"workflow « {name} » déjà défini dans {other}", Chemin: basePath + ".WorkflowName"));
            return;
        }
        _workflowFiles[name] = file;
        if (workflow.WorkflowsToInject?.Any() == true)
        {
            errors.Add(new RuleSetError(file, "WorkflowsToInject n'est pas pris en charge (il duplique des règles et fuit d'un appel à l'autre dans RulesEngine) : une question, un workflow", Chemin: basePath + ".WorkflowsToInject"));
        }
        if (workflow.GlobalParams?.Any() == true)
        {
            errors.Add(new RuleSetError(file, $"GlobalParams n'est pas pris en charge : les seuils nommés se déclarent une seule fois, avec leur unité et leur source, dans {ParameterFile.FileName}, et les règles les citent par leur nom", Chemin: basePath + ".GlobalParams"));
        }
        if (workflow.RuleExpressionType != RuleExpressionType.LambdaExpression)
        {
            errors.Add(new RuleSetError(file, "seul RuleExpressionType « LambdaExpression » est pris en charge", Chemin: basePath + ".RuleExpressionType"));
        }

        var ruleList = workflow.Rules?.ToList() ?? [];
        if (ruleList.Count == 0)
        {
            errors.Add(new RuleSetError(file, "le workflow ne contient aucune règle", Chemin: basePath + ".Rules"));
        }
        var ruleTokens = source["Rules"] as JArray;
        for (var i = 0; i < ruleList.Count; i++)
        {
            CompileRule(file, name, ruleList[i], ruleTokens?[i]?["Properties"], $"{basePath}.Rules[{i}]", i);
        }
    }

    private void CompileRule(string file, string workflow, Rule rule, JToken? propertiesToken, string path, int position)
    {
        var ruleName = rule.RuleName ?? "";
        var before = errors.Count;
        void Error(string message, string? at = null, bool withExpression = false) =>
            errors.Add(new RuleSetError(file, message, ruleName.Length > 0 ? ruleName : $"n°{position + 1}", at is null ? path : path + "." + at, withExpression ? rule.Expression : null, workflow));

        if (!Names.Id().IsMatch(ruleName))
        {
            Error("RuleName manquant ou invalide : minuscules, chiffres et tirets (ex. faire-avec-ctg-en-cours)", "RuleName");
        }
        else if (_ruleFiles.TryGetValue(ruleName, out var first))
        {
            Error($"RuleName en double : déjà utilisé dans {first} (RulesEngine l'accepterait à la validation puis échouerait à l'exécution)", "RuleName");
        }
        else
        {
            _ruleFiles[ruleName] = file;
        }
        if (rule.Rules?.Any() == true || !string.IsNullOrEmpty(rule.Operator))
        {
            Error("les règles imbriquées (Rules/Operator) ne sont pas prises en charge : une règle = une expression", "Rules");
        }
        if (rule.LocalParams?.Any() == true)
        {
            Error($"LocalParams n'est pas pris en charge : déclarez les seuils dans {ParameterFile.FileName}", "LocalParams");
        }
        if (rule.WorkflowsToInject?.Any() == true)
        {
            Error("WorkflowsToInject n'est pas pris en charge dans une règle", "WorkflowsToInject");
        }
        if (rule.Actions is not null)
        {
            Error("Actions n'est pas pris en charge : l'effet d'une règle se décrit dans Properties", "Actions");
        }
        if (rule.RuleExpressionType != RuleExpressionType.LambdaExpression)
        {
            Error("seul RuleExpressionType « LambdaExpression » est pris en charge", "RuleExpressionType");
        }

        var properties = ReadProperties(file, propertiesToken, ruleName, path);
        if (properties is not null)
        {
            RulePropertiesValidator.Check(workflow, properties, referentiel, (message, field) => Error(message, "Properties." + field));
        }

        var compiled = compiler.CompileRule(rule.Expression ?? "", ruleName);
        if (compiled.Error is not null)
        {
            Error(compiled.Error, "Expression", withExpression: true);
        }
        else if (properties is not null)
        {
            foreach (System.Text.RegularExpressions.Match placeholder in Names.Placeholder().Matches(properties.Explication))
            {
                var key = placeholder.Groups[1].Value;
                if (!compiled.Indicators.Contains(key) && !compiled.Parameters.Contains(key))
                {
                    Error($"l'explication cite {{{key}}} que l'expression ne lit pas (citez un indicateur lu ou un paramètre utilisé)", "Properties.explication");
                }
            }
        }
        if (workflow == QuestionIds.Besoins && compiled.Indicators.Contains(IndicatorCatalog.PrioritiesId))
        {
            Error($"une règle de besoins ne peut pas lire « {IndicatorCatalog.PrioritiesId} » : les priorités sont le résultat de ces règles", "Expression", withExpression: true);
        }
        if (errors.Count > before || properties is null || compiled.Predicate is null || !rule.Enabled)
        {
            return;
        }
        _pendingWorkflows.Add(workflow);
        _pending.Add(index => new CompiledRule
        {
            Name = ruleName,
            Workflow = workflow,
            File = file,
            Expression = rule.Expression!,
            Properties = properties,
            Indicators = compiled.Indicators.Select(id => indicatorIndex[id]).Order().ToList(),
            Parameters = compiled.Parameters,
            Predicate = compiled.Predicate,
            Tree = compiled.Tree!,
            Index = index,
            BoardSlot = layout.SlotOf(workflow, properties),
            Facts = FactKeys.Of(compiled.Tree!, sameFactAs),
        });
    }

    private RuleProperties? ReadProperties(string file, JToken? token, string ruleName, string path)
    {
        if (token is null || token.Type == JTokenType.Null)
        {
            errors.Add(new RuleSetError(file, "Properties manquant : l'effet, l'option, le poids, l'explication, la source et le statut de la règle y sont décrits", ruleName, path + ".Properties"));
            return null;
        }
        var diagnostics = new List<JsonDiagnostic>();
        var properties = StrictJson.Read<RuleProperties>(token, file, diagnostics, RuleSetLoader.Serializer);
        errors.AddRange(diagnostics.Select(d => new RuleSetError(d.Fichier, d.Message, ruleName, d.Chemin)));
        return properties;
    }
}
