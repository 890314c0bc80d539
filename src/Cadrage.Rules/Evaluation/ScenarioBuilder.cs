using Cadrage.Rules.KnowledgeBase;

namespace Cadrage.Rules.Evaluation;

/// <summary>A geometry of the Où before explanation: a main form and the complementary forms the evidence also supports.</summary>
public sealed record GeometryDraft(OptionScore Main, IReadOnlyList<OptionScore> Complements)
{
    /// <summary>Net evidence of the main form and its complements.</summary>
    public double Net => Main.Net + Complements.Sum(c => c.Net);

    /// <summary>The same forms, whichever is the main one: « centres-bourgs + pôles spécialisés » is no contrast with « pôles spécialisés + centres-bourgs ».</summary>
    public bool SameAs(GeometryDraft other) =>
        Complements.Count == other.Complements.Count && (Main == other.Main || other.Complements.Contains(Main))
        && Complements.All(c => c == other.Main || other.Complements.Contains(c));
}

/// <summary>One coherent answer to the option questions, before explanation.</summary>
public sealed record ScenarioDraft(
    OptionScore Posture,
    GeometryDraft Geometry,
    IReadOnlyList<OptionScore> Modalites,
    IReadOnlyList<OptionScore> Objectifs,
    IReadOnlyList<OptionScore> Required,
    double Score)
{
    /// <summary>The scenario's title: posture · main form + complementary forms.</summary>
    public string Title =>
        $"{Posture.Option.Libelle} · {Geometry.Main.Option.Libelle}{string.Concat(Geometry.Complements.Select(c => " + " + c.Option.Libelle))}";

    /// <summary>The defining evidence: posture and main form (the order of scenarios and ties are read on it).</summary>
    public double Defining => Posture.Net + Geometry.Main.Net;

    /// <summary>How many of the four option answers differ.</summary>
    public int Differences(ScenarioDraft other) =>
        (Posture != other.Posture ? 1 : 0)
        + (Geometry.SameAs(other.Geometry) ? 0 : 1)
        + (SameSet(Modalites, other.Modalites) ? 0 : 1)
        + (SameSet(Objectifs, other.Objectifs) ? 0 : 1);

    private static bool SameSet(IReadOnlyList<OptionScore> a, IReadOnlyList<OptionScore> b) => a.Count == b.Count && a.All(b.Contains);
}

