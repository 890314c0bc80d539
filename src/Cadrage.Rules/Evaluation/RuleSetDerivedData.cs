using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Output;

namespace Cadrage.Rules.Evaluation;

/// <summary>
/// What the evaluation derives from a rule set alone, computed once when the rule set is built and shared by
/// every evaluation (and by rule sets that differ only by parameter values): explanation templates split into
/// text and placeholders, and for each indicator the rules that read it (with the "indicateur manquant" entry
/// and warning ready to use).
/// </summary>
internal sealed class RuleSetDerivedData
{
    /// <summary>A piece of an explanation: literal text, or the value of an indicator or a parameter.</summary>
    public readonly record struct Segment(string? Text, int Indicator, string? Parameter);

    internal RuleSetDerivedData(RuleSet kb)
    {
        Templates = kb.Rules.Select(r => Compile(kb, r.Properties.Explication)).ToArray();
        var readers = new List<string>[kb.Indicators.Count];
        foreach (var rule in kb.Rules)
        {
            foreach (var index in rule.Indicators)
            {
                (readers[index] ??= []).Add(rule.Name);
            }
        }
        Missing = new MissingIndicator?[kb.Indicators.Count];
        MissingWarnings = new string?[kb.Indicators.Count];
        for (var i = 0; i < readers.Length; i++)
        {
            if (readers[i] is not { } names)
            {
                continue;
            }
            var definition = kb.Indicators[i];
            Missing[i] = new MissingIndicator(definition.Id, definition.Libelle, names);
            MissingWarnings[i] = $"Indicateur manquant « {definition.Libelle} » ({definition.Id}) : {names.Count} règle(s) non évaluée(s) ({string.Join(", ", names)}).";
        }
    }

    /// <summary>By rule index.</summary>
    public Segment[][] Templates { get; }

    /// <summary>By indicator index: the entry listing the rules left unevaluated when it is missing (null if no rule reads it).</summary>
    public MissingIndicator?[] Missing { get; }

    public string?[] MissingWarnings { get; }

    private static Segment[] Compile(RuleSet kb, string template)
    {
        var segments = new List<Segment>();
        var last = 0;
        foreach (System.Text.RegularExpressions.Match m in Names.Placeholder().Matches(template))
        {
            if (m.Index > last)
            {
                segments.Add(new Segment(template[last..m.Index], -1, null));
            }
            var key = m.Groups[1].Value;
            segments.Add(kb.IndicatorIndex.TryGetValue(key, out var index)
                ? new Segment(null, index, null)
                : kb.Parameters.ContainsKey(key) ? new Segment(null, -1, key) : new Segment(m.Value, -1, null));
            last = m.Index + m.Length;
        }
        if (last < template.Length)
        {
            segments.Add(new Segment(template[last..], -1, null));
        }
        return segments.ToArray();
    }
}
