using System.Linq.Dynamic.Core;
using System.Linq.Dynamic.Core.Exceptions;
using System.Linq.Expressions;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Cadrage.Rules.KnowledgeBase;

/// <summary>A named threshold or constant (a RulesEngine GlobalParam), inlined into the rules that use it.</summary>
public sealed record CompiledParameter(string Name, string Expression, Type Type, ParameterExpression Parameter, Expression Body, IReadOnlyList<string> Indicators);

/// <summary>The outcome of compiling one expression: the predicate, or a French error.</summary>
public sealed record CompiledExpression(Func<object, bool>? Predicate, IReadOnlyList<string> Indicators, IReadOnlyList<string> Parameters, string? Error);

/// <summary>
/// Compiles rule expressions once, with RulesEngine's own parser (System.Linq.Dynamic.Core) over the typed
/// profile, and checks them: only indicators, parameters, literals, operators and a short list of harmless
/// methods are allowed; no reflection, no type access, no over-long expression.
/// </summary>
public sealed partial class ExpressionCompiler
{
    /// <summary>Name under which rules read the profile: <c>profil.densite &lt; 50</c>.</summary>
    public const string InputName = "profil";

    public const int MaxExpressionLength = 1000;

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

    public ExpressionCompiler(Type profileType)
    {
        _profileType = profileType;
        _input = Expression.Parameter(profileType, InputName);
    }

    /// <summary>Compiles a GlobalParam; earlier parameters of the same workflow are in scope, as in RulesEngine.</summary>
    public (CompiledParameter? Parameter, string? Error) CompileParameter(string name, string expression, IReadOnlyList<CompiledParameter> previous)
    {
        var (body, error) = Parse(expression, previous, returnType: null);
        if (body is null)
        {
            return (null, error);
        }
        var reads = new ReadCollector(_input);
        reads.Visit(body);
        if (reads.Errors.Count > 0)
        {
            return (null, string.Join(" ; ", reads.Errors));
        }
        return (new CompiledParameter(name, expression, body.Type, Expression.Parameter(body.Type, name), body, reads.Indicators.ToList()), null);
    }

    /// <summary>Compiles a rule expression into a predicate over the typed profile.</summary>
    public CompiledExpression CompileRule(string expression, IReadOnlyList<CompiledParameter> parameters)
    {
        var (body, error) = Parse(expression, parameters, typeof(bool));
        if (body is null)
        {
            return new CompiledExpression(null, [], [], error);
        }
        var reads = new ReadCollector(_input);
        reads.Visit(body);
        if (reads.Errors.Count > 0)
        {
            return new CompiledExpression(null, [], [], string.Join(" ; ", reads.Errors));
        }
        var used = parameters.Where(p => reads.Parameters.Contains(p.Parameter)).ToList();
        var indicators = reads.Indicators.Concat(used.SelectMany(p => p.Indicators)).Distinct().ToList();
        // Inline the parameters' bodies: one delegate per rule, no per-call dictionary of scoped params.
        var inlined = new ParameterInliner(used.ToDictionary(p => p.Parameter, p => p.Body)).Visit(body);
        var boxed = Expression.Parameter(typeof(object), "facts");
        var lambda = Expression.Lambda<Func<object, bool>>(
            Expression.Block([_input], Expression.Assign(_input, Expression.Convert(boxed, _profileType)), inlined),
            boxed);
        return new CompiledExpression(lambda.Compile(), indicators, used.Select(p => p.Name).ToList(), null);
    }

    /// <summary>Evaluates a parameter's value (for explanations): parameters are constants or read the profile.</summary>
    public Func<object, object?> CompileParameterValue(CompiledParameter parameter, IReadOnlyList<CompiledParameter> scope)
    {
        var inlined = new ParameterInliner(scope.ToDictionary(p => p.Parameter, p => p.Body)).Visit(parameter.Body);
        var boxed = Expression.Parameter(typeof(object), "facts");
        var lambda = Expression.Lambda<Func<object, object?>>(
            Expression.Block([_input], Expression.Assign(_input, Expression.Convert(boxed, _profileType)), Expression.Convert(inlined, typeof(object))),
            boxed);
        return lambda.Compile();
    }

    private (Expression? Body, string? Error) Parse(string expression, IReadOnlyList<CompiledParameter> parameters, Type? returnType)
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
            var all = new List<ParameterExpression> { _input };
            all.AddRange(parameters.Select(p => p.Parameter));
            var lambda = DynamicExpressionParser.ParseLambda(Config, false, all.ToArray(), returnType, expression);
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
            return $"identifiant inconnu « {m.Groups[1].Value} » : lisez un indicateur par {InputName}.{m.Groups[1].Value} ou déclarez un paramètre dans GlobalParams";
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
        public HashSet<string> Indicators { get; } = new(StringComparer.Ordinal);
        public HashSet<ParameterExpression> Parameters { get; } = [];
        public List<string> Errors { get; } = [];

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
            if (node != input)
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

    private sealed class ParameterInliner(Dictionary<ParameterExpression, Expression> bodies) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) =>
            bodies.TryGetValue(node, out var body) ? Visit(body) : node;
    }
}
