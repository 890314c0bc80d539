using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Output;
using Cadrage.Rules.Profiles;

namespace Cadrage.Rules.Evaluation;

/// <summary>A crossed need (service × public × critère) with its diagnostic base and the rules that moved it.</summary>
public sealed class CrossedNeed(string service, string @public, string critere)
{
    public string Service { get; } = service;
    public string Public { get; } = @public;
    public string Critere { get; } = critere;

    /// <summary>
    /// The critère of a need revealed by a rule that names no critère: to be stated by the diagnostic (its label is
    /// the référentiel's, <c>axes.criteres</c>). Rules read no key of it as a critère of accessibility.
    /// </summary>
    public const string Unspecified = "a-preciser";
    public int? DiagnosticIntensity { get; set; }
    public string? DiagnosticSource { get; set; }

    /// <summary>Whether the diagnostic's statement of this need is illustrative (an example, not a real diagnostic).</summary>
    public bool DiagnosticIllustrative { get; set; }
    public List<CompiledRule> Raised { get; } = [];
    public List<CompiledRule> Lowered { get; } = [];
    public double Score => (DiagnosticIntensity ?? 0) + Raised.Sum(r => r.Weight) - Lowered.Sum(r => r.Weight);

    /// <summary>« Santé × Personnes âgées × Distance »: the three labels of the référentiel (see <see cref="LabelOf(Choice?, Choice?, Choice?)"/>).</summary>
    public string Label(Referentiel referentiel) => LabelOf(referentiel, Service, Public, Critere);

    /// <summary>
    /// The one way a crossed need (or the axes a rule names) is written, wherever it is printed: « Santé × Personnes
    /// âgées × Distance », the parts a rule leaves open left out (null). A critère of the same id as the service
    /// (Mobilité × Personnes âgées × Mobilité, Inclusion numérique × Tout public × Numérique) repeats it: it is said
    /// once, « Mobilité × Personnes âgées ».
    /// </summary>
    public static string LabelOf(Choice? service, Choice? @public, Choice? critere)
    {
        var parts = new List<string>(3);
        if (service is not null)
        {
            parts.Add(service.Libelle);
        }
        if (@public is not null)
        {
            parts.Add(@public.Libelle);
        }
        if (critere is not null && !RepeatsService(service, critere))
        {
            parts.Add(critere.Libelle);
        }
        return string.Join(" × ", parts);
    }

    /// <summary>The same, from ids of the référentiel's axes (an id it does not list is shown as is).</summary>
    public static string LabelOf(Referentiel referentiel, string? service, string? @public, string? critere)
    {
        var axes = referentiel.Axes;
        return LabelOf(Axis(axes.Services, service), Axis(axes.Publics, @public), Axis(axes.Criteres, critere));

        static Choice? Axis(IReadOnlyList<OptionDefinition> axis, string? id) =>
            id is null ? null : new Choice(id, axis.FirstOrDefault(o => o.Id == id)?.Libelle ?? id);
    }

    /// <summary>Whether the critère names the service again (same id on both axes: mobilité, numérique): then it is said once.</summary>
    public static bool RepeatsService(Choice? service, Choice critere) =>
        service is not null && critere.Id != "*" && (service.Id == critere.Id || string.Equals(service.Libelle, critere.Libelle, StringComparison.OrdinalIgnoreCase));

    public bool Matches(RuleProperties p) =>
        (p.Service is null || p.Service == Service) && (p.Public is null || p.Public == Public) && (p.Critere is null || p.Critere == Critere);
}

/// <summary>
/// Question 4: crosses the diagnostic's needs with the profile. Rules raise or lower every need they match; a
/// rule naming all three axes also reveals a need the diagnostic did not state. Priorities are the crossing,
/// not a copy of the input.
/// </summary>
public static class NeedsCrossing
{
    public static IReadOnlyList<CrossedNeed> Prioritise(Referentiel referentiel, TerritoryProfile profile, IReadOnlyList<RuleRun> runs, int max)
    {
        var needs = new Dictionary<(string, string, string), CrossedNeed>();
        foreach (var need in profile.Besoins)
        {
            var key = (need.Service, need.Public, need.Critere);
            if (!needs.TryGetValue(key, out var crossed))
            {
                needs[key] = crossed = new CrossedNeed(need.Service, need.Public, need.Critere);
            }
            if (crossed.DiagnosticIntensity is null || need.Intensite > crossed.DiagnosticIntensity)
            {
                crossed.DiagnosticIntensity = need.Intensite;
                crossed.DiagnosticSource = need.Source;
                crossed.DiagnosticIllustrative = need.Illustratif;
            }
        }
        var fired = runs.Where(r => r.State == RuleState.Fired && r.Rule.Workflow == QuestionIds.Besoins).Select(r => r.Rule).ToList();
        foreach (var rule in fired)
        {
            var p = rule.Properties;
            if (p.Service is not null && p.Public is not null && p.Critere is not null && p.Effet == RuleEffectKind.soutien)
            {
                var key = (p.Service, p.Public, p.Critere);
                if (!needs.ContainsKey(key))
                {
                    needs[key] = new CrossedNeed(p.Service, p.Public, p.Critere);
                }
            }
        }
        // A rule that names a service and a public but no critère (the data say who needs which service, not what keeps
        // them from it) reveals the need with its critère « à préciser » by the diagnostic, unless the diagnostic or another
        // rule already states a need of that service and public, which it then raises whatever its critère: a critère
        // the data do not give is not supposed (practitioner review: a mobility critère the team assumed for jobseekers
        // then argued for itinérance and for solidarity mobility).
        foreach (var rule in fired)
        {
            var p = rule.Properties;
            if (p.Service is not null && p.Public is not null && p.Critere is null && p.Effet == RuleEffectKind.soutien
                && !needs.Keys.Any(k => k.Item1 == p.Service && k.Item2 == p.Public))
            {
                needs[(p.Service, p.Public, CrossedNeed.Unspecified)] = new CrossedNeed(p.Service, p.Public, CrossedNeed.Unspecified);
            }
        }
        foreach (var rule in fired)
        {
            foreach (var need in needs.Values.Where(n => n.Matches(rule.Properties)))
            {
                (rule.Properties.Effet == RuleEffectKind.soutien ? need.Raised : need.Lowered).Add(rule);
            }
        }

        var axes = referentiel.Axes;
        int Rank(IReadOnlyList<OptionDefinition> list, string id) => list.Select((o, i) => (o.Id, i)).First(x => x.Id == id).i;
        return needs.Values
            .Where(n => n.Score > 0)
            .OrderByDescending(n => n.Score)
            .ThenByDescending(n => n.DiagnosticIntensity ?? -1)
            .ThenBy(n => Rank(axes.Services, n.Service))
            .ThenBy(n => Rank(axes.Publics, n.Public))
            .ThenBy(n => Rank(axes.Criteres, n.Critere))
            .Take(max)
            .ToList();
    }
}
