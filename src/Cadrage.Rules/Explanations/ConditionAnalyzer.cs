using System.Linq.Expressions;
using Cadrage.Rules.Evaluation;
using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Output;

namespace Cadrage.Rules.Explanations;

/// <summary>
/// One condition of a rule, and what it would take to change its truth. <paramref name="Statutory"/>: a category a
/// territory does not choose (its type of EPCI, a status), read from an indicator the catalogue does not mark as a
/// lever, or its number of communes (its scale): no near miss rests on it. A membership condition names its list
/// and the value it wants (<paramref name="ListIndicator"/>, <paramref name="ListValue"/>), so that a value already
/// held elsewhere (a CTG signed, not to be « prepared ») is recognised. <paramref name="Relative"/>: how far the
/// condition is, for ordering near misses: a comparison's gap relative to its threshold (1,55 point short of 50 % is
/// nearer than 29 points over 20 %), capped at 1; a lever to decide (sign, start a démarche) one half; anything else 1.
/// </summary>
/// <paramref name="Guard"/>: a structural guard, a category of the territory compared with a literal (type d'EPCI
/// « Métropole de Lyon », régime fiscal) or its number of communes compared with a literal: the rule is written for
/// another kind of territory, not one this territory missed.
internal sealed record ConditionState(string Text, double? Gap, double Distance, string? Parameter, bool Statutory = false, string? ListIndicator = null, string? ListValue = null, double Relative = 1, bool Guard = false);

/// <summary>
/// A value of a parameter at which one comparison of a rule changes its truth for this profile. <paramref name="Phrase"/>
/// says where the threshold would be set, neutrally (« au-dessus de 14,39 % », « à 257 habitants ou moins »).
/// </summary>
internal sealed record Breakpoint(string Parameter, double Value, string Phrase);

/// <summary>
/// Reads the comparisons of a rule's expression against this profile: which conditions keep it from firing and by
/// how much (« part de la première commune 39,99 % ; il faut au moins 40 % : il manque 0,01 point »), and at which
/// parameter values a comparison would change its truth. Works on the parsed expression, so it explains any rule
/// a methodologist writes.
/// </summary>
internal sealed class ConditionAnalyzer(RuleSet kb, ProfileFacts facts, double[] values)
{
    private readonly Dictionary<string, int> _parameterIndex = kb.ParameterList.ToDictionary(p => p.Name, p => p.Index, StringComparer.Ordinal);

    /// <summary>The conditions that keep a rule from firing, along the cheapest way to make it fire.</summary>
    public IReadOnlyList<ConditionState> Missing(CompiledRule rule)
    {
        var interpreter = Interpreter(rule);
        var (_, conditions) = Need(interpreter, rule.Tree.Body, true);
        return conditions;
    }

    /// <summary>The conditions that make a rule fire, along the cheapest way to make it stop.</summary>
    public IReadOnlyList<ConditionState> Holding(CompiledRule rule)
    {
        var interpreter = Interpreter(rule);
        var (_, conditions) = Need(interpreter, rule.Tree.Body, false);
        return conditions;
    }

    /// <summary>
    /// True when a scale guard of the rule is false for this profile: the rule is written for another scale of
    /// territory (<c>profil.nombre_communes &gt;= 2 &amp;&amp; …</c> for an intercommunality, <c>== 1</c> for a commune
    /// alone), so it is no rule this territory missed and no lever (« il manque 1 commune » is not a change a commune
    /// can make). A scale guard is a comparison of <see cref="FactKeys.ScaleIndicator"/> with a literal among the
    /// conditions the rule requires (its top-level conjunction), as <see cref="FactKeys"/> reads it.
    /// </summary>
    public bool OutOfScale(CompiledRule rule)
    {
        ExpressionInterpreter? interpreter = null;
        foreach (var condition in Conjuncts(rule.Tree.Body))
        {
            if (!IsScaleGuard(condition))
            {
                continue;
            }
            interpreter ??= Interpreter(rule);
            try
            {
                if (!ExpressionInterpreter.Truthy(interpreter.Evaluate(condition)))
                {
                    return true;
                }
            }
            catch (Exception ex) when (ex is NotSupportedException or InvalidCastException or NullReferenceException or ArgumentException)
            {
                // Not evaluable on this profile: not a proof of another scale.
            }
        }
        return false;
    }

