using Cadrage.Rules.KnowledgeBase;

namespace Cadrage.Rules.Evaluation;

public enum RuleState
{
    Fired,
    NotFired,
    /// <summary>Not evaluated: an indicator it reads is missing from the profile.</summary>
    MissingIndicator,
    /// <summary>Not evaluated: the expression failed at run time.</summary>
    Error,
}

/// <summary>What one rule did for one profile.</summary>
public readonly record struct RuleRun(CompiledRule Rule, RuleState State, string? Error = null);

/// <summary>Runs every compiled rule of a rule set over a profile's facts.</summary>
public static class RuleRunner
{
    /// <summary>
    /// Runs the rules in the rule set's order: the needs of question 4 first; then the crossed priorities are
    /// computed and become the <c>priorites</c> fact; then the other questions, which may read them.
    /// </summary>
    /// <exception cref="EvaluationBudgetExceededException">When <paramref name="budget"/> runs out.</exception>
    public static RuleRun[] Run(RuleSet kb, ProfileFacts facts, TimeSpan? budget = null, string territoire = "") =>
        Run(kb, facts, kb.ParameterValues, budget, territoire);

    /// <summary>Runs the rules with other parameter values (explanations try thresholds without building a rule set).</summary>
    internal static RuleRun[] Run(RuleSet kb, ProfileFacts facts, double[] values, TimeSpan? budget = null, string territoire = "")
    {
        var started = budget is null ? 0 : System.Diagnostics.Stopwatch.GetTimestamp();
        var runs = new RuleRun[kb.Rules.Count];
        for (var i = 0; i < runs.Length; i++)
        {
            if (i == kb.NeedRuleCount)
            {
                facts.SetNeeds(kb, NeedsCrossing.Prioritise(kb.Referentiel, facts.Profile, new ArraySegment<RuleRun>(runs, 0, i), int.MaxValue));
            }
            var rule = kb.Rules[i];
            // Reading the clock costs as much as several rules: look at it every 16 rules.
            if ((i & 15) == 15 && budget is { } limit && System.Diagnostics.Stopwatch.GetElapsedTime(started) > limit)
            {
                throw new EvaluationBudgetExceededException(territoire, limit, rule.Name);
            }
            runs[i] = RunOne(rule, facts, values);
        }
        if (runs.Length == kb.NeedRuleCount)
        {
            facts.SetNeeds(kb, NeedsCrossing.Prioritise(kb.Referentiel, facts.Profile, runs, int.MaxValue));
        }
        return runs;
    }

    /// <summary>
    /// Runs again only the rules at <paramref name="affected"/> (positions in rule order: they read a changed
    /// indicator or parameter); the others keep their state from <paramref name="baseline"/>, run on the same
    /// profile except for those changes. Null when a rule of question 4 changes state: the priorities may change,
    /// and everything must run on fresh facts (the given facts were not touched).
    /// </summary>
    internal static RuleRun[]? Rerun(RuleSet kb, ProfileFacts facts, IReadOnlyList<RuleRun> baseline, IReadOnlyList<CrossedNeed> baselineNeeds, IReadOnlyList<int> affected, double[] values)
    {
        var runs = new RuleRun[baseline.Count];
        for (var i = 0; i < runs.Length; i++)
        {
            runs[i] = baseline[i];
        }
        var k = 0;
        for (; k < affected.Count && affected[k] < kb.NeedRuleCount; k++)
        {
            if (RunOne(kb.Rules[affected[k]], facts, values).State != runs[affected[k]].State)
            {
                return null;
            }
        }
        if (!ReferenceEquals(facts.Needs, baselineNeeds))
        {
            facts.SetNeeds(kb, baselineNeeds);
        }
        for (; k < affected.Count; k++)
        {
            runs[affected[k]] = RunOne(kb.Rules[affected[k]], facts, values);
        }
        return runs;
    }

    private static RuleRun RunOne(CompiledRule rule, ProfileFacts facts, double[] values)
    {
        var present = facts.Present;
        var indicators = rule.Indicators;
        for (var i = 0; i < indicators.Count; i++)
        {
            if (!present[indicators[i]])
            {
                return new RuleRun(rule, RuleState.MissingIndicator);
            }
        }
        try
        {
            return new RuleRun(rule, rule.Predicate(facts.Instance, values) ? RuleState.Fired : RuleState.NotFired);
        }
        catch (Exception ex) when (ex is ArithmeticException or InvalidOperationException or NullReferenceException or IndexOutOfRangeException or ArgumentException)
        {
            return new RuleRun(rule, RuleState.Error, ex.Message);
        }
    }
}
