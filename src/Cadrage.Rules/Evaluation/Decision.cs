using Cadrage.Rules.KnowledgeBase;

namespace Cadrage.Rules.Evaluation;

/// <summary>What the evidence decides for one profile, before any explanation.</summary>
internal sealed record Decision(ProfileFacts Facts, IReadOnlyList<RuleRun> Runs, ScoreBoard Board, IReadOnlyList<ScenarioDraft> Drafts)
{
    /// <summary>The retained scenario: the first one, unless it ties with the second (then nothing is retained).</summary>
    public ScenarioDraft? Retained => Drafts.Count == 0 || Drafts.Count > 1 && Drafts[1].Defining == Drafts[0].Defining ? null : Drafts[0];

    /// <summary>The scenarios at the top of the evidence (one, or several tied).</summary>
    public IEnumerable<ScenarioDraft> Leaders => Drafts.TakeWhile(d => d.Defining == Drafts[0].Defining);

    /// <summary>
    /// The answer decided for a question, as comparable text: the one every leading scenario gives (so a tie
    /// between two postures still decides the Où when both place it alike); "" when it is decided that no option
    /// holds (no objectif, say), null when it is not decided: the two never compare equal.
    /// </summary>
    public string? Answer(string question) => Decides(question) ? Of(Leaders.First(), question) : null;

    /// <summary>Whether the leading scenarios give the same answer (no option at all, e.g. no objectif, is an answer too).</summary>
    public bool Decides(string question) => Drafts.Count > 0 && Leaders.Select(s => Of(s, question)).Distinct().Count() == 1;

    private string Of(ScenarioDraft s, string question) => question switch
    {
        QuestionIds.Pilotage => s.Posture.Option.Id,
        QuestionIds.Lieux => s.Geometry.Main.Option.Id,
        QuestionIds.Modalites => string.Join('|', s.Modalites.Select(m => m.Option.Id).Order(StringComparer.Ordinal)),
        QuestionIds.Objectifs => string.Join('|', s.Objectifs.Select(o => o.Option.Id).Order(StringComparer.Ordinal)),
        _ => string.Join('|', Facts.Priorities.Select(p => $"{p.Service}/{p.Public}/{p.Critere}")),
    };

    /// <summary>Whether the retained scenario holds an option (its posture, main form, a modalité or an objectif).</summary>
    public bool Holds(string question, string option) => Retained is { } s && question switch
    {
        QuestionIds.Pilotage => s.Posture.Option.Id == option,
        QuestionIds.Lieux => s.Geometry.Main.Option.Id == option,
        QuestionIds.Modalites => s.Modalites.Any(m => m.Option.Id == option),
        QuestionIds.Objectifs => s.Objectifs.Any(o => o.Option.Id == option),
        _ => false,
    };

    /// <summary>The decided answer in words (option labels in quotes), or <paramref name="undecided"/>.</summary>
    public string Words(string question, string undecided)
    {
        if (!Decides(question))
        {
            return undecided;
        }
        var s = Leaders.First();
        return question switch
        {
            QuestionIds.Pilotage => French.Quote(s.Posture.Option.Libelle),
            QuestionIds.Lieux => French.Quote(s.Geometry.Main.Option.Libelle),
            QuestionIds.Modalites => s.Modalites.Count == 0 ? "aucune modalité" : French.List(s.Modalites.Select(m => French.Quote(m.Option.Libelle)).ToList()),
            _ => s.Objectifs.Count == 0 ? "aucun objectif" : French.List(s.Objectifs.Select(o => French.Quote(o.Option.Libelle)).ToList()),
        };
    }
}
