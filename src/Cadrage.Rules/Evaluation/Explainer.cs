using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Output;
using Cadrage.Rules.Profiles;

namespace Cadrage.Rules.Evaluation;

/// <summary>Turns fired rules into French justifications: the explanation with its values filled in, the
/// indicators read with their provenance, the rule's source, status and file.</summary>
internal sealed class Explainer(RuleSet kb, TerritoryProfile profile, ProfileFacts facts)
{
    // By rule position, allocated when first needed: a territory justifies a few of the rules, most none absorbed.
    private Justification?[]? _counted;
    private Justification?[]? _absorbed;
    private readonly IndicatorReading?[] _readings = new IndicatorReading?[kb.Indicators.Count];
    private readonly ValueText?[] _texts = new ValueText?[kb.Indicators.Count];
    private readonly Dictionary<CrossedNeed, Priority> _priorities = new(ReferenceEqualityComparer.Instance);
    private string? _prioritiesText;

    /// <param name="counted">False for a rule whose fact is already counted by a stronger rule of its group.</param>
    public Justification Justify(CompiledRule rule, bool counted = true)
    {
        var cache = counted ? _counted ??= new Justification?[kb.Rules.Count] : _absorbed ??= new Justification?[kb.Rules.Count];
        if (cache[rule.Index] is { } cached)
        {
            return cached;
        }
        var p = rule.Properties;
        // The same for every territory: worked out once per rule and rule set.
        var (option, label) = kb.Derived.JustifiedOptions[rule.Index] ??= rule.Workflow switch
        {
            QuestionIds.Besoins => new($"{p.Service ?? "*"}×{p.Public ?? "*"}×{p.Critere ?? "*"}", NeedLabel(p)),
            QuestionIds.Compatibilite => new($"{p.Posture}+{p.Option}", $"{OptionLabel(QuestionIds.Pilotage, p.Posture!)} et {OptionLabel(kb.Referentiel.QuestionOf(p.Option!)!, p.Option!)}"),
            _ => new(p.Option!, OptionLabel(rule.Workflow, p.Option!)),
        };
        var readings = new IndicatorReading[rule.Indicators.Count];
        for (var i = 0; i < readings.Length; i++)
        {
            readings[i] = Reading(rule.Indicators[i]);
        }
        var justification = new Justification(
            rule.Name,
            rule.Workflow,
            option,
            label,
            kb.Derived.Effects[rule.Index],
            p.Poids ?? 0,
            counted,
            new TemplateText(this, kb, rule, readings),
            p.Source,
            p.Statut,
            rule.File,
            readings);
        cache[rule.Index] = justification;
        return justification;
    }

    /// <summary>A compatibility rule as a consistency statement of a scenario (never a reason).</summary>
    public Coherence Coherence(CompiledRule rule, string role)
    {
        var p = rule.Properties;
        return new Coherence(
            rule.Name,
            kb.Derived.Effects[rule.Index],
            new Choice(p.Posture!, OptionLabel(QuestionIds.Pilotage, p.Posture!)),
            new Choice(p.Option!, OptionLabel(kb.Referentiel.QuestionOf(p.Option!)!, p.Option!)),
            role,
            Render(kb.Derived.Templates[rule.Index]),
            p.Source,
            p.Statut);
    }

    /// <summary>What rules read of an indicator, the same for every rule of this territory: built once.</summary>
    private IndicatorReading Reading(int index)
    {
        if (_readings[index] is { } known)
        {
            return known;
        }
        var definition = kb.Indicators[index];
        IndicatorReading reading;
        if (definition.Calcule)
        {
            reading = new IndicatorReading(definition.Id, definition.Libelle, kb.Derived.PriorityKeys(facts.Priorities), PrioritiesText(), null, definition.Source, null);
        }
        else
        {
            var value = profile.Indicateurs[definition.Id];
            reading = new IndicatorReading(definition.Id, definition.Libelle, value.Valeur, TextOf(index, value.Valeur), definition.Unite, value.Source ?? definition.Source, value.Millesime);
        }
        return _readings[index] = reading;
    }

    /// <summary>
    /// The text of the profile's value of an indicator, rendered when first read: one per indicator and territory,
    /// shared by the portrait and the rules' readings.
    /// </summary>
    public DeferredText TextOf(int index, object value)
    {
        if (_texts[index] is { } known && ReferenceEquals(known.Value, value))
        {
            return known;
        }
        return _texts[index] = new ValueText(kb.Indicators[index], value);
    }