/// <summary>
/// Builds scénarios à géométrie variable from the evidence only. A scenario is offered only if its posture and
/// the main form of its geometry are supported (rules that read the profile fire for them and their net
/// evidence is positive): no default, no filler. Compatibility never adds evidence: it excludes a combination,
/// requires an option (faire ⇒ gérer en interne) and orders options whose evidence is equal. Scenarios are
/// ordered by the evidence of their posture and main form. When the evidence supports more than one geometry, the
/// second scenario chosen is the best one with another geometry; the others are the best supported ones that change
/// the posture or the geometry, a new geometry or posture weighing <see cref="ScenarioSettings.BonusDiversite"/>.
/// </summary>
public static class ScenarioBuilder
{
    public static IReadOnlyList<ScenarioDraft> Build(ScoreBoard board, ScenarioSettings settings)
    {
        var candidates = Candidates(board, settings);
        // Strongest defining evidence first; then the whole scenario's evidence; then référentiel order (stable).
        candidates.Sort((a, b) => b.Defining != a.Defining ? b.Defining.CompareTo(a.Defining)
            : b.Score != a.Score ? b.Score.CompareTo(a.Score)
            : a.Posture.Order != b.Posture.Order ? a.Posture.Order.CompareTo(b.Posture.Order)
            : a.Geometry.Main.Order.CompareTo(b.Geometry.Main.Order));
        var chosen = new List<ScenarioDraft>(settings.ScenariosMax);
        if (candidates.Count == 0)
        {
            return chosen;
        }
        chosen.Add(candidates[0]);
        var best = candidates[0].Defining;
        // Géométrie variable: when the evidence supports another geometry, a scenario shows the best one, whatever its
        // gap to the first (its certainty and margin say how weak it is), before other postures of the same geometry.
        if (settings.ScenariosMax > 1
            && candidates.FirstOrDefault(c => !c.Geometry.SameAs(candidates[0].Geometry) && c.Differences(candidates[0]) >= settings.EcartMinimal) is { } otherGeometry)
        {
            chosen.Add(otherGeometry);
        }
        foreach (var relaxed in new[] { false, true })
        {
            while (chosen.Count < (relaxed ? settings.ScenariosMin : settings.ScenariosMax))
            {
                ScenarioDraft? next = null;
                var nextValue = double.NegativeInfinity;
                foreach (var candidate in candidates)
                {
                    if (chosen.Contains(candidate) || !relaxed && candidate.Defining < settings.ScoreRelatifMinimal * best)
                    {
                        continue;
                    }
                    var contrasted = true;
                    var newGeometry = true;
                    var newPosture = true;
                    foreach (var kept in chosen)
                    {
                        var structural = kept.Posture != candidate.Posture || !kept.Geometry.SameAs(candidate.Geometry);
                        contrasted &= structural && kept.Differences(candidate) >= settings.EcartMinimal;
                        newGeometry &= !kept.Geometry.SameAs(candidate.Geometry);
                        newPosture &= kept.Posture != candidate.Posture;
                    }
                    if (!contrasted)
                    {
                        continue;
                    }
                    var value = candidate.Defining + settings.BonusDiversite * ((newGeometry ? 1 : 0) + (newPosture ? 1 : 0));
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
        return chosen.OrderByDescending(c => c.Defining).ThenBy(candidates.IndexOf).ToList();
    }

    /// <summary>Every supported posture × supported main form that compatibility allows, with their other answers.</summary>
    private static List<ScenarioDraft> Candidates(ScoreBoard board, ScenarioSettings settings)
    {
        var candidates = new List<ScenarioDraft>();
        var places = board.Of(QuestionIds.Lieux);
        foreach (var posture in board.Of(QuestionIds.Pilotage))
        {
            if (!posture.Supported)
            {
                continue;
            }
            var required = board.Of(QuestionIds.Modalites).Where(m => board.Compatibility(posture, m).Required).ToList();
            if (required.Any(r => r.Excluded || board.Compatibility(posture, r).Incompatible))
            {
                continue; // the posture needs an option the territory cannot have: incoherent
            }
            var modalites = Best(board, posture, board.Of(QuestionIds.Modalites), settings.ModalitesMax, required);
            var objectifs = Best(board, posture, board.Of(QuestionIds.Objectifs), settings.ObjectifsMax, []);
            var partial = posture.Net + modalites.Sum(m => Math.Max(0, m.Net)) + objectifs.Sum(o => o.Net);
            foreach (var main in places)
            {
                if (!main.Supported || board.Compatibility(posture, main).Incompatible)
                {
                    continue;
                }
                var allowed = settings.Complementarites.GetValueOrDefault(main.Option.Id) ?? [];
                var complements = places
                    .Where(c => c != main && c.Supported && allowed.Contains(c.Option.Id) && !board.Compatibility(posture, c).Incompatible)
                    .OrderByDescending(c => c.Net).ThenByDescending(c => board.Compatibility(posture, c).Value).ThenBy(c => c.Order)
                    .Take(settings.ComplementsMax)
                    .ToList();
                var geometry = Led(main, complements);
                candidates.Add(new ScenarioDraft(posture, geometry, modalites, objectifs, required, Math.Round(partial + geometry.Net, 2)));
            }
        }
        return candidates;
    }

    /// <summary>
    /// A geometry led by its best supported form: the forms combine as rules/scenarios.json says (a pôle prolonged by
    /// itinérance), but the form with the most evidence is the main one, so a pôle with 1 point of evidence is not
    /// presented as the main form of an itinérance with 14 (practitioner review: « Pôle + Itinérance » read as a pôle
    /// scenario): it becomes « Itinérance + Pôle », an itinérance that relies on the pôle, distinct from « tout en
    /// itinérance ». Of forms with equal evidence, the main form given stays the main one.
    /// </summary>
    private static GeometryDraft Led(OptionScore main, IReadOnlyList<OptionScore> complements)
    {
        var leader = main;
        foreach (var complement in complements)
        {
            if (complement.Net > leader.Net)
            {
                leader = complement;
            }
        }
        if (leader == main)
        {
            return new GeometryDraft(main, complements);
        }
        var others = complements.Where(c => c != leader).Append(main).OrderByDescending(c => c.Net).ThenBy(c => c.Order).ToList();
        return new GeometryDraft(leader, others);
    }

    /// <summary>
    /// The supported options compatible with the posture, best evidence first (compatibility orders only options of
    /// equal evidence), up to <paramref name="max"/>; the options the posture requires are always in.
    /// </summary>
    private static List<OptionScore> Best(ScoreBoard board, OptionScore posture, IReadOnlyList<OptionScore> options, int max, IReadOnlyList<OptionScore> required)
    {
        var ranked = options
            .Where(o => o.Supported && !board.Compatibility(posture, o).Incompatible && !required.Contains(o))
            .OrderByDescending(o => o.Net)
            .ThenByDescending(o => board.Compatibility(posture, o).Value)
            .ThenBy(o => o.Order)
            .ToList();
        var chosen = new List<OptionScore>(required);
        foreach (var option in ranked)
        {
            if (chosen.Count >= Math.Max(max, required.Count))
            {
                break;
            }
            chosen.Add(option);
        }
        // Shown strongest first, the required ones in their place.
        return chosen.OrderByDescending(o => o.Net).ThenBy(o => o.Order).ToList();
    }
}
