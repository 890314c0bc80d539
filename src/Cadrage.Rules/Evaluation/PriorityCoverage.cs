using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Output;

namespace Cadrage.Rules.Evaluation;

/// <summary>
/// Which priorities of the Quoi a scenario serves: a priority is served by an option of the scenario (its
/// geometry or a modalité) when a rule supporting that option reads the priorities and still fires with that
/// priority alone. The others are left uncovered, and the scenario says so.
/// </summary>
internal sealed class PriorityCoverage(RuleSet kb, ProfileFacts facts, IReadOnlyList<RuleRun> runs)
{
    private readonly int _prioritiesIndex = kb.IndicatorIndex.GetValueOrDefault(IndicatorCatalog.PrioritiesId, -1);
    private readonly Dictionary<(int Rule, int Priority), bool> _serves = [];

    public Coverage For(ScenarioDraft draft, IReadOnlyList<CrossedNeed> priorities)
    {
        var options = draft.Modalites.Append(draft.Geometry.Main).Concat(draft.Geometry.Complements).ToList();
        var served = new List<ServedPriority>();
        var uncovered = new List<string>();
        for (var p = 0; p < priorities.Count; p++)
        {
            var by = new List<Choice>();
            foreach (var option in options)
            {
                foreach (var rule in option.For)
                {
                    if (Serves(rule, p, priorities[p]))
                    {
                        by.Add(option.Option.AsChoice);
                        break;
                    }
                }
            }
            var label = Label(priorities[p]);
            if (by.Count > 0)
            {
                served.Add(new ServedPriority(label, by));
            }
            else
            {
                uncovered.Add(label);
            }
        }
        return new Coverage(served, uncovered);
    }

    private bool Serves(CompiledRule rule, int index, CrossedNeed priority)
    {
        if (_prioritiesIndex < 0 || !rule.Indicators.Contains(_prioritiesIndex) || runs[rule.Index].State != RuleState.Fired)
        {
            return false;
        }
        if (_serves.TryGetValue((rule.Index, index), out var known))
        {
            return known;
        }
        var previous = facts.ReplacePriorities(kb, kb.Derived.PriorityKeys([priority]));
        try
        {
            return _serves[(rule.Index, index)] = rule.Predicate(facts.Instance, kb.ParameterValues);
        }
        catch (Exception ex) when (ex is ArithmeticException or InvalidOperationException or NullReferenceException or IndexOutOfRangeException or ArgumentException)
        {
            return _serves[(rule.Index, index)] = false;
        }
        finally
        {
            kb.ProfileType.Set(facts.Instance, _prioritiesIndex, previous!);
        }
    }

    /// <summary>The label of a priority, written once per territory (every scenario lists the same priorities).</summary>
    private string Label(CrossedNeed n)
    {
        if (_labels.TryGetValue(n, out var known))
        {
            return known;
        }
        return _labels[n] = n.Label(kb.Referentiel);
    }

    private readonly Dictionary<CrossedNeed, string> _labels = new(ReferenceEqualityComparer.Instance);
}
