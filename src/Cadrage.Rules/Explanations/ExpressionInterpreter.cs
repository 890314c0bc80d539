using System.Collections;
using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;

namespace Cadrage.Rules.Explanations;

/// <summary>
/// Evaluates any node of a rule's expression tree against a profile and parameter values, without compiling:
/// explanations need the value of each side of each comparison (how far a rule was from firing), not only the
/// rule's verdict. The node types are those the expression compiler allows (reads of the profile, parameters,
/// literals, operators, a few methods, one level of lambda).
/// </summary>
internal sealed class ExpressionInterpreter(object profile, double[] values, LambdaExpression tree, IReadOnlyDictionary<string, int> parameterIndex)
{
    private readonly ParameterExpression _input = tree.Parameters[0];
    private Dictionary<ParameterExpression, object?>? _scope;

    /// <summary>True for a node that reads the profile (its value depends on the territory).</summary>
    public bool ReadsProfile(Expression node) => new ProfileReadFinder(_input).Finds(node);

    public object? Evaluate(Expression node)
    {
        switch (node)
        {
            case ConstantExpression c:
                return c.Value;
            case ParameterExpression p when p == _input:
                return profile;
            case ParameterExpression p when _scope is not null && _scope.TryGetValue(p, out var bound):
                return bound;
            case ParameterExpression p when p.Name is { } name && parameterIndex.TryGetValue(name, out var index):
                return values[index];
            case MemberExpression m:
                return Member(m);
            case UnaryExpression u:
                return Unary(u);
            case BinaryExpression b:
                return Binary(b);
            case ConditionalExpression c:
                return Truthy(Evaluate(c.Test)) ? Evaluate(c.IfTrue) : Evaluate(c.IfFalse);
            case MethodCallExpression call:
                return Call(call);
            default:
                throw new NotSupportedException("nœud d'expression non pris en charge : " + node.NodeType);
        }
    }

    public static bool Truthy(object? value) => value is true;

    public static double? Number(object? value) => value switch
    {
        double d => d,
        null => null,
        bool => null,
        string => null,
        IConvertible c => Convert.ToDouble(c, CultureInfo.InvariantCulture),
        _ => null,
    };

    private object? Member(MemberExpression m)
    {
        var target = m.Expression is null ? null : Evaluate(m.Expression);
        return m.Member switch
        {
            FieldInfo f => f.GetValue(target),
            PropertyInfo p when target is Array a && p.Name == "Length" => a.Length,
            PropertyInfo p => target is null && m.Expression is not null ? null : p.GetValue(target),
            _ => throw new NotSupportedException("membre non pris en charge : " + m.Member.Name),
        };
    }

    private object? Unary(UnaryExpression u)
    {
        var operand = Evaluate(u.Operand);
        return u.NodeType switch
        {
            ExpressionType.Not when operand is bool b => !b,
            ExpressionType.Negate or ExpressionType.NegateChecked => -Number(operand)!.Value,
            ExpressionType.ArrayLength => ((Array)operand!).Length,
            ExpressionType.Convert or ExpressionType.ConvertChecked => ConvertTo(operand, u.Type),
            ExpressionType.Quote => u.Operand,
            _ => throw new NotSupportedException("opérateur non pris en charge : " + u.NodeType),
        };
    }

    private static object? ConvertTo(object? value, Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (value is null || target.IsInstanceOfType(value))
        {
            return value;
        }
        return value is IConvertible && target.IsPrimitive ? Convert.ChangeType(value, target, CultureInfo.InvariantCulture) : value;
    }

    private object? Binary(BinaryExpression b)
    {
        switch (b.NodeType)
        {
            case ExpressionType.AndAlso:
                return Truthy(Evaluate(b.Left)) && Truthy(Evaluate(b.Right));
            case ExpressionType.OrElse:
                return Truthy(Evaluate(b.Left)) || Truthy(Evaluate(b.Right));
            case ExpressionType.ArrayIndex:
                return ((Array)Evaluate(b.Left)!).GetValue(Convert.ToInt32(Evaluate(b.Right), CultureInfo.InvariantCulture));
        }
        var left = Evaluate(b.Left);
        var right = Evaluate(b.Right);
        if (b.NodeType is ExpressionType.Equal or ExpressionType.NotEqual)
        {
            var equal = Number(left) is { } l && Number(right) is { } r ? l == r : Equals(left, right);
            return b.NodeType == ExpressionType.Equal ? equal : !equal;
        }
        if (b.NodeType is ExpressionType.And or ExpressionType.Or or ExpressionType.ExclusiveOr && left is bool lb && right is bool rb)
        {
            return b.NodeType switch { ExpressionType.And => lb & rb, ExpressionType.Or => lb | rb, _ => lb ^ rb };
        }
        if (b.NodeType == ExpressionType.Add && (left is string || right is string))
        {
            return string.Concat(left, right);
        }
        var x = Number(left) ?? throw new NotSupportedException("opérande non numérique");
        var y = Number(right) ?? throw new NotSupportedException("opérande non numérique");
        return b.NodeType switch
        {
            ExpressionType.LessThan => x < y,
            ExpressionType.LessThanOrEqual => x <= y,
            ExpressionType.GreaterThan => x > y,
            ExpressionType.GreaterThanOrEqual => x >= y,
            ExpressionType.Add or ExpressionType.AddChecked => x + y,
            ExpressionType.Subtract or ExpressionType.SubtractChecked => x - y,
            ExpressionType.Multiply or ExpressionType.MultiplyChecked => x * y,
            ExpressionType.Divide => x / y,
            ExpressionType.Modulo => x % y,
            _ => throw new NotSupportedException("opérateur non pris en charge : " + b.NodeType),
        };
    }

    private object? Call(MethodCallExpression call)
    {
        var method = call.Method;
        if (method.DeclaringType == typeof(Enumerable) && call.Arguments.Count == 2 && StripQuote(call.Arguments[1]) is LambdaExpression lambda)
        {
            var source = ((IEnumerable?)Evaluate(call.Arguments[0]))?.Cast<object?>() ?? [];
            bool Test(object? item)
            {
                var previous = _scope;
                _scope = new Dictionary<ParameterExpression, object?>(previous ?? []) { [lambda.Parameters[0]] = item };
                try
                {
                    return Truthy(Evaluate(lambda.Body));
                }
                finally
                {
                    _scope = previous;
                }
            }
            return method.Name switch
            {
                "Any" => source.Any(Test),
                "All" => source.All(Test),
                "Count" => source.Count(Test),
                _ => throw new NotSupportedException("méthode non prise en charge : " + method.Name),
            };
        }
        var target = call.Object is null ? null : Evaluate(call.Object);
        var arguments = call.Arguments.Select(Evaluate).ToArray();
        return method.Invoke(target, arguments);
    }

    private static Expression StripQuote(Expression e) => e is UnaryExpression { NodeType: ExpressionType.Quote } q ? q.Operand : e;

    private sealed class ProfileReadFinder(ParameterExpression input) : ExpressionVisitor
    {
        private bool _found;

        public bool Finds(Expression node)
        {
            _found = false;
            Visit(node);
            return _found;
        }

        protected override Expression VisitParameter(ParameterExpression node)
        {
            _found |= node == input;
            return node;
        }
    }
}
