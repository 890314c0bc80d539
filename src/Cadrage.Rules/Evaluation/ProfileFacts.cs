using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Profiles;

namespace Cadrage.Rules.Evaluation;

/// <summary>A profile turned into the typed input rules read, with which indicators are actually known.</summary>
public sealed class ProfileFacts
{
    private readonly bool[] _present;
    private readonly bool[] _lacking;

    private ProfileFacts(TerritoryProfile profile, object instance, bool[] present, bool[] lacking, bool[]? illustrative)
    {
        Profile = profile;
        Instance = instance;
        _present = present;
        _lacking = lacking;
        Illustrative = illustrative;
    }

    public TerritoryProfile Profile { get; }

    /// <summary>An instance of the rule set's generated <c>Profil</c> type.</summary>
    public object Instance { get; }

    /// <summary>By catalogue position: whether the profile states the indicator (or the evaluation computed it).</summary>
    public IReadOnlyList<bool> Present => _present;

    /// <summary>
    /// By catalogue position: whether the profile lacks an indicator that exists at its scale — what to report as
    /// missing and to collect. An indicator of another scale (<see cref="IndicatorDefinition.Echelles"/>) is absent, not lacking.
    /// </summary>
    public IReadOnlyList<bool> Lacking => _lacking;
    /// By catalogue position: whether the profile marks the value as illustrative (a placeholder, not measured);
    /// null when it marks none, as every profile built from open data (nothing to check then).
    /// </summary>
    public IReadOnlyList<bool>? Illustrative { get; }

    /// <summary>Every crossed need of question 4 with a positive score, best first (set once the need rules ran).</summary>
    public IReadOnlyList<CrossedNeed> Needs { get; private set; } = [];

    /// <summary>The retained priorities (the first <see cref="ScenarioSettings.PrioritesMax"/> needs).</summary>
    public IReadOnlyList<CrossedNeed> Priorities { get; private set; } = [];

    public static ProfileFacts Create(RuleSet kb, TerritoryProfile profile)
    {
        var instance = kb.ProfileType.CreateInstance();
        var present = new bool[kb.Indicators.Count];
        bool[]? illustrative = null;
        foreach (var (id, value) in profile.Indicateurs)
        {
            // The profile was read against a catalogue; a profile read against another rule set may name
            // indicators this one lacks: they are simply not facts here. Computed indicators are never read.
            if (kb.IndicatorIndex.TryGetValue(id, out var index) && !kb.Indicators[index].Calcule)
            {
                kb.ProfileType.Set(instance, index, value.Valeur);
                present[index] = true;
                if (value.Illustratif)
                {
                    (illustrative ??= new bool[present.Length])[index] = true;
                }
            }
        }
        var lacking = new bool[present.Length];
        for (var i = 0; i < lacking.Length; i++)
        {
            lacking[i] = !present[i] && kb.Indicators[i].AppliesTo(profile.Echelle);
        }
        return new ProfileFacts(profile, instance, present, lacking, illustrative);
    }

    /// <summary>Question 4 is answered: the retained priorities become the <c>priorites</c> fact the other questions read.</summary>
    internal void SetNeeds(RuleSet kb, IReadOnlyList<CrossedNeed> needs)
    {
        Needs = needs;
        Priorities = needs.Take(kb.Scenarios.PrioritesMax).ToList();
        if (kb.IndicatorIndex.TryGetValue(IndicatorCatalog.PrioritiesId, out var index))
        {
            kb.ProfileType.Set(Instance, index, kb.Derived.PriorityKeys(Priorities));
            _present[index] = true;
            _lacking[index] = false;
        }
    }

    /// <summary>Sets the <c>priorites</c> fact to other priorities (to test which priority a rule serves), returning the previous value.</summary>
    internal object? ReplacePriorities(RuleSet kb, string[] keys)
    {
        if (!kb.IndicatorIndex.TryGetValue(IndicatorCatalog.PrioritiesId, out var index))
        {
            return null;
        }
        var field = Instance.GetType().GetField(IndicatorCatalog.PrioritiesId)!;
        var previous = field.GetValue(Instance);
        kb.ProfileType.Set(Instance, index, keys);
        return previous;
    }

    /// <summary>The keys rules read for some priorities: each axis, each pair of axes and the triple.</summary>
    public static string[] PriorityKeys(IEnumerable<CrossedNeed> priorities)
    {
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var n in priorities)
        {
            keys.Add("s:" + n.Service);
            keys.Add("p:" + n.Public);
            keys.Add("c:" + n.Critere);
            keys.Add($"s+p:{n.Service}/{n.Public}");
            keys.Add($"s+c:{n.Service}/{n.Critere}");
            keys.Add($"p+c:{n.Public}/{n.Critere}");
            keys.Add($"s+p+c:{n.Service}/{n.Public}/{n.Critere}");
        }
        return keys.ToArray();
    }
}
