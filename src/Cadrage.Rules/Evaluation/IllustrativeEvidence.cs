using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Output;

namespace Cadrage.Rules.Evaluation;

/// <summary>
/// The evidence of a board without the rules that read a value the profile marks as illustrative (a placeholder,
/// not measured): what an answer's lead would be once those rules are left out. Computed from the fired rules
/// already on the board, by the board's own rules (the strongest fired rule of each fact group counts, a fact
/// counts once per option; an exclusion rules the option out), so no second evaluation of the profile. Built only
/// for a profile that marks a value as illustrative and one of whose fired evidence rules reads such a value.
/// </summary>
internal sealed class IllustrativeEvidence
{
    private readonly RuleSet _kb;
    private readonly IReadOnlyList<bool> _illustrative;
    private readonly int[] _groups;
    private readonly Without?[] _without;

    /// <summary>An option's evidence without the rules that read an illustrative value.</summary>
    private readonly record struct Without(double Support, double Net, bool Excluded)
    {
        public bool Supported => !Excluded && Support > 0 && Net > 0;
    }

    private IllustrativeEvidence(RuleSet kb, ScoreBoard board, IReadOnlyList<bool> illustrative)
    {
        _kb = kb;
        _illustrative = illustrative;
        _groups = kb.Derived.FactGroups;
        _without = new Without?[board.All.Count];
    }

    /// <summary>Null (nothing to check, nothing computed) unless a fired evidence rule reads an illustrative value.</summary>
    public static IllustrativeEvidence? Of(RuleSet kb, ScoreBoard board, ProfileFacts facts)
    {
        if (facts.Illustrative is not { } illustrative)
        {
            return null;
        }
        foreach (var option in board.All)
        {
            if (Any(option.For, illustrative) || Any(option.Against, illustrative) || Any(option.Exclusions, illustrative))
            {
                return new IllustrativeEvidence(kb, board, illustrative);
            }
        }
        return null;
    }

    /// <summary>
    /// Null when <paramref name="option"/> stays ahead of its competitors (those of <paramref name="all"/> but
    /// <paramref name="except"/> and <paramref name="notIn"/>, as <see cref="AnswerFactory.Single"/> reads them) by
    /// more than <paramref name="tolerance"/> without the rules that read illustrative values; otherwise the
    /// illustrative indicators its lead rests on, in catalogue order.
    /// </summary>
    public IReadOnlyList<Choice>? LeadResting(OptionScore option, IReadOnlyList<OptionScore> all, OptionScore? except, IReadOnlyList<OptionScore>? notIn, double tolerance)
    {
        var own = Of(option);
        double best = 0;
        for (var i = 0; i < all.Count; i++)
        {
            var other = all[i];
            if (other == option || other == except || notIn is not null && AnswerFactory.Contains(notIn, other))
            {
                continue;
            }
            // An option ruled out only by rules reading illustrative values competes again.
            var w = Of(other);
            if (!w.Excluded && w.Net > best)
            {
                best = w.Net;
            }
        }
        if (own.Supported && Math.Round(own.Net - best, 2) > tolerance)
        {
            return null;
        }

        // What the lead rests on: the illustrative values read by the rules counted for the option, and, when the
        // option keeps some support, by those counted against (or ruling out) a competitor that, without them, comes
        // within the tolerance. (An option left without support lost it to its own rules: they say it all.)
        var indicators = new SortedSet<int>();
        AddRead(indicators, option.CountedFor);
        for (var i = 0; i < all.Count && own.Supported; i++)
        {
            var other = all[i];
            if (other == option || other == except || notIn is not null && AnswerFactory.Contains(notIn, other))
            {
                continue;
            }
            var w = Of(other);
            if (!w.Excluded && Math.Round(own.Net - w.Net, 2) <= tolerance)
            {
                AddRead(indicators, other.CountedAgainst);
                AddRead(indicators, other.Exclusions);
            }
        }
        if (indicators.Count == 0)
        {
            // Cannot happen (only leaving out such rules can cost the lead), but an answer capped says why.
            AddRead(indicators, option.For);
            foreach (var other in all)
            {
                AddRead(indicators, other.Against);
                AddRead(indicators, other.Exclusions);
            }
        }
        var names = new List<Choice>(indicators.Count);
        foreach (var index in indicators)
        {
            names.Add(new Choice(_kb.Indicators[index].Id, _kb.Indicators[index].Libelle));
        }
        return names;
    }

    private Without Of(OptionScore option)
    {
        if (_without[option.Global] is { } known)
        {
            return known;
        }
        Without w;
        if (!Any(option.For, _illustrative) && !Any(option.Against, _illustrative) && !Any(option.Exclusions, _illustrative))
        {
            w = new Without(option.Support, option.Net, option.Excluded);
        }
        else
        {
            var support = Counted(option.For);
            var opposition = Counted(option.Against);
            var excluded = false;
            foreach (var rule in option.Exclusions)
            {
                excluded |= !Reads(rule, _illustrative);
            }
            w = new Without(support, support - opposition, excluded);
        }
        _without[option.Global] = w;
        return w;
    }

    /// <summary>The weight that counts among the rules kept: the first (strongest) of each fact group, as the board counts.</summary>
    private double Counted(List<CompiledRule> rules)
    {
        double total = 0;
        List<int>? seen = null;
        foreach (var rule in rules)
        {
            if (Reads(rule, _illustrative))
            {
                continue;
            }
            var group = _groups[rule.Index];
            if (seen is not null && seen.Contains(group))
            {
                continue;
            }
            (seen ??= []).Add(group);
            total += rule.Weight;
        }
        return total;
    }

    private void AddRead(SortedSet<int> indicators, IReadOnlyList<CompiledRule> rules)
    {
        foreach (var rule in rules)
        {
            foreach (var index in rule.Indicators)
            {
                if (_illustrative[index])
                {
                    indicators.Add(index);
                }
            }
        }
    }

    private static bool Any(List<CompiledRule> rules, IReadOnlyList<bool> illustrative)
    {
        foreach (var rule in rules)
        {
            if (Reads(rule, illustrative))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Whether the rule reads a value the profile marks as illustrative (none when the profile marks none).</summary>
    internal static bool Reads(CompiledRule rule, IReadOnlyList<bool>? illustrative)
    {
        if (illustrative is null)
        {
            return false;
        }
        var indicators = rule.Indicators;
        for (var i = 0; i < indicators.Count; i++)
        {
            if (illustrative[indicators[i]])
            {
                return true;
            }
        }
        return false;
    }
}
