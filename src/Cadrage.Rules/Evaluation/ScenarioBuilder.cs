using Cadrage.Rules.KnowledgeBase;

namespace Cadrage.Rules.Evaluation;

/// <summary>One coherent answer to the option questions, before explanation.</summary>
public sealed record ScenarioDraft(
    OptionScore Posture,
    OptionScore Lieux,
    IReadOnlyList<OptionScore> Modalites,
    IReadOnlyList<OptionScore> Objectifs,
    double Score)
{
    /// <summary>How many of the five answers differ (the priorities are shared by every scenario).</summary>
    public int Differences(ScenarioDraft other) =>
        (Posture != other.Posture ? 1 : 0)
        + (Lieux != other.Lieux ? 1 : 0)
        + (Modalites.Select(m => m.Option.Id).Order().SequenceEqual(other.Modalites.Select(m => m.Option.Id).Order()) ? 0 : 1)
        + (Objectifs.Select(m => m.Option.Id).Order().SequenceEqual(other.Objectifs.Select(m => m.Option.Id).Order()) ? 0 : 1);
}

/// <summary>
/// Builds scénarios à géométrie variable. For every posture × lieux pair that compatibility allows, the best
/// modalités and objectifs given that posture; then keeps 2–4 of them that are contrasted (they differ on at
/// least <see cref="ScenarioSettings.EcartMinimal"/> answers), best first.
/// </summary>
public static class ScenarioBuilder
{
    public static IReadOnlyList<ScenarioDraft> Build(Referentiel referentiel, ScoreBoard board, ScenarioSettings settings)
    {
        var order = referentiel.Questions.SelectMany(q => q.Options).Select((o, i) => (o.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var candidates = new List<ScenarioDraft>();
        foreach (var posture in board.Of(QuestionIds.Pilotage).Where(o => !o.Excluded))
        {
            var modalites = Best(posture, QuestionIds.Modalites, settings.ModalitesMax);
            var objectifs = Best(posture, QuestionIds.Objectifs, settings.ObjectifsMax);
            if (modalites.Count == 0 || objectifs.Count == 0)
            {
                continue;
            }
            var partial = posture.Net + modalites.Sum(m => Value(posture, m)) + objectifs.Sum(o => Value(posture, o));
            foreach (var lieux in board.Of(QuestionIds.Lieux).Where(o => !o.Excluded))
            {
                var compat = board.Compatibility(posture.Option.Id, lieux.Option.Id);
                if (compat.Incompatible)
                {
                    continue;
                }
                candidates.Add(new ScenarioDraft(posture, lieux, modalites, objectifs, Math.Round(partial + Value(posture, lieux), 2)));
            }
        }

        // An option's worth in a scenario: its own evidence, plus the compatibility with the posture — an affinity
        // only when the option has evidence of its own; a tension always.
        double Value(OptionScore posture, OptionScore option)
        {
            var compat = board.Compatibility(posture.Option.Id, option.Option.Id);
            var affinities = option.Net > 0 ? compat.Affinities.Sum(r => r.Weight) : 0;
            return option.Net + affinities - compat.Tensions.Sum(r => r.Weight);
        }

        var ranked = candidates
            .OrderByDescending(c => c.Score)
            .ThenBy(c => order[c.Posture.Option.Id])
            .ThenBy(c => order[c.Lieux.Option.Id])
            .ToList();
        var chosen = new List<ScenarioDraft>();
        if (ranked.Count == 0)
        {
            return chosen;
        }
        chosen.Add(ranked[0]);
        var best = ranked[0].Score;
        // First pass: contrasted and close enough to the best, preferring (by bonusDiversite) those that change
        // more answers; second pass fills up to the minimum with contrasted scenarios whatever their score.
        foreach (var relaxed in new[] { false, true })
        {
            while (chosen.Count < (relaxed ? settings.ScenariosMin : settings.ScenariosMax))
            {
                ScenarioDraft? next = null;
                var nextValue = double.NegativeInfinity;
                foreach (var candidate in ranked)
                {
                    var closeEnough = relaxed || best <= 0 || candidate.Score >= settings.ScoreRelatifMinimal * best;
                    if (!closeEnough || chosen.Contains(candidate))
                    {
                        continue;
                    }
                    var difference = chosen.Min(c => c.Differences(candidate));
                    if (difference < settings.EcartMinimal)
                    {
                        continue;
                    }
                    var value = candidate.Score + settings.BonusDiversite * (difference - settings.EcartMinimal);
                    if (value > nextValue)
                    {
                        next = candidate;
                        nextValue = value;
                    }
                }
                if (next is null)
                {
                    break;
                }
                chosen.Add(next);
            }
        }
        return chosen.OrderByDescending(c => c.Score).ThenBy(c => ranked.IndexOf(c)).ToList();

        List<OptionScore> Best(OptionScore posture, string question, int max)
        {
            // An affinity reinforces a combination whose option the profile supports; it cannot by itself bring
            // in an option nothing argues for (otherwise postures with many affinities would win on thin evidence).
            var available = board.Of(question)
                .Where(o => !o.Excluded && !board.Compatibility(posture.Option.Id, o.Option.Id).Incompatible)
                .Select(o => (Option: o, Value: Value(posture, o)))
                .OrderByDescending(x => x.Value)
                .ThenBy(x => order[x.Option.Option.Id])
                .ToList();
            var positive = available.Where(x => x.Option.Net > 0 && x.Value > 0).Take(max).Select(x => x.Option).ToList();
            return positive.Count > 0 ? positive : available.Take(1).Select(x => x.Option).ToList();
        }
    }
}
