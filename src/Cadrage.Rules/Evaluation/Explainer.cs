using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Output;
using Cadrage.Rules.Profiles;

namespace Cadrage.Rules.Evaluation;

/// <summary>Turns fired rules into French justifications: the explanation with its values filled in, the
/// indicators read with their provenance, the rule's source, status and file.</summary>
internal sealed class Explainer(RuleSet kb, TerritoryProfile profile)
{
    private readonly Justification?[] _justified = new Justification?[kb.Rules.Count];

    public Justification Justify(CompiledRule rule)
    {
        if (_justified[rule.Index] is { } cached)
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
        var readings = new IndicatorReading[rule.Indicators.Count];
        for (var i = 0; i < readings.Length; i++)
        {
            var definition = kb.Indicators[rule.Indicators[i]];
            var value = profile.Indicateurs[definition.Id];
            readings[i] = new IndicatorReading(definition.Id, definition.Libelle, value.Valeur, definition.Unite, value.Source ?? definition.Source, value.Millesime);
        }
        var justification = new Justification(
            rule.Name,
            rule.Workflow,
            option,
            p.Effet.ToString(),
            p.Poids ?? 0,
            Render(kb.Derived.Templates[rule.Index]),
            p.Source,
            p.Statut,
            rule.File,
            readings);
        _justified[rule.Index] = justification;
        return justification;
    }

    public Priority Priority(CrossedNeed need)
    {
        var axes = kb.Referentiel.Axes;
        static Choice Find(IReadOnlyList<OptionDefinition> list, string id)
        {
            foreach (var option in list)
            {
                if (option.Id == id)
                {
                    return new Choice(option.Id, option.Libelle);
                }
            }
            throw new InvalidOperationException("valeur d'axe inconnue : " + id);
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

    private string Render(RuleSetDerivedData.Segment[] template)
    {
        if (template.Length == 1 && template[0].Text is { } only)
        {
            return only;
        }
        var text = new System.Text.StringBuilder();
        foreach (var segment in template)
        {
            if (segment.Text is not null)
            {
                text.Append(segment.Text);
            }
            else if (segment.Indicator >= 0)
            {
                var definition = kb.Indicators[segment.Indicator];
                var value = profile.Indicateurs[definition.Id].Valeur;
                text.Append(value switch
                {
                    double d when definition.ValeurMasquee is { } masked && d == masked => definition.LibelleValeurMasquee!,
                    string id => definition.LabelOf(id),
                    string[] ids => ids.Length == 0 ? "aucune" : string.Join(", ", ids.Select(definition.LabelOf)),
                    _ => FrenchFormat.WithUnit(value, definition.Unite, definition.UnitePluriel),
                });
            }
            else
            {
                text.Append(kb.Parameters[segment.Parameter!].Formatted);
            }
        }
        return text.ToString();
    }
}
