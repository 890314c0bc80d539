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
            text.AppendLine($"Scénario {s.Rang}{(s.Established ? " (scénario retenu)" : s.Retenu ? " (en tête)" : "")} — {s.Nom}");
            var first = reading.Scenarios[0];
            var later = !ReferenceEquals(s, first);
            foreach (var answer in s.Answers)
            {
                var items = answer.Items.Count > 0 ? string.Join(" ; ", answer.Items) : answer.Question.Id switch
                {
                    QuestionIds.Besoins => "aucune priorité ne ressort",
                    QuestionIds.Objectifs => "aucun objectif retenu",
                    _ => "aucune option retenue",
                };
                var certainty = answer.CertaintyText is { } c ? $" (certitude : {c})" : "";
                if (reading.AnswersAsFirst(s, answer))
                {
                    (items, certainty) = ("comme au scénario 1", "");
                }
                text.AppendLine($"  {(answer.Question.Numero + ". " + answer.Question.Libelle).PadRight(width)} {items}{certainty}");
            }
            if (s.Places.Count > 0)
            {
                text.AppendLine($"  {"Lieux nommés".PadRight(width)} {(reading.PlacesAsFirst(s) ? "les mêmes que le scénario 1" : string.Join(" ; ", s.Places))}");
            }
            if (s.Scenario.Priorites.Count > 0)
            {
                // What the Quoi asks of the scenario: the priorities its geometry and modalités serve, and those left to cover.
                var coverage = s.Scenario.Couverture;
                var served = coverage.Servies.Count == 0 ? "aucune"
                    : string.Join(" ; ", coverage.Servies.Select(p => $"{p.Priorite} (par {FrenchFormat.Join(p.Par.Select(c => FrenchFormat.Quote(c.Libelle)).ToList())})"));
                var left = coverage.NonCouvertes.Count > 0 ? $" ; restent à couvrir : {string.Join(" ; ", coverage.NonCouvertes)}" : "";
                var line = $"{coverage.Servies.Count} sur {s.Scenario.Priorites.Count} : {served}{left}";
                text.AppendLine($"  {"Priorités servies".PadRight(width)} {(later && line == ServedLine(first) ? $"{coverage.Servies.Count} sur {s.Scenario.Priorites.Count}, les mêmes que le scénario 1" : line)}");
            }
            text.AppendLine($"  Score : {reading.ScoreText(s)}. {reading.Support(s)}");
            text.AppendLine("  Pourquoi ce scénario :");
            // After scenario 1, what it already says (same answer, same reasons) is not copied: one line names those questions.
            var same = reading.SameReasonsAsFirst(s);
            foreach (var group in s.Groups.Where(g => g.Reasons.Count > 0 && !same.Contains(g.Question)))
            {
                text.AppendLine($"    {group.Question.Libelle}");
                // Several options answer the question (the Quoi's needs are read together): each one's rules under its name, so that its points can be added up.
                var options = group.Question.Id == QuestionIds.Besoins ? group.Reasons.GroupBy(_ => "").ToList() : group.Reasons.GroupBy(r => r.Option).ToList();
                foreach (var option in options)
                {
                    var indent = "      ";
                    var header = $"      {option.Key}{OptionRole(s.Scenario, group.Question.Id, option.First().Justification.Option)} :";
                    if (group.Question.Id != QuestionIds.Besoins && reading.OptionReasonsAsFirst(s, group.Question.Id, option.Key))
                    {
                        // An option scenario 1 also holds, for the same reasons: referred to, not copied (« tout en
                        // itinérance » after an itinérance that relies on a pôle gives the same reasons for the itinérance).
                        text.AppendLine($"{header} mêmes raisons que le scénario 1.");
                        continue;
                    }
                    if (options.Count > 1)
                    {
                        text.AppendLine(header);
                        indent += "  ";
                    }
                    foreach (var r in option)
                    {
                        text.AppendLine($"{indent}+ {r.Justification.Explication} ({r.WeightText})");
                    }
                }
            }
            if (reading.SameReasonsSentence(s) is { } sameSentence)
            {
                text.AppendLine($"    {sameSentence}");
            }
            // Agreements and exclusions say how the answers hold together; tensions are objections, said apart. After
            // scenario 1, only the lines it does not already say, and a reference to the others.
            AppendShared(text, "Cohérence entre les réponses", s.Accords.Select(c => (ReportReading.CoherenceLine(c), reading.SaidForFirst(s, c))).ToList(),
                later ? first.Accords.Count : 0, "la cohérence", "la cohérence");
            AppendShared(text, "Tensions à arbitrer", s.Tensions.Select(c => (ReportReading.CoherenceLine(c), reading.SaidForFirst(s, c))).ToList(),
                later ? first.Tensions.Count : 0, "la tension", "les tensions");
            AppendShared(text, "Points de vigilance", s.Groups.SelectMany(g => g.Vigilances).Select(r => ($"! {r.Justification.Explication} ({r.WeightText})", reading.SaidForFirst(s, r))).ToList(),
                later ? first.Groups.Sum(g => g.Vigilances.Count) : 0, "le point de vigilance", "les points de vigilance");
            text.AppendLine();
        }

        if (reading.CertaintyLegend is { } legend)
        {
            text.AppendLine(legend);
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

    /// <summary>
    /// A section of a scenario. After scenario 1, when the scenario says every line scenario 1 says in it, those lines
    /// are not copied: « comme au scénario 1 » alone, or its own lines then « … et les points de vigilance du scénario 1 ».
    /// </summary>
    private static void AppendShared(StringBuilder text, string title, IReadOnlyList<(string Line, bool Shared)> lines, int firstCount, string one, string many)
    {
        if (lines.Count == 0)
        {
            return;
        }
        var refer = firstCount > 0 && lines.Count(l => l.Shared) == firstCount;
        var own = refer ? lines.Where(l => !l.Shared).Select(l => l.Line).ToList() : lines.Select(l => l.Line).ToList();
        if (own.Count == 0)
        {
            text.AppendLine($"  {title} : comme au scénario 1.");
            return;
        }
        text.AppendLine($"  {title} :");
        foreach (var line in own)
        {
            text.AppendLine($"    {line}");
        }
        if (refer)
        {
            text.AppendLine($"    … et {(firstCount == 1 ? one : many)} du scénario 1.");
        }
    }

    private static string ServedLine(ScenarioReading s)
    {
        var coverage = s.Scenario.Couverture;
        var served = coverage.Servies.Count == 0 ? "aucune"
            : string.Join(" ; ", coverage.Servies.Select(p => $"{p.Priorite} (par {FrenchFormat.Join(p.Par.Select(c => FrenchFormat.Quote(c.Libelle)).ToList())})"));
        var left = coverage.NonCouvertes.Count > 0 ? $" ; restent à couvrir : {string.Join(" ; ", coverage.NonCouvertes)}" : "";
        return $"{coverage.Servies.Count} sur {s.Scenario.Priorites.Count} : {served}{left}";
    }

    /// <summary>For the Où, whether an option is the main form (which ranks the scenario) or a complement.</summary>
    private static string OptionRole(Scenario s, string question, string option) =>
        question != QuestionIds.Lieux || s.Lieux.Complements.Count == 0 ? ""
        : option == s.Lieux.Principale.Id ? " (forme principale)"
        : " (forme complémentaire)";
}
