using System.Diagnostics;

namespace Cadrage.Rules.Evaluation;

/// <summary>
/// The time budget of the evaluation running on this thread, checked from inside compiled rule expressions:
/// every element a list function (<c>Any</c>, <c>All</c>, <c>Count</c>) visits first calls <see cref="Tick"/>,
/// which throws <see cref="EvaluationBudgetExceededException"/> once the budget is spent. So a rule stops in the
/// middle of its expression, not only between rules: the largest step between two checks is one element of a
/// list function or one expression without list function (its size is bounded at load).
/// Evaluations are synchronous: the deadline lives on the thread that evaluates.
/// </summary>
public static class EvaluationDeadline
{
    [ThreadStatic]
    private static long t_until;

    [ThreadStatic]
    private static TimeSpan t_budget;

    [ThreadStatic]
    private static string? t_territoire;

    /// <summary>Starts the budget of one evaluation on this thread, until the returned scope is disposed.</summary>
    public static Scope Enter(TimeSpan budget, string territoire)
    {
        var previous = new Scope(t_until, t_budget, t_territoire);
        var now = Stopwatch.GetTimestamp();
        // Stopwatch ticks, clamped so that a huge budget (TimeSpan.MaxValue) cannot overflow.
        var ticks = Math.Clamp(budget.TotalSeconds * Stopwatch.Frequency, 1, (double)(long.MaxValue / 2));
        var until = now + (long)ticks;
        // A nested evaluation never extends the budget of the one around it.
        t_until = t_until != 0 ? Math.Min(t_until, until) : until;
        t_budget = t_until == until ? budget : t_budget;
        t_territoire = t_until == until ? territoire : t_territoire;
        return previous;
    }

    /// <summary>Called by compiled expressions at each element of a list function; throws once the budget is spent.</summary>
    /// <exception cref="EvaluationBudgetExceededException">When the evaluation on this thread ran out of its budget.</exception>
    public static void Tick(string rule)
    {
        var until = t_until;
        if (until != 0 && Stopwatch.GetTimestamp() > until)
        {
            throw new EvaluationBudgetExceededException(t_territoire ?? "", t_budget, rule);
        }
    }

    /// <summary>Restores the deadline that held before <see cref="Enter"/> (none, usually).</summary>
    public readonly struct Scope(long until, TimeSpan budget, string? territoire) : IDisposable
    {
        public void Dispose()
        {
            t_until = until;
            t_budget = budget;
            t_territoire = territoire;
        }
    }
}
