using Cadrage.Rules.Evaluation;
using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Output;
using Cadrage.Rules.Profiles;

namespace Cadrage.Rules.Explanations;

/// <summary>What a request asks to explain: a level, and options a consultant wants to hear about.</summary>
public sealed record ExplanationRequest(string Niveau, IReadOnlyList<(string Question, string Option)> Options)
{
    public static readonly ExplanationRequest None = new(ExplanationLevels.Aucune, []);

    public static readonly ExplanationRequest Full = new(ExplanationLevels.Completes, []);

    public bool Wanted => Niveau != ExplanationLevels.Aucune;

    /// <summary>Reads « question:option » requests (« pilotage:faire-faire »), in French errors when unknown.</summary>
    public static ExplanationRequest Parse(string? level, IEnumerable<string> options, RuleSet rules, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        var niveau = string.IsNullOrWhiteSpace(level) ? ExplanationLevels.Completes : level.Trim();
        if (!ExplanationLevels.All.Contains(niveau))
        {
            problems.Add($"niveau d'explications « {level} » inconnu : attendu {string.Join(" ou ", ExplanationLevels.All)}");
        }
        var asked = new List<(string, string)>();
        foreach (var text in options)
        {
            var parts = text.Split(':', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || !QuestionIds.WithOptions.Contains(parts[0]) || rules.Referentiel.FindOption(parts[0], parts[1]) is null)
            {
                problems.Add($"option « {text} » inconnue : écrivez question:option, par exemple pilotage:faire-faire ou lieux:itinerance");
                continue;
            }
            asked.Add((parts[0], parts[1]));
        }
        errors = problems;
        return new ExplanationRequest(asked.Count > 0 && niveau == ExplanationLevels.Aucune ? ExplanationLevels.Completes : niveau, asked);
    }
}

/// <summary>
/// The explanations of one evaluation (issue 14): pourquoi pas, contraste, contrefactuel, seuil le plus proche,
/// sensibilité aux données. Everything is computed on the same rules as the evaluation; every flip claimed is
/// re-evaluated before it is shown (other parameter values without building a rule set, other lever values on a
/// copy of the profile).
/// </summary>
internal sealed class ExplanationEngine(RuleSet kb, TerritoryProfile profile, Decision decision, EvaluationResult result)
{
    /// <summary>The answers a change is measured on (the Quoi follows from the data, not from a choice).</summary>
    private static readonly string[] Answered = [QuestionIds.Pilotage, QuestionIds.Modalites, QuestionIds.Lieux, QuestionIds.Objectifs];

    /// <summary>At most this many lever changes in one counterfactual, and this many variants shown.</summary>
    private const int MaxChanges = 3;
    private const int MaxVariants = 3;
    private const int MaxCandidates = 10;

    private readonly ConditionAnalyzer _analyzer = new(kb, decision.Facts, kb.ParameterValues);
    private readonly Explainer _explainer = new(kb, profile, decision.Facts);

    public ResultExplanations Explain(ExplanationRequest request)
    {
        var whyNot = WhyNot(request);
        var contrasts = Contrasts();
        var counterfactuals = Counterfactuals(request);
        var thresholds = NearestThresholds();
        var sensitivity = Sensitivity();
        var summary = new List<string>();
        summary.AddRange(thresholds.Select(t => t.Phrase));
        summary.AddRange(counterfactuals.Where(c => c.Trouve).Select(c => c.Phrase));
        summary.AddRange(sensitivity.Where(s => s.Robustesse != "robuste").Select(s => s.Phrase));
        return new ResultExplanations(request.Niveau, summary, whyNot, contrasts, counterfactuals, thresholds, sensitivity);
    }

    // ---- Pourquoi pas ---------------------------------------------------------------------------------------

    private List<WhyNot> WhyNot(ExplanationRequest request)
    {
        var list = new List<WhyNot>();
        var retained = decision.Retained;
        // With leaders tied, what any of them holds is in the balance, not set aside.
        var leaders = OnTheTable();
        foreach (var question in Answered)
        {
            var options = decision.Board.Of(question);
            var held = leaders.SelectMany(l => Held(l, question)).Distinct().ToList();
            var alternative = options.Where(o => !held.Contains(o)).OrderByDescending(o => o.Excluded ? double.NegativeInfinity : o.Net).ThenBy(o => o.Order).FirstOrDefault();
            var targets = new List<OptionScore>();
            if (alternative is not null)
            {
                targets.Add(alternative);
            }
            targets.AddRange(request.Options.Where(a => a.Question == question).Select(a => options.First(o => o.Option.Id == a.Option)).Where(o => !targets.Contains(o) && !held.Contains(o)));
            // The target would take the place of the weakest retained answer (the last of several modalités or
            // objectives): that is the one it is compared with, and a tie with it is a tie, not a loss to the strongest.
            var compared = held.OrderBy(o => o.Net).ThenByDescending(o => o.Order).FirstOrDefault();
            // A form the retained geometry holds as a complement is retained, not set aside: only not as the main form.
            var complements = retained is not null && question == QuestionIds.Lieux ? retained.Geometry.Complements : [];
            foreach (var target in targets)
            {
                // The retained posture excludes the option (« Faire » excludes « Déléguer »): that is why, whatever its evidence.
                if (retained is not null && question != QuestionIds.Pilotage && !target.Excluded
                    && decision.Board.Compatibility(retained.Posture, target) is { Incompatible: true } compatibility)
                {
                    list.Add(ExcludedByPosture(question, target, retained.Posture, compatibility));
                    continue;
                }
                list.Add(WhyNotOption(question, target, compared, tied: retained is null, complement: complements.Contains(target)));
            }
        }
        return list;
    }

    /// <summary>
    /// « Comment ? « Déléguer » n'est pas retenue avec la posture « Faire », qui l'écarte : Faire (en régie) exclut de
    /// déléguer l'action (3 points de preuve nette). » Not a tie to arbitrate: the posture decides it.
    /// </summary>
    private WhyNot ExcludedByPosture(string question, OptionScore target, OptionScore posture, CompatibilityScore compatibility)
    {
        var label = Label(question);
        var reasons = string.Join(" ; ", compatibility.Incompatibilities.Select(r => ExplanationText(r).TrimEnd('.')));
        var other = decision.Drafts.Select((d, i) => (Draft: d, Rank: i + 1)).FirstOrDefault(x => x.Draft.Posture != posture && Held(x.Draft, question).Contains(target));
        var elsewhere = other.Draft is not null
            ? $" Elle l'est dans le scénario {other.Rank} ({French.Quote(other.Draft.Posture.Option.Libelle)})."
            : "";
        var phrase = $"{label} {French.Quote(target.Option.Libelle)} n'est pas retenue avec la posture {French.Quote(posture.Option.Libelle)}, qui l'écarte : {reasons} ({Points(target.Net)} de preuve nette).{elsewhere}";
        var against = target.CountedAgainst.Concat(target.Exclusions).Select(r => ExplanationText(r)).ToList();
        return new WhyNot(question, label, null, Choose(target), 0, target.Net, [], against, phrase);
    }

    /// <summary>The scenarios whose answers are on the table: the retained one, or the leaders when they are tied.</summary>
    private IReadOnlyList<ScenarioDraft> OnTheTable() => decision.Retained is { } retained ? [retained] : decision.Leaders.ToList();

    private static IReadOnlyList<OptionScore> Held(ScenarioDraft s, string question) => question switch
    {
        QuestionIds.Pilotage => [s.Posture],
        QuestionIds.Lieux => [s.Geometry.Main],
        QuestionIds.Modalites => s.Modalites,
        _ => s.Objectifs,
    };

