using Cadrage.Rules.Evaluation;
using Cadrage.Rules.KnowledgeBase;

namespace Cadrage.Rules.Output;

/// <summary>
/// Where a text of a result comes from, told without rendering it (see <see cref="DeferredText"/>): a writer that
/// predicts the texts from the rule set (a compact batch line) checks its prediction on their provenance, and the
/// evaluation never renders a text nobody reads. A text of unknown provenance (given as it is, changed by a
/// <c>with</c>) is never said to come from anywhere: the caller then compares the texts themselves.
/// </summary>
public static class TextProvenance
{
    /// <summary>
    /// Whether the explanation of <paramref name="justification"/> is, as the evaluation under <paramref name="kb"/>
    /// renders it, the explanation template of the rule <see cref="Justification.Regle"/> of <paramref name="kb"/> with
    /// <paramref name="kb"/>'s parameter values and, for each value it cites, the text of that value among
    /// <see cref="Justification.Indicateurs"/> (rendered or not yet).
    /// </summary>
    public static bool IsRuleTemplate(Justification justification, RuleSet kb) =>
        justification.DeferredExplication is Explainer.TemplateText t
        && ReferenceEquals(t.RuleSet, kb)
        && t.Rule.Name == justification.Regle
        && ReferenceEquals(t.Readings, justification.Indicateurs)
        && kb.Derived.TemplateCitesOwnIndicators[t.Rule.Index];

    /// <summary>
    /// Whether the text of <paramref name="entry"/> is the text of its value as the catalogue's
    /// <paramref name="definition"/> writes it (labels of listed values, unit agreed in number, masked value), rendered or not yet.
    /// </summary>
    public static bool IsValueText(PortraitEntry entry, IndicatorDefinition definition) =>
        entry.DeferredTexte is Explainer.ValueText t && ReferenceEquals(t.Definition, definition) && ReferenceEquals(t.Value, entry.Valeur);

    /// <summary>Whether a rule's reading and a portrait entry show the same text (one text shared by the evaluation, or equal texts).</summary>
    public static bool SameText(IndicatorReading reading, PortraitEntry entry) =>
        reading.DeferredTexte is { } text && ReferenceEquals(text, entry.DeferredTexte) || reading.Texte == entry.Texte;
}
