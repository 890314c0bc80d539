namespace Cadrage.Rules.Evaluation;

/// <summary>French agreement for the evaluation's own sentences: the number decides, never « (s) ».</summary>
internal static class French
{
    /// <summary>« 1 règle », « 3 règles » (French plural from 2).</summary>
    public static string Count(int count, string singular, string plural) => $"{count}\u00a0{(Math.Abs(count) >= 2 ? plural : singular)}";

    /// <summary>« a, b et c ».</summary>
    public static string List(IReadOnlyList<string> items) => items.Count switch
    {
        0 => "",
        1 => items[0],
        _ => string.Join(", ", items.Take(items.Count - 1)) + " et " + items[^1],
    };

    /// <summary>« « Faire » », the label of an option quoted the French way.</summary>
    public static string Quote(string label) => $"«\u00a0{label}\u00a0»";
}
