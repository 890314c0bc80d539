using System.Text;
using Cadrage.Rules.KnowledgeBase;

namespace Cadrage.Rules.Output;

/// <summary>The readable French summary of an evaluation: synthèse, scenarios, why, points de vigilance, limits.</summary>
public static class TextReport
{
    public static string Render(EvaluationResult result) => Render(new ReportReading(result, ReportContext.From(result)));

    public static string Render(ReportReading reading)
    {
        var result = reading.Result;
        var text = new StringBuilder();
        var t = result.Territoire;
        text.AppendLine($"Cadre stratégique — {t.Nom}");
        text.AppendLine($"{reading.TerritoryKind} n° {t.Id} · base de règles {result.Referentiel.Version} ({FrenchFormat.Count(result.Referentiel.Regles, "règle", "règles")})");
        text.AppendLine();
        foreach (var sentence in reading.Introduction())
        {
            text.AppendLine(sentence);
        }
        text.AppendLine();

        var width = reading.Questions.Max(q => q.Libelle.Length) + 5;
        foreach (var s in reading.Scenarios)
        {
            text.AppendLine($"Scénario {s.Rang}{(s.Retenu ? " (scénario retenu)" : "")} — {s.Nom}");
            foreach (var answer in s.Answers)
            {
                var items = answer.Items.Count > 0 ? string.Join(" ; ", answer.Items) : answer.Question.Id switch
                {
                    QuestionIds.Besoins => "aucune priorité ne ressort",
                    QuestionIds.Objectifs => "aucun objectif retenu",
                    _ => "aucune option retenue",
                };
                var certainty = answer.CertaintyText is { } c ? $" (certitude : {c})" : "";
                text.AppendLine($"  {(answer.Question.Numero + ". " + answer.Question.Libelle).PadRight(width)} {items}{certainty}");
            }
            if (s.Places.Count > 0)
            {
                text.AppendLine($"  {"Lieux nommés".PadRight(width)} {string.Join(" ; ", s.Places)}");
            }
            if (s.Scenario.Priorites.Count > 0)
            {
                // What the Quoi asks of the scenario: the priorities its geometry and modalités serve, and those left to cover.
                var coverage = s.Scenario.Couverture;
                var served = coverage.Servies.Count == 0 ? "aucune"
                    : string.Join(" ; ", coverage.Servies.Select(p => $"{p.Priorite} (par {FrenchFormat.Join(p.Par.Select(c => FrenchFormat.Quote(c.Libelle)).ToList())})"));
                var left = coverage.NonCouvertes.Count > 0 ? $" ; restent à couvrir : {string.Join(" ; ", coverage.NonCouvertes)}" : "";
                text.AppendLine($"  {"Priorités servies".PadRight(width)} {coverage.Servies.Count} sur {s.Scenario.Priorites.Count} : {served}{left}");
            }
            text.AppendLine($"  Score : {reading.ScoreText(s)}. {reading.Support(s)}");
            text.AppendLine("  Pourquoi ce scénario :");
            foreach (var group in s.Groups.Where(g => g.Reasons.Count > 0))
            {
                text.AppendLine($"    {group.Question.Libelle}");
                // Several options answer the question (the Quoi's needs are read together): each one's rules under its name, so that its points can be added up.
                var options = group.Question.Id == QuestionIds.Besoins ? group.Reasons.GroupBy(_ => "").ToList() : group.Reasons.GroupBy(r => r.Option).ToList();
                foreach (var option in options)
                {
                    var indent = "      ";
                    if (options.Count > 1)
                    {
                        text.AppendLine($"      {option.Key}{OptionRole(s.Scenario, group.Question.Id, option.First().Justification.Option)} :");
                        indent += "  ";
                    }
                    foreach (var r in option)
                    {
                        text.AppendLine($"{indent}+ {r.Justification.Explication} ({r.WeightText})");
                    }
                }
            }
            // Agreements and exclusions say how the answers hold together; tensions are objections, said apart.
            if (s.Accords.Count > 0)
            {
                text.AppendLine("  Cohérence entre les réponses :");
                foreach (var c in s.Accords)
                {
                    text.AppendLine($"    {ReportReading.CoherenceLine(c)}");
                }
            }
            if (s.Tensions.Count > 0)
            {
                text.AppendLine("  Tensions à arbitrer :");
                foreach (var c in s.Tensions)
                {
                    text.AppendLine($"    {ReportReading.CoherenceLine(c)}");
                }
            }
            if (s.Scenario.Vigilances.Count > 0)
            {
                text.AppendLine("  Points de vigilance :");
                foreach (var r in s.Groups.SelectMany(g => g.Vigilances))
                {
                    text.AppendLine($"    ! {r.Justification.Explication} ({r.WeightText})");
                }
            }
            text.AppendLine();
        }

        if (reading.Scenarios.Count > 0 && reading.IllustrativeQuestions.Count > 0)
        {
            text.AppendLine("Réponses fragiles faute de données mesurées :");
            foreach (var a in reading.IllustrativeQuestions)
            {
                text.AppendLine($"  - {a.Phrase}");
            }
            text.AppendLine();
        }
        if (reading.Scenarios.Count == 0 || reading.OpenQuestions.Count > 0)
        {
            text.AppendLine(reading.Scenarios.Count == 0 ? "État de l'analyse, question par question :" : "Questions non tranchées et données à réunir :");
            foreach (var a in reading.Scenarios.Count == 0 ? result.Analyse : reading.OpenQuestions)
            {
                text.AppendLine($"  - {a.Phrase}");
            }
            text.AppendLine();
        }
        if (result.Explications is { } explanations)
        {
            ExplanationReport.AppendSections(text, explanations);
            text.AppendLine();
        }
        if (reading.Exclusions.Count > 0)
        {
            text.AppendLine("Options écartées :");
            foreach (var e in reading.Exclusions)
            {
                text.AppendLine($"  - {e.Option} ({e.Question.Libelle}) : {string.Join(" ; ", e.Rules.Select(r => r.Explication))}{e.Reserve}");
            }
            text.AppendLine();
        }
        if (result.IndicateursManquants.Count > 0)
        {
            text.AppendLine($"Indicateurs manquants ({FrenchFormat.Count(reading.UnevaluatedRules, "règle non évaluée", "règles non évaluées")}) :");
            foreach (var m in result.IndicateursManquants)
            {
                text.AppendLine($"  - {m.Libelle} ({FrenchFormat.Count(m.Regles.Count, "règle", "règles")})");
            }
            text.AppendLine();
        }
        if (reading.Warnings.Count > 0)
        {
            text.AppendLine("Avertissements :");
            foreach (var w in reading.Warnings)
            {
                text.AppendLine($"  - {w}");
            }
        }
        // French typography over every line, whoever wrote it (this code, a rule, the catalogue): no-break spaces
        // inside guillemets and before « : ; ? ! ».
        return FrenchFormat.Typography(text.ToString());
    }

    /// <summary>For the Où, whether an option is the main form (which ranks the scenario) or a complement.</summary>
    private static string OptionRole(Scenario s, string question, string option) =>
        question != QuestionIds.Lieux ? ""
        : option == s.Lieux.Principale.Id ? " (forme principale)"
        : " (forme complémentaire)";
}
