using Cadrage.Rules.KnowledgeBase;

namespace Cadrage.Rules.Output;

/// <summary>
/// Why an answer is fragile, in words a reader can check against the figures: which option competes with it and
/// with how many points. One source for the synthèse, the text report and the note.
/// </summary>
public static class CertaintyReasons
{
    /// <summary>
    /// The complement that makes a geometry less certain than its main form and what competes with it:
    /// « par son complément « Pôles spécialisés complémentaires », moins soutenu que « Plusieurs centres-bourgs
    /// secondaires », 2 points contre 3 ». Null when no complement weakens the geometry or nothing competes with it.
    /// </summary>
    public static string? WeakeningComplement(Geometry geometry) =>
        geometry.WeakeningComplement is { Concurrente: { } rival } weak
            ? $"par son complément {FrenchFormat.Quote(weak.Libelle)}, {(weak.Marge < 0 ? "moins soutenu que" : weak.Marge == 0 ? "à égalité avec" : "suivi de près par")} {FrenchFormat.Quote(rival.Libelle)}, "
              + (weak.Marge == 0 ? $"{Points(weak.Net)} chacun" : $"{Points(weak.Net)} contre {FrenchFormat.Number(RivalNet(weak))}")
            : null;

    /// <summary>
    /// Why a scenario's answer to a question is fragile when no illustrative value explains it: for the Où, the
    /// complement that weakens the geometry, or a main form that its own complement or another form outweighs; for
    /// the others, the retained option closest to an option left out. Null for an answer that is not fragile, or
    /// fragile because of illustrative values (said apart).
    /// </summary>
    public static string? Of(Scenario scenario, string question)
    {
        switch (question)
        {
            case QuestionIds.Pilotage:
                return scenario.Pilotage.Certitude == Certitudes.Fragile ? Rival(scenario.Pilotage, null) : null;
            case QuestionIds.Lieux:
                if (scenario.Lieux.Certitude != Certitudes.Fragile)
                {
                    return null;
                }
                if (WeakeningComplement(scenario.Lieux) is { } weakening)
                {
                    return weakening;
                }
                if (scenario.Lieux.WeakeningComplement is { Concurrente: null, Illustratifs: null } alone)
                {
                    // A complement no other form competes with, whose own evidence is within the tolerance (CA du Grand
                    // Verdun: « Pôles spécialisés complémentaires », 2 points): that, not the main form, makes the Où fragile.
                    return $"son complément {FrenchFormat.Quote(alone.Libelle)} ne tient qu'à {Points(alone.Net)} de preuve nette";
                }
                var main = scenario.Lieux.Principale;
                if (Absent(main, scenario.Lieux.Complements.Count > 0 ? "sa forme principale" : null) is { } absent)
                {
                    return absent;
                }
                // « De peu » only within the tolerance of the rule set (rules/scenarios.json, toleranceFragile): the
                // evaluation marks a lead within it fragile, beyond it established (AnswerFactory.Single), so the main
                // form's own certainty says which side of the tolerance its margin is.
                if (main.Concurrente is { } rival && scenario.Lieux.Complements.Any(c => c.Id == rival.Id) && (main.Marge <= 0 || main.Certitude == Certitudes.Fragile && main.Illustratifs is null))
                {
                    // Its closest rival is one of its own complements: the geometry holds, which form leads it is what is
                    // close (the form with the most evidence leads a geometry, ScenarioBuilder: never a complement ahead).
                    var complement = FrenchFormat.Quote(rival.Libelle);
                    return main.Marge <= 0
                        ? $"sa forme principale est à égalité avec son complément {complement} : {Points(main.Net)} chacune"
                        : $"sa forme principale ne devance que de peu son complément {complement} : {Points(main.Net)} contre {FrenchFormat.Number(RivalNet(main))}";
                }
                return main.Certitude == Certitudes.Fragile ? Rival(main, scenario.Lieux.Complements.Count > 0 ? "sa forme principale" : null) : null;
            case QuestionIds.Modalites:
                return Closest(scenario.Modalites);
            case QuestionIds.Objectifs:
                return Closest(scenario.Objectifs);
            default:
                return null;
        }
    }

    /// <summary>Of several retained options, the fragile one with the smallest margin over the best option left out.</summary>
    private static string? Closest(IReadOnlyList<Answer> answers)
    {
        Answer? closest = null;
        foreach (var a in answers)
        {
            if (a.Certitude == Certitudes.Fragile && a.Illustratifs is null && (closest is null || a.Marge < closest.Marge))
            {
                closest = a;
            }
        }
        return closest is null ? null : Rival(closest, answers.Count > 1 ? FrenchFormat.Quote(closest.Libelle) : null);
    }

    /// <summary>
    /// « « Faire avec » a plus de preuves : 9 points contre 5 », « « Accompagner » suit de près « Impulser » :
    /// 2 points contre 3 », « à égalité avec « Faire » : 3 points chacune », « son avance ne tient qu'à 1 point de
    /// preuve nette » (no supported rival).
    /// </summary>
    private static string? Rival(Answer answer, string? subject)
    {
        if (answer.Illustratifs is not null)
        {
            return null;
        }
        if (Absent(answer, subject) is { } absent)
        {
            return absent;
        }
        if (answer.Concurrente is not { } rival)
        {
            // Fragile with no supported rival: its own evidence is within the tolerance.
            return $"{subject ?? "son avance"} ne tient qu'à {Points(answer.Net)} de preuve nette";
        }
        var them = FrenchFormat.Quote(rival.Libelle);
        var figures = $"{Points(RivalNet(answer))} contre {FrenchFormat.Number(answer.Net)}";
        return answer.Marge switch
        {
            < 0 => $"{them} a plus de preuves{(subject is null ? "" : $" que {subject}")} : {figures}",
            0 => $"{(subject is null ? "" : $"{subject} est ")}à égalité avec {them} : {Points(answer.Net)} chacune",
            _ => $"{them} suit de près{(subject is null ? "" : $" {subject}")} : {figures}",
        };
    }

    /// <summary>
    /// « des données absentes du profil pourraient renverser son avance : Compétences exercées et Conventions en cours »:
    /// an answer established on the data given, fragile because rules that could not run for lack of data could overturn it.
    /// </summary>
    private static string? Absent(Answer answer, string? subject) => answer.DonneesAbsentes is { Count: > 0 } data
        ? $"des données absentes du profil pourraient renverser {subject ?? "son avance"} : {FrenchFormat.Join(FirstOf(data.Select(d => d.Libelle).ToList()))}"
        : null;

    /// <summary>
    /// A list of missing data said in an answer's line: up to four by name, else the first three and how many more
    /// (the question's « Données à réunir » names them all).
    /// </summary>
    public static IReadOnlyList<string> FirstOf(IReadOnlyList<string> names) =>
        names.Count <= 4 ? names : [.. names.Take(3), $"{names.Count - 3} autres données (voir les données à réunir)"];

    /// <summary>The rival's net evidence: the margin is the answer's net evidence minus the rival's (a rival has some).</summary>
    private static double RivalNet(Answer answer) => Math.Round(answer.Net - answer.Marge, 2);

    private static string Points(double value) => FrenchFormat.Count(value, "point", "points");
}
