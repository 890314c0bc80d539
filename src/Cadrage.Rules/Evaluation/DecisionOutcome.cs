using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Output;
using Cadrage.Rules.Profiles;

namespace Cadrage.Rules.Evaluation;

/// <summary>
/// What the evidence decides for one profile, without the explained result: the rules run, the first scenario's
/// answers. What the rule tools compare over thousands of territories (coverage, diff, sweep), at a fraction of
/// the cost of an explained evaluation; a variant of the same rules with other parameter values is decided
/// again from it by re-running only the rules that read a changed parameter (<see cref="EvaluationService.Redecide"/>).
/// </summary>
public sealed class DecisionOutcome
{
    private readonly Dictionary<string, Decision>? _variants;
    private ScenarioAnswers? _first;
    private Dictionary<Decision, DecisionOutcome>? _outcomes;

    internal DecisionOutcome(ProfileSource source, TerritoryProfile? profile, EvaluationFailure? failure, RuleSet? rules = null, Decision? decision = null, Dictionary<string, Decision>? variants = null)
    {
        Source = source;
        Profile = profile;
        Failure = failure;
        Rules = rules;
        Decision = decision;
        _variants = decision is null ? null : variants ?? new Dictionary<string, Decision>(StringComparer.Ordinal);
    }

    public ProfileSource Source { get; }

    /// <summary>The typed profile, when it could be read.</summary>
    public TerritoryProfile? Profile { get; }

    /// <summary>Why there is no decision (invalid profile, budget overrun, unexpected error), else null.</summary>
    public EvaluationFailure? Failure { get; }

    public bool Succeeded => Decision is not null;

    /// <summary>What each rule did, in rule order (empty on failure).</summary>
    public IReadOnlyList<RuleRun> Runs => Decision?.Runs ?? [];

    /// <summary>The first scenario (the scénario retenu, or the first of a tie), or null when none is offered.</summary>
    public ScenarioAnswers? First => Decision is { Drafts.Count: > 0 } d ? _first ??= ScenarioAnswers.Of(Rules!, d) : null;

    /// <summary>The rule set decided with (its variants share its compiled rules).</summary>
    internal RuleSet? Rules { get; }

    internal Decision? Decision { get; }

    /// <summary>The decisions already made for variants of this one, by set of fired rules (shared by its variants).</summary>
    internal Dictionary<string, Decision> Variants => _variants!;

    /// <summary>The outcome of each variant decision already met (guarded by <see cref="Variants"/>'s lock).</summary>
    internal Dictionary<Decision, DecisionOutcome> Outcomes => _outcomes ??= new Dictionary<Decision, DecisionOutcome>(ReferenceEqualityComparer.Instance);
}

/// <summary>
/// The answers of one scenario, ids and labels, without explanation: posture, modalités, main form of the Où
/// and its complements, priorities of the Quoi, objectifs, score; whether it is retained (not tied); its title.
/// </summary>
public sealed record ScenarioAnswers(
    Choice Pilotage,
    IReadOnlyList<Choice> Modalites,
    Choice Lieux,
    IReadOnlyList<Choice> Complements,
    IReadOnlyList<Choice> Priorites,
    IReadOnlyList<Choice> Objectifs,
    double Score,
    bool Retenu,
    string Intitule)
{
    /// <summary>One answer as comparable text (ids; modalités and objectifs in id order; the geometry with its complements).</summary>
    public string Answer(string question) => question switch
    {
        QuestionIds.Pilotage => Pilotage.Id,
        QuestionIds.Modalites => string.Join('|', Modalites.Select(m => m.Id).Order(StringComparer.Ordinal)),
        QuestionIds.Lieux => string.Join('+', Complements.Select(c => c.Id).Order(StringComparer.Ordinal).Prepend(Lieux.Id)),
        QuestionIds.Besoins => string.Join('|', Priorites.Select(p => p.Id)),
        QuestionIds.Objectifs => string.Join('|', Objectifs.Select(o => o.Id).Order(StringComparer.Ordinal)),
        _ => throw new ArgumentOutOfRangeException(nameof(question), question, "question inconnue"),
    };

    /// <summary>One answer in words: labels in French quotes.</summary>
    public string Words(string question) => question switch
    {
        QuestionIds.Pilotage => French.Quote(Pilotage.Libelle),
        QuestionIds.Modalites => Modalites.Count == 0 ? "aucune modalité" : French.List(Modalites.Select(m => French.Quote(m.Libelle)).ToList()),
        QuestionIds.Lieux => string.Join(" + ", Complements.Select(c => French.Quote(c.Libelle)).Prepend(French.Quote(Lieux.Libelle))),
        QuestionIds.Besoins => Priorites.Count == 0 ? "aucune priorité" : string.Join(" ; ", Priorites.Select(p => p.Libelle)),
        QuestionIds.Objectifs => Objectifs.Count == 0 ? "aucun objectif" : French.List(Objectifs.Select(o => French.Quote(o.Libelle)).ToList()),
        _ => throw new ArgumentOutOfRangeException(nameof(question), question, "question inconnue"),
    };

    /// <summary>The scenario in one line of words: posture and geometry (the defining answers), then modalités and objectifs.</summary>
    public string Summary =>
        $"{(Retenu ? "" : "à égalité avec un autre scénario : ")}{Words(QuestionIds.Pilotage)} · {Words(QuestionIds.Lieux)} · {Words(QuestionIds.Modalites)} · {Words(QuestionIds.Objectifs)}";

    internal static ScenarioAnswers Of(RuleSet kb, Decision decision)
    {
        var s = decision.Drafts[0];
        return new ScenarioAnswers(
            Choice(s.Posture),
            s.Modalites.Select(Choice).ToList(),
            Choice(s.Geometry.Main),
            s.Geometry.Complements.Select(Choice).ToList(),
            decision.Facts.Priorities.Select(n => new Choice(
                $"{n.Service}×{n.Public}×{n.Critere}",
                n.Label(kb.Referentiel))).ToList(),
            s.Objectifs.Select(Choice).ToList(),
            s.Score,
            decision.Retained is not null,
            s.Title);

        static Choice Choice(OptionScore o) => new(o.Option.Id, o.Option.Libelle);
    }
}
