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
    internal ulong ModalitesMask { get; init; }
    internal ulong ObjectifsMask { get; init; }

    /// <summary>How many of the five answers differ (the priorities are shared by every scenario).</summary>
    public int Differences(ScenarioDraft other) =>
        (Posture != other.Posture ? 1 : 0)
        + (Lieux != other.Lieux ? 1 : 0)
        + (ModalitesMask != other.ModalitesMask ? 1 : 0)
        + (ObjectifsMask != other.ObjectifsMask ? 1 : 0);
}

/// <summary>
/// Builds scénarios à géométrie variable. For every posture × lieux pair that compatibility allows, the best
/// modalités and objectifs given that posture; then keeps 2–4 of them that are contrasted (they differ on at
/// least <see cref="ScenarioSettings.EcartMinimal"/> answers), best first. An option's worth in a scenario is its
/// own evidence plus its compatibility with the posture: an affinity only reinforces an option the profile
/// supports (it cannot bring in an option nothing argues for), a tension always counts.
/// </summary>
public static class ScenarioBuilder
{
    public static IReadOnlyList<ScenarioDraft> Build(Referentiel referentiel, ScoreBoard board, ScenarioSettings settings)
    {
        var postures = board.Of(QuestionIds.Pilotage);
        var places = board.Of(QuestionIds.Lieux);
        var candidates = new List<ScenarioDraft>(postures.Count * places.Count);
        foreach (var posture in postures)
        {
            if (posture.Excluded)
            {
                continue;
            }
            var (modalites, modalitesMask, modalitesValue) = Best(board, posture, board.Of(QuestionIds.Modalites), settings.ModalitesMax);
            var (objectifs, objectifsMask, objectifsValue) = Best(board, posture, board.Of(QuestionIds.Objectifs), settings.ObjectifsMax);
            if (modalites.Count == 0 || objectifs.Count == 0)
            {
                continue;
            }
            var partial = posture.Net + modalitesValue + objectifsValue;
            foreach (var lieux in places)
            {
                if (lieux.Excluded || board.Compatibility(posture, lieux).Incompatible)
                {
                    continue;
                }
                candidates.Add(new ScenarioDraft(posture, lieux, modalites, objectifs, Math.Round(partial + Value(board, posture, lieux), 2))
                {
                    ModalitesMask = modalitesMask,
                    ObjectifsMask = objectifsMask,
                });
            }
        }

        // Best score first; ties by posture then lieux in référentiel order (a stable, documented order).
        candidates.Sort((a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score)
            : a.Posture.Order != b.Posture.Order ? a.Posture.Order.CompareTo(b.Posture.Order)
            : a.Lieux.Order.CompareTo(b.Lieux.Order));
        var chosen = new List<ScenarioDraft>(settings.ScenariosMax);
        if (candidates.Count == 0)
        {
            return chosen;
        }
        chosen.Add(candidates[0]);
        var best = candidates[0].Score;
        // First pass: contrasted and close enough to the best, preferring (by bonusDiversite) those that change
        // more answers; second pass fills up to the minimum with contrasted scenarios whatever their score.
        foreach (var relaxed in new[] { false, true })
        {
            while (chosen.Count < (relaxed ? settings.ScenariosMin : settings.ScenariosMax))
            {
                ScenarioDraft? next = null;
                var nextValue = double.NegativeInfinity;
                foreach (var candidate in candidates)
                {
                    var closeEnough = relaxed || best <= 0 || candidate.Score >= settings.ScoreRelatifMinimal * best;
                    if (!closeEnough || chosen.Contains(candidate))
                    {
                        continue;
                    }
                    var difference = int.MaxValue;
                    foreach (var kept in chosen)
                    {
                        difference = Math.Min(difference, kept.Differences(candidate));
                    }
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
        // Chosen in a stable order: by score, then by their rank among the candidates.
        return chosen.OrderByDescending(c => c.Score).ThenBy(candidates.IndexOf).ToList();
    }

    /// <summary>An option's worth in a scenario with this posture.</summary>
    private static double Value(ScoreBoard board, OptionScore posture, OptionScore option)
    {
        var compat = board.Compatibility(posture, option);
        return option.Net + (option.Net > 0 ? compat.Affinity : 0) - compat.Tension;
    }

    /// <summary>The options with evidence and a positive worth, best first, up to <paramref name="max"/>; else the single best.</summary>
    private static (List<OptionScore> Options, ulong Mask, double Value) Best(ScoreBoard board, OptionScore posture, IReadOnlyList<OptionScore> options, int max)
    {
        var ranked = new List<(OptionScore Option, double Value)>(options.Count);
        foreach (var option in options)
        {
            if (!option.Excluded && !board.Compatibility(posture, option).Incompatible)
            {
                ranked.Add((option, Value(board, posture, option)));
            }
        }
        ranked.Sort((a, b) => b.Value != a.Value ? b.Value.CompareTo(a.Value) : a.Option.Order.CompareTo(b.Option.Order));
        var chosen = new List<OptionScore>(max);
        ulong mask = 0;
        double total = 0;
        foreach (var (option, value) in ranked)
        {
            if (chosen.Count < max && option.Net > 0 && value > 0)
            {
                chosen.Add(option);
                mask |= 1UL << option.Order;
                total += value;
            }
        }
        if (chosen.Count == 0 && ranked.Count > 0)
        {
            chosen.Add(ranked[0].Option);
            mask = 1UL << ranked[0].Option.Order;
            total = ranked[0].Value;
        }
        return (chosen, mask, total);
    }
}
