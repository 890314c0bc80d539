using Cadrage.Rules.KnowledgeBase;

namespace Cadrage.Rules.Evaluation;

/// <summary>
/// The faisceau d'indicateurs for one option: the evidence rules that fired for it, against it, or ruled it out.
/// Only rules that read the profile are evidence; rules of one option that share a fact form a group where only
/// the strongest counts (a signed CRTE counts once for « faire avec », however many rules read it).
/// </summary>
public sealed class OptionScore(string question, OptionDefinition option)
{
    private static readonly Comparison<CompiledRule> ByWeight = (a, b) => a.Weight != b.Weight ? b.Weight.CompareTo(a.Weight) : a.Index.CompareTo(b.Index);

    private List<CompiledRule>? _for;
    private List<CompiledRule>? _against;
    private List<CompiledRule>? _exclusions;

    public string Question { get; } = question;

    public OptionDefinition Option { get; } = option;

    /// <summary>Every supporting rule that fired, strongest first.</summary>
    public List<CompiledRule> For => _for ??= [];

    /// <summary>Every opposing rule that fired, strongest first.</summary>
    public List<CompiledRule> Against => _against ??= [];

    public List<CompiledRule> Exclusions => _exclusions ??= [];

    /// <summary>The supporting rules that count (the strongest of each fact group).</summary>
    public IReadOnlyList<CompiledRule> CountedFor { get; private set; } = [];

    /// <summary>The opposing rules that count (the strongest of each fact group).</summary>
    public IReadOnlyList<CompiledRule> CountedAgainst { get; private set; } = [];

    /// <summary>Position of the option in its question (référentiel order), for stable orders.</summary>
    public int Order { get; init; }

    /// <summary>Position among all the options of the board.</summary>
    internal int Global { get; init; }

    public double Support { get; private set; }

    public double Opposition { get; private set; }

    public double Net { get; private set; }

    public bool Excluded { get; private set; }

    /// <summary>Independent indicators behind the counted support.</summary>
    public int Indicators { get; private set; }

    /// <summary>Supported: not excluded, at least one supporting rule, and net evidence above zero.</summary>
    public bool Supported => !Excluded && Support > 0 && Net > 0;

    /// <summary>Computes the totals once the rules are placed; the board is read-only afterwards.</summary>
    internal void Seal(int[] groups)
    {
        // Every list exists once sealed: reading a board (shared between territories by DecisionMemo) never writes.
        _for ??= [];
        _against ??= [];
        _exclusions ??= [];
        if (_for is { Count: > 1 })
        {
            _for.Sort(ByWeight);
        }
        if (_against is { Count: > 1 })
        {
            _against.Sort(ByWeight);
        }
        CountedFor = Strongest(_for, groups);
        CountedAgainst = Strongest(_against, groups);
        Support = Sum(CountedFor);
        Opposition = Sum(CountedAgainst);
        Net = Support - Opposition;
        Excluded = _exclusions is { Count: > 0 };
        if (CountedFor.Count > 0)
        {
            var seen = new HashSet<int>();
            foreach (var rule in CountedFor)
            {
                for (var i = 0; i < rule.Indicators.Count; i++)
                {
                    seen.Add(rule.Indicators[i]);
                }
            }
            Indicators = seen.Count;
        }
    }

    /// <summary>The first (strongest) fired rule of each fact group; rules arrive sorted strongest first.</summary>
    private static IReadOnlyList<CompiledRule> Strongest(List<CompiledRule>? rules, int[] groups)
    {
        if (rules is null || rules.Count == 0)
        {
            return [];
        }
        if (rules.Count == 1)
        {
            return rules;
        }
        var kept = new List<CompiledRule>(rules.Count);
        var seen = new HashSet<int>();
        foreach (var rule in rules)
        {
            if (seen.Add(groups[rule.Index]))
            {
                kept.Add(rule);
            }
        }
        return kept;
    }

    private static double Sum(IReadOnlyList<CompiledRule> rules)
    {
        double total = 0;
        foreach (var rule in rules)
        {
            total += rule.Weight;
        }
        return total;
    }
}

