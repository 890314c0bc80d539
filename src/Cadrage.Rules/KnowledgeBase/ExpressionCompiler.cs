using System.Linq.Dynamic.Core;
using System.Linq.Dynamic.Core.CustomTypeProviders;
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
        // Rules read the profile only: no type marked [DynamicLinqType] is offered. The default provider scanned every
        // loaded assembly for them at each parse (a quarter of the rule-set compile time).
        CustomTypeProvider = NoCustomTypes.Instance,
        // Nor the enumerations of the System namespace (DayOfWeek, StringComparison…): a rule compares indicators,
        // and the parser's first use no longer scans every type of the base library for them (about 0.1 s at start).
        SupportEnumerationsFromSystemNamespace = false,
    };

    private sealed class NoCustomTypes : IDynamicLinqCustomTypeProvider
    {
        public static readonly NoCustomTypes Instance = new();

        public HashSet<Type> GetCustomTypes() => [];
        public Dictionary<Type, List<MethodInfo>> GetExtensionMethods() => [];
        public Type? ResolveType(string typeName) => null;
        public Type? ResolveTypeBySimpleName(string simpleTypeName) => null;
    }

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

    private readonly IReadOnlyDictionary<(string Expression, string Rule), CompiledExpression>? _compiled;

    /// <param name="parameterNames">The named parameters rules may read, in the order of the values vector.</param>
    /// <param name="compiled">Expressions already compiled over the same profile type and parameter order, by text and rule name: reused as they are.</param>
    public ExpressionCompiler(Type profileType, IReadOnlyList<string> parameterNames, IReadOnlyDictionary<(string Expression, string Rule), CompiledExpression>? compiled = null)
    {
        _compiled = compiled;
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
        if (_compiled is not null && _compiled.TryGetValue((expression, rule), out var known))
        {
            return known;
        }
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
            return (null, Translate(ex.Message, ex.Position, expression));
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or NotSupportedException)
        {
            return (null, Translate(ex.Message, null, expression));
        }
    }

    /// <summary>
    /// The parser's English message in French words, naming what it names (member, method, type, operator); a
    /// message not known here gives the position and the text of the expression there, never the English.
    /// </summary>
    private static string Translate(string message, int? position, string expression)
    {
        Match m;
        if ((m = UnknownMember().Match(message)).Success)
        {
            return m.Groups[2].Value == "Profil"
                ? $"indicateur inconnu « {m.Groups[1].Value} » : il n'existe pas dans le catalogue ({IndicatorCatalog.FileName})"
                : $"membre inconnu « {m.Groups[1].Value} » sur une valeur de type {TypeName(m.Groups[2].Value)}";
        }
        if ((m = UnknownIdentifier().Match(message)).Success)
        {
            return $"identifiant inconnu « {m.Groups[1].Value} » : lisez un indicateur par {InputName}.{m.Groups[1].Value} ou déclarez le paramètre dans {ParameterFile.FileName}";
        }
        if ((m = NotAccessible().Match(message)).Success)
        {
            return $"accès interdit : méthode « {m.Groups[1].Value} » non autorisée sur le type {TypeName(m.Groups[2].Value)}";
        }
        if ((m = UnknownMethod().Match(message)).Success)
        {
            return $"fonction « {m.Groups[1].Value} » inconnue ou inutilisable ici (sur le type {TypeName(m.Groups[2].Value)}) : " + AllowedFunctions;
        }
        if ((m = WrongOperands().Match(message)).Success)
        {
            var operands = m.Groups[3].Success ? $"entre {TypeName(m.Groups[2].Value)} et {TypeName(m.Groups[3].Value)}" : $"sur une valeur de type {TypeName(m.Groups[2].Value)}";
            return $"opérateur « {m.Groups[1].Value} » impossible {operands}" + At(position, expression);
        }
        if ((m = UndefinedOperator().Match(message)).Success)
        {
            return $"opération « {Operator(m.Groups[1].Value)} » impossible entre {TypeName(m.Groups[2].Value)} et {TypeName(m.Groups[3].Value)}" + At(position, expression);
        }
        if ((m = ExpectedType().Match(message)).Success)
        {
            return $"l'expression doit renvoyer {(m.Groups[1].Value == "Boolean" ? "vrai ou faux (booléen)" : "une valeur de type " + TypeName(m.Groups[1].Value))}" + At(position, expression);
        }
        if ((m = Incompatible().Match(message)).Success)
        {
            return $"types incompatibles : {TypeName(m.Groups[1].Value)} et {TypeName(m.Groups[2].Value)}" + At(position, expression);
        }
        var known = message switch
        {
            _ when message.StartsWith("Unterminated string literal", StringComparison.Ordinal) || message.StartsWith("Unexpected end of string", StringComparison.Ordinal) => "texte entre guillemets non fermé",
            "Expression expected" => "une valeur ou une expression est attendue",
            "Identifier expected" => "un nom (indicateur, paramètre, fonction) est attendu",
            "')' or ',' expected" => "« ) » ou « , » attendu",
            "')' or operator expected" => "« ) » ou un opérateur attendu",
            "'(' expected" => "« ( » attendu",
            "']' expected" => "« ] » attendu",
            "':' expected" => "« : » attendu",
            "Digit expected" => "chiffre attendu",
            _ when message.StartsWith("Syntax error", StringComparison.Ordinal) => "erreur de syntaxe",
            _ when message.StartsWith("Invalid character", StringComparison.Ordinal) => "caractère non reconnu",
            _ when message.StartsWith("Invalid real literal", StringComparison.Ordinal) || message.StartsWith("Invalid integer literal", StringComparison.Ordinal) => "nombre mal écrit",
            _ when message.StartsWith("Ambiguous invocation", StringComparison.Ordinal) => "appel ambigu : précisez le type des valeurs passées à la fonction",
            _ => null,
        };
        return (known is null ? "expression invalide" : "expression invalide : " + known) + At(position, expression);
    }

    private const string AllowedFunctions = "sur une liste, seules Contains, Any, All et Count sont permises ; sur un texte, Contains, StartsWith, EndsWith, Equals, Compare, CompareTo, Concat, IsNullOrEmpty, ToLower, ToUpper et Trim ; et les fonctions de Math";

    /// <summary>Where in the expression, with the text there (the reader finds it without counting).</summary>
    private static string At(int? position, string expression)
    {
        if (position is not { } p || p < 0 || p > expression.Length)
        {
            return "";
        }
        var excerpt = expression.Substring(p, Math.Min(30, expression.Length - p));
        return excerpt.Length == 0 ? $" (à la fin de l'expression, position {p})" : $" (à la position {p} : « {excerpt} »)";
    }

    /// <summary>The operator a rule writes, for a .NET expression node name.</summary>
    private static string Operator(string node) => node switch
    {
        "Add" => "+",
        "Subtract" => "-",
        "Multiply" => "*",
        "Divide" => "/",
        "Modulo" => "%",
        "Equal" => "==",
        "NotEqual" => "!=",
        "GreaterThan" => ">",
        "GreaterThanOrEqual" => ">=",
        "LessThan" => "<",
        "LessThanOrEqual" => "<=",
        "AndAlso" or "And" => "&&",
        "OrElse" or "Or" => "||",
        _ => node,
    };

    /// <summary>A .NET type name as a reader knows it.</summary>
    private static string TypeName(string type)
    {
        var name = type[(type.LastIndexOf('.') + 1)..];
        return name switch
        {
            "Profil" => "profil",
            "String" => "texte",
            "String[]" or "IEnumerable`1" or "Enumerable" => "liste",
            "Double" or "Int32" or "Int64" or "Decimal" or "Single" => "nombre",
            "Boolean" => "booléen",
            _ => name,
        };
    }

    [GeneratedRegex(@"\b(GetType|typeof|Assembly|Activator|Reflection|Type\.|AppDomain|Environment|Process|File\.|Directory\.)", RegexOptions.CultureInvariant)]
    private static partial Regex ForbiddenWord();

    [GeneratedRegex(@"No property or field '([^']*)' exists in type '([^']*)'")]
    private static partial Regex UnknownMember();

    [GeneratedRegex(@"Unknown identifier '([^']*)'")]
    private static partial Regex UnknownIdentifier();

    [GeneratedRegex(@"Methods? '?([^' ]*)'? on type '([^']*)' (is|are) not accessible")]
    private static partial Regex NotAccessible();

    [GeneratedRegex(@"No (?:generic |applicable )?method '([^']*)' (?:on|exists in) type '([^']*)'")]
    private static partial Regex UnknownMethod();

    [GeneratedRegex(@"Operator '([^']*)' incompatible with operand types? '([^']*)'(?: and '([^']*)')?")]
    private static partial Regex WrongOperands();

    [GeneratedRegex(@"The binary operator (\w+) is not defined for the types '([^']*)' and '([^']*)'")]
    private static partial Regex UndefinedOperator();

    [GeneratedRegex(@"Expression of type '([^']*)' expected")]
    private static partial Regex ExpectedType();

    [GeneratedRegex(@"(?:(?:Neither|Both) of the types|Types) '([^']*)' and '([^']*)'")]
    private static partial Regex Incompatible();

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
