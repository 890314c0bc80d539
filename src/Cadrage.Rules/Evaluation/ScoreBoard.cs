using Cadrage.Rules.KnowledgeBase;

namespace Cadrage.Rules.Evaluation;

/// <summary>The faisceau d'indicateurs for one option: the rules that fired for it, against it, or ruled it out.</summary>
public sealed class OptionScore(string question, OptionDefinition option)
{
    public string Question { get; } = question;
    public OptionDefinition Option { get; } = option;
    private List<CompiledRule>? _for;
    private List<CompiledRule>? _against;
    private List<CompiledRule>? _exclusions;

    public List<CompiledRule> For => _for ??= [];
    public List<CompiledRule> Against => _against ??= [];
    public List<CompiledRule> Exclusions => _exclusions ??= [];

    /// <summary>Position of the option in its question (référentiel order), for deterministic tie-breaks.</summary>
    public int Order { get; init; }

    internal static double Sum(List<CompiledRule>? rules)
    {
        double total = 0;
        if (rules is not null)
        {
            foreach (var rule in rules)
            {
                total += rule.Weight;
            }
        }
        return total;
    }

    private static readonly Comparison<CompiledRule> ByWeight = (a, b) => a.Weight != b.Weight ? b.Weight.CompareTo(a.Weight) : a.Index.CompareTo(b.Index);

    /// <summary>Position among all the options of the board.</summary>
    internal int Global { get; init; }

    public double Support { get; private set; }
    public double Opposition { get; private set; }
    public double Net { get; private set; }
    public bool Excluded { get; private set; }

    /// <summary>Computes the totals once the rules are counted; the board is read-only afterwards.</summary>
    internal void Seal()
    {
        // Strongest arguments first (then rule order): the order justifications are shown in.
        if (_for is { Count: > 1 })
        {
            _for.Sort(ByWeight);
        }
        if (_against is { Count: > 1 })
        {
            _against.Sort(ByWeight);
        }
        Support = Sum(_for);
        Opposition = Sum(_against);
        Net = Support - Opposition;
        Excluded = _exclusions is { Count: > 0 };
    }
}

/// <summary>Compatibility between a posture and another option, from the compatibility rules that fired.</summary>
public sealed class CompatibilityScore
{
    private List<CompiledRule>? _affinities;
    private List<CompiledRule>? _tensions;
    private List<CompiledRule>? _incompatibilities;

    public List<CompiledRule> Affinities => _affinities ??= [];
    public List<CompiledRule> Tensions => _tensions ??= [];
    public List<CompiledRule> Incompatibilities => _incompatibilities ??= [];
    public double Affinity { get; private set; }
    public double Tension { get; private set; }
    public double Value => Affinity - Tension;
    public bool Incompatible { get; private set; }

    internal void Seal()
    {
        Affinity = OptionScore.Sum(_affinities);
        Tension = OptionScore.Sum(_tensions);
        Incompatible = _incompatibilities is { Count: > 0 };
    }
}

/// <summary>Option scores of the four option questions, and posture compatibilities, for one profile.</summary>
public sealed class ScoreBoard
{
    private static readonly CompatibilityScore Neutral = new();
    private readonly Dictionary<string, OptionScore[]> _byQuestion;
    private readonly CompatibilityScore?[] _compatibility;
    private readonly int _width;

    private ScoreBoard(Dictionary<string, OptionScore> options, Dictionary<string, OptionScore[]> byQuestion)
    {
        Options = options;
        _byQuestion = byQuestion;
        _width = options.Count;
        _compatibility = new CompatibilityScore?[byQuestion[QuestionIds.Pilotage].Length * _width];
    }

    /// <summary>By option id (unique across the référentiel).</summary>
    public IReadOnlyDictionary<string, OptionScore> Options { get; }

    /// <summary>The options of a question, in référentiel order.</summary>
    public IReadOnlyList<OptionScore> Of(string question) => _byQuestion[question];

    public CompatibilityScore Compatibility(string posture, string option) =>
        Options.TryGetValue(posture, out var p) && Options.TryGetValue(option, out var o) ? Compatibility(p, o) : Neutral;

    /// <summary>Compatibility of a posture with another option (array lookup: this runs in the scenario loop).</summary>
    public CompatibilityScore Compatibility(OptionScore posture, OptionScore option) =>
        _compatibility[posture.Order * _width + option.Global] ?? Neutral;


    public static ScoreBoard Build(RuleSet kb, IReadOnlyList<RuleRun> runs)
    {
        var layout = kb.Layout;
        var options = new Dictionary<string, OptionScore>(layout.Width, StringComparer.Ordinal);
        var byQuestion = new Dictionary<string, OptionScore[]>(4, StringComparer.Ordinal);
        var all = new OptionScore[layout.Width];
        foreach (var (question, definitions) in layout.Questions)
        {
            var list = new OptionScore[definitions.Count];
            for (var i = 0; i < list.Length; i++)
            {
                var score = new OptionScore(question, definitions[i]) { Order = i, Global = options.Count };
                list[i] = score;
                all[score.Global] = score;
                options[definitions[i].Id] = score;
            }
            byQuestion[question] = list;
        }
        var board = new ScoreBoard(options, byQuestion);
        foreach (var run in runs)
        {
            if (run.State != RuleState.Fired)
            {
                continue;
            }
            var rule = run.Rule;
            var p = rule.Properties;
            if (rule.Workflow == QuestionIds.Compatibilite)
            {
                if (p.Effet == RuleEffectKind.neutre)
                {
                    continue;
                }
                var compat = board._compatibility[rule.BoardSlot] ??= new CompatibilityScore();
                (p.Effet switch
                {
                    RuleEffectKind.affinite => compat.Affinities,
                    RuleEffectKind.tension => compat.Tensions,
                    RuleEffectKind.incompatible => compat.Incompatibilities,
                    _ => throw new InvalidOperationException("effet de compatibilité inattendu : " + p.Effet),
                }).Add(rule);
            }
            else if (rule.Workflow != QuestionIds.Besoins)
            {
                var score = all[rule.BoardSlot];
                (p.Effet switch
                {
                    RuleEffectKind.soutien => score.For,
                    RuleEffectKind.opposition => score.Against,
                    _ => score.Exclusions,
                }).Add(rule);
            }
        }
        foreach (var option in all)
        {
            option.Seal();
        }
        foreach (var compat in board._compatibility)
        {
            compat?.Seal();
        }
        return board;
    }
}
