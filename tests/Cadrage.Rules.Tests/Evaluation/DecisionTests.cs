using Cadrage.Rules.Evaluation;
using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Profiles;

namespace Cadrage.Rules.Tests.Evaluation;

/// <summary>What a decision says for a question, and the decisions kept per set of fired rules, on real EPCI.</summary>
[TestClass]
public sealed class DecisionTests
{
    private static readonly IReadOnlyList<string> Questions = QuestionIds.WithOptions;

    private static List<TerritoryProfile> Epci() => RealRules.EpciProfiles();

    [TestMethod]
    public void AnAnswerDecidedWithoutOptionIsNotTakenForAnUndecidedOne()
    {
        var kb = RealRules.Kb;
        int noOption = 0, undecided = 0;
        foreach (var profile in Epci())
        {
            var d = Evaluator.Decide(kb, profile);
            foreach (var q in Questions)
            {
                var answer = d.Answer(q);
                Assert.AreEqual(d.Decides(q), answer is not null, $"{profile.Id}, {q}");
                if (answer == "")
                {
                    // Decided: every leading scenario holds no option of this question.
                    Assert.IsTrue(d.Leaders.All(s => (q == QuestionIds.Objectifs ? s.Objectifs : s.Modalites).Count == 0), $"{profile.Id}, {q}");
                    noOption++;
                }
                else if (answer is null)
                {
                    undecided++;
                }
            }
        }
        Assert.IsTrue(noOption > 0, "aucune réponse décidée sans option sur les 1 255 EPCI : le cas n'est pas vérifié");
        Assert.IsTrue(undecided > 0, "aucune réponse non tranchée sur les 1 255 EPCI : le cas n'est pas vérifié");
    }

    [TestMethod]
    public void DecisionsKeptPerSetOfFiredRulesAreThoseOfAFreshBoard()
    {
        var kb = RealRules.Kb;
        var shared = 0;
        var boards = new Dictionary<ScoreBoard, string>(ReferenceEqualityComparer.Instance);
        foreach (var profile in Epci().Where((_, i) => i % 5 == 0))
        {
            var kept = Evaluator.Decide(kb, profile);
            var board = ScoreBoard.Build(kb, kept.Runs);
            var fresh = ScenarioBuilder.Build(board, kb.Scenarios);
            Assert.AreEqual(string.Join(" / ", fresh.Select(Describe)), string.Join(" / ", kept.Drafts.Select(Describe)), profile.Id);
            foreach (var option in board.All)
            {
                var same = kept.Board.Find(option.Option.Id)!;
                Assert.AreEqual(option.Net, same.Net, $"{profile.Id}, {option.Option.Id}");
                Assert.AreEqual(option.Excluded, same.Excluded, $"{profile.Id}, {option.Option.Id}");
            }
            if (!boards.TryAdd(kept.Board, profile.Id))
            {
                shared++;
            }
        }
        // Territories whose rules fire alike share one decided board: the batch decides each set once.
        Assert.IsTrue(shared > 0, "aucun tableau des scores partagé entre deux EPCI aux mêmes règles déclenchées");
    }

    private static string Describe(ScenarioDraft s) =>
        $"{s.Title} [{string.Join(",", s.Modalites.Select(m => m.Option.Id))}] [{string.Join(",", s.Objectifs.Select(o => o.Option.Id))}] {s.Score}";
}
