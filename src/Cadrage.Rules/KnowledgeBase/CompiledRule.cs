namespace Cadrage.Rules.KnowledgeBase;

/// <summary>A rule of the knowledge base, checked and compiled once for its rule-set version.</summary>
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

    /// <summary>Catalogue positions of the indicators the expression reads (directly or through parameters).</summary>
    public required IReadOnlyList<int> Indicators { get; init; }

    /// <summary>Names of the GlobalParams the expression reads.</summary>
    public required IReadOnlyList<string> Parameters { get; init; }

    public required Func<object, bool> Predicate { get; init; }

    /// <summary>Position in the rule set, the order in which rules are evaluated and reported.</summary>
    public required int Index { get; init; }

    public double Weight { get; private init; }

    /// <summary>Where the evaluation counts this rule (its option or compatibility cell); computed once, on first use.</summary>
    internal int BoardSlot { get; set; } = -1;
}
