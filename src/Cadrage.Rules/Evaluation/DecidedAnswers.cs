using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Profiles;

namespace Cadrage.Rules.Evaluation;

/// <summary>
/// What a rule set decides for one profile, without any explanation: the answers of the first scenario (the
/// retained one, or the first of those tied at the top), the priorities, and which rules fired. For tools that
/// decide a whole batch again and only compare answers (the atelier's sandbox): the same rule runs, evidence and
/// scenarios as <see cref="Evaluator.Evaluate(RuleSet, TerritoryProfile)"/>, without building justifications,
/// vigilances and texts. Ids only, except <see cref="Intitule"/>, worded as the explained scenario's title.
/// </summary>
public sealed record DecidedAnswers(
    string Pilotage,
    string Lieux,
    IReadOnlyList<string> Modalites,
    IReadOnlyList<string> Priorites,
    IReadOnlyList<string> Objectifs,
    string? Intitule,
    bool[] Fired)
{
    /// <summary>Decides <paramref name="profile"/> under <paramref name="kb"/> (its parameter values).</summary>
    public static DecidedAnswers Decide(RuleSet kb, TerritoryProfile profile)
    {
        var decision = Evaluator.Decide(kb, profile);
        var fired = new bool[decision.Runs.Count];
        for (var i = 0; i < fired.Length; i++)
        {
            fired[i] = decision.Runs[i].State == RuleState.Fired;
        }
        var priorities = decision.Facts.Priorities.Select(p => $"{p.Service}×{p.Public}×{p.Critere}").ToList();
        if (decision.Drafts.Count == 0)
        {
            return new DecidedAnswers("", "", [], priorities, [], null, fired);
        }
        var s = decision.Drafts[0];
        return new DecidedAnswers(
            s.Posture.Option.Id,
            s.Geometry.Main.Option.Id,
            s.Modalites.Select(m => m.Option.Id).ToList(),
            priorities,
            s.Objectifs.Select(o => o.Option.Id).ToList(),
            Title(s),
            fired);
    }

    /// <summary>A scenario's title: posture · main form + complementary forms (the explained scenario's too).</summary>
    public static string Title(ScenarioDraft s) =>
        $"{s.Posture.Option.Libelle} · {s.Geometry.Main.Option.Libelle}{string.Concat(s.Geometry.Complements.Select(c => " + " + c.Option.Libelle))}";
}
