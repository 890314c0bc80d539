using System.Text;

namespace Cadrage.Rules.Output;

/// <summary>The explanations of a result as French text: what would change the recommendation, then the details.</summary>
public static class ExplanationReport
{
    public static string Render(EvaluationResult result)
    {
        var text = new StringBuilder();
        text.Append("Explications — ").Append(result.Territoire.Nom).AppendLine();
        text.AppendLine(result.Synthese);
        if (result.Explications is not { } e)
        {
            text.AppendLine("Aucune explication demandée.");
            return FrenchFormat.Typography(text.ToString());
        }
        text.AppendLine();
        AppendSections(text, e);
        return FrenchFormat.Typography(text.ToString());
    }

    /// <summary>
    /// What would change the recommendation, without the answers that depend on missing or illustrative data: those
    /// are said once, with the robustness of the answers (the note and the text report alike).
    /// </summary>
    public static List<string> ChangesBesideRobustness(ResultExplanations e)
    {
        var robustness = e.Sensibilite.Select(x => x.Phrase).ToHashSet(StringComparer.Ordinal);
        return e.CeQuiFeraitChanger.Where(sentence => !robustness.Contains(sentence)).ToList();
    }

    /// <summary>
    /// The rules that would have supported the other option, less the one its sentence already quotes as the
    /// nearest (« Au plus près : … »): a threshold is said once.
    /// </summary>
    public static IEnumerable<MissedRule> MissedBesideNearest(WhyNot w) =>
        w.ReglesManquees.Where(m => !w.Phrase.EndsWith("Au plus près : " + m.Phrase, StringComparison.Ordinal));

    /// <summary>
    /// The nearest thresholds not already said under « Ce qui ferait changer la recommandation » (which opens with
    /// them): the detail section adds only what the summary does not say.
    /// </summary>
    public static List<NearestThreshold> ThresholdsBesideChanges(ResultExplanations e)
    {
        var said = ChangesBesideRobustness(e).ToHashSet(StringComparer.Ordinal);
        return e.SeuilsLesPlusProches.Where(s => !said.Contains(s.Phrase)).ToList();
    }

    /// <summary>
    /// The counterfactuals not already said under « Ce qui ferait changer la recommandation » (which lists those found):
    /// a variant is said once; the detail section adds the targets no lever reaches.
    /// </summary>
    public static List<Counterfactual> CounterfactualsBesideChanges(ResultExplanations e)
    {
        var said = ChangesBesideRobustness(e).ToHashSet(StringComparer.Ordinal);
        // Targets no lever reaches for one reason share one sentence: said once.
        return e.Contrefactuels.Where(c => !said.Contains(c.Phrase)).DistinctBy(c => c.Phrase).ToList();
    }

    /// <summary>The counterfactual a sentence of « Ce qui ferait changer la recommandation » says, if it is one.</summary>
    public static Counterfactual? CounterfactualSaying(ResultExplanations e, string sentence) =>
        e.Contrefactuels.FirstOrDefault(c => c.Trouve && c.Variantes.Count > 0 && c.Phrase == sentence);

    /// <summary>The changes of a variant other than the first, as listed under its sentence (« ou : … »).</summary>
    public static string VariantText(CounterfactualVariant v) =>
        string.Join(" ; ", v.Changements.Select(x => $"{FrenchFormat.Quote(x.Libelle)} {x.Apres}"));

    /// <summary>« Le changement trouvé est dit plus haut » when the counterfactuals found are listed in the summary.</summary>
    public static string? SaidAbove(ResultExplanations e)
    {
        var said = ChangesBesideRobustness(e).ToHashSet(StringComparer.Ordinal);
        var above = e.Contrefactuels.Select(c => c.Phrase).Distinct(StringComparer.Ordinal).Count(said.Contains);
        return above switch
        {
            0 => null,
            1 => "Le changement trouvé est dit plus haut (ce qui ferait changer la recommandation).",
            _ => $"Les {FrenchFormat.Count(above, "changement trouvé", "changements trouvés")} sont dits plus haut (ce qui ferait changer la recommandation).",
        };
    }

