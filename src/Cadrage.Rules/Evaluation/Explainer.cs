using System.Text.RegularExpressions;
using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Output;
using Cadrage.Rules.Profiles;

namespace Cadrage.Rules.Evaluation;

/// <summary>Turns fired rules into French justifications: the explanation with its values filled in, the
/// indicators read with their provenance, the rule's source, status and file.</summary>
internal sealed partial class Explainer(KnowledgeBase.KnowledgeBase kb, TerritoryProfile profile, ProfileFacts facts)
{
    private readonly Dictionary<string, Justification> _cache = new(StringComparer.Ordinal);

    public Justification Justify(CompiledRule rule)
    {
        if (_cache.TryGetValue(rule.Name, out var cached))
        {
            return cached;
        }
        var p = rule.Properties;
        var option = rule.Workflow switch
        {
            QuestionIds.Besoins => $"{p.Service ?? "*"} × {p.Public ?? "*"} × {p.Critere ?? "*"}",
            QuestionIds.Compatibilite => $"{p.Posture} + {p.Option}",
            _ => p.Option!,
        };
        var readings = rule.Indicators.Select(i =>
        {
            var definition = kb.Indicators[i];
            var value = profile.Indicateurs[definition.Id];
            return new IndicatorReading(definition.Id, definition.Libelle, value.Valeur, definition.Unite, value.Source ?? definition.Source, value.Millesime);
        }).ToList();
        var justification = new Justification(
            rule.Name,
            rule.Workflow,
            option,
            p.Effet.ToString(),
            p.Poids ?? 0,
            Render(p.Explication),
            p.Source,
            p.Statut,
            rule.File,
            readings);
        _cache[rule.Name] = justification;
        return justification;
    }

    public Priority Priority(CrossedNeed need)
    {
        var axes = kb.Referentiel.Axes;
        static Choice Find(IReadOnlyList<OptionDefinition> list, string id)
        {
            var option = list.First(o => o.Id == id);
            return new Choice(option.Id, option.Libelle);
        }
        return new Priority(
            Find(axes.Services, need.Service),
            Find(axes.Publics, need.Public),
            Find(axes.Criteres, need.Critere),
            Math.Round(need.Score, 2),
            need.DiagnosticIntensity,
            need.DiagnosticSource,
            need.Raised.Concat(need.Lowered).OrderBy(r => r.Index).Select(r => r.Name).ToList());
    }

    private string Render(string template) => KnowledgeBaseLoader.PlaceholderPattern().Replace(template, m =>
    {
        var key = m.Groups[1].Value;
        if (kb.IndicatorIndex.TryGetValue(key, out var index) && facts.Present[index])
        {
            var definition = kb.Indicators[index];
            var value = profile.Indicateurs[key].Valeur;
            return definition.ValeurMasquee is { } masked && value is double d && d == masked
                ? definition.LibelleValeurMasquee!
                : FrenchFormat.WithUnit(value, definition.Unite);
        }
        if (kb.Parameters.TryGetValue(key, out var parameter))
        {
            var value = parameter.Value(facts.Instance);
            return FrenchFormat.Value(value is IConvertible and not string and not bool ? Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture) : value);
        }
        return m.Value;
    });
}
