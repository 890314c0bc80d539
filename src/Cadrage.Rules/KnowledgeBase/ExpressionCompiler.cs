using System.Linq.Dynamic.Core;
using System.Linq.Dynamic.Core.Exceptions;
using System.Linq.Expressions;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Cadrage.Rules.KnowledgeBase;

/// <summary>
/// The outcome of compiling one rule expression: the predicate over the typed profile and the parameter values,
/// the expression tree (for explanations: which comparison failed, by how much), what it reads, or a French error.
/// </summary>
public sealed record CompiledExpression(
    Func<object, double[], bool>? Predicate,
    LambdaExpression? Tree,
    IReadOnlyList<string> Indicators,
    IReadOnlyList<string> Parameters,
    string? Error);

/// <summary>
/// Compiles rule expressions once, with RulesEngine's own parser (System.Linq.Dynamic.Core) over the typed
/// profile, and checks them: only indicators, named parameters, literals, operators and a short list of harmless
/// methods are allowed; no reflection, no type access, no over-long expression, no lambda inside a lambda (so an
/// expression's cost is bounded by its size times the longest list of the profile). Named parameters are read
/// at run time from a vector of values: changing a value never recompiles anything.
/// </summary>
public sealed partial class ExpressionCompiler
{
    /// <summary>Name under which rules read the profile: <c>profil.densite &lt; 50</c>.</summary>
    public const string InputName = "profil";

    public const int MaxExpressionLength = 1000;

    /// <summary>Lambdas (<c>Any(x =&gt; …)</c>) may not nest: one level over a list of the profile at most.</summary>
    public const int MaxLambdaDepth = 1;

    /// <summary>Most nodes in one expression tree (operators, reads, literals, calls).</summary>
    public const int MaxNodes = 400;

    private static readonly ParsingConfig Config = new()
    {
        AllowNewToEvaluateAnyType = false,
        DisableMemberAccessToIndexAccessorFallback = true,
        IsCaseSensitive = true,
    };

    private static readonly HashSet<string> AllowedStringMethods = new(StringComparer.Ordinal)
    {
        "Contains", "StartsWith", "EndsWith", "Equals", "Compare", "CompareTo", "Concat", "IsNullOrEmpty", "ToLower", "ToUpper", "Trim",
    };

    private static readonly HashSet<string> AllowedEnumerableMethods = new(StringComparer.Ordinal)
    {
        "Contains", "Any", "All", "Count",
    };

    private readonly Type _profileType;
    private readonly ParameterExpression _input;
    private readonly ParameterExpression[] _parameters;
    private readonly Dictionary<ParameterExpression, int> _parameterIndex;

    /// <param name="parameterNames">The named parameters rules may read, in the order of the values vector.</param>
    public ExpressionCompiler(Type profileType, IReadOnlyList<string> parameterNames)
    {
        _profileType = profileType;
        _input = Expression.Parameter(profileType, InputName);
        _parameters = parameterNames.Select(n => Expression.Parameter(typeof(double), n)).ToArray();
        _parameterIndex = _parameters.Select((p, i) => (p, i)).ToDictionary(x => x.p, x => x.i);
    }

    /// <summary>The parameter expressions a tree refers to, by name (for explanation tools).</summary>
    public static IReadOnlyList<ParameterExpression> ParametersOf(LambdaExpression tree) => tree.Parameters.Skip(1).ToList();

