using Cadrage.Rules.Evaluation;
using Cadrage.Rules.Json;
using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Output;
using Cadrage.Rules.Profiles;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Cadrage.Rules.RuleTests;

/// <summary>A loaded test case with where it comes from.</summary>
public sealed record LoadedRuleTest(string Fichier, int Index, RuleTestCase Case)
{
    public override string ToString() => $"{Fichier} #{Index + 1} « {Case.Nom} »";
}

/// <summary>The outcome of one case: its failures (empty when it passed) and the rules that decided.</summary>
public sealed record RuleTestResult(LoadedRuleTest Test, IReadOnlyList<string> Echecs, EvaluationResult? Resultat)
{
    public bool Reussi => Echecs.Count == 0;
}

/// <summary>
/// Runs methodologists' test cases (<c>rules/tests/*.json</c>) against a rule set: which rules fire, where
/// their effect lands, which options the scénario retenu holds. Used by <c>cadrage rules test</c> and by
/// <c>dotnet test</c>, so CI guards the knowledge base.
/// </summary>
public static class RuleTestRunner
{
    public const string Folder = "tests";

    private static readonly JsonSerializer Serializer = JsonSerializer.Create(new JsonSerializerSettings { MissingMemberHandling = MissingMemberHandling.Error });

    /// <summary>Reads every <c>*.json</c> of <paramref name="directory"/>; invalid files are reported, not skipped.</summary>
    public static (IReadOnlyList<LoadedRuleTest> Tests, IReadOnlyList<JsonDiagnostic> Errors) Load(string directory)
    {
        var tests = new List<LoadedRuleTest>();
        var errors = new List<JsonDiagnostic>();
        if (!Directory.Exists(directory))
        {
            errors.Add(new JsonDiagnostic(directory, "", "dossier de cas de test introuvable"));
            return (tests, errors);
        }
        foreach (var path in Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            var token = StrictJson.Parse(File.ReadAllText(path), name, errors);
            if (token is null)
            {
                continue;
            }
            var file = StrictJson.Read<RuleTestFile>(token, name, errors, Serializer, "$schema");
            if (file is null)
            {
                continue;
            }
            for (var i = 0; i < file.Cas.Count; i++)
            {
                var test = file.Cas[i];
                if ((test.Exemple is null) == (test.Profil is null))
                {
                    errors.Add(new JsonDiagnostic(name, $"$.cas[{i}]", "indiquez soit « exemple », soit « profil »"));
                    continue;
                }
                tests.Add(new LoadedRuleTest(name, i, test));
            }
        }
        return (tests, errors);
    }

    private static readonly EvaluationService DefaultEvaluations = new();