    /// <summary>The text of an indicator value, as <see cref="Text"/> writes it.</summary>
    internal sealed class ValueText(IndicatorDefinition definition, object value) : DeferredText
    {
        public IndicatorDefinition Definition => definition;

        public object Value => value;

        protected override string Render() => Text(definition, value);
    }

    /// <summary>
    /// A rule's explanation: its template with the texts of the values it cites and the rule set's parameters,
    /// rendered when first read. <see cref="Readings"/> are the justification's readings (the values the rule read).
    /// </summary>
    internal sealed class TemplateText(Explainer explainer, RuleSet kb, CompiledRule rule, IReadOnlyList<IndicatorReading> readings) : DeferredText
    {
        public RuleSet RuleSet => kb;

        public CompiledRule Rule => rule;

        public IReadOnlyList<IndicatorReading> Readings => readings;

        protected override string Render() => explainer.Render(kb.Derived.Templates[rule.Index]);
    }

    /// <summary>An indicator value as a reader sees it: labels for listed values, the unit agreed in number, the masked-value wording.</summary>
    public static string Text(IndicatorDefinition definition, object value) => value switch
    {
        double d when definition.ValeurMasquee is { } masked && d == masked => definition.LibelleValeurMasquee!,
        string id => definition.LabelOf(id),
        string[] ids => ids.Length == 0 ? "aucune" : string.Join(", ", ids.Select(definition.LabelOf)),
        _ => FrenchFormat.WithUnit(value, definition.Unite, definition.UnitePluriel),
    };

    private string PrioritiesText() => _prioritiesText ??= facts.Priorities.Count == 0
        ? "aucune priorité"
        : string.Join(" ; ", facts.Priorities.Select(n => n.Label(kb.Referentiel)));

    private string OptionLabel(string question, string id) => kb.Referentiel.FindOption(question, id)?.Libelle ?? id;


    private string NeedLabel(RuleProperties p) => CrossedNeed.LabelOf(kb.Referentiel, p.Service, p.Public, p.Critere);

    public Priority Priority(CrossedNeed need)
    {
        if (_priorities.TryGetValue(need, out var known))
        {
            return known;
        }
        var axes = kb.Referentiel.Axes;
        static Choice Find(IReadOnlyList<OptionDefinition> list, string id)
        {
            foreach (var option in list)
            {
                if (option.Id == id)
                {
                    return option.AsChoice;
                }
            }
            throw new InvalidOperationException("valeur d'axe inconnue : " + id);
        }
        return _priorities[need] = new Priority(
            Find(axes.Services, need.Service),
            Find(axes.Publics, need.Public),
            Find(axes.Criteres, need.Critere),
            Math.Round(need.Score, 2),
            need.DiagnosticIntensity,
            need.DiagnosticSource,
            RuleNames(need));
    }

    /// <summary>The rules that raised or lowered a need, in rule order (a handful: sorted in place).</summary>
    private static List<string> RuleNames(CrossedNeed need)
    {
        var rules = new List<CompiledRule>(need.Raised.Count + need.Lowered.Count);
        rules.AddRange(need.Raised);
        rules.AddRange(need.Lowered);
        // Equal positions are the same rule, hence the same name: the order of the names is that of a stable sort.
        rules.Sort(static (a, b) => a.Index.CompareTo(b.Index));
        var names = new List<string>(rules.Count);
        foreach (var rule in rules)
        {
            names.Add(rule.Name);
        }
        return names;
    }

    /// <summary>One builder per thread for the explanations being written (never two at once on a thread).</summary>
    [ThreadStatic]
    private static System.Text.StringBuilder? t_text;

    private string Render(RuleSetDerivedData.Segment[] template)
    {
        if (template.Length == 1 && template[0].Text is { } only)
        {
            return only;
        }
        var text = t_text ??= new System.Text.StringBuilder(256);
        text.Clear();
        foreach (var segment in template)
        {
            if (segment.Text is not null)
            {
                text.Append(segment.Text);
            }
            else if (segment.Indicator >= 0)
            {
                text.Append(Reading(segment.Indicator).Texte);
            }
            else
            {
                text.Append(kb.Parameters[segment.Parameter!].Formatted);
            }
        }
        return text.ToString();
    }
}
