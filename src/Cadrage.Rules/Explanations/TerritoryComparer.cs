using Cadrage.Rules.Evaluation;
using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Output;
using Cadrage.Rules.Profiles;

namespace Cadrage.Rules.Explanations;

/// <summary>
/// Two territories side by side: for each of the five questions, their decided answers and, where they differ, the
/// indicators whose values make some of the question's rules fire for one territory and not for the other. The one
/// source of what differs (the atelier's table and its sentence, the CLI, the API).
/// </summary>
public static class TerritoryComparer
{
    private static readonly string[] Questions = [QuestionIds.Pilotage, QuestionIds.Modalites, QuestionIds.Lieux, QuestionIds.Besoins, QuestionIds.Objectifs];

    public static TerritoryComparison Compare(RuleSet kb, TerritoryProfile a, TerritoryProfile b, EvaluationResult resultA, EvaluationResult resultB)
    {
        var da = Evaluator.Decide(kb, a);
        var db = Evaluator.Decide(kb, b);
        var list = new List<AnswerDifference>();
        foreach (var question in Questions)
        {
            var label = kb.Referentiel.Question(question).Libelle;
            var answerA = Words(kb, question, a, da);
            var answerB = Words(kb, question, b, db);
            var differs = Key(question, da) != Key(question, db);
            var indicators = new List<IndicatorDifference>();
            if (differs)
            {
                var changed = da.Runs.Zip(db.Runs)
                    .Where(p => p.First.Rule.Workflow == question && (p.First.State == RuleState.Fired) != (p.Second.State == RuleState.Fired))
                    .Select(p => p.First.Rule)
                    .ToList();
                foreach (var group in changed.SelectMany(r => r.Indicators.Select(i => (Indicator: i, Rule: r))).GroupBy(x => x.Indicator))
                {
                    var definition = kb.Indicators[group.Key];
                    if (definition.Calcule)
                    {
                        continue;
                    }
                    var va = a.Indicateurs.TryGetValue(definition.Id, out var x) ? Explainer.Text(definition, x.Valeur) : "non renseigné";
                    var vb = b.Indicateurs.TryGetValue(definition.Id, out var y) ? Explainer.Text(definition, y.Valeur) : "non renseigné";
                    if (va != vb)
                    {
                        indicators.Add(new IndicatorDifference(definition.Id, definition.Libelle, va, vb, group.Select(g => g.Rule.Name).Distinct().ToList()));
                    }
                }
            }
            var phrase = !differs
                ? $"{label} même réponse : {answerA}."
                : indicators.Count == 0
                    ? $"{label} {a.Nom} : {answerA} ; {b.Nom} : {answerB}."
                    : $"{label} {a.Nom} : {answerA} ; {b.Nom} : {answerB} ; à cause de {French.List(indicators.Take(4).Select(i => $"{French.Quote(i.Libelle)} ({i.ValeurA} contre {i.ValeurB})").ToList())}.";
            list.Add(new AnswerDifference(question, label, answerA, answerB, differs, indicators, phrase));
        }
        var different = list.Where(q => q.Differe).ToList();
        var summary = different.Count == 0
            ? $"Les deux territoires ({a.Nom} et {b.Nom}) reçoivent les mêmes réponses aux cinq questions."
            : $"Les deux territoires ({a.Nom} et {b.Nom}) diffèrent sur {French.List(different.Select(q => French.Quote(q.LibelleQuestion)).ToList())}.";
        return new TerritoryComparison(resultA.Territoire, resultB.Territoire, resultA.Referentiel, resultA.Synthese, resultB.Synthese, list, summary);
    }

    /// <summary>
    /// What is compared: the decided answer (no option is an answer too, not to be taken for « non tranché »); the
    /// priorities (question 4) come from the crossing of needs, whatever the scenarios, so they are compared even without one.
    /// </summary>
    private static string Key(string question, Decision d) =>
        question == QuestionIds.Besoins ? string.Join('|', d.Facts.Priorities.Select(p => $"{p.Service}/{p.Public}/{p.Critere}"))
        : d.Decides(question) ? "=" + d.Answer(question) : "non tranché";

    private static string Words(RuleSet kb, string question, TerritoryProfile profile, Decision d)
    {
        if (question != QuestionIds.Besoins)
        {
            return d.Words(question, "non tranché");
        }
        if (d.Facts.Priorities.Count == 0)
        {
            return "aucune priorité";
        }
        var explainer = new Explainer(kb, profile, d.Facts);
        return French.List(d.Facts.Priorities.Select(explainer.Priority).Select(p => French.Quote(CrossedNeed.LabelOf(p.Service, p.Public, p.Critere))).ToList());
    }
}