    /// <summary>Compiles a rule expression into a predicate over the typed profile and the parameter values.</summary>
    /// <param name="rule">The rule's name, given by the budget error when its expression runs out of time.</param>
    public CompiledExpression CompileRule(string expression, string rule = "")
    {
        var (body, error) = Parse(expression, typeof(bool));
        if (body is null)
        {
            return new CompiledExpression(null, null, [], [], error);
        }
        var reads = new ReadCollector(_input);
        reads.Visit(body);
        if (reads.Nodes > MaxNodes)
        {
            reads.Errors.Add($"expression trop complexe ({reads.Nodes} nœuds, {MaxNodes} au plus)");
        }
        if (reads.Errors.Count > 0)
        {
            return new CompiledExpression(null, null, [], [], string.Join(" ; ", reads.Errors));
        }
        var used = _parameters.Where(reads.Parameters.Contains).ToList();
        var tree = Expression.Lambda(body, [_input, .. _parameters]);
        // Parameters become reads of the values vector: one delegate per rule, whatever the values.
        var values = Expression.Parameter(typeof(double[]), "valeurs");
        var bound = new ParameterBinder(_parameterIndex, values).Visit(body);
        // Each element a list function visits checks the evaluation's time budget (see EvaluationDeadline).
        bound = new DeadlineChecks(rule).Visit(bound);
        var boxed = Expression.Parameter(typeof(object), "faits");
        var lambda = Expression.Lambda<Func<object, double[], bool>>(
            Expression.Block([_input], Expression.Assign(_input, Expression.Convert(boxed, _profileType)), bound),
            boxed, values);
        return new CompiledExpression(lambda.Compile(), tree, reads.Indicators.ToList(), used.Select(p => p.Name!).ToList(), null);
    }