    public static RuleTestResult Run(RuleSet kb, LoadedRuleTest test, string examplesDirectory, EvaluationService? evaluations = null)
    {
        var failures = new List<string>();
        var c = test.Case;
        JObject json;
        if (c.Exemple is not null)
        {
            var path = Path.Combine(examplesDirectory, c.Exemple + ".json");
            if (!File.Exists(path))
            {
                return new RuleTestResult(test, [$"exemple « {c.Exemple} » introuvable ({path})"], null);
            }
            json = JObject.Parse(File.ReadAllText(path));
        }
        else
        {
            json = (JObject)c.Profil!.DeepClone();
        }
        if (c.Indicateurs is not null)
        {
            if (json["indicateurs"] is not JObject indicators)
            {
                // Assigning a token that already has a parent would store a copy: only attach a new one.
                json["indicateurs"] = indicators = new JObject();
            }
            foreach (var property in c.Indicateurs.Properties())
            {
                if (property.Value.Type == JTokenType.Null)
                {
                    indicators.Remove(property.Name);
                }
                else
                {
                    indicators[property.Name] = property.Value.DeepClone();
                }
            }
        }

        var outcome = (evaluations ?? DefaultEvaluations).Evaluate(kb, ProfileSource.FromToken(json, test.ToString()), keepRuns: true);
        if (outcome.Failure is { } failure)
        {
            return new RuleTestResult(test, failure.Errors.Select(e => $"profil invalide : {e.Chemin} : {e.Message}").ToList(), null);
        }
        var (profile, result, ruleRuns) = (outcome.Profile!, outcome.Result!, outcome.Runs!);
        var runs = ruleRuns.ToDictionary(r => r.Rule.Name);
        var board = ScoreBoard.Build(kb, runs.Values.ToList());
        var needs = NeedsCrossing.Prioritise(kb.Referentiel, profile, runs.Values.ToList(), int.MaxValue);

        foreach (var name in c.Attendu.Declenchees)
        {
            if (!runs.TryGetValue(name, out var run))
            {
                failures.Add($"règle « {name} » inconnue");
            }
            else if (run.State != RuleState.Fired)
            {
                failures.Add($"« {name} » devait se déclencher : {Describe(run, kb, profile)}");
            }
            else if (!EffectLands(run.Rule, board, needs))
            {
                failures.Add($"« {name} » s'est déclenchée mais son effet ne porte pas sur sa cible");
            }
        }
        foreach (var name in c.Attendu.NonDeclenchees)
        {
            if (!runs.TryGetValue(name, out var run))
            {
                failures.Add($"règle « {name} » inconnue");
            }
            else if (run.State != RuleState.NotFired)
            {
                failures.Add($"« {name} » ne devait pas se déclencher : {Describe(run, kb, profile)}");
            }
        }

        var retenu = result.Scenarios.FirstOrDefault();
        var retained = retenu is null ? [] : Answers(retenu).ToHashSet();
        foreach (var option in c.Attendu.Retenu.Where(o => !retained.Contains(o)))
        {
            failures.Add($"« {option} » attendu dans le scénario retenu, obtenu : {(retenu is null ? "aucun scénario" : string.Join(", ", Answers(retenu)))}");
        }
        foreach (var option in c.Attendu.HorsRetenu.Where(retained.Contains))
        {
            failures.Add($"« {option} » ne devait pas être dans le scénario retenu ({string.Join(", ", Answers(retenu!))})");
        }
        var proposed = result.Scenarios.SelectMany(Answers).ToHashSet();
        foreach (var option in c.Attendu.Proposees.Where(o => !proposed.Contains(o)))
        {
            failures.Add($"« {option} » attendu dans au moins un scénario proposé");
        }
        if (c.Attendu.ScenariosMin is { } min && result.Scenarios.Count < min)
        {
            failures.Add($"au moins {min} scénarios attendus, {result.Scenarios.Count} obtenus");
        }
        if (c.Attendu.ScenariosMax is { } max && result.Scenarios.Count > max)
        {
            failures.Add($"au plus {max} scénarios attendus, {result.Scenarios.Count} obtenus");
        }
        foreach (var (question, expected) in c.Attendu.Certitudes?.Stated() ?? [])
        {
            var evidence = result.Analyse.FirstOrDefault(a => a.Question == question);
            if (evidence is not null && evidence.Certitude != expected)
            {
                failures.Add($"« {evidence.Libelle} » : certitude « {CertaintyWord(expected)} » attendue, obtenue « {CertaintyWord(evidence.Certitude)} » ({evidence.Phrase})");
            }
        }
        return new RuleTestResult(test, failures, result);
    }

    private static string CertaintyWord(string certitude) => certitude switch
    {
        Certitudes.Etablie => "établie",
        Certitudes.Fragile => "fragile",
        _ => "non tranchée",
    };

    /// <summary>The option ids a scenario holds, for expectations.</summary>
    public static IEnumerable<string> Answers(Scenario s) =>
        new[] { s.Pilotage.Id, s.Lieux.Id }.Concat(s.Lieux.Complements.Select(c => c.Id)).Concat(s.Modalites.Select(m => m.Id)).Concat(s.Objectifs.Select(o => o.Id));

    private static string Describe(RuleRun run, RuleSet kb, TerritoryProfile profile) => run.State switch
    {
        RuleState.Fired => "elle s'est déclenchée",
        RuleState.NotFired => "elle ne s'est pas déclenchée",
        RuleState.MissingIndicator => "non évaluée, indicateur manquant : " + string.Join(", ", run.Rule.Indicators.Where(i => !profile.Indicateurs.ContainsKey(kb.Indicators[i].Id) && !kb.Indicators[i].Calcule).Select(i => kb.Indicators[i].Id)),
        _ => "erreur : " + run.Error,
    };

    private static bool EffectLands(CompiledRule rule, ScoreBoard board, IReadOnlyList<CrossedNeed> needs)
    {
        var p = rule.Properties;
        if (rule.Workflow == QuestionIds.Besoins)
        {
            return needs.Any(n => n.Raised.Contains(rule) || n.Lowered.Contains(rule)) || p.Effet == RuleEffectKind.opposition;
        }
        if (rule.Workflow == QuestionIds.Compatibilite)
        {
            var compat = board.Compatibility(p.Posture!, p.Option!);
            return p.Effet == RuleEffectKind.neutre || compat.Affinities.Contains(rule) || compat.Tensions.Contains(rule) || compat.Incompatibilities.Contains(rule) || compat.Requirements.Contains(rule);
        }
        var option = board.Find(p.Option!) ?? throw new KeyNotFoundException(p.Option);
        return option.For.Contains(rule) || option.Against.Contains(rule) || option.Exclusions.Contains(rule);
    }
}
