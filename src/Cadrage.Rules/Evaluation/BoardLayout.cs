using Cadrage.Rules.KnowledgeBase;

namespace Cadrage.Rules.Evaluation;

/// <summary>
/// Where each option sits on the score board, computed once per rule set from its référentiel: the options of
/// the four option questions in référentiel order, a global position for each, and one compatibility cell per
/// posture × other option.
/// </summary>
public sealed class BoardLayout
{
    public BoardLayout(Referentiel referentiel)
    {
        var global = 0;
        foreach (var question in QuestionIds.WithOptions)
        {
            var options = referentiel.Question(question).Options;
            Questions[question] = options;
            for (var i = 0; i < options.Count; i++)
            {
                Positions[options[i].Id] = (question, i, global++);
            }
        }
        Width = global;
        Postures = Questions[QuestionIds.Pilotage].Count;
    }

    public Dictionary<string, IReadOnlyList<OptionDefinition>> Questions { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, (string Question, int Order, int Global)> Positions { get; } = new(StringComparer.Ordinal);

    /// <summary>Number of options over the four option questions.</summary>
    public int Width { get; }

    public int Postures { get; }

    /// <summary>The board slot a rule counts on: its option, or its posture × option compatibility cell; -1 for needs.</summary>
    public int SlotOf(string workflow, RuleProperties p) => workflow switch
    {
        QuestionIds.Besoins => -1,
        QuestionIds.Compatibilite => Positions[p.Posture!].Order * Width + Positions[p.Option!].Global,
        _ => Positions[p.Option!].Global,
    };
}
