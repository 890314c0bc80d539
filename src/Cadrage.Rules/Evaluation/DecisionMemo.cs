using System.Collections.Concurrent;
using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Output;

namespace Cadrage.Rules.Evaluation;

/// <summary>
/// What a rule set decides from the rules that fired alone, kept per set of fired rules: the score board and the
/// scenarios (they read nothing else), and the evidence on the four option questions and the answers of the scenarios
/// (which also read which indicators the profile states, for the data to collect, and which it marks as illustrative,
/// for the certainty).
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
    private readonly ConcurrentDictionary<(ScoreBoard Board, string Stated), DecidedAnswers[]> _answers = new();

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
    public IReadOnlyList<QuestionEvidence> Evidence(Decision decision, AnswerFactory answers) => Evidence(KeyOf(decision), answers);

    /// <summary>The key of what is kept per board and set of stated (and illustrative) indicators.</summary>
    public static (ScoreBoard Board, string Stated) KeyOf(Decision decision)
    {
        var stated = Stated(decision.Facts.Present);
        if (decision.Facts.Illustrative is { } illustrative)
        {
            stated += "|" + Stated(illustrative);
        }
        return (decision.Board, stated);
    }

    /// <inheritdoc cref="Evidence(Decision, AnswerFactory)"/>
    public IReadOnlyList<QuestionEvidence> Evidence((ScoreBoard Board, string Stated) key, AnswerFactory answers)
    {
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

    /// <summary>
    /// The answers of each scenario of a decision (posture, forms of the geometry, modalités, objectifs), built once
    /// per board and set of stated (and illustrative) indicators: they read nothing else. Shared, read-only.
    /// </summary>
    public DecidedAnswers[] Answers((ScoreBoard Board, string Stated) key, IReadOnlyList<ScenarioDraft> drafts, AnswerFactory answers)
    {
        if (_answers.TryGetValue(key, out var known))
        {
            return known;
        }
        var built = new DecidedAnswers[drafts.Count];
        for (var i = 0; i < built.Length; i++)
        {
            built[i] = DecidedAnswers.Of(drafts[i], key.Board, answers);
        }
        if (_answers.Count < Kept)
        {
            _answers.TryAdd(key, built);
        }
        return built;
    }

    /// <summary>Which rules fired, 16 to a character.</summary>
    private static string Fired(RuleRun[] runs) => string.Create((runs.Length + 15) / 16, runs, static (span, runs) =>
    {
        span.Clear();
        for (var i = 0; i < runs.Length; i++)
        {
            if (runs[i].State == RuleState.Fired)
            {
                span[i >> 4] |= (char)(1 << (i & 15));
            }
        }
    });

    /// <summary>Which indicators the profile states, 16 to a character.</summary>
    private static string Stated(IReadOnlyList<bool> present) => string.Create((present.Count + 15) / 16, present, static (span, present) =>
    {
        span.Clear();
        for (var i = 0; i < present.Count; i++)
        {
            if (present[i])
            {
                span[i >> 4] |= (char)(1 << (i & 15));
            }
        }
    });
}

/// <summary>The answers of one scenario, from the board alone (and the illustrative values, which may cap a certainty).</summary>
internal sealed record DecidedAnswers(Answer Pilotage, Answer Main, IReadOnlyList<Answer> Complements, IReadOnlyList<Answer> Modalites, IReadOnlyList<Answer> Objectifs)
{
    /// <summary>A geometry is as certain as its least certain form: a complement that another option outweighs makes it fragile.</summary>
    public string GeometryCertainty { get; } = Geometry.CertaintyOf(Main, Complements);

    /// <summary>The weakest certainty of the modalités, non tranchée when there is none.</summary>
    public string ModalitesCertainty { get; } = Weakest(Modalites);

    /// <summary>The weakest certainty of the objectifs, non tranchée when there is none.</summary>
    public string ObjectifsCertainty { get; } = Weakest(Objectifs);

    private static string Weakest(IReadOnlyList<Answer> answers) =>
        answers.Count == 0 ? Certitudes.NonTranchee : answers.Select(a => a.Certitude).Aggregate(Certitudes.Weakest);

    public static DecidedAnswers Of(ScenarioDraft draft, ScoreBoard board, AnswerFactory answers)
    {
        var posture = draft.Posture;
        var geometry = draft.Geometry;
        var lieux = board.Of(QuestionIds.Lieux);
        var complements = new List<Answer>(geometry.Complements.Count);
        if (geometry.Complements.Count > 0)
        {
            // A complement competes with the options of the Où the geometry does not hold.
            List<OptionScore> taken = [geometry.Main, .. geometry.Complements];
            foreach (var c in geometry.Complements)
            {
                complements.Add(answers.Single(c, lieux, c, taken));
            }
        }
        return new DecidedAnswers(
            answers.Single(posture, board.Of(QuestionIds.Pilotage), posture),
            answers.Single(geometry.Main, lieux, geometry.Main),
            complements,
            answers.Multiple(posture, draft.Modalites, board.Of(QuestionIds.Modalites), draft.Required),
            answers.Multiple(posture, draft.Objectifs, board.Of(QuestionIds.Objectifs), []));
    }
}
