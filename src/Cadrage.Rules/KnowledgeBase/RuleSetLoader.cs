using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Cadrage.Rules.Json;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using RulesEngine.Models;

namespace Cadrage.Rules.KnowledgeBase;

/// <summary>
/// Reads rules/ in one pass: strict parse of every file, then semantic checks (options and indicators
/// referenced exist, unique names), then compilation of every expression. Collects every error.
/// </summary>
internal sealed partial class RuleSetLoader(string directory, IReadOnlyDictionary<string, string>? overrides = null)
{
    /// <summary>Folder of rules/ holding the RulesEngine workflow files.</summary>
    public const string WorkflowFolder = "regles";

    /// <summary>The one serializer for the knowledge base's own formats.</summary>
    public static readonly JsonSerializer Serializer = JsonSerializer.Create(new JsonSerializerSettings
    {
        MissingMemberHandling = MissingMemberHandling.Error,
        DateParseHandling = DateParseHandling.None,
    });

    private static readonly HashSet<string> ReservedWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "it", "parent", "root", "new", "true", "false", "null", "iif", "np", "as", "is", "and", "or", "not", "in", "mod", "profil",
    };

    private readonly List<RuleSetError> _errors = [];
    private readonly string _directory = Path.GetFullPath(directory);

    public RuleSet Load()
    {
        if (!System.IO.Directory.Exists(_directory))
        {
            throw new RuleSetException(directory, [new RuleSetError(directory, "dossier de règles introuvable")]);
        }

        var files = ListFiles();
        var version = ComputeVersion(files);
        // What a profile is read against: a profile read once stays valid for every rule set with this catalogue.
        var catalogVersion = ComputeVersion(files.Where(f => f.Relative is Referentiel.FileName or IndicatorCatalog.FileName).ToList());

        var referentiel = ReadOwnFormat<Referentiel>(Referentiel.FileName);
        var catalog = ReadOwnFormat<IndicatorCatalog>(IndicatorCatalog.FileName);
        var scenarios = ReadOwnFormat<ScenarioSettings>(ScenarioSettings.FileName, optional: true) ?? new ScenarioSettings();

        if (referentiel is not null)
        {
            CheckReferentiel(referentiel);
        }
        if (catalog is not null)
        {
            CheckCatalog(catalog);
        }
        CheckScenarios(scenarios);
        if (_errors.Count > 0 || referentiel is null || catalog is null)
        {
            throw new RuleSetException(directory, _errors);
        }

        var profileType = ProfileType.Create(catalog.Indicateurs);
        var compiler = new ExpressionCompiler(profileType.Type);
        var indicatorIndex = catalog.Indicateurs.Select((d, i) => (d.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);

        var rules = new List<CompiledRule>();
        var parameters = new Dictionary<string, (string Expression, List<string> Files, Func<object, object?> Value)>(StringComparer.Ordinal);
        var ruleFiles = new Dictionary<string, string>(StringComparer.Ordinal);
        var workflowFiles = new Dictionary<string, string>(StringComparer.Ordinal);
        var sources = new List<(string File, string Json)>();
        var unreadable = false;

        foreach (var file in files.Where(f => f.Relative.StartsWith(WorkflowFolder + "/", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file.Full);
            sources.Add((file.Relative, text));
            var diagnostics = new List<JsonDiagnostic>();
            var token = StrictJson.Parse(text, file.Relative, diagnostics);
            if (token is null)
            {
                AddJsonErrors(diagnostics);
                unreadable = true;
                continue;
            }
            var items = token is JArray array ? array.Children().ToList() : [token];
            foreach (var item in items)
            {
                StrictJson.Validate(item, typeof(Workflow), file.Relative, diagnostics, "$schema");
                if (diagnostics.Count > 0)
                {
                    AddJsonErrors(diagnostics);
                    diagnostics.Clear();
                    unreadable = true;
                    continue;
                }
                var clean = (JObject)item.DeepClone();
                clean.Remove("$schema");
                var workflow = clean.ToObject<Workflow>(JsonSerializer.CreateDefault())!;
                LoadWorkflow(file.Relative, (JObject)item, workflow, referentiel, compiler, indicatorIndex, rules, parameters, ruleFiles, workflowFiles);
            }
        }
        foreach (var question in QuestionIds.All.Append(QuestionIds.Compatibilite))
        {
            // A file that could not be read already has its error: do not add "workflow missing" on top of it.
            if (!unreadable && !workflowFiles.ContainsKey(question))
            {
                _errors.Add(new RuleSetError(WorkflowFolder + "/", $"aucun workflow « {question} » : chaque question a son fichier de règles (WorkflowName = \"{question}\")"));
            }
        }
        if (_errors.Count > 0)
        {
            throw new RuleSetException(directory, _errors);
        }

        foreach (var name in overrides?.Keys ?? [])
        {
            if (!parameters.ContainsKey(name))
            {
                _errors.Add(new RuleSetError(WorkflowFolder + "/", $"paramètre « {name} » inconnu : aucun workflow ne le déclare dans GlobalParams"));
            }
        }
        if (_errors.Count > 0)
        {
            throw new RuleSetException(directory, _errors);
        }
        if (overrides is { Count: > 0 })
        {
            var text = string.Join(";", overrides.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => o.Key + "=" + o.Value));
            version = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(version + "|" + text)))[..12];
        }
        var parameterInfos = parameters.Select(p => new RuleParameterInfo(p.Key, p.Value.Expression, p.Value.Files, p.Value.Value)).ToList();
        return new RuleSet(_directory, version, referentiel, catalog.Indicateurs, profileType, rules, parameterInfos, scenarios, sources)
        {
            ParameterOverrides = overrides ?? new Dictionary<string, string>(),
            CatalogVersion = catalogVersion,
        };
    }

    private sealed record RuleFile(string Full, string Relative);

    private List<RuleFile> ListFiles()
    {
        var result = new List<RuleFile>();
        foreach (var name in new[] { Referentiel.FileName, IndicatorCatalog.FileName, ScenarioSettings.FileName })
        {
            var full = Path.Combine(_directory, name);
            if (File.Exists(full))
            {
                result.Add(new RuleFile(full, name));
            }
        }
        var folder = Path.Combine(_directory, WorkflowFolder);
        if (System.IO.Directory.Exists(folder))
        {
            result.AddRange(System.IO.Directory.EnumerateFiles(folder, "*.json", SearchOption.TopDirectoryOnly)
                .Order(StringComparer.Ordinal)
                .Select(f => new RuleFile(f, WorkflowFolder + "/" + Path.GetFileName(f))));
        }
        else
        {
            _errors.Add(new RuleSetError(WorkflowFolder + "/", "dossier des règles (workflows RulesEngine) introuvable"));
        }
        return result;
    }

    private static string ComputeVersion(List<RuleFile> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files.OrderBy(f => f.Relative, StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(file.Relative + "\n"));
            // Line endings do not change the meaning of a file: a checkout with CRLF gets the same version.
            hash.AppendData(Encoding.UTF8.GetBytes(File.ReadAllText(file.Full).ReplaceLineEndings("\n")));
            hash.AppendData([0]);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..12];
    }

    private T? ReadOwnFormat<T>(string name, bool optional = false) where T : class
    {
        var full = Path.Combine(_directory, name);
        if (!File.Exists(full))
        {
            if (!optional)
            {
                _errors.Add(new RuleSetError(name, "fichier manquant"));
            }
            return null;
        }
        var diagnostics = new List<JsonDiagnostic>();
        var token = StrictJson.Parse(File.ReadAllText(full), name, diagnostics);
        var result = token is null ? null : StrictJson.Read<T>(token, name, diagnostics, Serializer, "$schema");
        AddJsonErrors(diagnostics);
        return result;
    }

    private void AddJsonErrors(IEnumerable<JsonDiagnostic> diagnostics) =>
        _errors.AddRange(diagnostics.Select(d => new RuleSetError(d.Fichier, d.Message, Chemin: d.Chemin)));

    private void CheckReferentiel(Referentiel referentiel)
    {
        const string file = Referentiel.FileName;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in QuestionIds.All)
        {
            var count = referentiel.Questions.Count(q => q.Id == id);
            if (count != 1)
            {
                _errors.Add(new RuleSetError(file, count == 0 ? $"question « {id} » manquante" : $"question « {id} » définie {count} fois", Chemin: "$.questions"));
            }
        }
        for (var qi = 0; qi < referentiel.Questions.Count; qi++)
        {
            var question = referentiel.Questions[qi];
            var path = $"$.questions[{qi}]";
            if (!QuestionIds.All.Contains(question.Id))
            {
                _errors.Add(new RuleSetError(file, $"question inconnue « {question.Id} » (questions de la méthode : {string.Join(", ", QuestionIds.All)})", Chemin: path + ".id"));
            }
            if (question.Id == QuestionIds.Besoins)
            {
                if (question.Axes is null)
                {
                    _errors.Add(new RuleSetError(file, "la question « besoins » décrit ses trois axes dans « axes » (services, publics, criteres)", Chemin: path));
                    continue;
                }
                CheckOptions(question.Axes.Services, path + ".axes.services", new HashSet<string>(StringComparer.Ordinal));
                CheckOptions(question.Axes.Publics, path + ".axes.publics", new HashSet<string>(StringComparer.Ordinal));
                CheckOptions(question.Axes.Criteres, path + ".axes.criteres", new HashSet<string>(StringComparer.Ordinal));
            }
            else
            {
                if (question.Axes is not null)
                {
                    _errors.Add(new RuleSetError(file, "« axes » ne concerne que la question « besoins »", Chemin: path + ".axes"));
                }
                CheckOptions(question.Options, path + ".options", seen);
            }
        }

        void CheckOptions(IReadOnlyList<OptionDefinition> options, string path, HashSet<string> ids)
        {
            if (options.Count == 0)
            {
                _errors.Add(new RuleSetError(file, "au moins une option est attendue", Chemin: path));
            }
            for (var i = 0; i < options.Count; i++)
            {
                if (!IdPattern().IsMatch(options[i].Id))
                {
                    _errors.Add(new RuleSetError(file, $"identifiant « {options[i].Id} » invalide : minuscules, chiffres et tirets (ex. faire-avec)", Chemin: $"{path}[{i}].id"));
                }
                if (!ids.Add(options[i].Id))
                {
                    _errors.Add(new RuleSetError(file, $"identifiant « {options[i].Id} » en double (les options sont uniques dans le référentiel)", Chemin: $"{path}[{i}].id"));
                }
            }
        }
    }

    private void CheckCatalog(IndicatorCatalog catalog)
    {
        const string file = IndicatorCatalog.FileName;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < catalog.Indicateurs.Count; i++)
        {
            var indicator = catalog.Indicateurs[i];
            var path = $"$.indicateurs[{i}]";
            if (!IdentifierPattern().IsMatch(indicator.Id) || ReservedWords.Contains(indicator.Id))
            {
                _errors.Add(new RuleSetError(file, $"identifiant d'indicateur « {indicator.Id} » invalide : minuscules, chiffres et _ (lisible dans une expression : profil.{indicator.Id})", Chemin: path + ".id"));
            }
            if (!ids.Add(indicator.Id))
            {
                _errors.Add(new RuleSetError(file, $"indicateur « {indicator.Id} » en double", Chemin: path + ".id"));
            }
            var numeric = indicator.Type is IndicatorType.nombre or IndicatorType.entier;
            if (!numeric && (indicator.Min is not null || indicator.Max is not null))
            {
                _errors.Add(new RuleSetError(file, "min/max ne s'appliquent qu'aux indicateurs de type nombre ou entier", Chemin: path));
            }
            if (indicator.Min is { } min && indicator.Max is { } max && min > max)
            {
                _errors.Add(new RuleSetError(file, $"plage vide : min {min} > max {max}", Chemin: path));
            }
            if ((indicator.ValeurMasquee is null) != (indicator.LibelleValeurMasquee is null) || indicator.ValeurMasquee is not null && !numeric)
            {
                _errors.Add(new RuleSetError(file, "valeurMasquee et libelleValeurMasquee vont ensemble, sur un indicateur numérique", Chemin: path));
            }
            if (indicator.Valeurs is not null && indicator.Type is not (IndicatorType.texte or IndicatorType.liste))
            {
                _errors.Add(new RuleSetError(file, "« valeurs » ne s'applique qu'aux indicateurs de type texte ou liste", Chemin: path + ".valeurs"));
            }
        }
    }

    private void CheckScenarios(ScenarioSettings s)
    {
        const string file = ScenarioSettings.FileName;
        void Check(bool ok, string message)
        {
            if (!ok)
            {
                _errors.Add(new RuleSetError(file, message));
            }
        }
        Check(s.ScenariosMin is >= 1 and <= 10, "scenariosMin doit être compris entre 1 et 10");
        Check(s.ScenariosMax >= s.ScenariosMin && s.ScenariosMax <= 10, "scenariosMax doit être compris entre scenariosMin et 10");
        Check(s.EcartMinimal is >= 0 and <= 5, "ecartMinimal doit être compris entre 0 et 5 (nombre de réponses sur cinq)");
        Check(s.ScoreRelatifMinimal is >= 0 and <= 1, "scoreRelatifMinimal doit être compris entre 0 et 1");
        Check(s.BonusDiversite is >= 0 and <= 100, "bonusDiversite doit être compris entre 0 et 100");
        Check(s.ModalitesMax is >= 1 and <= 7, "modalitesMax doit être compris entre 1 et 7");
        Check(s.ObjectifsMax is >= 1 and <= 5, "objectifsMax doit être compris entre 1 et 5");
        Check(s.PrioritesMax is >= 1 and <= 20, "prioritesMax doit être compris entre 1 et 20");
    }

    private void LoadWorkflow(
        string file,
        JObject source,
        Workflow workflow,
        Referentiel referentiel,
        ExpressionCompiler compiler,
        Dictionary<string, int> indicatorIndex,
        List<CompiledRule> rules,
        Dictionary<string, (string Expression, List<string> Files, Func<object, object?> Value)> parameters,
        Dictionary<string, string> ruleFiles,
        Dictionary<string, string> workflowFiles)
    {
        var basePath = StrictJson.ToJsonPath(source.Path);
        var name = workflow.WorkflowName ?? "";
        var known = QuestionIds.All.Append(QuestionIds.Compatibilite).ToList();
        if (!known.Contains(name))
        {
            _errors.Add(new RuleSetError(file, $"WorkflowName « {name} » inconnu : attendu l'un de {string.Join(", ", known)}", Chemin: basePath + ".WorkflowName"));
            return;
        }
        if (workflowFiles.TryGetValue(name, out var other))
        {
            _errors.Add(new RuleSetError(file, $"workflow « {name} » déjà défini dans {other}", Chemin: basePath + ".WorkflowName"));
            return;
        }
        workflowFiles[name] = file;
        if (workflow.WorkflowsToInject?.Any() == true)
        {
            _errors.Add(new RuleSetError(file, "WorkflowsToInject n'est pas pris en charge (il duplique des règles et fuit d'un appel à l'autre dans RulesEngine) : déclarez les seuils dans GlobalParams", Chemin: basePath + ".WorkflowsToInject"));
        }
        if (workflow.RuleExpressionType != RuleExpressionType.LambdaExpression)
        {
            _errors.Add(new RuleSetError(file, "seul RuleExpressionType « LambdaExpression » est pris en charge", Chemin: basePath + ".RuleExpressionType"));
        }

        // GlobalParams: named thresholds, in scope for every rule of the workflow.
        var scope = new List<CompiledParameter>();
        var globals = workflow.GlobalParams?.ToList() ?? [];
        for (var i = 0; i < globals.Count; i++)
        {
            var param = globals[i];
            var path = $"{basePath}.GlobalParams[{i}]";
            if (string.IsNullOrEmpty(param.Name) || !IdentifierPattern().IsMatch(param.Name) || ReservedWords.Contains(param.Name) || indicatorIndex.ContainsKey(param.Name))
            {
                _errors.Add(new RuleSetError(file, $"nom de paramètre « {param.Name} » invalide : minuscules, chiffres et _, distinct des indicateurs", Chemin: path + ".Name"));
                continue;
            }
            if (scope.Any(p => p.Name == param.Name))
            {
                _errors.Add(new RuleSetError(file, $"paramètre « {param.Name} » déclaré deux fois dans le workflow", Chemin: path + ".Name"));
                continue;
            }
            var expression = overrides?.GetValueOrDefault(param.Name) ?? param.Expression ?? "";
            param.Expression = expression;
            var (compiled, error) = compiler.CompileParameter(param.Name, expression, scope);
            if (compiled is null)
            {
                _errors.Add(new RuleSetError(file, $"paramètre « {param.Name} » : {error}", Chemin: path + ".Expression", Expression: param.Expression));
                continue;
            }
            if (parameters.TryGetValue(param.Name, out var existing))
            {
                if (existing.Expression != param.Expression)
                {
                    _errors.Add(new RuleSetError(file, $"paramètre « {param.Name} » défini différemment dans {string.Join(", ", existing.Files)} (« {existing.Expression} ») : un même nom désigne un même seuil", Chemin: path + ".Expression", Expression: param.Expression));
                }
                else
                {
                    existing.Files.Add(file);
                }
            }
            else
            {
                parameters[param.Name] = (param.Expression!, [file], compiler.CompileParameterValue(compiled, scope));
            }
            scope.Add(compiled);
        }

        var ruleList = workflow.Rules?.ToList() ?? [];
        if (ruleList.Count == 0)
        {
            _errors.Add(new RuleSetError(file, "le workflow ne contient aucune règle", Chemin: basePath + ".Rules"));
        }
        var ruleTokens = source["Rules"] as JArray;
        for (var i = 0; i < ruleList.Count; i++)
        {
            var rule = ruleList[i];
            var path = $"{basePath}.Rules[{i}]";
            var ruleName = rule.RuleName ?? "";
            var before = _errors.Count;
            void Error(string message, string? at = null, bool withExpression = false) =>
                _errors.Add(new RuleSetError(file, message, ruleName.Length > 0 ? ruleName : $"n°{i + 1}", at is null ? path : path + "." + at, withExpression ? rule.Expression : null));

            if (!IdPattern().IsMatch(ruleName))
            {
                Error("RuleName manquant ou invalide : minuscules, chiffres et tirets (ex. faire-avec-ctg-en-cours)", "RuleName");
            }
            else if (ruleFiles.TryGetValue(ruleName, out var first))
            {
                Error($"RuleName en double : déjà utilisé dans {first} (RulesEngine l'accepterait à la validation puis échouerait à l'exécution)", "RuleName");
            }
            else
            {
                ruleFiles[ruleName] = file;
            }
            if (rule.Rules?.Any() == true || !string.IsNullOrEmpty(rule.Operator))
            {
                Error("les règles imbriquées (Rules/Operator) ne sont pas prises en charge : une règle = une expression", "Rules");
            }
            if (rule.LocalParams?.Any() == true)
            {
                Error("LocalParams n'est pas pris en charge : utilisez les GlobalParams du workflow", "LocalParams");
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

            var properties = ReadProperties(file, ruleTokens?[i]?["Properties"], ruleName, path);
            if (properties is not null)
            {
                CheckProperties(name, properties, referentiel, Error);
            }

            var compiled = compiler.CompileRule(rule.Expression ?? "", scope);
            if (compiled.Error is not null)
            {
                Error(compiled.Error, "Expression", withExpression: true);
            }
            else if (properties is not null)
            {
                foreach (Match placeholder in PlaceholderPattern().Matches(properties.Explication))
                {
                    var key = placeholder.Groups[1].Value;
                    if (!compiled.Indicators.Contains(key) && !compiled.Parameters.Contains(key))
                    {
                        Error($"l'explication cite {{{key}}} que l'expression ne lit pas (citez un indicateur lu ou un paramètre utilisé)", "Properties.explication");
                    }
                }
            }
            if (_errors.Count > before || properties is null || compiled.Predicate is null || !rule.Enabled)
            {
                continue;
            }
            rules.Add(new CompiledRule
            {
                Name = ruleName,
                Workflow = name,
                File = file,
                Expression = rule.Expression!,
                Properties = properties,
                Indicators = compiled.Indicators.Select(id => indicatorIndex[id]).Order().ToList(),
                Parameters = compiled.Parameters,
                Predicate = compiled.Predicate,
                Index = rules.Count,
            });
        }
    }

    private RuleProperties? ReadProperties(string file, JToken? token, string ruleName, string path)
    {
        if (token is null || token.Type == JTokenType.Null)
        {
            _errors.Add(new RuleSetError(file, "Properties manquant : l'effet, l'option, le poids, l'explication, la source et le statut de la règle y sont décrits", ruleName, path + ".Properties"));
            return null;
        }
        var diagnostics = new List<JsonDiagnostic>();
        var properties = StrictJson.Read<RuleProperties>(token, file, diagnostics, Serializer);
        _errors.AddRange(diagnostics.Select(d => new RuleSetError(d.Fichier, d.Message, ruleName, d.Chemin)));
        return properties;
    }

    private static void CheckProperties(string workflow, RuleProperties p, Referentiel referentiel, Action<string, string?, bool> error)
    {
        void Error(string message, string field) => error(message, "Properties." + field, false);

        if (!RuleStatus.All.Contains(p.Statut))
        {
            Error($"statut « {p.Statut} » inconnu : « sourcé » ou « à valider »", "statut");
        }
        if (string.IsNullOrWhiteSpace(p.Explication))
        {
            Error("explication vide", "explication");
        }
        if (string.IsNullOrWhiteSpace(p.Source))
        {
            Error("source vide : citez la méthodologie, un texte ou une statistique et son producteur", "source");
        }
        var weighted = p.Effet is not (RuleEffectKind.exclusion or RuleEffectKind.incompatible or RuleEffectKind.neutre);
        if (weighted && (p.Poids is null || p.Poids <= 0 || p.Poids > 100))
        {
            Error($"poids manquant ou hors plage ]0 ; 100] pour l'effet « {p.Effet} »", "poids");
        }
        if (!weighted && p.Poids is not null)
        {
            Error($"l'effet « {p.Effet} » n'a pas de poids", "poids");
        }

        switch (workflow)
        {
            case QuestionIds.Besoins:
                if (p.Effet is not (RuleEffectKind.soutien or RuleEffectKind.opposition))
                {
                    Error($"effet « {p.Effet} » impossible pour un besoin : soutien (renforce) ou opposition (atténue)", "effet");
                }
                if (p.Service is null && p.Public is null && p.Critere is null)
                {
                    Error("un besoin croisé vise au moins un service, un public ou un critère", "service");
                }
                CheckAxis(p.Service, referentiel.Axes.Services, "service");
                CheckAxis(p.Public, referentiel.Axes.Publics, "public");
                CheckAxis(p.Critere, referentiel.Axes.Criteres, "critere");
                if (p.Option is not null || p.Posture is not null)
                {
                    Error("option/posture ne s'appliquent pas à la question besoins", "option");
                }
                break;
            case QuestionIds.Compatibilite:
                if (p.Effet is not (RuleEffectKind.affinite or RuleEffectKind.tension or RuleEffectKind.incompatible or RuleEffectKind.neutre))
                {
                    Error($"effet « {p.Effet} » impossible pour une compatibilité : affinite, tension, incompatible ou neutre", "effet");
                }
                if (p.Posture is null || referentiel.FindOption(QuestionIds.Pilotage, p.Posture) is null)
                {
                    Error($"posture « {p.Posture} » inconnue : attendu l'une de {Ids(QuestionIds.Pilotage)}", "posture");
                }
                var otherQuestion = p.Option is null ? null : referentiel.QuestionOf(p.Option);
                if (otherQuestion is null or QuestionIds.Pilotage)
                {
                    Error($"option « {p.Option} » inconnue : une modalité, un lieu ou un objectif du référentiel", "option");
                }
                NoAxes();
                break;
            default:
                if (p.Effet is not (RuleEffectKind.soutien or RuleEffectKind.opposition or RuleEffectKind.exclusion))
                {
                    Error($"effet « {p.Effet} » impossible ici : soutien, opposition ou exclusion", "effet");
                }
                if (p.Option is null || referentiel.FindOption(workflow, p.Option) is null)
                {
                    Error($"option « {p.Option} » inconnue pour la question « {workflow} » : attendu l'une de {Ids(workflow)}", "option");
                }
                if (p.Posture is not null)
                {
                    Error("posture ne s'applique qu'aux règles de compatibilité", "posture");
                }
                NoAxes();
                break;
        }

        string Ids(string question) => string.Join(", ", referentiel.Question(question).Options.Select(o => o.Id));

        void NoAxes()
        {
            if (p.Service is not null || p.Public is not null || p.Critere is not null)
            {
                Error("service/public/critere ne s'appliquent qu'à la question besoins", "service");
            }
        }

        void CheckAxis(string? value, IReadOnlyList<OptionDefinition> options, string field)
        {
            if (value is not null && options.All(o => o.Id != value))
            {
                Error($"{field} « {value} » inconnu : attendu l'un de {string.Join(", ", options.Select(o => o.Id))}", field);
            }
        }
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex IdentifierPattern();

    [GeneratedRegex(@"\{([a-z][a-z0-9_]*)\}")]
    internal static partial Regex PlaceholderPattern();
}
