using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Output;

namespace Cadrage.Rules.Evaluation;

/// <summary>
/// What the data a profile lacks could still bring to the board: the rules that did not run because an indicator
/// of the profile's scale is missing, counted as the board counts (the strongest rule of each fact group, beyond
/// the one already counted; an exclusion rules the option out). An answer whose lead these rules could overturn is
/// not « établie », whatever its margin today: the answer says which data would decide it. The bound is the worst
/// case (every such rule firing against the answer), so it never calls established what missing data could undo;
/// the explanations' robustness says, value by value, which data actually would.
/// </summary>
internal sealed class AbsentEvidence
{
    private readonly RuleSet _kb;
    private readonly ProfileFacts _facts;
    private readonly Potential?[] _potentials;

    /// <summary>
    /// What an option could still gain (support), lose (opposition) or meet (an exclusion) from the rules kept from
    /// running, and those rules.
    /// </summary>
    private sealed class Potential
    {
        public double Gain { get; set; }
        public double Loss { get; set; }
        public bool Exclusion { get; set; }
        public List<CompiledRule> Gaining { get; } = [];
        public List<CompiledRule> Losing { get; } = [];
    }

    private AbsentEvidence(RuleSet kb, ProfileFacts facts, Potential?[] potentials)
    {
        _kb = kb;
        _facts = facts;
        _potentials = potentials;
    }

    /// <summary>Null when no rule of the option questions was kept from running by a missing indicator.</summary>
    public static AbsentEvidence? Of(RuleSet kb, ScoreBoard board, ProfileFacts facts)
    {
        Potential?[]? potentials = null;
        foreach (var rule in kb.Rules)
        {
            if (rule.Workflow is QuestionIds.Besoins or QuestionIds.Compatibilite || !KeptFromRunning(rule, facts))
            {
                continue;
            }
            potentials ??= new Potential?[board.All.Count];
            var p = potentials[rule.BoardSlot] ??= new Potential();
            switch (rule.Properties.Effet)
            {
                case RuleEffectKind.soutien:
                    p.Gaining.Add(rule);
                    break;
                case RuleEffectKind.opposition:
                    p.Losing.Add(rule);
                    break;
                default:
                    p.Exclusion = true;
                    p.Losing.Add(rule);
                    break;
            }
        }
        if (potentials is null)
        {
            return null;
        }
        var groups = kb.Derived.FactGroups;
        for (var i = 0; i < potentials.Length; i++)
        {
            if (potentials[i] is { } p)
            {
                var option = board.All[i];
                p.Gain = Beyond(p.Gaining, option.CountedFor, groups);
                p.Loss = Beyond(p.Losing.Where(r => r.Properties.Effet == RuleEffectKind.opposition), option.CountedAgainst, groups);
            }
        }
        return new AbsentEvidence(kb, facts, potentials);
    }

    /// <summary>
    /// A rule that did not run for lack of data the profile could give: every indicator it reads exists at the
    /// profile's scale (a rule of another scale is none of its business), and one at least is missing.
    /// </summary>
    private static bool KeptFromRunning(CompiledRule rule, ProfileFacts facts)
    {
        var lacking = false;
        foreach (var i in rule.Indicators)
        {
            if (facts.Lacking[i])
            {
                lacking = true;
            }
            else if (!facts.Present[i])
            {
                return false;
            }
        }
        return lacking;
    }

    /// <summary>The weight the rules could add, per fact group, beyond what the group already counts.</summary>
    private static double Beyond(IEnumerable<CompiledRule> rules, IReadOnlyList<CompiledRule> counted, int[] groups)
    {
        double total = 0;
        foreach (var group in rules.GroupBy(r => groups[r.Index]))
        {
            var already = 0.0;
            foreach (var c in counted)
            {
                if (groups[c.Index] == group.Key)
                {
                    already = Math.Max(already, c.Weight);
                }
            }
            total += Math.Max(0, group.Max(r => r.Weight) - already);
        }
        return total;
    }

    /// <summary>
    /// Null when <paramref name="option"/> stays ahead of its competitors (those of <paramref name="all"/> but
    /// <paramref name="except"/> and <paramref name="notIn"/>, as <see cref="AnswerFactory.Single"/> reads them) even
    /// if every rule kept from running by missing data fired against it; otherwise the missing indicators that could
    /// overturn it, in catalogue order.
    /// </summary>
    public IReadOnlyList<Choice>? LeadAtRisk(OptionScore option, IReadOnlyList<OptionScore> all, OptionScore? except, IReadOnlyList<OptionScore>? notIn)
    {
        var own = _potentials[option.Global];
        var worst = option.Net - (own?.Loss ?? 0);
        var rules = new List<CompiledRule>();
        var atRisk = own is { Exclusion: true } || worst <= 0;
        if (own is not null && (own.Exclusion || own.Loss > 0))
        {
            rules.AddRange(own.Losing);
        }
        for (var i = 0; i < all.Count; i++)
        {
            var other = all[i];
            if (other == option || other == except || other.Excluded || notIn is not null && AnswerFactory.Contains(notIn, other)
                || _potentials[other.Global] is not { Gain: > 0 } theirs)
            {
                continue;
            }
            if (other.Net + theirs.Gain >= worst)
            {
                atRisk = true;
                rules.AddRange(theirs.Gaining);
            }
        }
        if (!atRisk)
        {
            return null;
        }
        var indicators = new SortedSet<int>();
        foreach (var rule in rules)
        {
            foreach (var i in rule.Indicators)
            {
                if (_facts.Lacking[i])
                {
                    indicators.Add(i);
                }
            }
        }
        return indicators.Select(i => new Choice(_kb.Indicators[i].Id, _kb.Indicators[i].Libelle)).ToList();
    }
}