    /// <summary>What « écart plausible » means, said once where the nearest thresholds are listed or found absent.</summary>
    public const string PlausibleMoveRule = "L'écart plausible d'un seuil est celui que déclare la base de règles, à défaut un quart de sa valeur ; un seuil fixé par un texte ou une définition statistique n'est pas déplacé, ni une garde statistique (population minimale pour lire un taux).";

    /// <summary>The explanation sections, as the text report and <c>cadrage explain</c> print them.</summary>
    public static void AppendSections(StringBuilder text, ResultExplanations e)
    {
        text.AppendLine("Ce qui ferait changer la recommandation :");
        var changes = ChangesBesideRobustness(e);
        if (e.CeQuiFeraitChanger.Count == 0)
        {
            text.AppendLine("  Aucun seuil proche, aucun levier ni aucune donnée absente ne change la recommandation.");
        }
        else if (changes.Count == 0)
        {
            text.AppendLine($"  Aucun seuil proche ni aucun levier ne change la recommandation ; ce qui dépend de données absentes ou illustratives : voir {FrenchFormat.Quote("Robustesse aux données")}.");
        }
        foreach (var sentence in changes)
        {
            text.Append("  - ").AppendLine(sentence);
            foreach (var v in CounterfactualSaying(e, sentence)?.Variantes.Skip(1) ?? [])
            {
                text.Append("      · ou : ").AppendLine(VariantText(v));
            }
        }
        text.AppendLine();
        text.AppendLine("Pourquoi pas l'autre option ?");
        foreach (var w in e.PourquoiPas)
        {
            text.Append("  - ").AppendLine(w.Phrase);
            foreach (var m in MissedBesideNearest(w).Take(3))
            {
                text.Append("      · ").AppendLine(m.Phrase);
            }
        }
        if (e.Contrastes.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Contraste entre le scénario 1 et les autres");
            foreach (var c in e.Contrastes)
            {
                text.Append("  - ").AppendLine(c.Phrase);
                foreach (var q in c.Questions)
                {
                    text.Append("      · ").AppendLine(q.Phrase);
                }
            }
        }
        text.AppendLine();
        text.AppendLine("Que faudrait-il changer ? (leviers du territoire, chaque proposition vérifiée par une nouvelle évaluation)");
        if (SaidAbove(e) is { } above)
        {
            text.Append("  ").AppendLine(above);
        }
        foreach (var c in CounterfactualsBesideChanges(e))
        {
            text.Append("  - ").AppendLine(c.Phrase);
            foreach (var v in c.Variantes.Skip(1))
            {
                text.Append("      · ou : ").AppendLine(VariantText(v));
            }
        }
        text.AppendLine();
        text.AppendLine("Seuils les plus proches");
        var thresholds = ThresholdsBesideChanges(e);
        if (e.SeuilsLesPlusProches.Count == 0)
        {
            text.AppendLine($"  Aucun seuil proche : aucun seuil de la base, déplacé dans son écart plausible, ne change les réponses retenues. {PlausibleMoveRule}");
        }
        else if (thresholds.Count == 0)
        {
            text.AppendLine(e.SeuilsLesPlusProches.Count == 1
                ? "  Le seuil proche est dit plus haut (ce qui ferait changer la recommandation)."
                : $"  Les {FrenchFormat.Count(e.SeuilsLesPlusProches.Count, "seuil proche", "seuils proches")} sont dits plus haut (ce qui ferait changer la recommandation).");
        }
        foreach (var s in thresholds)
        {
            text.Append("  - ").AppendLine(s.Phrase);
        }
        text.AppendLine();
        text.AppendLine("Robustesse aux données");
        if (e.Sensibilite.Count == 0)
        {
            text.AppendLine("  Aucune réponse n'est retenue, il n'y en a pas à éprouver : les données à réunir sont dites plus haut.");
        }
        foreach (var s in e.Sensibilite)
        {
            text.Append("  - ").AppendLine(s.Phrase);
        }
    }
}
