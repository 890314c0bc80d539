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
        _ => Join(items),
    };

    private static string Join(IReadOnlyList<string> items)
    {
        var length = " et ".Length + ", ".Length * (items.Count - 2);
        foreach (var item in items)
        {
            length += item.Length;
        }
        return string.Create(length, items, static (span, list) =>
        {
            for (var i = 0; i < list.Count; i++)
            {
                var separator = i == 0 ? "" : i == list.Count - 1 ? " et " : ", ";
                separator.CopyTo(span);
                span = span[separator.Length..];
                list[i].CopyTo(span);
                span = span[list[i].Length..];
            }
        });
    }

    /// <summary>« « Faire » », the label of an option quoted the French way.</summary>
    public static string Quote(string label) => $"«\u00a0{label}\u00a0»";
}