    /// <param name="retained">The answer the target is compared with: the retained scenario's, or with leaders tied
    /// (<paramref name="tied"/>) the best supported of theirs; null when no scenario answers the question.</param>
    /// <param name="complement">The retained scenario holds the target as a complementary form of its geometry.</param>
    private WhyNot WhyNotOption(string question, OptionScore target, OptionScore? retained, bool tied, bool complement = false)
    {
        var missed = new List<(MissedRule Rule, bool Statutory, double Cost, bool Near)>();
        foreach (var run in decision.Runs)
        {
            var rule = run.Rule;
            if (rule.Workflow != question || rule.Properties.Option != target.Option.Id || rule.Properties.Effet != RuleEffectKind.soutien || run.State == RuleState.Fired)
            {
                continue;
            }
            if (run.State == RuleState.MissingIndicator && rule.Indicators.Any(i => !decision.Facts.Present[i] && !decision.Facts.Lacking[i]))
            {
                continue; // it reads an indicator of another scale of territory: no rule this territory missed
            }
            if (run.State is RuleState.NotFired or RuleState.MissingIndicator && _analyzer.OutOfScale(rule))
            {
                continue; // its scale guard (nombre_communes against a literal) says it is written for another scale
            }
            var miss = Missed(run);
            if (miss.Cited)
            {
                missed.Add((miss.Rule, miss.Statutory, miss.Cost, miss.Near));
            }
        }
        // Nearest first: the rule with the fewest and smallest gaps, then the heaviest.
        missed.Sort((a, b) => a.Rule.Etat != b.Rule.Etat ? string.CompareOrdinal(a.Rule.Etat, b.Rule.Etat) : a.Cost != b.Cost ? a.Cost.CompareTo(b.Cost) : b.Rule.Poids.CompareTo(a.Rule.Poids));
        var against = target.CountedAgainst.Concat(target.Exclusions).Select(r => ExplanationText(r)).ToList();
        var label = Label(question);
        var net = $"{Points(target.Net)}";
        var even = retained is not null && Math.Round(target.Net - retained.Net, 2) == 0;
        var leads = retained is null && decision.Drafts.Count == 0 && target.Supported && decision.Board.Of(question).All(o => o == target || o.Net < target.Net);
        var phrase = target.Excluded
            ? $"{label} {French.Quote(target.Option.Libelle)} est écartée : {string.Join(" ; ", target.Exclusions.Select(r => ExplanationText(r)))}."
            : retained is null
                ? leads
                    // No scenario at all, yet this option leads its question: it is not « not retained », the recommendation waits for the rest.
                    ? $"{label} {French.Quote(target.Option.Libelle)} est en tête de sa question ({net} de preuve nette), mais aucun scénario n'est proposé, {(decision.Board.Of(QuestionIds.Pilotage).Any(p => p.Supported) ? "faute d'une posture et d'une géométrie soutenues ensemble" : "faute de posture soutenue")}."
                    : $"{label} {French.Quote(target.Option.Libelle)} n'est pas retenue : {net} de preuve nette, et {(decision.Drafts.Count == 0 ? "aucun scénario n'est proposé" : "aucun scénario ne retient d'option à cette question")}."
                : complement
                    ? even
                        ? $"{label} {French.Quote(target.Option.Libelle)} est retenue en complément, pas comme forme principale : elle est à égalité avec {French.Quote(retained.Option.Libelle)} ({Points(target.Net)} de preuve nette chacune)."
                        : $"{label} {French.Quote(target.Option.Libelle)} est retenue en complément, pas comme forme principale : {net} de preuve nette contre {Points(retained.Net)} pour {French.Quote(retained.Option.Libelle)}."
                    : even
                        ? $"{label} {French.Quote(target.Option.Libelle)} est à égalité avec {French.Quote(retained.Option.Libelle)} ({Points(target.Net)} de preuve nette chacune) : à arbitrer en comité de pilotage."
                        : $"{label} {French.Quote(target.Option.Libelle)} n'est pas retenue : {net} de preuve nette contre {Points(retained.Net)} pour {French.Quote(retained.Option.Libelle)}{(tied ? ", que tient l'un des scénarios à égalité en tête" : "")}.";
        // The nearest miss a territory could close: not a rule that asks for another status (« il faut Métropole de Lyon »),
        // nor one far from firing (« il faut plus de 50 000 habitants » for 19 533 is no near miss): the missed rules are listed anyway.
        var firstMissed = missed.FirstOrDefault(m => m.Rule.Etat == "non déclenchée" && !m.Statutory && m.Near).Rule;
        if (!target.Excluded && !leads && firstMissed is not null)
        {
            phrase += $" Au plus près : {firstMissed.Phrase}";
        }
        // An option that leads its question lacks no rule of its own: the rules it missed are no reason it is not held.
        return new WhyNot(question, label, retained is null || tied ? null : Choose(retained), Choose(target), retained?.Net ?? 0, target.Net, leads ? [] : missed.Select(m => m.Rule).ToList(), against, phrase);
    }

    /// <summary>
    /// A supporting rule that did not fire; whether what it lacks is a status of the territory (its type, its
    /// number of communes) or something already in place under another name (a CTG « to prepare » when one is
    /// signed); and how far it is (each condition to change counts one, plus its relative gap).
    /// </summary>
    /// <returns>Cited false when the rule is written for another kind of territory (a structural guard fails:
    /// « il faut Métropole de Lyon ») or asks for what is already in place: not a rule this territory missed.</returns>
    private (MissedRule Rule, bool Statutory, double Cost, bool Cited, bool Near) Missed(RuleRun run)
    {
        var rule = run.Rule;
        if (run.State == RuleState.MissingIndicator)
        {
            var absent = rule.Indicators.Where(i => !decision.Facts.Present[i]).Select(i => kb.Indicators[i].Libelle).ToList();
            return (new MissedRule(rule.Name, rule.Weight, "indicateur absent", absent.Select(a => $"indicateur absent : {French.Quote(a)} (à renseigner)").ToList(), rule.Properties.Statut,
                $"une règle {Weight(rule)} n'a pas pu être évaluée faute de {French.List(absent.Select(French.Quote).ToList())}."), false, 0, true, false);
        }
        if (run.State == RuleState.Error)
        {
            return (new MissedRule(rule.Name, rule.Weight, "erreur", [run.Error ?? "erreur à l'exécution"], rule.Properties.Statut, $"une règle {Weight(rule)} n'a pas pu être évaluée (erreur à l'exécution)."), false, 0, true, false);
        }
        var states = _analyzer.Missing(rule);
        var conditions = states.Select(c => c.Text).ToList();
        return (new MissedRule(rule.Name, rule.Weight, "non déclenchée", conditions, rule.Properties.Statut,
            $"une règle {Weight(rule)} ne s'est pas déclenchée : {string.Join(" ; et ", conditions)}."),
            states.Any(c => c.Statutory),
            states.Sum(c => 1 + c.Relative),
            !states.Any(c => c.Guard || c.ListIndicator is { } list && c.ListValue is { } value && HeldElsewhere(list, value)),
            states is [var only] && only.Relative <= (only.Gap is null ? ConditionAnalyzer.LeverRelative : NearMissRelativeGap));
    }

    /// <summary>A threshold missed by more than a quarter of its value is no near miss (« Au plus près »).</summary>
    private const double NearMissRelativeGap = 0.25;

