using Cadrage.Rules.KnowledgeBase;

namespace Cadrage.Rules.Evaluation;

/// <summary>The faisceau d'indicateurs for one option: the rules that fired for it, against it, or ruled it out.</summary>
public sealed class OptionScore(string question, OptionDefinition option)
{
    public string Question { get; } = question;
    public OptionDefinition Option { get; } = option;
    public List<CompiledRule> For { get; } = [];
    public List<CompiledRule> Against { get; } = [];
    public List<CompiledRule> Exclusions { get; } = [];

    public double Support => For.Sum(r => r.Weight);
    public double Opposition => Against.Sum(r => r.Weight);
    public double Net => Support - Opposition;
    public bool Excluded => Exclusions.Count > 0;
}

/// <summary>Compatibility between a posture and another option, from the compatibility rules that fired.</summary>
public sealed class CompatibilityScore
{
    public List<CompiledRule> Affinities { get; } = [];
    public List<CompiledRule> Tensions { get; } = [];
    public List<CompiledRule> Incompatibilities { get; } = [];
    public double Value => Affinities.Sum(r => r.Weight) - Tensions.Sum(r => r.Weight);
    public bool Incompatible => Incompatibilities.Count > 0;
}

/// <summary>Option scores of the four option questions, and posture compatibilities, for one profile.</summary>
public sealed class ScoreBoard
{
    private static readonly CompatibilityScore Neutral = new();
    private readonly Dictionary<(string Posture, string Option), CompatibilityScore> _compatibility = [];

    private ScoreBoard(Dictionary<string, OptionScore> options) => Options = options;

    /// <summary>By option id (unique across the référentiel).</summary>
    public IReadOnlyDictionary<string, OptionScore> Options { get; }

    public IEnumerable<OptionScore> Of(string question) => Options.Values.Where(o => o.Question == question);

    public CompatibilityScore Compatibility(string posture, string option) =>
        _compatibility.TryGetValue((posture, option), out var score) ? score : Neutral;

    public IEnumerable<CompatibilityScore> AllCompatibilities => _compatibility.Values;

    public static ScoreBoard Build(Referentiel referentiel, IReadOnlyList<RuleRun> runs)
    {
        var options = new Dictionary<string, OptionScore>(StringComparer.Ordinal);
        foreach (var question in QuestionIds.WithOptions)
        {
            foreach (var option in referentiel.Question(question).Options)
            {
                options[option.Id] = new OptionScore(question, option);
            }
        }
        var board = new ScoreBoard(options);
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
                var key = (p.Posture!, p.Option!);
                if (!board._compatibility.TryGetValue(key, out var compat))
                {
                    board._compatibility[key] = compat = new CompatibilityScore();
                }
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
                var score = options[p.Option!];
                (p.Effet switch
                {
                    RuleEffectKind.soutien => score.For,
                    RuleEffectKind.opposition => score.Against,
                    _ => score.Exclusions,
                }).Add(rule);
            }
        }
        return board;
    }
}
