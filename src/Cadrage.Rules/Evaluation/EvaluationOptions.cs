namespace Cadrage.Rules.Evaluation;

/// <summary>Operational limits of one evaluation.</summary>
public sealed class EvaluationOptions
{
    /// <summary>
    /// Time budget of one evaluation, checked between rules and inside expressions (at each element a list
    /// function visits: <see cref="EvaluationDeadline"/>). Expressions are restricted at load time to field reads,
    /// operators and a few bounded functions over the profile, without nested list functions; the budget stops a
    /// rule set whose sheer size, a costly expression or a pathological profile would hold a worker too long.
    /// </summary>
    public TimeSpan Budget { get; init; } = TimeSpan.FromSeconds(2);
}

/// <summary>An evaluation ran out of its time budget.</summary>
public sealed class EvaluationBudgetExceededException(string territoire, TimeSpan budget, string rule)
    : Exception($"Évaluation du territoire {territoire} interrompue : budget de {budget.TotalMilliseconds:0} ms dépassé (à la règle « {rule} »).")
{
    public string Territoire { get; } = territoire;
    public string Regle { get; } = rule;
}
