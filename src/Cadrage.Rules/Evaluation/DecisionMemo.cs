using System.Collections.Concurrent;
using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Output;

namespace Cadrage.Rules.Evaluation;

/// <summary>
/// What a rule set decides from the rules that fired alone, kept per set of fired rules: the score board and the
/// scenarios (they read nothing else), and the evidence on the four option questions (which also reads which
/// indicators the profile states, for the data to collect, and which it marks as illustrative, for the certainty).
/// A national batch meets a few hundred such sets for 35,000 communes (741 on the open data of 2024): each is
/// decided once. Everything kept is read-only.
/// </summary>
internal sealed class DecisionMemo
{
    /// <summary>Most sets kept (each board weighs a few kilobytes); beyond, decisions are simply not kept.</summary>
    private const int Kept = 4096;

    private readonly ConcurrentDictionary<string, (ScoreBoard Board, IReadOnlyList<ScenarioDraft> Drafts)> _decisions = new(StringComparer.Ordinal);
    // By board (one per set of fired rules, kept above) and set of stated indicators.
    private readonly ConcurrentDictionary<(ScoreBoard Board, string Stated), IReadOnlyList<QuestionEvidence>> _evidence = new();

    /// <summary>The board and scenarios of these rule runs, decided once per set of fired rules.</summary>
    public (ScoreBoard Board, IReadOnlyList<ScenarioDraft> Drafts) Decide(RuleSet kb, RuleRun[] runs)
    {
        var key = Fired(runs);
        if (_decisions.TryGetValue(key, out var known))
        {
            return known;
        }
        var board = ScoreBoard.Build(kb, runs);
        var decided = (board, ScenarioBuilder.Build(board, kb.Scenarios));
        if (_decisions.Count < Kept)
        {
            _decisions.TryAdd(key, decided);
        }
        return decided;
    }

    /// <summary>
    /// The evidence on the option questions of a decision (Qui, Comment, Où, Pourquoi, in this order), built once per
    /// board and set of stated indicators (and of illustrative ones, which may cap a certainty; most profiles have none).
    /// </summary>
    public IReadOnlyList<QuestionEvidence> Evidence(Decision decision, AnswerFactory answers)
    {
        var stated = Stated(decision.Facts.Present);
        if (decision.Facts.Illustrative is { } illustrative)
        {
            stated += "|" + Stated(illustrative);
        }
        var key = (decision.Board, stated);
        if (_evidence.TryGetValue(key, out var known))
        {
            return known;
        }
        IReadOnlyList<QuestionEvidence> evidence = [.. QuestionIds.WithOptions.Select(answers.Question)];
        if (_evidence.Count < Kept)
        {
            _evidence.TryAdd(key, evidence);
        }
        return evidence;
    }

    /// <summary>Which rules fired, 16 to a character.</summary>
    private static string Fired(IReadOnlyList<RuleRun> runs) => Bits(runs, static r => r.State == RuleState.Fired);

    /// <summary>Which indicators the profile states, 16 to a character.</summary>
    private static string Stated(IReadOnlyList<bool> present) => Bits(present, static p => p);

    private static string Bits<T>(IReadOnlyList<T> items, Func<T, bool> set) => string.Create((items.Count + 15) / 16, (items, set), static (span, state) =>
    {
        span.Clear();
        for (var i = 0; i < state.items.Count; i++)
        {
            if (state.set(state.items[i]))
            {
                span[i >> 4] |= (char)(1 << (i & 15));
            }
        }
    });
}
