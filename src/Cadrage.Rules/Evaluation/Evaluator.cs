using System.Diagnostics;
using Cadrage.Rules.Explanations;
using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Output;
using Cadrage.Rules.Profiles;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cadrage.Rules.Evaluation;

/// <summary>
/// The evaluation pipeline, one way: profile → facts → rule runs → evidence per option → scenarios → explanation.
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
    public EvaluationResult Evaluate(RuleSet kb, TerritoryProfile profile, out IReadOnlyList<RuleRun> rules) =>
        Evaluate(kb, profile, ExplanationRequest.None, out rules);

    /// <summary>Evaluates, with the explanations asked for (pourquoi pas, contraste, contrefactuel, seuil le plus proche, sensibilité).</summary>
    /// <exception cref="EvaluationBudgetExceededException">When the evaluation runs out of its time budget.</exception>
    public EvaluationResult Evaluate(RuleSet kb, TerritoryProfile profile, ExplanationRequest explanations, out IReadOnlyList<RuleRun> rules)
    {
        var logging = _logger.IsEnabled(LogLevel.Critical);
        using var scope = logging ? _logger.BeginScope(new Dictionary<string, object> { ["TerritoireId"] = profile.Id, ["RuleSetVersion"] = kb.Version }) : null;
        var started = logging ? Stopwatch.GetTimestamp() : 0;
        _logger.LogInformation("Évaluation du territoire {TerritoireId} ({TerritoireNom}) avec la base de règles {RuleSetVersion}", profile.Id, profile.Nom, kb.Version);

        // The budget also holds inside rule expressions, and for the explanations' re-runs.
        using var deadline = EvaluationDeadline.Enter(_options.Budget, profile.Id);
        var decision = DecideWithinBudget(kb, profile);
        rules = decision.Runs;
        var result = Explain(kb, profile, decision);
        if (explanations.Wanted)
        {
            result = result with { Explications = new ExplanationEngine(kb, profile, decision, result).Explain(explanations) };
        }
        if (logging)
        {
            Log(result, Stopwatch.GetElapsedTime(started));
        }
        return result;
    }

    /// <summary>The decision alone, within the time budget of the options (the first step of every evaluation).</summary>
    /// <exception cref="EvaluationBudgetExceededException">When the evaluation runs out of its time budget.</exception>
    internal Decision DecideWithinBudget(RuleSet kb, TerritoryProfile profile)
    {
        // Inside an evaluation, the evaluation's deadline holds (a nested one never extends it).
        using var deadline = EvaluationDeadline.Enter(_options.Budget, profile.Id);
        var facts = ProfileFacts.Create(kb, profile);
        return Decide(kb, facts, RuleRunner.Run(kb, facts, _options.Budget, profile.Id));
    }

    /// <summary>
    /// The decision alone, without explanation: rule runs, evidence and scenarios (what explanation tools re-run
    /// for a changed profile or other parameter values; far cheaper than a full explained result).
    /// </summary>
    internal static Decision Decide(RuleSet kb, TerritoryProfile profile, double[]? values = null)
    {
        var facts = ProfileFacts.Create(kb, profile);
        return Decide(kb, facts, RuleRunner.Run(kb, facts, values ?? kb.ParameterValues));
    }

    /// <summary>
    /// The decision for a variant of an evaluated profile (explanations try many): only the rules that read a
    /// changed indicator (<paramref name="profile"/> and <paramref name="changed"/> given) or a changed parameter
    /// value (<paramref name="values"/> given) run again. The board and the scenarios depend only on which rules
    /// fired, so each distinct set of fired rules is decided once (<paramref name="byStates"/>), and the same
    /// set as the baseline's is the baseline's decision.
    /// </summary>
    internal static Decision Redecide(RuleSet kb, Decision baseline, TerritoryProfile? profile, IReadOnlySet<int>? changed, double[]? values, Dictionary<string, Decision> byStates)
    {
        var parameters = values ?? kb.ParameterValues;
        var affected = new SortedSet<int>();
        foreach (var index in changed ?? (IEnumerable<int>)[])
        {
            if (index >= 0)
            {
                affected.UnionWith(kb.Derived.RulesReadingIndicator[index]);
            }
        }
        if (values is not null)
        {
            foreach (var p in kb.ParameterList)
            {
                if (values[p.Index] != kb.ParameterValues[p.Index])
                {
                    affected.UnionWith(kb.Derived.RulesReadingParameter[p.Index]);
                }
            }
        }
        var facts = profile is null ? baseline.Facts : ProfileFacts.Create(kb, profile);
        var runs = RuleRunner.Rerun(kb, facts, baseline.Runs, baseline.Facts.Needs, [.. affected], parameters);
        if (runs is null)
        {
            // A rule of question 4 changed: the priorities may change, everything runs on fresh facts.
            facts = ProfileFacts.Create(kb, profile ?? baseline.Facts.Profile);
            runs = RuleRunner.Run(kb, facts, parameters);
        }
        // The board reads only which rules fired: the same fired rules make the same decision.
        var same = true;
        for (var i = 0; i < runs.Length && same; i++)
        {
            same = runs[i].State == RuleState.Fired == (baseline.Runs[i].State == RuleState.Fired);
        }
        if (same)
        {
            return baseline;
        }
        var states = string.Create(runs.Length, runs, static (span, r) =>
        {
            for (var i = 0; i < r.Length; i++)
            {
                span[i] = r[i].State == RuleState.Fired ? '1' : '0';
            }
        });
        if (!byStates.TryGetValue(states, out var decision))
        {
            decision = Decide(kb, facts, runs);
            byStates[states] = decision;
        }
        return decision;
    }

    private static Decision Decide(RuleSet kb, ProfileFacts facts, RuleRun[] runs)
    {
        var (board, drafts) = kb.Decisions.Decide(kb, runs);
        return new Decision(facts, runs, board, drafts);
    }

    /// <summary>From rule runs to the explained result (also used to re-explain a changed profile).</summary>
    internal static EvaluationResult Explain(RuleSet kb, TerritoryProfile profile, Decision decision)
    {
        var settings = kb.Scenarios;
        var (facts, runs, board, drafts) = decision;
        var explainer = new Explainer(kb, profile, facts);
        // The analysis reads the postures on the table: the retained one, or those of the leaders when they are tied.
        IReadOnlyList<OptionScore> postures = decision.Retained is { } retained ? [retained.Posture] : [.. decision.Leaders.Select(l => l.Posture).Distinct()];
        var answers = new AnswerFactory(kb, board, facts, postures);
        var priorities = facts.Priorities.Select(explainer.Priority).ToList();
        var needRules = facts.Priorities.SelectMany(n => n.Raised).Distinct().OrderBy(r => r.Index).ToList();
        var places = new PlaceNamer(kb, profile);
        var coverage = new PriorityCoverage(kb, facts, runs);
        // The option questions and the scenarios' answers read only the board and which indicators are stated (and
        // illustrative): kept per decision; the Quoi reads the priorities.
        var kept = DecisionMemo.KeyOf(decision);
        var scenarioAnswers = kb.Decisions.Answers(kept, drafts, answers);
        var scenarios = new List<Scenario>(drafts.Count);
        for (var i = 0; i < drafts.Count; i++)
        {
            var tiedWithFirst = i > 0 && drafts[i].Defining == drafts[0].Defining || i == 0 && drafts.Count > 1 && drafts[1].Defining == drafts[0].Defining;
            scenarios.Add(ExplainScenario(drafts[i], scenarioAnswers[i], i + 1, tiedWithFirst, board, answers, priorities, facts.Priorities, needRules, explainer, places, coverage));
        }
        var options = kb.Decisions.Evidence(kept, answers);
        var analyse = new List<QuestionEvidence>(QuestionIds.All.Count);
        foreach (var question in QuestionIds.All)
        {
            analyse.Add(question == QuestionIds.Besoins ? answers.Question(question) : options.First(o => o.Question == question));
        }

        // Every rule that reads a missing indicator is left unevaluated: the lists are known per rule set. An indicator
        // of another scale is not missing (its rules do not apply to this territory).
        var derived = kb.Derived;
        var missing = new List<MissingIndicator>();
        var warnings = new List<string>();
        for (var i = 0; i < derived.Missing.Length; i++)
        {
            if (facts.Lacking[i] && derived.Missing[i] is { } entry)
            {
                missing.Add(entry);
                warnings.Add(derived.MissingWarnings[i]!);
            }
        }
        var excluded = board.All.Where(o => o.Excluded)
            .Select(o => new ExcludedOption(o.Question, new Choice(o.Option.Id, o.Option.Libelle), o.Exclusions.Select(r => explainer.Justify(r)).ToList()))
            .ToList();
        foreach (var run in runs)
        {
            if (run.State == RuleState.Error)
            {
                warnings.Add($"Règle {French.Quote(run.Rule.Name)} ({run.Rule.File}) non évaluée : erreur à l'exécution ({run.Error}).");
            }
        }
        if (profile.Besoins.Count == 0)
        {
            warnings.Add("Aucun besoin issu du diagnostic : les priorités ne reposent que sur les règles lues sur le profil.");
        }
        if (scenarios.Count > 0 && scenarios.Count < settings.ScenariosMin)
        {
            warnings.Add(scenarios.Count == 1
                ? "Un seul scénario : aucune autre posture ni aucune autre géométrie n'est soutenue par les données ; plutôt que d'en inventer, l'outil n'en propose qu'un."
                : $"{scenarios.Count} scénarios seulement : les autres combinaisons de posture et de géométrie ne sont pas soutenues par les données.");
        }

        return new EvaluationResult(
            new TerritoryRef(profile.Id, profile.Nom, profile.Echelle, profile.Description),
            new RuleSetRef(kb.Version, kb.Rules.Count),
            Synthesis(scenarios, analyse),
            scenarios,
            analyse,
            facts.Needs.Select(explainer.Priority).ToList(),
            missing,
            excluded,
            warnings,
            kb.Derived.QuestionLabels,
            Portrait(kb, profile, explainer));
    }

    private static Scenario ExplainScenario(
        ScenarioDraft draft, DecidedAnswers decided, int rank, bool tied, ScoreBoard board, AnswerFactory answers, IReadOnlyList<Priority> priorities,
        IReadOnlyList<CrossedNeed> needs, IReadOnlyList<CompiledRule> needRules, Explainer explainer, PlaceNamer places, PriorityCoverage coverage)
    {
        var posture = draft.Posture;
        var geometry = draft.Geometry;
        var (pilotage, main, complements, modalites, objectifs) = decided;
        var besoins = answers.Question(QuestionIds.Besoins).Certitude;
        var geometryCertainty = decided.GeometryCertainty;
        var certitudes = new AnswerCertainties(
            pilotage.Certitude,
            decided.ModalitesCertainty,
            geometryCertainty,
            besoins,
            decided.ObjectifsCertainty);

        var chosen = new List<OptionScore> { posture };
        chosen.AddRange(draft.Modalites);
        chosen.Add(geometry.Main);
        chosen.AddRange(geometry.Complements);
        chosen.AddRange(draft.Objectifs);
        int supporting = needRules.Count, opposing = 0;
        foreach (var option in chosen)
        {
            supporting += option.For.Count;
            opposing += option.Against.Count;
        }
        var justifications = new List<Justification>(supporting);
        var vigilances = new List<Justification>(opposing);
        var seen = new HashSet<int>();
        foreach (var option in chosen)
        {
            foreach (var rule in option.For)
            {
                var counted = option.CountedFor.Contains(rule);
                justifications.Add(explainer.Justify(rule, counted));
                if (counted)
                {
                    AddAll(seen, rule.Indicators);
                }
            }
            foreach (var rule in option.Against)
            {
                vigilances.Add(explainer.Justify(rule, option.CountedAgainst.Contains(rule)));
            }
        }
        foreach (var rule in needRules)
        {
            justifications.Add(explainer.Justify(rule));
            AddAll(seen, rule.Indicators);
        }

        var coherence = new List<Coherence>();
        for (var i = 1; i < chosen.Count; i++)
        {
            var compat = board.Compatibility(posture, chosen[i]);
            AddCoherence(coherence, compat.Requirements, "exigence", explainer);
            AddCoherence(coherence, compat.Affinities, "affinite", explainer);
            AddCoherence(coherence, compat.Tensions, "tension", explainer);
        }
        foreach (var question in ExcludableQuestions)
        {
            // A supported option this posture excludes: the scenario says why it is absent.
            foreach (var option in board.Of(question))
            {
                if (option.Supported && !chosen.Contains(option))
                {
                    AddCoherence(coherence, board.Compatibility(posture, option).Incompatibilities, "exclusion", explainer);
                }
            }
        }

        var named = places.Name(geometry);
        var geometryAnswer = new Geometry(
            geometry.Main.Option.Id,
            geometry.Main.Option.Libelle,
            geometryCertainty,
            main,
            complements,
            named.Roles,
            named.Description);
        var label = draft.Title;
        var (retenu, statut) = rank == 1 ? (tied ? (false, "ex-aequo") : (true, "retenu")) : (false, tied ? "ex-aequo" : "alternative");
        return new Scenario(
            rank,
            retenu,
            statut,
            label,
            draft.Score,
            seen.Count,
            pilotage,
            modalites,
            geometryAnswer,
            priorities,
            objectifs,
            certitudes,
            justifications,
            vigilances,
            coherence,
            coverage.For(draft, needs));
    }

    /// <summary>The questions whose supported options a posture may exclude (a scenario says why they are absent).</summary>
    private static readonly string[] ExcludableQuestions = [QuestionIds.Modalites, QuestionIds.Lieux, QuestionIds.Objectifs];

    private static void AddCoherence(List<Coherence> coherence, List<CompiledRule> rules, string role, Explainer explainer)
    {
        foreach (var rule in rules)
        {
            coherence.Add(explainer.Coherence(rule, role));
        }
    }

    private static void AddAll(HashSet<int> set, IReadOnlyList<int> items)
    {
        for (var i = 0; i < items.Count; i++)
        {
            set.Add(items[i]);
        }
    }

    /// <summary>One paragraph that says what the tool decided and what it did not.</summary>
    private static string Synthesis(IReadOnlyList<Scenario> scenarios, IReadOnlyList<QuestionEvidence> analyse)
    {
        if (scenarios.Count == 0)
        {
            var undecided = analyse.Where(a => a.Question is QuestionIds.Pilotage or QuestionIds.Lieux && a.Certitude == Certitudes.NonTranchee).ToList();
            var data = undecided.SelectMany(a => a.DonneesAReunir).DistinctBy(d => d.Id).Select(d => d.Libelle).Take(8).ToList();
            return $"Non tranché : aucun scénario n'est proposé, car {(undecided.Count == 2 ? "ni la posture de pilotage ni la géométrie des lieux ne sont" : undecided.Any(a => a.Question == QuestionIds.Pilotage) ? "aucune posture de pilotage n'est" : "aucune géométrie des lieux n'est")} soutenue par les données du profil."
                + (data.Count > 0 ? $" Données à réunir : {French.List(data)}." : "");
        }
        var first = scenarios[0];
        var text = first.Retenu
            ? $"Scénario retenu : {first.Intitule} (posture {Word(first.Pilotage.Certitude)}{Illustrative(first.Pilotage)}, géométrie {Word(first.Lieux.Certitude)}{Illustrative(first.Lieux.Principale)}{WeakComplement(first.Lieux)})."
            : $"Non tranché entre {French.Count(scenarios.Count(s => s.Statut == "ex-aequo"), "scénario", "scénarios")} à égalité de preuves : {French.List(scenarios.Where(s => s.Statut == "ex-aequo").Select(s => s.Intitule).ToList())}.";
        var others = scenarios.Count(s => s.Statut == "alternative");
        if (others > 0)
        {
            text += $" {(others == 1 ? "Une autre voie, contrastée, est soutenue" : $"{others} autres voies, contrastées, sont soutenues")} par les données.";
        }
        return text;

        // A certainty capped because the lead rests on illustrative values says so: « posture fragile car fondée sur des valeurs illustratives ».
        static string Illustrative(Answer answer) => answer.Illustratifs switch
        {
            null => "",
            { Count: >= 2 } => " car fondée sur des valeurs illustratives",
            _ => " car fondée sur une valeur illustrative",
        };

        // A geometry made less certain than its main form by a complement names it and what competes with it.
        static string WeakComplement(Geometry g) => CertaintyReasons.WeakeningComplement(g) is { } reason ? " " + reason : "";

        static string Word(string certitude) => certitude switch
        {
            Certitudes.Etablie => "établie",
            Certitudes.Fragile => "fragile",
            _ => "non tranchée",
        };
    }

    private static IReadOnlyList<PortraitEntry> Portrait(RuleSet kb, TerritoryProfile profile, Explainer explainer)
    {
        var entries = new List<PortraitEntry>(profile.Indicateurs.Count);
        for (var i = 0; i < kb.Indicators.Count; i++)
        {
            var definition = kb.Indicators[i];
            if (!definition.Calcule && profile.Indicateurs.TryGetValue(definition.Id, out var value))
            {
                // The value's text is the one the rules' readings show: rendered once, when first read.
                entries.Add(new PortraitEntry(definition.Id, definition.Libelle, definition.Theme, value.Valeur, explainer.TextOf(i, value.Valeur),
                    value.Source ?? definition.Source, value.Millesime, value.Illustratif, definition.Levier));
            }
        }
        return entries;
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
                "Scénario {Rang} ({Statut}) pour {TerritoireId} : pilotage {Pilotage} ({CertitudePilotage}), modalités {Modalites}, lieux {Lieux} + {Complements} ({CertitudeLieux}), objectifs {Objectifs}, score {Score}, convergence {Convergence}",
                s.Rang, s.Statut, result.Territoire.Id, s.Pilotage.Id, s.Certitudes.Pilotage, s.Modalites.Select(m => m.Id).ToArray(), s.Lieux.Id,
                s.Lieux.Complements.Select(c => c.Id).ToArray(), s.Certitudes.Lieux, s.Objectifs.Select(o => o.Id).ToArray(), s.Score, s.Convergence);
            if (!_logger.IsEnabled(LogLevel.Debug))
            {
                continue;
            }
            foreach (var j in s.Justifications)
            {
                _logger.LogDebug(
                    "Scénario {Rang} : règle {RuleName} ({Question}) → {Option}, effet {Effet}, poids {Poids}, compte {Compte}, indicateurs lus {Indicateurs}",
                    s.Rang, j.Regle, j.Question, j.Option, j.Effet, j.Poids, j.Compte, j.Indicateurs.ToDictionary(i => i.Id, i => i.Texte));
            }
            foreach (var v in s.Vigilances)
            {
                _logger.LogDebug("Scénario {Rang} : point de vigilance {RuleName} ({Question}) contre {Option}, poids {Poids}", s.Rang, v.Regle, v.Question, v.Option, v.Poids);
            }
        }
        if (result.Scenarios.Count == 0)
        {
            _logger.LogInformation("Aucun scénario pour {TerritoireId} : {Synthese}", result.Territoire.Id, result.Synthese);
        }
        _logger.LogInformation(
            "Évaluation de {TerritoireId} terminée : {NombreScenarios} scénarios, {NombreAvertissements} avertissements, en {DureeMs} ms",
            result.Territoire.Id, result.Scenarios.Count, result.Avertissements.Count, Math.Round(elapsed.TotalMilliseconds, 2));
    }
}