/// <summary>
/// Compatibility between a posture and another option, from the compatibility rules that fired. It is never
/// evidence: it excludes a combination, requires one, or orders options whose evidence is equal.
/// </summary>
public sealed class CompatibilityScore
{
    private List<CompiledRule>? _affinities;
    private List<CompiledRule>? _tensions;
    private List<CompiledRule>? _incompatibilities;
    private List<CompiledRule>? _requirements;

    public List<CompiledRule> Affinities => _affinities ??= [];
    public List<CompiledRule> Tensions => _tensions ??= [];
    public List<CompiledRule> Incompatibilities => _incompatibilities ??= [];
    public List<CompiledRule> Requirements => _requirements ??= [];

    /// <summary>Affinities minus tensions: only used to order options of equal evidence.</summary>
    public double Value { get; private set; }

    public bool Incompatible { get; private set; }

    public bool Required { get; private set; }

    internal void Seal()
    {
        _affinities ??= [];
        _tensions ??= [];
        _incompatibilities ??= [];
        _requirements ??= [];
        Value = (_affinities?.Sum(r => r.Weight) ?? 0) - (_tensions?.Sum(r => r.Weight) ?? 0);
        Incompatible = _incompatibilities is { Count: > 0 };
        Required = _requirements is { Count: > 0 };
    }
}

/// <summary>Option evidence of the four option questions, and posture compatibilities, for one profile.</summary>
public sealed class ScoreBoard
{
    /// <summary>No compatibility rule fired for the pair (sealed: shared by every board and thread, never written).</summary>
    private static readonly CompatibilityScore Neutral = Sealed(new CompatibilityScore());

    private static CompatibilityScore Sealed(CompatibilityScore score)
    {
        score.Seal();
        return score;
    }
    private readonly Dictionary<string, OptionScore[]> _byQuestion;
    private readonly CompatibilityScore?[] _compatibility;
    private readonly OptionScore[] _all;
    private readonly BoardLayout _layout;

    private ScoreBoard(OptionScore[] all, Dictionary<string, OptionScore[]> byQuestion, BoardLayout layout)
    {
        _all = all;
        _byQuestion = byQuestion;
        _layout = layout;
        _compatibility = new CompatibilityScore?[layout.Postures * layout.Width];
    }

    /// <summary>Every option of the four option questions, in question then référentiel order.</summary>
    public IReadOnlyList<OptionScore> All => _all;

    /// <summary>An option by id (unique across the référentiel), or null.</summary>
    public OptionScore? Find(string id) => _layout.Positions.TryGetValue(id, out var position) ? _all[position.Global] : null;

    /// <summary>The options of a question, in référentiel order.</summary>
    public IReadOnlyList<OptionScore> Of(string question) => _byQuestion[question];

    public CompatibilityScore Compatibility(string posture, string option) =>
        Find(posture) is { } p && Find(option) is { } o ? Compatibility(p, o) : Neutral;

    /// <summary>Compatibility of a posture with another option (array lookup: this runs in the scenario loop).</summary>
    public CompatibilityScore Compatibility(OptionScore posture, OptionScore option) =>
        _compatibility[posture.Order * _layout.Width + option.Global] ?? Neutral;

    public static ScoreBoard Build(RuleSet kb, IReadOnlyList<RuleRun> runs)
    {
        var layout = kb.Layout;
        var byQuestion = new Dictionary<string, OptionScore[]>(4, StringComparer.Ordinal);
        var all = new OptionScore[layout.Width];
        var global = 0;
        foreach (var (question, definitions) in layout.Questions)
        {
            var list = new OptionScore[definitions.Count];
            for (var i = 0; i < list.Length; i++)
            {
                var score = new OptionScore(question, definitions[i]) { Order = i, Global = global++ };
                list[i] = score;
                all[score.Global] = score;
            }
            byQuestion[question] = list;
        }
        var board = new ScoreBoard(all, byQuestion, layout);
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
                    RuleEffectKind.requise => compat.Requirements,
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
        var groups = kb.Derived.FactGroups;
        foreach (var option in all)
        {
            option.Seal(groups);
        }
        foreach (var compat in board._compatibility)
        {
            compat?.Seal();
        }
        return board;
    }
}