    private (Expression? Body, string? Error) Parse(string expression, Type? returnType)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            return (null, "expression vide");
        }
        if (expression.Length > MaxExpressionLength)
        {
            return (null, $"expression trop longue ({expression.Length} caractères, {MaxExpressionLength} au plus)");
        }
        var forbidden = ForbiddenWord().Match(expression);
        if (forbidden.Success)
        {
            return (null, $"accès interdit : « {forbidden.Value} » (une expression ne lit que le profil, les paramètres et des fonctions simples)");
        }
        try
        {
            var lambda = DynamicExpressionParser.ParseLambda(Config, false, [_input, .. _parameters], returnType, expression);
            return (lambda.Body, null);
        }
        catch (ParseException ex)
        {
            return (null, Translate(ex));
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or NotSupportedException)
        {
            return (null, "expression invalide : " + ex.Message);
        }
    }

    private static string Translate(ParseException ex)
    {
        var message = ex.Message;
        Match m;
        if ((m = UnknownMember().Match(message)).Success)
        {
            return m.Groups[2].Value == "Profil"
                ? $"indicateur inconnu « {m.Groups[1].Value} » : il n'existe pas dans le catalogue ({IndicatorCatalog.FileName})"
                : $"membre inconnu « {m.Groups[1].Value} » sur une valeur de type {m.Groups[2].Value}";
        }
        if ((m = UnknownIdentifier().Match(message)).Success)
        {
            return $"identifiant inconnu « {m.Groups[1].Value} » : lisez un indicateur par {InputName}.{m.Groups[1].Value} ou déclarez le paramètre dans {ParameterFile.FileName}";
        }
        if ((m = NotAccessible().Match(message)).Success)
        {
            return $"accès interdit : méthode « {m.Groups[1].Value} » non autorisée sur le type {m.Groups[2].Value}";
        }
        if (message.StartsWith("Expression of type", StringComparison.Ordinal))
        {
            return "l'expression doit renvoyer vrai ou faux (booléen) : " + message;
        }
        return $"expression invalide à la position {ex.Position} : {message}";
    }

    [GeneratedRegex(@"\b(GetType|typeof|Assembly|Activator|Reflection|Type\.|AppDomain|Environment|Process|File\.|Directory\.)", RegexOptions.CultureInvariant)]
    private static partial Regex ForbiddenWord();

    [GeneratedRegex(@"No property or field '([^']*)' exists in type '([^']*)'")]
    private static partial Regex UnknownMember();

    [GeneratedRegex(@"Unknown identifier '([^']*)'")]
    private static partial Regex UnknownIdentifier();

    [GeneratedRegex(@"Methods? '?([^' ]*)'? on type '([^']*)' (is|are) not accessible")]
    private static partial Regex NotAccessible();

    /// <summary>Collects the indicators and parameters an expression reads; rejects every node outside the allow-list.</summary>
    private sealed class ReadCollector(ParameterExpression input) : ExpressionVisitor
    {
        private int _lambdaDepth;

        public HashSet<string> Indicators { get; } = new(StringComparer.Ordinal);
        public HashSet<ParameterExpression> Parameters { get; } = [];
        public List<string> Errors { get; } = [];
        public int Nodes { get; private set; }

        public override Expression? Visit(Expression? node)
        {
            if (node is not null)
            {
                Nodes++;
            }
            return base.Visit(node);
        }

        protected override Expression VisitLambda<T>(Expression<T> node)
        {
            _lambdaDepth++;
            if (_lambdaDepth > MaxLambdaDepth)
            {
                Errors.Add($"fonctions imbriquées (Any, All, Count…) sur {_lambdaDepth} niveaux : {MaxLambdaDepth} au plus, pour que le coût d'une règle reste borné");
            }
            var result = base.VisitLambda(node);
            _lambdaDepth--;
            return result;
        }

        protected override Expression VisitMember(MemberExpression node)
        {
            if (node.Expression == input)
            {
                Indicators.Add(node.Member.Name);
                return node;
            }
            var owner = node.Member.DeclaringType;
            var allowed = node.Member.Name is "Length" or "Count" && (owner == typeof(string) || owner == typeof(Array) || owner?.IsArray == true || owner?.IsGenericType == true)
                || node.Member.Name is "HasValue" or "Value" && owner is not null && Nullable.GetUnderlyingType(owner) is not null
                || node.Expression is null && owner == typeof(Math);
            if (!allowed)
            {
                Errors.Add($"accès interdit au membre « {node.Member.Name} » de {owner?.Name}");
            }
            return base.VisitMember(node);
        }

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            var method = node.Method;
            var owner = method.DeclaringType;
            var allowed = owner == typeof(Math)
                || owner == typeof(string) && AllowedStringMethods.Contains(method.Name)
                || owner == typeof(Enumerable) && AllowedEnumerableMethods.Contains(method.Name)
                || owner == typeof(MemoryExtensions) && method.Name == "Contains"
                || owner is not null && owner.IsPrimitive && method.Name is "Equals" or "CompareTo"
                || owner == typeof(object) && method.Name == "Equals";
            if (!allowed)
            {
                Errors.Add($"appel non autorisé : {owner?.Name}.{method.Name}");
            }
            return base.VisitMethodCall(node);
        }

        protected override Expression VisitParameter(ParameterExpression node)
        {
            if (node != input && node.Type == typeof(double))
            {
                Parameters.Add(node);
            }
            return node;
        }

        protected override Expression VisitNew(NewExpression node)
        {
            Errors.Add($"création d'objet interdite ({node.Type.Name})");
            return node;
        }

        protected override Expression VisitInvocation(InvocationExpression node)
        {
            Errors.Add("invocation interdite");
            return node;
        }

        protected override Expression VisitConstant(ConstantExpression node)
        {
            if (node.Value is Type or MemberInfo or Assembly)
            {
                Errors.Add("accès interdit à un type");
            }
            return node;
        }
    }

    /// <summary>Makes every lambda inside an expression (the predicate of Any, All, Count…) check the time budget first.</summary>
    private sealed class DeadlineChecks(string rule) : ExpressionVisitor
    {
        private static readonly MethodInfo Tick = typeof(Evaluation.EvaluationDeadline).GetMethod(nameof(Evaluation.EvaluationDeadline.Tick))!;

        protected override Expression VisitLambda<T>(Expression<T> node) =>
            Expression.Lambda<T>(Expression.Block(Expression.Call(Tick, Expression.Constant(rule)), Visit(node.Body)), node.Name, node.TailCall, node.Parameters);
    }

    private sealed class ParameterBinder(Dictionary<ParameterExpression, int> index, ParameterExpression values) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) =>
            index.TryGetValue(node, out var i) ? Expression.ArrayIndex(values, Expression.Constant(i)) : node;
    }
}