    /// <summary>
    /// The value is already held by another lever list of the profile, whatever its case (« ctg » wanted among the
    /// démarches en préparation while « CTG » is among the conventions en cours): nothing left to prepare.
    /// </summary>
    private bool HeldElsewhere(string list, string value) =>
        kb.Indicators.Any(i => i.Levier && i.Type == IndicatorType.liste && i.Id != list
            && profile.Indicateurs.TryGetValue(i.Id, out var v) && v.Valeur is string[] held && held.Contains(value, StringComparer.OrdinalIgnoreCase));

    private static string Weight(CompiledRule rule) => $"de poids {FrenchFormat.Number(rule.Weight)} ({rule.Properties.Statut})";

    // ---- Contraste ------------------------------------------------------------------------------------------

    private List<ScenarioContrast> Contrasts()
    {
        var list = new List<ScenarioContrast>();
        if (decision.Drafts.Count < 2)
        {
            return list;
        }
        var first = decision.Drafts[0];
        for (var k = 1; k < decision.Drafts.Count; k++)
        {
            var other = decision.Drafts[k];
            var questions = new List<QuestionContrast>();
            Compare(QuestionIds.Pilotage, [first.Posture], [other.Posture]);
            Compare(QuestionIds.Modalites, first.Modalites, other.Modalites);
            Compare(QuestionIds.Lieux, [first.Geometry.Main, .. first.Geometry.Complements], [other.Geometry.Main, .. other.Geometry.Complements]);
            Compare(QuestionIds.Objectifs, first.Objectifs, other.Objectifs);
            var difference = Math.Round(questions.Sum(q => q.Net1 - q.NetAutre), 2);
            var scenario = result.Scenarios[k];
            var on = French.List(questions.Select(q => French.Quote(q.LibelleQuestion)).ToList());
            // A question where both answers have the same net evidence is no question won: it is said tied.
            var won = questions.Where(q => Math.Round(q.Net1 - q.NetAutre, 2) > 0).ToList();
            var even = questions.Where(q => Math.Round(q.Net1 - q.NetAutre, 2) == 0).ToList();
            var lost = questions.Where(q => Math.Round(q.Net1 - q.NetAutre, 2) < 0).ToList();
            var rest = (even.Count > 0 ? $" ; à égalité sur {French.List(even.Select(q => French.Quote(q.LibelleQuestion)).ToList())}" : "")
                + (lost.Count > 0 ? $" ; le scénario {k + 1} a plus de preuve sur {French.List(lost.Select(q => French.Quote(q.LibelleQuestion)).ToList())}" : "");
            var defining = Math.Round(first.Defining - other.Defining, 2);
            var phrase = (defining, difference) switch
            {
                ( <= 0, _) => $"Les scénarios 1 et {k + 1} ({scenario.Intitule}) sont à égalité sur ce qui définit un scénario, qui pilote et où : la preuve ne permet pas de retenir l'un plutôt que l'autre ; ils diffèrent sur {on}.",
                // The whole geometry counts here; when the complements change the gap, the gap that ranks is said too.
                (_, > 0) => $"Le scénario 1 l'emporte sur le scénario {k + 1} ({scenario.Intitule}) de {Points(difference)} de preuve nette, sur {French.Count(won.Count, "question", "questions")} : {French.List(won.Select(q => French.Quote(q.LibelleQuestion)).ToList())}{rest}"
                    + (defining == difference ? "." : $" ; sur ce qui fixe le rang, la posture et la forme principale du où, l'écart est de {Points(defining)}."),
                _ => $"Le scénario 1 l'emporte sur le scénario {k + 1} ({scenario.Intitule}) de {Points(defining)} sur ce qui définit un scénario, qui pilote et où, même si, toutes questions confondues ({on}), le scénario {k + 1} cumule {(difference == 0 ? "autant de preuve nette" : $"{Points(-difference)} de preuve nette de plus")}.",
            };
            list.Add(new ScenarioContrast(k + 1, scenario.Intitule, questions, difference, phrase));

            void Compare(string question, IReadOnlyList<OptionScore> a, IReadOnlyList<OptionScore> b)
            {
                var onlyA = a.Where(o => !b.Contains(o)).ToList();
                var onlyB = b.Where(o => !a.Contains(o)).ToList();
                if (onlyA.Count == 0 && onlyB.Count == 0)
                {
                    return;
                }
                var netA = Math.Round(onlyA.Sum(o => o.Net), 2);
                var netB = Math.Round(onlyB.Sum(o => o.Net), 2);
                var label = Label(question);
                var choiceA = new Choice(string.Join('+', onlyA.Select(o => o.Option.Id)), French.List(onlyA.Select(o => o.Option.Libelle).ToList()));
                var choiceB = new Choice(string.Join('+', onlyB.Select(o => o.Option.Id)), French.List(onlyB.Select(o => o.Option.Libelle).ToList()));
                questions.Add(new QuestionContrast(question, label, choiceA, choiceB, netA, netB,
                    onlyA.SelectMany(o => o.CountedFor).Select(r => ExplanationText(r)).ToList(),
                    onlyB.SelectMany(o => o.CountedFor).Select(r => ExplanationText(r)).ToList(),
                    netA == netB && onlyA.Count > 0 && onlyB.Count > 0
                        ? $"{label} {French.Quote(choiceA.Libelle)} dans le scénario 1, {French.Quote(choiceB.Libelle)} dans le scénario {k + 1} : à égalité ({Points(netA)} chacune), à arbitrer en comité de pilotage."
                    : choiceB.Libelle.Length == 0 ? $"{label} {French.Quote(choiceA.Libelle)} ({Points(netA)}) dans le scénario 1, que le scénario {k + 1} ne retient pas."
                    : choiceA.Libelle.Length == 0 ? $"{label} {French.Quote(choiceB.Libelle)} ({Points(netB)}) dans le scénario {k + 1}, que le scénario 1 ne retient pas."
                    : $"{label} {French.Quote(choiceA.Libelle)} ({Points(netA)}) dans le scénario 1, {French.Quote(choiceB.Libelle)} ({Points(netB)}) dans le scénario {k + 1}."));
            }
        }
        return list;
    }

    // ---- Contrefactuel --------------------------------------------------------------------------------------

    /// <param name="Difference">What keeps the target behind when no lever suffices, in words.</param>
    private sealed record Target(string Id, string Label, Func<Decision, bool> Wins, Func<Decision, double> Progress, string Difference);

    private List<Counterfactual> Counterfactuals(ExplanationRequest request)
    {
        var targets = new List<Target>();
        for (var k = 1; k < decision.Drafts.Count; k++)
        {
            var draft = decision.Drafts[k];
            var (posture, main) = (draft.Posture.Option.Id, draft.Geometry.Main.Option.Id);
            targets.Add(new Target($"scenario:{k + 1}", $"le scénario {k + 1} ({result.Scenarios[k].Intitule})",
                d => d.Retained is { } r && r.Posture.Option.Id == posture && r.Geometry.Main.Option.Id == main,
                d => Net(d, posture) + Net(d, main) - (d.Drafts.Count == 0 ? 0 : d.Drafts[0].Defining),
                // Tied at the top, it is already on the table: a lever would only break the tie in its favour.
                draft.Defining == decision.Drafts[0].Defining ? TiedAtTheTop : Difference(decision.Drafts[0], draft.Posture, draft.Geometry.Main)));
        }
        // With leaders tied, what any of them holds is already an answer on the table: never proposed as a change.
        var leaders = OnTheTable();
        bool HeldByLeaders(string question, string option) => leaders.Any(l => Held(l, question).Any(o => o.Option.Id == option));
        foreach (var question in new[] { QuestionIds.Pilotage, QuestionIds.Lieux })
        {
            var best = decision.Board.Of(question).Where(o => !HeldByLeaders(question, o.Option.Id) && !o.Excluded).OrderByDescending(o => o.Net).ThenBy(o => o.Order).FirstOrDefault();
            if (best is not null)
            {
                targets.Add(OptionTarget(question, best.Option.Id));
            }
        }
        foreach (var (question, option) in request.Options)
        {
            if (!targets.Any(t => t.Id == $"{question}:{option}") && !decision.Holds(question, option) && !HeldByLeaders(question, option))
            {
                targets.Add(OptionTarget(question, option));
            }
        }
        var candidates = LeverChanges();
        var searched = targets.DistinctBy(t => t.Id).Select(t => Search(t, candidates)).ToList();
        var requested = request.Options.Select(o => $"{o.Question}:{o.Option}").ToHashSet(StringComparer.Ordinal);
        var said = Once(searched, requested).Select(Said).ToList();
        return UnreachedTogether(said, searched);
    }

