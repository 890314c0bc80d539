using System.Linq.Expressions;

namespace Cadrage.Rules.KnowledgeBase;

/// <summary>A rule of the knowledge base, checked and compiled once; immutable, shared by every rule set
/// that differs from its own only by parameter values.</summary>
public sealed class CompiledRule
{
    public required string Name { get; init; }

    /// <summary>The workflow, i.e. the question (or <c>compatibilite</c>).</summary>
    public required string Workflow { get; init; }

    /// <summary>File path relative to the rules directory, with forward slashes.</summary>
    public required string File { get; init; }

    public required string Expression { get; init; }

    public required RuleProperties Properties
    {
        get => _properties;
        init
        {
            _properties = value;
            Weight = value.Poids ?? 0;
        }
    }

    private readonly RuleProperties _properties = null!;

    /// <summary>Catalogue positions of the indicators the expression reads.</summary>
    public required IReadOnlyList<int> Indicators { get; init; }

    /// <summary>Names of the parameters the expression reads.</summary>
    public required IReadOnlyList<string> Parameters { get; init; }

    /// <summary>The predicate over the typed profile and the rule set's parameter values.</summary>
    public required Func<object, double[], bool> Predicate { get; init; }

    /// <summary>The parsed expression: <c>(profil, parameters…) =&gt; bool</c>, for explanation tools.</summary>
    public required LambdaExpression Tree { get; init; }

    /// <summary>Position in the rule set, the order in which rules are evaluated and reported.</summary>
    public required int Index { get; init; }

    public double Weight { get; private init; }

    /// <summary>
    /// The facts the rule reads: an indicator (<c>densite</c>), or one value of a list indicator
    /// (<c>conventions:CRTE</c>). Rules of one option that share a fact count once (the strongest).
    /// </summary>
    public required IReadOnlyList<string> Facts { get; set; }

    /// <summary>Where the evaluation counts this rule on the score board (its option, or its compatibility cell); -1 for needs.</summary>
    public required int BoardSlot { get; init; }
}
