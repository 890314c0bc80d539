using Cadrage.Rules.Evaluation;
using Cadrage.Rules.KnowledgeBase;

namespace Cadrage.Rules.Worker.RuleTools;

/// <summary>What one rule set made of one territory: its first scenario (the scénario retenu, or the first of a tie) and the rules that fired.</summary>
public sealed record TerritoryOutcome(
    string Id,
    string Nom,
    string Type,
    ScenarioAnswers? Premier,
    IReadOnlyDictionary<string, double> Fired,
    string? Error)
{
    /// <summary>The five answers compared, in the order of the questions.</summary>
    public static IReadOnlyList<string> Answers => QuestionIds.All;

    public string? Pilotage => Premier?.Pilotage.Id;

    /// <summary>The main form of the Où.</summary>
    public string? Lieux => Premier?.Lieux.Id;

    public IEnumerable<string> Modalites => Premier?.Modalites.Select(m => m.Id) ?? [];

    public IEnumerable<string> Objectifs => Premier?.Objectifs.Select(o => o.Id) ?? [];

    /// <summary>An answer as comparable text (empty without scenario).</summary>
    public string Answer(string question) => Premier?.Answer(question) ?? "";

    /// <summary>The first scenario in words.</summary>
    public string Retenu => Premier?.Summary ?? "aucun scénario proposé";

    /// <summary>
    /// What changed from <paramref name="before"/> to this outcome, answer by answer, in words:
    /// « Qui pilote ? « Faire » → « Faire avec » ; Où ? … ».
    /// </summary>
    public string ChangeFrom(TerritoryOutcome before, Referentiel referentiel)
    {
        if (before.Premier is null || Premier is null)
        {
            return $"{before.Retenu} → {Retenu}";
        }
        var changes = Answers.Where(q => before.Answer(q) != Answer(q))
            .Select(q => $"{referentiel.Question(q).Libelle} {before.Premier.Words(q)} → {Premier.Words(q)}")
            .ToList();
        if (before.Premier.Retenu != Premier.Retenu)
        {
            changes.Add(Premier.Retenu ? "désormais tranché (plus d'égalité)" : "désormais à égalité avec un autre scénario");
        }
        return string.Join(" ; ", changes);
    }

    /// <summary>Whether the first scenario differs (an answer, or retained against tied).</summary>
    public bool DiffersFrom(TerritoryOutcome other) =>
        Answers.Any(q => Answer(q) != other.Answer(q)) || (Premier?.Retenu ?? false) != (other.Premier?.Retenu ?? false);
}