    /// <summary>
    /// Targets no lever reaches for the same reason are said in one sentence (« ne fait retenir ni le scénario 2 ni
    /// « Faire » ») rather than once each with the same words: each keeps its entry, for the caller asking about one
    /// option, with the shared sentence, and the outputs say a sentence once.
    /// </summary>
    private static List<Counterfactual> UnreachedTogether(List<Counterfactual> said, List<Searched> searched)
    {
        var difference = searched.ToDictionary(s => s.Target.Id, s => s.Target.Difference, StringComparer.Ordinal);
        var groups = said.Where(c => !c.Trouve).GroupBy(c => difference[c.Cible], StringComparer.Ordinal).ToList();
        if (groups.Count == 0)
        {
            return said;
        }
        var phrase = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var labels = group.Select(c => c.Libelle).ToList();
            var named = labels.Count == 1 ? labels[0] : "ni " + string.Join(" ni ", labels);
            foreach (var c in group)
            {
                phrase[c.Cible] = $"Aucun levier du territoire, même {MaxChanges} à la fois, ne fait retenir {named} : {group.Key}.";
            }
        }
        return said.Select(c => phrase.TryGetValue(c.Cible, out var p) ? c with { Phrase = p } : c).ToList();
    }

    /// <summary>What the search found for one target: the verified variants (levers, or else losses) and the targets said with it.</summary>
    /// <param name="SameAs">A target asked for by name whose variants an earlier target already gives: said by reference to it.</param>
    private sealed record Searched(Target Target, List<CounterfactualVariant> Variants, bool Levers, List<Target> Along, Target? SameAs = null);

    /// <summary>
    /// A variant is said once. The same change often makes two targets retained (without its CTG, Nevers would retain
    /// scenario 2, whose posture is « Faire »): the later target is said with the first one, and keeps only the variants
    /// the first does not already give; a target its companion implies (the posture or main form of that scenario) is not
    /// named again. A target asked for by name keeps its own entry (and its variants, for the caller who asked), its
    /// sentence referring to the first one instead of repeating the change.
    /// </summary>
    private List<Searched> Once(List<Searched> searched, HashSet<string> requested)
    {
        var kept = new List<Searched>(searched.Count);
        foreach (var s in searched)
        {
            if (s.Variants.Count == 0)
            {
                kept.Add(s);
                continue;
            }
            var first = kept.FirstOrDefault(k => k.Variants.Count > 0 && k.Levers == s.Levers && k.Variants.Any(v => Key(v) == Key(s.Variants[0])));
            if (first is null)
            {
                kept.Add(s);
                continue;
            }
            var known = first.Variants.Select(Key).ToHashSet(StringComparer.Ordinal);
            var others = s.Variants.Where(v => !known.Contains(Key(v))).ToList();
            if (requested.Contains(s.Target.Id))
            {
                // Its own variants beyond the first target's; or, when it has none, the shared change once more for the
                // caller who asked (the sentence refers to the first target, the variants listed under it are not repeated).
                kept.Add(others.Count > 0 ? s with { Variants = others } : s with { Variants = [s.Variants[0]], SameAs = first.Target });
                continue;
            }
            if (!Implies(first.Target, s.Target))
            {
                first.Along.Add(s.Target);
            }
            if (others.Count > 0)
            {
                kept.Add(s with { Variants = others });
            }
        }
        return kept;

        static string Key(CounterfactualVariant v) => string.Join('|', v.Changements.Select(c => c.Indicateur + "=" + c.Apres).Order(StringComparer.Ordinal));
    }

    /// <summary>Whether retaining <paramref name="first"/> says <paramref name="other"/> too: a scenario and its posture or main form.</summary>
    private bool Implies(Target first, Target other)
    {
        if (!first.Id.StartsWith("scenario:", StringComparison.Ordinal)
            || !int.TryParse(first.Id["scenario:".Length..], System.Globalization.CultureInfo.InvariantCulture, out var rank) || rank < 1 || rank > decision.Drafts.Count)
        {
            return false;
        }
        var draft = decision.Drafts[rank - 1];
        return other.Id == $"{QuestionIds.Pilotage}:{draft.Posture.Option.Id}" || other.Id == $"{QuestionIds.Lieux}:{draft.Geometry.Main.Option.Id}";
    }

    private Target OptionTarget(string question, string option)
    {
        var label = kb.Referentiel.FindOption(question, option)!.Libelle;
        // Held as a complement of the retained geometry: what is asked is to make it the main form.
        var complement = question == QuestionIds.Lieux && OnTheTable().Any(l => l.Geometry.Complements.Any(c => c.Option.Id == option));
        // With leaders tied, what separates the target from them is read on the first of them (the scenario targets
        // do the same): « Faire » behind tied « Faire avec » scenarios differs by who pilots, not by the territory's structure.
        var retained = decision.Retained ?? decision.Drafts.FirstOrDefault();
        var target = decision.Board.Find(option);
        var difference = retained is null || target is null ? StructureOnly
            : question == QuestionIds.Pilotage ? Difference(retained, target, retained.Geometry.Main)
            : question == QuestionIds.Lieux ? Difference(retained, retained.Posture, target)
            : StructureOnly;
        return new Target($"{question}:{option}", $"{French.Quote(label)}{(complement ? " comme forme principale" : "")} ({Label(question)})",
            d => d.Holds(question, option),
            d =>
            {
                var others = d.Board.Of(question).Where(o => o.Option.Id != option && !o.Excluded).Select(o => o.Net).DefaultIfEmpty(0).Max();
                return Net(d, option) - others;
            },
            difference);
    }

    private const string StructureOnly = "la différence tient à la structure du territoire";

    private const string TiedAtTheTop = "il est déjà à égalité en tête et aucun levier ne le départage des autres : le choix revient au comité de pilotage";

    /// <summary>
    /// What separates the retained scenario from another posture and main form, in words: the posture (qui pilote),
    /// the geometry (où) or both; a posture preferred is said to rest on what the indicators of its rules read
    /// (compétences, outils en place), a geometry on the structure of the territory.
    /// </summary>
    private string Difference(ScenarioDraft retained, OptionScore posture, OptionScore main)
    {
        var byPosture = retained.Posture.Option.Id != posture.Option.Id;
        var byGeometry = retained.Geometry.Main.Option.Id != main.Option.Id;
        // Equal evidence is no preference: said as a tie (practitioner review 8: « « Faire avec » (2 points) plutôt que
        // « Inciter à faire » (2 points), une préférence »).
        var who = retained.Posture.Net == posture.Net
            ? $"{French.Quote(retained.Posture.Option.Libelle)} et {French.Quote(posture.Option.Libelle)} à égalité ({Points(posture.Net)} de preuve nette chacune), le choix revenant au comité de pilotage"
            : $"{French.Quote(retained.Posture.Option.Libelle)} ({Points(retained.Posture.Net)} de preuve nette) plutôt que {French.Quote(posture.Option.Libelle)} ({Points(posture.Net)})";
        var where = retained.Geometry.Main.Net == main.Net
            ? $"{French.Quote(retained.Geometry.Main.Option.Libelle)} et {French.Quote(main.Option.Libelle)} à égalité ({Points(main.Net)} de preuve nette chacune)"
            : $"{French.Quote(retained.Geometry.Main.Option.Libelle)} ({Points(retained.Geometry.Main.Net)} de preuve nette) plutôt que {French.Quote(main.Option.Libelle)} ({Points(main.Net)})";
        var read = retained.Posture.CountedFor.SelectMany(rule => rule.Indicators).Distinct().ToList();
        var grounds = read.Where(i => kb.Indicators[i].Levier).Select(i => French.Quote(kb.Indicators[i].Libelle)).Take(3).ToList();
        var profileToo = read.Any(i => !kb.Indicators[i].Levier);
        var restsOn = retained.Posture.Net == posture.Net ? ""
            : grounds.Count > 0 ? $", une préférence qui tient à ce qui est en place ({French.List(grounds)}){(profileToo ? " et au profil du territoire" : "")}"
            : read.Count > 0 ? ", une préférence qui tient au profil du territoire" : "";
        return (byPosture, byGeometry) switch
        {
            (true, false) => $"la différence tient à qui pilote, non à la géométrie, {who}{restsOn}",
            (false, true) => $"la différence tient à la géométrie, {where}, donc à la structure du territoire",
            (true, true) => $"la différence tient à la fois à qui pilote, {who}{restsOn}, et à la géométrie, {where}",
            _ => StructureOnly,
        };
    }

    private static double Net(Decision d, string option) => d.Board.Find(option) is { } o ? (o.Excluded ? -1000 : o.Net) : 0;

    /// <summary>
    /// One change of one lever indicator (catalogue « levier »), applied to a copy of the profile. <paramref name="Gain"/>:
    /// something a territory can do (sign, exercise, prepare, measure, add staff); otherwise a loss (give up a
    /// competence, un-sign a convention, cut staff), never offered as a lever, only said as what the answer rests on.
    /// </summary>
    private sealed record LeverChange(IndicatorDefinition Indicator, object? Value, string Before, string After, bool Gain);

    private List<LeverChange> LeverChanges()
    {
        var changes = new List<LeverChange>();
        // A lever out of the territory's reach is none either (catalogue « leviersSousCondition »): a commune creates
        // no CIAS, a métropole takes no « action sociale d'intérêt communautaire ».
        var typeEpci = profile.Indicateurs.TryGetValue(CatalogValidator.EpciTypeId, out var type) ? type.Valeur as string : null;
        double? population = profile.Indicateurs.TryGetValue(CatalogValidator.PopulationId, out var inhabitants) && inhabitants.Valeur is double p ? p : null;
        bool Reachable(IndicatorDefinition indicator, string? value) => indicator.CanBeGained(value, profile.Echelle, typeEpci, population);
        // A lever of another scale of territory is none here (a commune exercises no intercommunal competence).
        foreach (var indicator in kb.Indicators.Where(i => i.Levier && !i.Calcule && i.AppliesTo(profile.Echelle)))
        {
            profile.Indicateurs.TryGetValue(indicator.Id, out var current);
            var before = current is null ? Unknown : Explainer.Text(indicator, current.Valeur);
            switch (indicator.Type)
            {
                case IndicatorType.liste when indicator.Valeurs is { } values:
                    var list = current?.Valeur as string[] ?? [];
                    foreach (var v in values)
                    {
                        if (!indicator.IsLeverValue(v.Id) || !list.Contains(v.Id) && HeldElsewhere(indicator.Id, v.Id))
                        {
                            // A CTG to prepare while one is signed: nothing to do. A CRTE, which every territory has, is
                            // neither to sign nor to lose: no answer « rests on » it either.
                            continue;
                        }
                        if (!list.Contains(v.Id) && !Reachable(indicator, v.Id))
                        {
                            continue;
                        }
                        var next = list.Contains(v.Id) ? list.Where(x => x != v.Id).ToArray() : [.. list, v.Id];
                        changes.Add(new LeverChange(indicator, next, before, list.Contains(v.Id) ? $"{Dropped}{French.Quote(v.Libelle)}" : $"comptait {French.Quote(v.Libelle)}", !list.Contains(v.Id)));
                    }
                    // An unstated list is no loss to search (« si … était renseigné sans valeur … repose sur ce qui est en
                    // place » said of a territory that states nothing): what missing data would change is the robustness's part.
                    break;
                case IndicatorType.booleen:
                    foreach (var b in new[] { true, false })
                    {
                        if (current?.Valeur is bool cb && cb == b || b && !Reachable(indicator, null))
                        {
                            continue;
                        }
                        changes.Add(new LeverChange(indicator, b, before, b ? "devenait oui" : "devenait non", b));
                    }
                    break;
                case IndicatorType.nombre or IndicatorType.entier:
                    foreach (var v in Thresholds(indicator))
                    {
                        if (current?.Valeur is double d && d == v)
                        {
                            continue;
                        }
                        var gain = current?.Valeur is not double now || v > now;
                        if (gain && !Reachable(indicator, null))
                        {
                            continue;
                        }
                        changes.Add(new LeverChange(indicator, v, before, "passait à " + FrenchFormat.WithUnit(v, indicator.Unite, indicator.UnitePluriel), gain));
                    }
                    break;
            }
        }
        return changes;
    }

    /// <summary>The values of a numeric indicator at which some rule's comparison changes: each threshold and the value just below.</summary>
    private IEnumerable<double> Thresholds(IndicatorDefinition indicator)
    {
        var index = kb.IndicatorIndex[indicator.Id];
        var step = indicator.Type == IndicatorType.entier ? 1 : 0.1;
        var values = new SortedSet<double>();
        foreach (var rule in kb.Derived.RulesReadingIndicator[index])
        {
            // The thresholds this indicator is compared with, not every parameter of the rule (nor a statistical guard).
            foreach (var name in _analyzer.ParametersComparedWith(kb.Rules[rule], indicator.Id).Distinct())
            {
                var t = kb.Parameters[name].Value;
                values.Add(t);
                values.Add(Math.Round(t - step, 4));
            }
        }
        return values.Where(v => v >= (indicator.Min ?? 0) && v <= (indicator.Max ?? double.MaxValue));
    }

    private Searched Search(Target target, List<LeverChange> candidates)
    {
        if (target.Wins(decision))
        {
            return new Searched(target, [], true, []);
        }
        // Levers first: only what a territory can do. Gains and losses are never mixed in one proposal (« sign the
        // CRTE and give up the action sociale » is no recommendation); losses are searched only when no lever
        // suffices, and said as what today's answer rests on.
        var variants = Variants(target, candidates.Where(c => c.Gain).ToList());
        var levers = variants.Count > 0;
        if (!levers)
        {
            variants = Variants(target, candidates.Where(c => !c.Gain).ToList());
        }
        return new Searched(target, variants, levers, []);
    }

    /// <summary>The counterfactual of a target in words, with the targets the same change makes retained too.</summary>
    private Counterfactual Said(Searched searched)
    {
        var (target, variants, levers, along, sameAs) = searched;
        if (target.Wins(decision))
        {
            return new Counterfactual(target.Id, target.Label, true, [], $"{FrenchFormat.Capitalized(target.Label)} est déjà retenu.");
        }
        if (variants.Count == 0)
        {
            // Phrased with the other targets no lever reaches (UnreachedTogether).
            return new Counterfactual(target.Id, target.Label, false, [], "");
        }
        if (sameAs is not null)
        {
            return new Counterfactual(target.Id, target.Label, true, variants,
                $"{FrenchFormat.Capitalized(target.Label)} serait retenu par le même changement que {sameAs.Label} (vérifié par une nouvelle évaluation).");
        }
        var first = variants[0];
        var verified = $"vérifié par une nouvelle évaluation{(variants.Count > 1 ? $" ; {French.Count(variants.Count - 1, "autre variante", "autres variantes")} de même taille" : "")}";
        var (label, retained) = along.Count == 0
            ? (target.Label, "serait retenu")
            : ($"{target.Label} et {French.List(along.Select(t => t.Label).ToList())}", "seraient retenus");
        return new Counterfactual(target.Id, target.Label, true, variants, levers
            ? $"{FrenchFormat.Capitalized(label)} {retained} si {ChangeSentence(first)} ({verified})."
            : $"{FrenchFormat.Capitalized(LossSentence(first))}, {label} {retained} ({verified}) : la recommandation actuelle repose sur ce qui est en place, ce n'est pas un levier à actionner.");
    }

    /// <summary>The smallest sets of changes among <paramref name="candidates"/> that make the target retained, verified.</summary>
    private List<CounterfactualVariant> Variants(Target target, List<LeverChange> candidates)
    {
        var baseline = target.Progress(decision);
        // Single changes that move the target forward, best first: the only ones worth combining.
        var improving = new List<(LeverChange Change, double Progress)>();
        var variants = new List<CounterfactualVariant>();
        foreach (var change in candidates)
        {
            var d = Decide([change]);
            if (target.Wins(d))
            {
                variants.Add(Variant([change], d));
                continue;
            }
            var progress = target.Progress(d);
            if (progress > baseline)
            {
                improving.Add((change, progress));
            }
        }
        var pool = improving.OrderByDescending(x => x.Progress).Take(MaxCandidates).Select(x => x.Change).ToList();
        for (var size = 2; variants.Count == 0 && size <= MaxChanges; size++)
        {
            foreach (var combination in Combinations(pool, size))
            {
                if (combination.Select(c => c.Indicator.Id).Distinct().Count() < combination.Count && !combination.All(c => c.Indicator.Type == IndicatorType.liste))
                {
                    continue;
                }
                var merged = Merge(combination);
                if (merged is null || AddsTwice(combination))
                {
                    continue;
                }
                var d = Decide(merged);
                if (target.Wins(d))
                {
                    variants.Add(Variant(merged, d));
                    if (variants.Count >= MaxVariants)
                    {
                        break;
                    }
                }
            }
        }
        return variants.Take(MaxVariants).ToList();
    }

    /// <summary>
    /// Losses in words, as what the answer rests on: « sans « CTG » et « CRTE » parmi les conventions en cours »,
    /// « sans « Démarche participative existante » », « avec « Ingénierie interne » à 0,9 ETP (aujourd'hui 12 ETP) ».
    /// </summary>
    private static string LossSentence(CounterfactualVariant variant) =>
        French.List(variant.Changements.Select(c =>
            c.Apres.StartsWith(Dropped, StringComparison.Ordinal) ? $"sans {c.Apres[Dropped.Length..]} parmi les {char.ToLowerInvariant(c.Libelle[0])}{c.Libelle[1..]}"
            : c.Apres == "devenait non" ? $"sans {French.Quote(c.Libelle)}"
            : c.Apres.StartsWith("passait à ", StringComparison.Ordinal) ? $"avec {French.Quote(c.Libelle)} à {c.Apres["passait à ".Length..]} (aujourd'hui {c.Avant})"
            : $"si {French.Quote(c.Libelle)} {c.Apres}").ToList());

    /// <summary>Several changes of one list indicator merge into one value (add two conventions at once).</summary>
    private IReadOnlyList<LeverChange>? Merge(IReadOnlyList<LeverChange> changes)
    {
        var merged = new List<LeverChange>();
        foreach (var group in changes.GroupBy(c => c.Indicator.Id))
        {
            var items = group.ToList();
            if (items.Count == 1)
            {
                merged.Add(items[0]);
                continue;
            }
            if (items[0].Indicator.Type != IndicatorType.liste)
            {
                return null;
            }
            var start = profile.Indicateurs.TryGetValue(group.Key, out var current) && current.Valeur is string[] list ? list.ToHashSet() : [];
            foreach (var item in items)
            {
                var after = (string[])item.Value!;
                var before = current?.Valeur as string[] ?? [];
                foreach (var added in after.Except(before))
                {
                    start.Add(added);
                }
                foreach (var removed in before.Except(after))
                {
                    start.Remove(removed);
                }
            }
            merged.Add(new LeverChange(items[0].Indicator, start.Order(StringComparer.Ordinal).ToArray(), items[0].Before, French.List(items.Select(i => i.After).ToList()).Replace(" et perdait ", " et ").Replace(" et comptait ", " et "), items.All(i => i.Gain)));
        }
        return merged;
    }

    /// <summary>One value added to two lists at once (sign the CRTE and prepare it): not one proposal.</summary>
    private bool AddsTwice(IReadOnlyList<LeverChange> changes) =>
        changes.Where(c => c.Gain && c.Value is string[]).SelectMany(c => Added(c)).GroupBy(v => v, StringComparer.OrdinalIgnoreCase).Any(g => g.Count() > 1);

    private IEnumerable<string> Added(LeverChange change) =>
        ((string[])change.Value!).Except(profile.Indicateurs.TryGetValue(change.Indicator.Id, out var v) && v.Valeur is string[] before ? before : []);

    private static IEnumerable<List<LeverChange>> Combinations(List<LeverChange> pool, int size)
    {
        var indices = Enumerable.Range(0, size).ToArray();
        if (pool.Count < size)
        {
            yield break;
        }
        while (true)
        {
            yield return indices.Select(i => pool[i]).ToList();
            var k = size - 1;
            while (k >= 0 && indices[k] == pool.Count - size + k)
            {
                k--;
            }
            if (k < 0)
            {
                yield break;
            }
            indices[k]++;
            for (var j = k + 1; j < size; j++)
            {
                indices[j] = indices[j - 1] + 1;
            }
        }
    }

    /// <summary>Decisions already computed for a set of changes: every target tries the same single changes.</summary>
    private readonly Dictionary<string, Decision> _decided = new(StringComparer.Ordinal);

    /// <summary>Decisions by the states of every rule (see <see cref="Evaluator.Redecide"/>).</summary>
    private readonly Dictionary<string, Decision> _byRuns = new(StringComparer.Ordinal);

    private Decision Decide(IReadOnlyList<LeverChange> changes)
    {
        var key = string.Join('|', changes.Select(c => c.Indicator.Id + "=" + ValueKey(c.Value)).Order(StringComparer.Ordinal));
        if (!_decided.TryGetValue(key, out var decided))
        {
            decided = DecideUncached(changes);
            _decided[key] = decided;
        }
        return decided;
    }

    private static string ValueKey(object? value) => value switch
    {
        string[] list => "[" + string.Join(',', list.Order(StringComparer.Ordinal)) + "]",
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        bool b => b ? "oui" : "non",
        _ => value?.ToString() ?? "",
    };

    private Decision DecideUncached(IReadOnlyList<LeverChange> changes)
    {
        var indicators = new Dictionary<string, IndicatorValue>(profile.Indicateurs, StringComparer.Ordinal);
        foreach (var change in changes)
        {
            indicators[change.Indicator.Id] = new IndicatorValue(change.Value!, "hypothèse du contrefactuel", null);
        }
        return Evaluator.Redecide(kb, decision, profile.WithIndicators(indicators), changes.Select(c => kb.IndicatorIndex[c.Indicator.Id]).ToHashSet(), null, _byRuns);
    }


    /// <summary>« « Conventions en cours » comptait aussi « CRTE » et « Ingénierie » passait à 3 ETP ».</summary>
    /// <summary>The changes of a variant in words; a value the profile does not state is said to be unknown today.</summary>
    public static string ChangeSentence(CounterfactualVariant variant) =>
        French.List(variant.Changements.Select(c => c.Avant == Unknown ? $"{French.Quote(c.Libelle)}, aujourd'hui {Unknown}, {c.Apres}" : $"{French.Quote(c.Libelle)} {c.Apres}").ToList());

    private const string Unknown = "non renseigné";

    private const string Dropped = "perdait ";

    private static CounterfactualVariant Variant(IReadOnlyList<LeverChange> changes, Decision d) => new(
        changes.Select(c => new ProfileChange(c.Indicator.Id, c.Indicator.Libelle, c.Value!, c.Before, c.After)).ToList(),
        d.Retained is { } r ? $"{r.Posture.Option.Libelle} · {r.Geometry.Main.Option.Libelle}" : "aucun scénario retenu");

    // ---- Seuil le plus proche -------------------------------------------------------------------------------

    private List<NearestThreshold> NearestThresholds()
    {
        var list = new List<NearestThreshold>();
        var baseline = Answered.ToDictionary(q => q, decision.Answer);
        var candidates = new Dictionary<(string Parameter, double Value), string>();
        if (Answered.All(q => baseline[q] is null))
        {
            return list;
        }
        foreach (var run in decision.Runs)
        {
            if (run.State is RuleState.MissingIndicator or RuleState.Error || run.Rule.Workflow == QuestionIds.Compatibilite)
            {
                continue;
            }
            foreach (var breakpoint in _analyzer.Breakpoints(run.Rule))
            {
                // Only a move a methodologist could defend: within the threshold's stated plausible move (parametres.json
                // « ecartPlausible »), a quarter of its value by default, none for a value its source fixes.
                var parameter = kb.Parameters[breakpoint.Parameter];
                var (low, high) = parameter.Definition.PlausibleRange(parameter.Value);
                if (breakpoint.Value >= low && breakpoint.Value <= high)
                {
                    candidates.TryAdd((breakpoint.Parameter, breakpoint.Value), breakpoint.Phrase);
                }
            }
        }
        var best = new Dictionary<string, (double Distance, string Parameter, double Value, string Phrase, string New)>(StringComparer.Ordinal);
        // Nearest first, relative to each threshold's plausible move: once every question has its nearest flip, the
        // farther candidates need no evaluation.
        double Distance(string name, double value) =>
            Math.Abs(value - kb.Parameters[name].Value) / Math.Max(1e-9, kb.Parameters[name].Definition.PlausibleMove(kb.Parameters[name].Value));
        foreach (var ((name, value), phrase) in candidates.OrderBy(c => Distance(c.Key.Parameter, c.Key.Value)))
        {
            var parameter = kb.Parameters[name];
            var distance = Distance(name, value);
            if (Answered.All(q => best.TryGetValue(q, out var known) && known.Distance <= distance))
            {
                continue;
            }
            var values = (double[])kb.ParameterValues.Clone();
            values[parameter.Index] = value;
            var changed = Evaluator.Redecide(kb, decision, null, null, values, _byRuns);
            foreach (var question in Answered)
            {
                var now = changed.Answer(question);
                if (now != baseline[question] && (!best.TryGetValue(question, out var known) || distance < known.Distance))
                {
                    best[question] = (distance, name, value, phrase, Describe(question, changed));
                }
            }
        }
        foreach (var question in Answered)
        {
            if (baseline[question] is null || !best.TryGetValue(question, out var b))
            {
                continue;
            }
            var parameter = kb.Parameters[b.Parameter];
            var retained = Describe(question, decision);
            // Neutral: a threshold set elsewhere within its plausible move, not an event (« passait au-dessus de »).
            var move = parameter.Definition.PlausibleMove(parameter.Value);
            var hypothesis = $"si le {parameter.Definition.Libelle} était fixé {b.Phrase} au lieu de {parameter.Formatted} (écart plausible pour ce seuil : ±\u00a0{MoveText(parameter.Definition, move)})";
            list.Add(new NearestThreshold(question, Label(question), retained, b.Parameter, parameter.Definition.Description, parameter.Formatted, b.Value, b.New,
                $"{Label(question)} {Today(retained)} {Becomes(b.New)} {hypothesis}."));
        }
        return list;
    }

    /// <summary>A move in the threshold's unit: percentage points for a share, the unit agreed in number otherwise.</summary>
    private static string MoveText(ParameterDefinition d, double move)
    {
        var rounded = Math.Round(move, 2);
        return d.Unite == "%" ? FrenchFormat.Count(rounded, "point", "points") : d.Format(rounded);
    }


    // ---- Sensibilité aux données ----------------------------------------------------------------------------

    private List<Sensitivity> Sensitivity()
    {
        var list = new List<Sensitivity>();
        var baseline = Answered.ToDictionary(q => q, decision.Answer);
        var effects = Answered.ToDictionary(q => q, _ => new List<DataEffect>(), StringComparer.Ordinal);
        var tried = new HashSet<int>();
        foreach (var question in Answered)
        {
            foreach (var index in kb.Derived.QuestionIndicators[question])
            {
                if (!decision.Facts.Lacking[index] || !tried.Add(index))
                {
                    continue;
                }
                var indicator = kb.Indicators[index];
                foreach (var value in Hypotheses(indicator))
                {
                    var indicators = new Dictionary<string, IndicatorValue>(profile.Indicateurs, StringComparer.Ordinal)
                    {
                        [indicator.Id] = new IndicatorValue(value, "hypothèse", null),
                    };
                    var changed = Evaluator.Redecide(kb, decision, profile.WithIndicators(indicators), new HashSet<int> { index }, null, _byRuns);
                    foreach (var q in Answered)
                    {
                        var now = changed.Answer(q);
                        if (now != baseline[q] && effects[q].Count(e => e.Indicateur == indicator.Id) < 2)
                        {
                            effects[q].Add(new DataEffect(indicator.Id, indicator.Libelle, Explainer.Text(indicator, value), Describe(q, changed)));
                        }
                    }
                }
            }
        }
        var illustrative = profile.Indicateurs.Where(i => i.Value.Illustratif).Select(i => i.Key).ToList();
        Dictionary<string, string>? withoutIllustrative = null;
        // Without the illustrative values no scenario at all, for want of a supported posture: the whole recommendation
        // falls, which is not the same as this question's answer becoming undecided (its own evidence may still hold).
        var noPostureWithout = false;
        if (illustrative.Count > 0)
        {
            var kept = profile.Indicateurs.Where(i => !i.Value.Illustratif).ToDictionary(i => i.Key, i => i.Value, StringComparer.Ordinal);
            var changed = Evaluator.Redecide(kb, decision, profile.WithIndicators(kept), illustrative.Select(id => kb.IndicatorIndex.TryGetValue(id, out var i) ? i : -1).ToHashSet(), null, _byRuns);
            withoutIllustrative = Answered.ToDictionary(q => q, q => changed.Answer(q) == baseline[q] ? "" : Describe(q, changed), StringComparer.Ordinal);
            noPostureWithout = changed.Drafts.Count == 0 && !changed.Board.Of(QuestionIds.Pilotage).Any(p => p.Supported);
        }
        foreach (var question in Answered.Where(q => baseline[q] is not null))
        {
            var retained = Describe(question, decision);
            var found = effects[question];
            bool? holds = withoutIllustrative is null ? null : withoutIllustrative[question].Length == 0;
            var robust = found.Count == 0 && holds != false;
            var parts = new List<string>();
            if (found.Count > 0)
            {
                parts.Add($"elle dépend de données absentes : {AbsentDataEffects(found.Take(3).ToList())}");
            }
            if (holds == false)
            {
                parts.Add(noPostureWithout && question != QuestionIds.Pilotage
                    ? "sans les valeurs illustratives, aucun scénario ne serait plus proposé, faute de posture soutenue : c'est la recommandation entière qui tomberait, pas cette seule réponse"
                    : $"sans les valeurs illustratives, elle {Becomes(withoutIllustrative![question])}");
            }
            // Still ahead without the illustrative values, but perhaps by too little to be established (its certainty says fragile).
            var narrow = holds == true && result.Analyse.Any(a => a.Question == question && a.Options.Any(o => o.Illustratifs is not null));
            // A retained answer already fragile by its margin (an option close behind) is never called robust: no
            // absent data would change it, but its lead is within the tolerance.
            var first = result.Scenarios.FirstOrDefault(s => s.Retenu);
            var close = !narrow && first is not null && first.Certitudes.Of(question) == Certitudes.Fragile;
            var phrase = robust
                ? narrow
                    ? $"{Label(question)} {Today(retained)} tient, sans être établie : aucune donnée absente ne la changerait, et elle reste en tête sans les valeurs illustratives, mais de trop peu pour être établie."
                    : close
                        ? $"{Label(question)} {Today(retained)} tient, sans être établie : aucune donnée absente ne la changerait{(holds == true ? ", et elle reste en tête sans les valeurs illustratives" : "")} ; elle est fragile{(CertaintyReasons.Of(first!, question) is { } why ? ", " + why : "")}."
                        : $"{Label(question)} {Today(retained)} est robuste : aucune donnée absente ne la changerait{(holds == true ? ", et elle tient sans les valeurs illustratives" : "")}."
                : $"{Label(question)} {Today(retained)} est sensible : {string.Join(" ; ", parts)}.";
            list.Add(new Sensitivity(question, Label(question), retained, robust ? "robuste" : "sensible", found, holds, phrase));
        }
        return list;
    }

    /// <summary>The values an absent indicator is tried at: those at which a rule can change its verdict, each plausible alone.</summary>
    private IEnumerable<object> Hypotheses(IndicatorDefinition indicator)
    {
        switch (indicator.Type)
        {
            case IndicatorType.booleen:
                yield return true;
                yield return false;
                break;
            case IndicatorType.texte when indicator.Valeurs is { } values:
                foreach (var v in values)
                {
                    yield return v.Id;
                }
                break;
            case IndicatorType.liste when indicator.Valeurs is { } values:
                // None, then each value alone: a territory with every convention or every management tool of the
                // catalogue at once is no hypothesis a consultant could put to elected officials.
                yield return Array.Empty<string>();
                foreach (var v in values)
                {
                    yield return new[] { v.Id };
                }
                break;
            case IndicatorType.nombre or IndicatorType.entier:
                // Each threshold the rules compare it with, and the value just below: the only values at which an answer
                // can change. The ends of the catalogue's range (100 % of the population far from everyday services in
                // a town) only when no rule compares it with a threshold.
                var points = new SortedSet<double>(Thresholds(indicator));
                if (points.Count == 0)
                {
                    if (indicator.Min is { } min)
                    {
                        points.Add(min);
                    }
                    if (indicator.Max is { } max)
                    {
                        points.Add(max);
                    }
                }
                foreach (var p in points)
                {
                    yield return p;
                }
                break;
        }
    }

    // ---- Words ----------------------------------------------------------------------------------------------

    /// <summary>
    /// Today's answer as the subject of a sentence: « la réponse retenue (« Faire avec ») » when a scenario is retained,
    /// « la réponse actuelle » when tied scenarios share it (none is retained) or when it is no option at all (« aucun objectif »).
    /// </summary>
    private string Today(string words) =>
        decision.Retained is null || words.StartsWith("aucun", StringComparison.Ordinal) ? $"la réponse actuelle ({words})" : $"la réponse retenue ({words})";

    /// <summary>An answer in words: « non tranchée » when tied scenarios answer it differently, <see cref="NoScenario"/> when none is left.</summary>
    private static string Describe(string question, Decision d) => d.Drafts.Count == 0 ? NoScenario : d.Words(question, Undecided);

    private const string Undecided = "non tranchée";

    /// <summary>No scenario at all: the whole recommendation falls, not this answer alone.</summary>
    private const string NoScenario = "aucun scénario proposé";

    private string ExplanationText(CompiledRule rule) =>
        rule.Indicators.All(i => decision.Facts.Present[i]) ? _explainer.Justify(rule).Explication : rule.Name;

    private string Label(string question) => kb.Referentiel.Question(question).Libelle;

    private static Choice Choose(OptionScore o) => new(o.Option.Id, o.Option.Libelle);

    /// <summary>
    /// The absent data that would change an answer, those with the same outcome said together so that the outcome is
    /// said once: « elle ne serait plus tranchée (…) avec l'une de ces données : « Outils de gestion en place » à
    /// délégation de service public ou à marché public, ou « Conventions en cours » à convention territoriale globale
    /// (CTG) », « avec « Ingénierie interne » à 1 ETP, elle deviendrait … ».
    /// </summary>
    private static string AbsentDataEffects(IReadOnlyList<DataEffect> effects)
    {
        var outcomes = effects.GroupBy(e => e.Nouvelle, StringComparer.Ordinal).ToList();
        var said = outcomes.Select(outcome =>
        {
            var byIndicator = outcome.GroupBy(e => e.Libelle, StringComparer.Ordinal)
                .Select(i => $"{French.Quote(i.Key)} à {string.Join(" ou à ", i.Select(e => e.Valeur))}").ToList();
            return outcome.Count() == 1 ? $"avec {byIndicator[0]}, elle {Becomes(outcome.Key)}"
                : byIndicator.Count == 1 ? $"elle {Becomes(outcome.Key)} avec {byIndicator[0]}"
                : $"elle {Becomes(outcome.Key)} avec l'une de ces données : {string.Join(", ", byIndicator.Take(byIndicator.Count - 1))}, ou {byIndicator[^1]}";
        }).ToList();
        // Outcomes said together are set apart by a semicolon: « … ou à marché public ; avec … » cannot be misread.
        return outcomes.Any(o => o.Count() > 1) ? string.Join(" ; ", said) : French.List(said);
    }

    /// <summary>What an answer would become, in words: an empty answer (« aucun objectif ») leaves the question without one.</summary>
    private static string Becomes(string words) => words switch
    {
        NoScenario => "tomberait avec toute la recommandation (plus aucun scénario ne serait proposé)",
        Undecided => "ne serait plus tranchée (les scénarios en tête, à égalité, y répondraient différemment)",
        _ when words.StartsWith("aucun", StringComparison.Ordinal) => $"laisserait la question sans réponse ({words})",
        _ => $"deviendrait {words}",
    };

    private static string Points(double net) => $"{FrenchFormat.Number(net)}\u00a0{(Math.Abs(net) >= 2 ? "points" : "point")}";
}
