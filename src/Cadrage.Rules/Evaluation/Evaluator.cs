using System.Diagnostics;
using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Output;
using Cadrage.Rules.Profiles;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cadrage.Rules.Evaluation;

/// <summary>
/// The evaluation pipeline, one way: profile → facts → rule runs → option scores → scenarios → explanation.
/// Stateless and thread-safe: one instance serves every evaluation and every rule-set version.
/// </summary>
public sealed class Evaluator(ILogger<Evaluator>? logger = null, EvaluationOptions? options = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<Evaluator>.Instance;
    private readonly EvaluationOptions _options = options ?? new EvaluationOptions();

    public EvaluationOptions Options => _options;

    /// <exception cref="EvaluationBudgetExceededException">When the evaluation runs out of its time budget.</exception>
    public EvaluationResult Evaluate(RuleSet kb, TerritoryProfile profile) => Evaluate(kb, profile, out _);

    /// <summary>Evaluates and also gives what each rule did (for coverage and impact tools), without running the rules twice.</summary>
    /// <exception cref="EvaluationBudgetExceededException">When the evaluation runs out of its time budget.</exception>
    public EvaluationResult Evaluate(RuleSet kb, TerritoryProfile profile, out IReadOnlyList<RuleRun> rules)
    {
        var logging = _logger.IsEnabled(LogLevel.Critical);
        using var scope = logging ? _logger.BeginScope(new Dictionary<string, object> { ["TerritoireId"] = profile.Id, ["RuleSetVersion"] = kb.Version }) : null;
        var started = logging ? Stopwatch.GetTimestamp() : 0;
        _logger.LogInformation("Évaluation du territoire {TerritoireId} ({TerritoireNom}) avec la base de règles {RuleSetVersion}", profile.Id, profile.Nom, kb.Version);

        var facts = ProfileFacts.Create(kb, profile);
        var runs = RuleRunner.Run(kb, facts, _options.Budget, profile.Id);
        rules = runs;
        var board = ScoreBoard.Build(kb, runs);
        var crossed = NeedsCrossing.Prioritise(kb.Referentiel, profile, runs, int.MaxValue);
        var needs = crossed.Take(kb.Scenarios.PrioritesMax).ToList();
        var drafts = ScenarioBuilder.Build(kb.Referentiel, board, kb.Scenarios);

        var cache = kb.Derived;
        var explainer = new Explainer(kb, profile);
        var priorities = needs.Select(explainer.Priority).ToList();
        var needRules = needs.SelectMany(n => n.Raised).Distinct().OrderBy(r => r.Index).ToList();
        var scenarios = drafts.Select((draft, i) => Explain(draft, i + 1, board, priorities, needRules, explainer)).ToList();

        // Every rule that reads a missing indicator is left unevaluated: the lists are known per rule set.
        var missing = new List<MissingIndicator>();
        var warnings = new List<string>();
        for (var i = 0; i < cache.Missing.Length; i++)
        {
            if (!facts.Present[i] && cache.Missing[i] is { } entry)
            {
                missing.Add(entry);
                warnings.Add(cache.MissingWarnings[i]!);
            }
        }
        var excluded = board.Options.Values.Where(o => o.Excluded)
            .Select(o => new ExcludedOption(o.Question, new Choice(o.Option.Id, o.Option.Libelle), o.Exclusions.Select(explainer.Justify).ToList()))
            .ToList();

        foreach (var run in runs.Where(r => r.State == RuleState.Error))
        {
            warnings.Add($"Règle « {run.Rule.Name} » ({run.Rule.File}) non évaluée : erreur à l'exécution ({run.Error}).");
            _logger.LogWarning("Règle {RuleName} en erreur pour {TerritoireId} : {Erreur}", run.Rule.Name, profile.Id, run.Error);
        }
        if (profile.Besoins.Count == 0)
        {
            warnings.Add("Aucun besoin issu du diagnostic : les priorités ne reposent que sur les règles lues sur le profil.");
        }
        if (priorities.Count == 0)
        {
            warnings.Add("Aucune priorité : ni le diagnostic ni le profil ne font ressortir de besoin croisé.");
        }
        if (drafts.FirstOrDefault() is { } best)
        {
            if (best.Posture.Support <= 0)
            {
                warnings.Add($"Aucune règle ne soutient la posture retenue (« {best.Posture.Option.Libelle} ») : le faisceau d'indicateurs est trop mince pour trancher « Qui pilote ? » ; renseignez les compétences, conventions, outils de gestion et l'ingénierie du territoire.");
            }
            if (best.Objectifs.All(o => o.Support <= 0))
            {
                warnings.Add("Aucune règle ne soutient les objectifs retenus : renseignez les conventions en cours et les démarches en préparation (CTG, CRTE, ABS, SDAASP) pour trancher « Pourquoi ? ».");
            }
            if (best.Lieux.Support <= 0)
            {
                warnings.Add($"Aucune règle ne soutient le lieu retenu (« {best.Lieux.Option.Libelle} ») : renseignez la densité, la grille communale de densité et l'accès aux services pour trancher « Où ? ».");
            }
        }
        if (scenarios.Count < kb.Scenarios.ScenariosMin)
        {
            warnings.Add($"{scenarios.Count} scénario(s) seulement : les exclusions et incompatibilités ne laissent pas {kb.Scenarios.ScenariosMin} scénarios contrastés (écart d'au moins {kb.Scenarios.EcartMinimal} réponses).");
        }

        var result = new EvaluationResult(
            new TerritoryRef(profile.Id, profile.Nom, profile.Echelle),
            new RuleSetRef(kb.Version, kb.Rules.Count),
            scenarios,
            crossed.Select(explainer.Priority).ToList(),
            missing,
            excluded,
            warnings);
        if (logging)
        {
            Log(result, Stopwatch.GetElapsedTime(started));
        }
        return result;
    }

    private static Scenario Explain(ScenarioDraft draft, int rank, ScoreBoard board, IReadOnlyList<Priority> priorities, IReadOnlyList<CompiledRule> needRules, Explainer explainer)
    {
        var posture = draft.Posture.Option.Id;
        var chosen = new List<OptionScore> { draft.Posture };
        chosen.AddRange(draft.Modalites);
        chosen.Add(draft.Lieux);
        chosen.AddRange(draft.Objectifs);

        var justifications = new List<CompiledRule>();
        var vigilances = new List<CompiledRule>();
        foreach (var option in chosen)
        {
            justifications.AddRange(option.For);
            vigilances.AddRange(option.Against);
        }
        foreach (var option in chosen.Skip(1))
        {
            var compat = board.Compatibility(posture, option.Option.Id);
            if (option.Net > 0)
            {
                // Affinities count only for options the profile supports (see ScenarioBuilder).
                justifications.AddRange(compat.Affinities);
            }
            vigilances.AddRange(compat.Tensions);
        }
        justifications.AddRange(needRules);

        var seen = new HashSet<int>();
        foreach (var rule in justifications)
        {
            foreach (var indicator in rule.Indicators)
            {
                seen.Add(indicator);
            }
        }
        var convergence = seen.Count;
        return new Scenario(
            rank,
            rank == 1,
            $"{draft.Posture.Option.Libelle} · {draft.Lieux.Option.Libelle}",
            draft.Score,
            convergence,
            Choose(draft.Posture),
            draft.Modalites.Select(Choose).ToList(),
            Choose(draft.Lieux),
            priorities,
            draft.Objectifs.Select(Choose).ToList(),
            justifications.Select(explainer.Justify).ToList(),
            vigilances.Select(explainer.Justify).ToList());

        static Choice Choose(OptionScore o) => new(o.Option.Id, o.Option.Libelle);
    }

    private void Log(EvaluationResult result, TimeSpan elapsed)
    {
        if (!_logger.IsEnabled(LogLevel.Information))
        {
            return;
        }
        foreach (var s in result.Scenarios)
        {
            _logger.LogInformation(
                "Scénario {Rang} pour {TerritoireId} : pilotage {Pilotage}, modalités {Modalites}, lieux {Lieux}, objectifs {Objectifs}, score {Score}, convergence {Convergence}",
                s.Rang, result.Territoire.Id, s.Pilotage.Id, s.Modalites.Select(m => m.Id).ToArray(), s.Lieux.Id, s.Objectifs.Select(o => o.Id).ToArray(), s.Score, s.Convergence);
            if (!_logger.IsEnabled(LogLevel.Debug))
            {
                continue;
            }
            foreach (var j in s.Justifications)
            {
                _logger.LogDebug(
                    "Scénario {Rang} : règle {RuleName} ({Question}) → {Option}, effet {Effet}, poids {Poids}, indicateurs lus {Indicateurs}",
                    s.Rang, j.Regle, j.Question, j.Option, j.Effet, j.Poids, j.Indicateurs.ToDictionary(i => i.Id, i => i.Valeur));
            }
            foreach (var v in s.Vigilances)
            {
                _logger.LogDebug(
                    "Scénario {Rang} : point de vigilance {RuleName} ({Question}) contre {Option}, poids {Poids}",
                    s.Rang, v.Regle, v.Question, v.Option, v.Poids);
            }
        }
        _logger.LogInformation(
            "Évaluation de {TerritoireId} terminée : {NombreScenarios} scénario(s), {NombreAvertissements} avertissement(s), en {DureeMs} ms",
            result.Territoire.Id, result.Scenarios.Count, result.Avertissements.Count, Math.Round(elapsed.TotalMilliseconds, 2));
    }
}
