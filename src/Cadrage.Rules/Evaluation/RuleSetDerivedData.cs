using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Output;

namespace Cadrage.Rules.Evaluation;

/// <summary>
/// What the evaluation derives from a rule set alone, computed once when the rule set is built and shared by
/// every evaluation (and by rule sets that differ only by parameter values): explanation templates split into
/// text and placeholders, for each indicator the rules that read it (with the "indicateur manquant" entry and
/// warning ready to use), the fact groups of the evidence rules, the indicators each question reads, what the
/// streaming profile reader needs from the catalogue.
/// </summary>
internal sealed class RuleSetDerivedData
{
    /// <summary>A piece of an explanation: literal text, or the value of an indicator or a parameter.</summary>
    public readonly record struct Segment(string? Text, int Indicator, string? Parameter);

    internal RuleSetDerivedData(RuleSet kb)
    {
        Templates = kb.Rules.Select(r => Compile(kb, r.Properties.Explication)).ToArray();
        JustifiedOptions = new JustifiedOption?[kb.Rules.Count];
        Effects = kb.Rules.Select(r => r.Properties.Effet.ToString()).ToArray();
        TemplateCitesOwnIndicators = kb.Rules.Select(r => Templates[r.Index].All(s => s.Indicator < 0 || r.Indicators.Contains(s.Indicator))).ToArray();
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
            MissingWarnings[i] = $"Indicateur manquant {French.Quote(definition.Libelle)} : {French.Count(names.Count, "règle non évaluée", "règles non évaluées")}.";
        }
        FactGroups = GroupFacts(kb.Rules);
        RulesReadingIndicator = Enumerable.Range(0, kb.Indicators.Count)
            .Select(i => kb.Rules.Where(r => r.Indicators.Contains(i)).Select(r => r.Index).ToArray()).ToArray();
        RulesReadingParameter = kb.ParameterList
            .Select(p => kb.Rules.Where(r => r.Parameters.Contains(p.Name)).Select(r => r.Index).ToArray()).ToArray();
        QuestionIndicators = QuestionIds.All.ToDictionary(
            q => q,
            q => (IReadOnlyList<int>)kb.Rules.Where(r => r.Workflow == q).SelectMany(r => r.Indicators)
                .Where(i => !kb.Indicators[i].Calcule).Distinct().Order().ToList(),
            StringComparer.Ordinal);
        Warnings = MirroredPairs(kb);
        ProfileCatalog = new Profiles.ProfileCatalog(kb);
        QuestionLabels = kb.Referentiel.Questions.OrderBy(q => q.Numero).Select(q => new QuestionLabel(q.Id, q.Numero, q.Libelle, q.Intitule)).ToList();
    }

    /// <summary>What the streaming profile reader needs from the catalogue (indicator lookup, allowed values as UTF-8).</summary>
    public Profiles.ProfileCatalog ProfileCatalog { get; }

    /// <summary>Most distinct priority lists whose keys are kept (a batch meets a few hundred; beyond, keys are built each time).</summary>
    private const int PriorityKeysKept = 2_000;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string[]> _priorityKeys = new(StringComparer.Ordinal);

    /// <summary>
    /// The keys the rules read for some priorities (<see cref="ProfileFacts.PriorityKeys"/>), built once per distinct
    /// list of priorities and shared: every territory of a batch has one of a few hundred lists. Read-only for rules.
    /// </summary>
    public string[] PriorityKeys(IReadOnlyList<CrossedNeed> priorities)
    {
        if (priorities.Count == 0)
        {
            return [];
        }
        var id = string.Join('|', priorities.Select(n => $"{n.Service}/{n.Public}/{n.Critere}"));
        if (_priorityKeys.TryGetValue(id, out var keys))
        {
            return keys;
        }
        keys = ProfileFacts.PriorityKeys(priorities);
        if (_priorityKeys.Count < PriorityKeysKept)
        {
            _priorityKeys.TryAdd(id, keys);
        }
        return keys;
    }

    /// <summary>The five questions as a result carries them (so that it renders on its own).</summary>
    public IReadOnlyList<QuestionLabel> QuestionLabels { get; }

    /// <summary>By rule index: the fact group the rule belongs to (the index of its first rule); only the strongest fired rule of a group counts.</summary>
    public int[] FactGroups { get; }

    /// <summary>By catalogue position: the positions of the rules that read the indicator, in rule order.</summary>
    public int[][] RulesReadingIndicator { get; }

    /// <summary>By parameter position: the positions of the rules that read the parameter, in rule order.</summary>
    public int[][] RulesReadingParameter { get; }

    /// <summary>By question: the catalogue indicators its rules read (what would decide it when missing).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<int>> QuestionIndicators { get; }

    /// <summary>What <c>rules validate</c> warns about (not errors): mirrored pairs of rules.</summary>
    public IReadOnlyList<RuleSetError> Warnings { get; }

    /// <summary>
    /// Evidence rules aimed at the same option with the same direction (support or opposition) that share a fact
    /// form one group (connected components over shared facts).
    /// </summary>
    private static int[] GroupFacts(IReadOnlyList<CompiledRule> rules)
    {
        var parent = Enumerable.Range(0, rules.Count).ToArray();
        int Find(int x) => parent[x] == x ? x : parent[x] = Find(parent[x]);
        var owner = new Dictionary<(int Slot, bool Support, string Fact), int>();
        foreach (var rule in rules)
        {
            if (rule.Workflow is QuestionIds.Besoins or QuestionIds.Compatibilite || rule.Properties.Effet is not (RuleEffectKind.soutien or RuleEffectKind.opposition))
            {
                continue;
            }
            foreach (var fact in rule.Facts)
            {
                var key = (rule.BoardSlot, rule.Properties.Effet == RuleEffectKind.soutien, fact);
                if (owner.TryGetValue(key, out var other))
                {
                    var (a, b) = (Find(rule.Index), Find(other));
                    parent[Math.Max(a, b)] = Math.Min(a, b);
                }
                else
                {
                    owner[key] = rule.Index;
                }
            }
        }
        return Enumerable.Range(0, rules.Count).Select(Find).ToArray();
    }

    /// <summary>
    /// Two rules of one question with the same condition aimed at two different options: one fact then argues
    /// twice in the comparison between those options (for one and against the other, or for both).
    /// </summary>
    private static List<RuleSetError> MirroredPairs(RuleSet kb)
    {
        var warnings = new List<RuleSetError>();
        foreach (var group in kb.Rules
            .Where(r => r.Workflow is not (QuestionIds.Besoins or QuestionIds.Compatibilite) && r.Properties.Effet is RuleEffectKind.soutien or RuleEffectKind.opposition)
            .GroupBy(r => (r.Workflow, Expression: string.Concat(r.Expression.Where(c => !char.IsWhiteSpace(c))))))
        {
            var rules = group.ToList();
            for (var i = 0; i < rules.Count; i++)
            {
                for (var j = i + 1; j < rules.Count; j++)
                {
                    if (rules[i].Properties.Option != rules[j].Properties.Option)
                    {
                        warnings.Add(new RuleSetError(rules[j].File,
                            $"même condition que la règle « {rules[i].Name} », qui {Describe(rules[i])} ; celle-ci {Describe(rules[j])}. Le même fait compte donc deux fois quand ces deux options sont comparées : gardez une seule des deux règles, ou distinguez leurs conditions.",
                            rules[j].Name));
                    }
                }
            }
        }
        return warnings;

        string Describe(CompiledRule r) =>
            $"{(r.Properties.Effet == RuleEffectKind.soutien ? "soutient" : "s'oppose à")} « {kb.Referentiel.FindOption(r.Workflow, r.Properties.Option!)?.Libelle ?? r.Properties.Option} »";
    }

    /// <summary>By rule index.</summary>
    public Segment[][] Templates { get; }

    /// <summary>The option a rule's justifications name and its label (a crossed need, a posture and an option), by rule.</summary>
    public sealed record JustifiedOption(string Option, string Label);

    /// <summary>By rule: its effect as its justifications and consistency statements write it.</summary>
    public string[] Effects { get; }

    /// <summary>By rule: the option its justifications name, filled in by the first evaluation that justifies it (every evaluation finds the same).</summary>
    public JustifiedOption?[] JustifiedOptions { get; }

    /// <summary>By rule: whether every value its explanation cites is one the rule reads (one of its justification's readings).</summary>
    public bool[] TemplateCitesOwnIndicators { get; }

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

/// <summary>What a rule set is warned about without being invalid (what <c>rules validate</c> prints after its summary).</summary>
public static class RuleSetWarnings
{
    /// <summary>The warnings of <paramref name="kb"/>, computed once at load: rules of one question with the same condition aimed at two options (mirrored pairs).</summary>
    public static IReadOnlyList<RuleSetError> Warnings(this RuleSet kb) => kb.Derived.Warnings;
}