    /// <summary>The conditions a rule requires all at once: the operands of its top-level « && » chain.</summary>
    private static IEnumerable<Expression> Conjuncts(Expression node)
    {
        node = Strip(node);
        if (node is BinaryExpression { NodeType: ExpressionType.AndAlso } and)
        {
            return Conjuncts(and.Left).Concat(Conjuncts(and.Right));
        }
        return [node];
    }

    /// <summary><c>profil.nombre_communes</c> compared with a literal, either way round.</summary>
    private static bool IsScaleGuard(Expression node) =>
        Unwrap(node) is BinaryExpression { NodeType: ExpressionType.Equal or ExpressionType.NotEqual or ExpressionType.GreaterThan or ExpressionType.GreaterThanOrEqual or ExpressionType.LessThan or ExpressionType.LessThanOrEqual } b
        && (ReadsScale(b.Left) && Unwrap(b.Right) is ConstantExpression || ReadsScale(b.Right) && Unwrap(b.Left) is ConstantExpression);

    /// <summary>The profile side reads the number of communes (whatever it is compared with).</summary>
    private static bool ReadsScale(Expression node) => Unwrap(node) is MemberExpression { Member.Name: FactKeys.ScaleIndicator, Expression: ParameterExpression };

    private static Expression Unwrap(Expression e) => e switch
    {
        UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } u => Unwrap(u.Operand),
        MethodCallExpression { Method.Name: "op_Implicit", Arguments: [var inner] } => Unwrap(inner),
        _ => e,
    };

    /// <summary>
    /// The parameter values at which a comparison of the rule changes its truth for this profile. A statistical guard
    /// (parametres.json « garde » : the population from which a rate is read) is no threshold of the method: none.
    /// </summary>
    public IEnumerable<Breakpoint> Breakpoints(CompiledRule rule)
    {
        var interpreter = Interpreter(rule);
        foreach (var leaf in Leaves(rule.Tree.Body))
        {
            if (Comparison(interpreter, leaf) is not { } c || c.ThresholdParameter is not { } name || c.ProfileValue is not { } p || c.Threshold is not { } t)
            {
                continue;
            }
            var definition = kb.Parameters[name].Definition;
            if (definition.Garde)
            {
                continue;
            }
            var epsilon = Math.Max(1e-9, Math.Abs(p) * 1e-9);
            var truth = Compare(p, c.Op, t);
            var shown = definition.Format(Math.Round(p, 2));
            var (value, phrase) = (c.Op, truth) switch
            {
                (ExpressionType.GreaterThanOrEqual, true) => (p + epsilon, $"au-dessus de {shown}"),
                (ExpressionType.GreaterThanOrEqual, false) => (p, $"à {shown} ou moins"),
                (ExpressionType.GreaterThan, true) => (p, $"à {shown} ou plus"),
                (ExpressionType.GreaterThan, false) => (p - epsilon, $"sous {shown}"),
                (ExpressionType.LessThanOrEqual, true) => (p - epsilon, $"sous {shown}"),
                (ExpressionType.LessThanOrEqual, false) => (p, $"à {shown} ou plus"),
                (ExpressionType.LessThan, true) => (p, $"à {shown} ou moins"),
                (ExpressionType.LessThan, false) => (p + epsilon, $"au-dessus de {shown}"),
                _ => (double.NaN, ""),
            };
            if (!double.IsNaN(value))
            {
                yield return new Breakpoint(name, value, phrase);
            }
        }
    }

    /// <summary>
    /// The parameters a rule compares <paramref name="indicator"/> with (« profil.taux_chomage >= seuil_chomage_eleve »),
    /// read from the expression alone: the values at which that indicator changes a rule's truth. Not the other
    /// parameters of the rule, and never a statistical guard.
    /// </summary>
    public IEnumerable<string> ParametersComparedWith(CompiledRule rule, string indicator)
    {
        foreach (var leaf in Leaves(rule.Tree.Body))
        {
            if (leaf is not BinaryExpression { NodeType: ExpressionType.GreaterThan or ExpressionType.GreaterThanOrEqual or ExpressionType.LessThan or ExpressionType.LessThanOrEqual } b)
            {
                continue;
            }
            var (left, right) = (Strip(b.Left), Strip(b.Right));
            var (threshold, side) = left is ParameterExpression ? (left, right) : (right, left);
            if (threshold is ParameterExpression { Name: { } name } && kb.Parameters.TryGetValue(name, out var parameter) && !parameter.Definition.Garde
                && Strip(side) is MemberExpression { Expression: ParameterExpression } member && member.Member.Name == indicator)
            {
                yield return name;
            }
        }
    }

    private ExpressionInterpreter Interpreter(CompiledRule rule) => new(facts.Instance, values, rule.Tree, _parameterIndex);

    /// <summary>What it takes for <paramref name="node"/> to evaluate to <paramref name="wanted"/>: a cost (conditions to change) and the conditions.</summary>
    private (double Cost, List<ConditionState> Conditions) Need(ExpressionInterpreter interpreter, Expression node, bool wanted)
    {
        node = Strip(node);
        bool current;
        try
        {
            current = ExpressionInterpreter.Truthy(interpreter.Evaluate(node));
        }
        catch (Exception ex) when (ex is NotSupportedException or InvalidCastException or NullReferenceException or ArgumentException or System.Reflection.TargetInvocationException)
        {
            return (1, [new ConditionState("condition non évaluable sur ce profil", null, 1, null)]);
        }
        if (current == wanted)
        {
            return (0, []);
        }
        switch (node)
        {
            case UnaryExpression { NodeType: ExpressionType.Not } not:
                return Need(interpreter, not.Operand, !wanted);
            case BinaryExpression { NodeType: ExpressionType.AndAlso or ExpressionType.OrElse } logical:
                var both = (logical.NodeType == ExpressionType.AndAlso) == wanted;
                var left = Need(interpreter, logical.Left, wanted);
                var right = Need(interpreter, logical.Right, wanted);
                if (both)
                {
                    // All of them (AND made true, OR made false).
                    return (left.Cost + right.Cost, [.. left.Conditions, .. right.Conditions]);
                }
                // Any one of them: the cheapest.
                var pick = left.Cost == 0 ? right : right.Cost == 0 ? left : left.Cost <= right.Cost ? left : right;
                return pick;
            default:
                var state = Describe(interpreter, node, wanted);
                return (1 + Math.Min(1, state.Distance), [state]);
        }
    }

    private static Expression Strip(Expression node) => node is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } u ? Strip(u.Operand) : node;

    private static IEnumerable<Expression> Leaves(Expression node)
    {
        node = Strip(node);
        switch (node)
        {
            case UnaryExpression { NodeType: ExpressionType.Not } not:
                return Leaves(not.Operand);
            case BinaryExpression { NodeType: ExpressionType.AndAlso or ExpressionType.OrElse } logical:
                return Leaves(logical.Left).Concat(Leaves(logical.Right));
            default:
                return [node];
        }
    }

    private sealed record ComparisonParts(Expression ProfileSide, ExpressionType Op, double? ProfileValue, double? Threshold, string? ThresholdParameter);

    /// <summary>A comparison between something the profile gives and a threshold (parameter or literal), normalized as « profile op threshold ».</summary>
    private static ComparisonParts? Comparison(ExpressionInterpreter interpreter, Expression node)
    {
        if (node is not BinaryExpression b || b.NodeType is not (ExpressionType.GreaterThan or ExpressionType.GreaterThanOrEqual or ExpressionType.LessThan or ExpressionType.LessThanOrEqual or ExpressionType.Equal or ExpressionType.NotEqual))
        {
            return null;
        }
        var (left, right) = (Strip(b.Left), Strip(b.Right));
        var leftReads = interpreter.ReadsProfile(left);
        var rightReads = interpreter.ReadsProfile(right);
        if (leftReads == rightReads)
        {
            return null;
        }
        var (profileSide, threshold, op) = leftReads ? (left, right, b.NodeType) : (right, left, Flip(b.NodeType));
        double? p;
        double? t;
        try
        {
            p = ExpressionInterpreter.Number(interpreter.Evaluate(profileSide));
            t = ExpressionInterpreter.Number(interpreter.Evaluate(threshold));
        }
        catch (Exception ex) when (ex is NotSupportedException or InvalidCastException or NullReferenceException or ArgumentException)
        {
            return null;
        }
        return new ComparisonParts(profileSide, op, p, t, threshold is ParameterExpression { Name: var name } ? name : null);
    }

    private static ExpressionType Flip(ExpressionType op) => op switch
    {
        ExpressionType.GreaterThan => ExpressionType.LessThan,
        ExpressionType.GreaterThanOrEqual => ExpressionType.LessThanOrEqual,
        ExpressionType.LessThan => ExpressionType.GreaterThan,
        ExpressionType.LessThanOrEqual => ExpressionType.GreaterThanOrEqual,
        _ => op,
    };

    private static ExpressionType Negate(ExpressionType op) => op switch
    {
        ExpressionType.GreaterThan => ExpressionType.LessThanOrEqual,
        ExpressionType.GreaterThanOrEqual => ExpressionType.LessThan,
        ExpressionType.LessThan => ExpressionType.GreaterThanOrEqual,
        ExpressionType.LessThanOrEqual => ExpressionType.GreaterThan,
        ExpressionType.Equal => ExpressionType.NotEqual,
        _ => ExpressionType.Equal,
    };

    private static bool Compare(double p, ExpressionType op, double t) => op switch
    {
        ExpressionType.GreaterThan => p > t,
        ExpressionType.GreaterThanOrEqual => p >= t,
        ExpressionType.LessThan => p < t,
        ExpressionType.LessThanOrEqual => p <= t,
        ExpressionType.Equal => p == t,
        _ => p != t,
    };

    /// <summary>The relative gap of a list or yes/no condition on a lever (a convention to sign, a démarche to start): nearer than any other such condition.</summary>
    internal const double LeverRelative = 0.5;

    /// <summary>One leaf condition, in words, with what it lacks to take the wanted truth.</summary>
    private ConditionState Describe(ExpressionInterpreter interpreter, Expression node, bool wanted)
    {
        if (Comparison(interpreter, node) is { } c && c.ProfileValue is { } p && c.Threshold is { } t)
        {
            var op = wanted ? c.Op : Negate(c.Op);
            var (label, indicator) = Label(c.ProfileSide);
            var valueText = indicator is null ? FrenchFormat.Number(p) : indicator.Calcule ? FrenchFormat.Number(p) : FormatValue(indicator, p, c.ProfileSide);
            var thresholdText = c.ThresholdParameter is { } name
                ? $"{kb.Parameters[name].Definition.Format(t)} ({kb.Parameters[name].Definition.Libelle})"
                : indicator is null ? FrenchFormat.Number(t) : FormatValue(indicator, t, c.ProfileSide);
            var gap = Math.Abs(t - p);
            if (c.ThresholdParameter is { } guard && kb.Parameters[guard].Definition is { Garde: true } guardDefinition)
            {
                // A statistical guard: the indicator it protects is not read on this territory. Not a lever, not a near
                // miss (« il manque 243 habitants » is no change a commune can make, nor a method to revise).
                return new ConditionState($"{label} : {valueText}, sous le {guardDefinition.Libelle} ({guardDefinition.Format(t)}) : une garde statistique, pas un levier",
                    gap, 1, null, Statutory: true, Relative: 1);
            }
            var gapText = Gap(indicator, gap, c.ProfileSide);
            var scale = indicator is { Min: { } min, Max: { } max } && max > min ? max - min : Math.Max(1, Math.Abs(t));
            var (need, lack) = op switch
            {
                ExpressionType.GreaterThanOrEqual => ("au moins", $"il manque {gapText}"),
                ExpressionType.GreaterThan => ("plus de", p == t ? "il faut le dépasser" : $"il manque {gapText}"),
                ExpressionType.LessThanOrEqual => ("au plus", $"{gapText} de trop"),
                ExpressionType.LessThan => ("moins de", p == t ? "il faut passer en dessous" : $"{gapText} de trop"),
                ExpressionType.Equal => ("exactement", $"écart de {gapText}"),
                _ => ("autre chose que", "valeur égale"),
            };
            // The number of communes is the territory's scale, not a lever: no near miss rests on it.
            return new ConditionState($"{label} : {valueText} ; il faut {need} {thresholdText} : {lack}", gap, gap / scale, c.ThresholdParameter, ReadsScale(c.ProfileSide),
                Relative: Math.Min(1, gap / Math.Max(Math.Abs(t), 1e-9)), Guard: ReadsScale(c.ProfileSide) && c.ThresholdParameter is null);
        }
        if (Membership(node) is { } membership)
        {
            var (label, indicator) = Label(membership.List);
            var value = indicator?.Id == IndicatorCatalog.PrioritiesId ? PriorityLabel(membership.Value) : indicator?.LabelOf(membership.Value) ?? membership.Value;
            return new ConditionState(wanted
                ? $"{FrenchFormat.Quote(value)} ne figure pas parmi {FrenchFormat.Quote(label)}"
                : $"{FrenchFormat.Quote(value)} figure parmi {FrenchFormat.Quote(label)}", null, 1, null, false, wanted ? indicator?.Id : null, wanted ? membership.Value : null,
                indicator is { Levier: true } ? LeverRelative : 1);
        }
        if (TextEquality(node) is { } equality)
        {
            var (label, indicator) = Label(equality.Member);
            var actual = interpreter.Evaluate(equality.Member) as string ?? "";
            var expected = indicator?.LabelOf(equality.Value) ?? equality.Value;
            var shown = indicator?.LabelOf(actual) ?? actual;
            var mustEqual = wanted == equality.Equal;
            return new ConditionState(mustEqual
                ? $"{label} : {shown} ; il faut {FrenchFormat.Quote(expected)}"
                : $"{label} : {shown} ; il faut autre chose que {FrenchFormat.Quote(expected)}", null, 1, null, Statutory(indicator), Guard: Statutory(indicator));
        }
        if (node is MemberExpression { Expression: ParameterExpression } member && member.Type == typeof(bool))
        {
            var (label, indicator) = Label(member);
            return new ConditionState($"{FrenchFormat.Quote(label)} : {(wanted ? "non ; il faut oui" : "oui ; il faut non")}", null, 1, null, Statutory(indicator),
                Relative: indicator is { Levier: true } ? LeverRelative : 1, Guard: Statutory(indicator));
        }
        return new ConditionState($"condition non remplie ({(wanted ? "à satisfaire" : "à lever")})", null, 1, null);
    }

    private sealed record MembershipParts(Expression List, string Value);

    private static MembershipParts? Membership(Expression node) =>
        node is MethodCallExpression { Method.Name: "Contains", Arguments: [var list, ConstantExpression { Value: string value }] } && Strip(list) is MemberExpression { Expression: ParameterExpression } member
            ? new MembershipParts(member, value)
            : null;

    private sealed record EqualityParts(Expression Member, string Value, bool Equal);

    private static EqualityParts? TextEquality(Expression node)
    {
        if (node is not BinaryExpression { NodeType: ExpressionType.Equal or ExpressionType.NotEqual } b)
        {
            return null;
        }
        var (left, right) = (Strip(b.Left), Strip(b.Right));
        return (left, right) switch
        {
            (MemberExpression { Expression: ParameterExpression } m, ConstantExpression { Value: string v }) => new EqualityParts(m, v, b.NodeType == ExpressionType.Equal),
            (ConstantExpression { Value: string v }, MemberExpression { Expression: ParameterExpression } m) => new EqualityParts(m, v, b.NodeType == ExpressionType.Equal),
            _ => null,
        };
    }

    /// <summary>The label of what the profile side reads: an indicator, the number of values of a list, or a sum of indicators.</summary>
    /// <summary>A category read from an indicator that is neither a lever nor computed: the territory's status, not a choice.</summary>
    private static bool Statutory(IndicatorDefinition? indicator) => indicator is { Levier: false, Calcule: false };

    private (string Label, IndicatorDefinition? Indicator) Label(Expression node)
    {
        node = Strip(node);
        switch (node)
        {
            case MemberExpression { Expression: ParameterExpression } field when kb.FindIndicator(field.Member.Name) is { } indicator:
                return (indicator.Libelle, indicator);
            case MemberExpression { Member.Name: "Length" or "Count", Expression: var inner } when Strip(inner!) is MemberExpression { Expression: ParameterExpression } list && kb.FindIndicator(list.Member.Name) is { } listIndicator:
                return ($"nombre de valeurs de {FrenchFormat.Quote(listIndicator.Libelle)}", null);
            case UnaryExpression { NodeType: ExpressionType.ArrayLength } length when Strip(length.Operand) is MemberExpression { Expression: ParameterExpression } array && kb.FindIndicator(array.Member.Name) is { } arrayIndicator:
                return ($"nombre de valeurs de {FrenchFormat.Quote(arrayIndicator.Libelle)}", null);
            case BinaryExpression { NodeType: ExpressionType.Add } sum:
                // In words, never as a formula: « Somme de « Part … niveau 3 » et de « Part … niveau 5 » ».
                var terms = Terms(sum).Select(Term).ToList();
                return ($"Somme de {French.List(terms.Select((t, i) => i == 0 ? t.Text : "de " + t.Text).ToList())}", terms[0].Indicator);
            case BinaryExpression arithmetic:
                var left = Term(arithmetic.Left);
                var right = Term(arithmetic.Right);
                var words = arithmetic.NodeType switch
                {
                    ExpressionType.Subtract => $"Écart entre {left.Text} et {right.Text}",
                    ExpressionType.Multiply => $"Produit de {left.Text} par {right.Text}",
                    _ => $"Rapport de {left.Text} à {right.Text}",
                };
                return (words, arithmetic.NodeType is ExpressionType.Subtract ? left.Indicator : null);
            case ConstantExpression constant:
                return (FrenchFormat.Value(constant.Value), null);
            default:
                return ("valeur calculée", null);
        }
    }

    /// <summary>The terms of a sum, flattened (a + b + c is three terms).</summary>
    private static IEnumerable<Expression> Terms(Expression node)
    {
        node = Strip(node);
        if (node is BinaryExpression { NodeType: ExpressionType.Add } add)
        {
            return Terms(add.Left).Concat(Terms(add.Right));
        }
        return [node];
    }

    /// <summary>One term of a computation in words: an indicator's label quoted, a number as it is.</summary>
    private (string Text, IndicatorDefinition? Indicator) Term(Expression node)
    {
        var (label, indicator) = Label(node);
        return (Strip(node) is MemberExpression { Expression: ParameterExpression } ? FrenchFormat.Quote(label) : FrenchFormat.InSentence(label), indicator);
    }

    private static string FormatValue(IndicatorDefinition indicator, double value, Expression side) =>
        Strip(side) is MemberExpression ? FrenchFormat.WithUnit(value, indicator.Unite, indicator.UnitePluriel) : FrenchFormat.WithUnit(value, indicator.Unite, indicator.UnitePluriel);

    /// <summary>A gap in the indicator's unit: percentage points for a share, the unit agreed in number otherwise.</summary>
    private static string Gap(IndicatorDefinition? indicator, double gap, Expression side)
    {
        var rounded = Math.Round(gap, 2);
        if (indicator?.Unite == "%")
        {
            return $"{FrenchFormat.Number(rounded)}\u00a0{(rounded >= 2 ? "points" : "point")}";
        }
        return indicator?.Unite is { } unit ? FrenchFormat.WithUnit(rounded, unit, indicator.UnitePluriel) : FrenchFormat.Number(rounded);
    }

    /// <summary>A key of the computed « priorites » list in words: « s+c:sante/distance » → « Santé × Distance ».</summary>
    private string PriorityLabel(string key)
    {
        var colon = key.IndexOf(':');
        if (colon < 0)
        {
            return key;
        }
        var kinds = key[..colon].Split('+');
        var ids = key[(colon + 1)..].Split('/');
        if (kinds.Length != ids.Length)
        {
            return key;
        }
        string? Of(string kind) => kinds.Zip(ids).FirstOrDefault(x => x.First == kind).Second;
        return CrossedNeed.LabelOf(kb.Referentiel, Of("s"), Of("p"), Of("c"));
    }
}
