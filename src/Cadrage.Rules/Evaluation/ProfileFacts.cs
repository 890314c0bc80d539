using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Profiles;

namespace Cadrage.Rules.Evaluation;

/// <summary>A profile turned into the typed input rules read, with which indicators are actually known.</summary>
public sealed class ProfileFacts
{
    private ProfileFacts(object instance, bool[] present)
    {
        Instance = instance;
        Present = present;
    }

    /// <summary>An instance of the rule set's generated <c>Profil</c> type.</summary>
    public object Instance { get; }

    /// <summary>By catalogue position: whether the profile states the indicator.</summary>
    public IReadOnlyList<bool> Present { get; }

    public static ProfileFacts Create(RuleSet kb, TerritoryProfile profile)
    {
        var instance = kb.ProfileType.CreateInstance();
        var present = new bool[kb.Indicators.Count];
        foreach (var (id, value) in profile.Indicateurs)
        {
            // The profile was read against a catalogue; a profile read against another rule set may name
            // indicators this one lacks: they are simply not facts here.
            if (kb.IndicatorIndex.TryGetValue(id, out var index))
            {
                kb.ProfileType.Set(instance, index, value.Valeur);
                present[index] = true;
            }
        }
        return new ProfileFacts(instance, present);
    }
}
