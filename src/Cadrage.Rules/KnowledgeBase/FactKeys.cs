using System.Linq.Expressions;

namespace Cadrage.Rules.KnowledgeBase;

/// <summary>
/// The facts an expression reads, for counting a fact once per option: each indicator read
/// (<c>densite</c>), except that a list indicator tested only for membership of literal values gives one fact
/// per value (<c>conventions.Contains("CRTE")</c> → <c>conventions:crte</c>), so that a signed CRTE and a
/// signed CTG stay two facts while two rules reading the CRTE count as one. A list declared the same fact as another
/// (catalogue <c>memeFaitQue</c>: <c>demarches</c> → <c>conventions</c>) gives the other's key for the same value,
/// case aside: a CRTE in preparation (its renewal) and the CRTE in force are one fact.
/// </summary>
public static class FactKeys
{
    /// <summary>The indicator whose comparison with a literal says the scale of the territory (see <c>VisitBinary</c>).</summary>
    public const string ScaleIndicator = "nombre_communes";

    public static IReadOnlyList<string> Of(LambdaExpression tree, IReadOnlyDictionary<string, string>? sameFactAs = null)
    {
        var collector = new Collector(tree.Parameters[0], sameFactAs);
        collector.Visit(tree.Body);
        return collector.Keys.Order(StringComparer.Ordinal).ToList();
    }

    private sealed class Collector(ParameterExpression input, IReadOnlyDictionary<string, string>? sameFactAs) : ExpressionVisitor
    {
        public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            // Enumerable.Contains(profil.liste, "valeur") or MemoryExtensions.Contains(span of profil.liste, "valeur").
            if (node.Method.Name == "Contains" && node.Arguments.Count == 2
                && Unwrap(node.Arguments[0]) is MemberExpression { Expression: var owner } member && owner == input
                && node.Arguments[1] is ConstantExpression { Value: string literal })
            {
                var list = sameFactAs is not null && sameFactAs.TryGetValue(member.Member.Name, out var canonical) ? canonical : member.Member.Name;
                Keys.Add(list + ":" + literal.ToLowerInvariant());
                return node;
            }
            return base.VisitMethodCall(node);
        }

        /// <summary>
        /// <c>profil.nombre_communes &gt;= 2</c> or <c>== 1</c>, against a literal: it states the scale of the territory
        /// (an intercommunality, a commune alone), not a fact the rule weighs, so it groups no rules together.
        /// </summary>
        protected override Expression VisitBinary(BinaryExpression node)
        {
            if (node.NodeType is ExpressionType.Equal or ExpressionType.NotEqual or ExpressionType.GreaterThan or ExpressionType.GreaterThanOrEqual
                    or ExpressionType.LessThan or ExpressionType.LessThanOrEqual
                && Unwrap(node.Left) is MemberExpression { Member.Name: ScaleIndicator } member && member.Expression == input
                && Unwrap(node.Right) is ConstantExpression)
            {
                return node;
            }
            return base.VisitBinary(node);
        }

        protected override Expression VisitMember(MemberExpression node)
        {
            if (node.Expression == input)
            {
                Keys.Add(node.Member.Name);
                return node;
            }
            return base.VisitMember(node);
        }

        private static Expression Unwrap(Expression e) => e switch
        {
            UnaryExpression { NodeType: ExpressionType.Convert } u => Unwrap(u.Operand),
            MethodCallExpression { Method.Name: "op_Implicit", Arguments: [var inner] } => Unwrap(inner),
            _ => e,
        };
    }
}
