using Cadrage.Rules.Evaluation;
using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Output;
using Cadrage.Rules.Explanations;
using Cadrage.Rules.Note;
using Newtonsoft.Json.Linq;

namespace Cadrage.Rules.Tests.Explanations;

/// <summary>
/// The defects of the fourth practitioner review (issue 11: a practitioner can defend every sentence): the analysis
/// question by question reads the retained posture, a variant is said once, a priority label never repeats a part,
/// and a lever is proposed only where the territory can use it.
/// </summary>
[TestClass]
public sealed class PractitionerReviewFourTests
{
    private static string Plain(string text) => text.Replace('\u00a0', ' ').Replace('\u202f', ' ');

    private static readonly string[] Examples = ["ca-nevers", "cc-le-gresivaudan", "cc-pays-chatillonnais", "cc-provence-verdon", "rennes-metropole"];

    /// <summary>The options the retained posture excludes whatever the profile (compatibility rules that always hold).</summary>
    private static HashSet<string> ExcludedBy(string posture) =>
        RealRules.Kb.Rules.Where(r => r.Workflow == QuestionIds.Compatibilite && r.Properties.Effet == RuleEffectKind.incompatible
                && r.Properties.Posture == posture && r.Expression.Trim() == "true")
            .Select(r => r.Properties.Option!).ToHashSet(StringComparer.Ordinal);

    /// <summary>The part of an analysis sentence that names the options held: up to the first « : », « , mais » or full stop.</summary>
    private static string HeldPart(QuestionEvidence q)
    {
        var phrase = Plain(q.Phrase)[q.Libelle.Length..];
        var end = new[] { phrase.IndexOf(" : ", StringComparison.Ordinal), phrase.IndexOf(", mais ", StringComparison.Ordinal), phrase.IndexOf(". ", StringComparison.Ordinal) }
            .Where(i => i >= 0).DefaultIfEmpty(phrase.Length).Min();
        return phrase[..end];
    }

    [TestMethod]
    public void GresivaudanAnalysisDoesNotHoldAModaliteTheRetainedPostureExcludes()
    {
        // « Comment ? « Piloter via… » (7 points), « Gérer en interne » (4 points) et « Déléguer » (3 points) » was
        // written while the retained posture « Faire » excludes « Déléguer ».
        var result = RealRules.Evaluate(RealRules.Example("cc-le-gresivaudan"));
        Assert.AreEqual("faire", result.Scenarios[0].Pilotage.Id);
        Assert.IsTrue(result.Scenarios[0].Retenu);
        var comment = result.Analyse.Single(a => a.Question == QuestionIds.Modalites);
        var deleguer = comment.Options.Single(o => o.Id == "deleguer");
        Assert.IsTrue(deleguer.Net > 0, "« Déléguer » est soutenue : sans la posture, elle serait tenue");
        var held = HeldPart(comment);
        Assert.IsFalse(held.Contains("« Déléguer »", StringComparison.Ordinal), comment.Phrase);
        Expect.Contains("« Déléguer » (3 points) n'en fait pas partie : la posture retenue « Faire » l'exclut.", Plain(comment.Phrase));
        // What the analysis holds is what the retained scenario holds.
        foreach (var m in result.Scenarios[0].Modalites)
        {
            Expect.Contains($"« {m.Libelle} »", held);
        }
    }

    [TestMethod]
    public void AnOptionThePostureDoesNotExcludeStaysInTheAnalysis()
    {
        // The other side: Grésivaudan without its action sociale, ingénierie and régie no longer retains « Faire »;
        // « Déléguer », which no posture on the table then excludes, is held again on its evidence.
        var json = RealRules.With("cc-le-gresivaudan", ("competences", null), ("ingenierie_etp", null), ("outils_gestion", null));
        var result = RealRules.Evaluate(json);
        var postures = result.Scenarios.Where(s => s.Rang == 1 || !result.Scenarios[0].Retenu && s.Score == result.Scenarios[0].Score).Select(s => s.Pilotage.Id).ToList();
        Assert.IsFalse(postures.Contains("faire"), string.Join(", ", postures));
        var comment = result.Analyse.Single(a => a.Question == QuestionIds.Modalites);
        if (postures.All(p => ExcludedBy(p).Contains("deleguer")))
        {
            Assert.Inconclusive("toutes les postures en tête excluent « Déléguer »");
        }
        var top = comment.Options.Where(o => o.Net > 0).Take(RealRules.Kb.Scenarios.ModalitesMax).Select(o => o.Libelle).ToList();
        foreach (var label in top)
        {
            Expect.Contains($"« {label} »", HeldPart(comment));
        }
        Assert.IsFalse(Plain(comment.Phrase).Contains("l'exclut", StringComparison.Ordinal), comment.Phrase);
    }

    [TestMethod]
    public void NoAnalysisHoldsAnOptionTheRetainedPostureExcludes()
    {
        var profiles = Examples.Select(RealRules.Example).Concat(RealRules.EpciLines(every: 25).Select(JObject.Parse)).ToList();
        var checkedOnes = 0;
        foreach (var json in profiles)
        {
            var result = RealRules.Evaluate(json);
            if (result.Scenarios.Count == 0 || !result.Scenarios[0].Retenu)
            {
                continue;
            }
            var excluded = ExcludedBy(result.Scenarios[0].Pilotage.Id);
            foreach (var q in result.Analyse.Where(a => a.Question is QuestionIds.Modalites or QuestionIds.Objectifs or QuestionIds.Lieux))
            {
                var held = HeldPart(q);
                foreach (var o in q.Options.Where(o => excluded.Contains(o.Id)))
                {
                    Assert.IsFalse(held.Contains($"« {o.Libelle} »", StringComparison.Ordinal), $"{result.Territoire.Nom} : {q.Phrase}");
                    checkedOnes++;
                }
            }
        }
        Assert.IsTrue(checkedOnes > 0);
    }

    // ---- 2. one variant once ---------------------------------------------------------------------------------

    private static readonly EvaluationService Service = new();

    private static EvaluationResult Explained(JObject json)
    {
        var outcome = Service.Evaluate(RealRules.Kb, ProfileSource.FromText(json.ToString(), "test"), explanations: ExplanationRequest.Full);
        Assert.IsTrue(outcome.Succeeded, outcome.Failure?.Message);
        return outcome.Result!;
    }

    private static int Occurrences(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }

    private static string VariantKey(CounterfactualVariant v) => string.Join('|', v.Changements.Select(c => c.Indicateur + "=" + c.Apres).Order(StringComparer.Ordinal));

    [TestMethod]
    public void NeversSaysTheCtgVariantOnceInTheJsonTheTextAndTheNote()
    {
        // « Sans CTG …, le scénario 2 (Faire · …) serait retenu » and « Sans CTG …, « Faire » (Qui pilote ?) serait
        // retenu » were both printed, each twice (under « Ce qui ferait changer » and « Que faudrait-il changer ? »).
        var result = Explained(RealRules.Example("ca-nevers"));
        var e = result.Explications!;
        const string ctg = "Sans « convention territoriale globale (CTG) » parmi les conventions en cours";
        var saying = e.Contrefactuels.Where(c => Plain(c.Phrase).StartsWith(ctg, StringComparison.Ordinal)).ToList();
        Assert.AreEqual(1, saying.Count, string.Join("\n", e.Contrefactuels.Select(c => c.Phrase)));
        Assert.AreEqual("scenario:2", saying[0].Cible);
        Assert.AreEqual("faire", result.Scenarios[1].Pilotage.Id, "le scénario 2 a la posture « Faire » : la retenir, c'est retenir « Faire »");
        Assert.IsFalse(e.Contrefactuels.Any(c => c.Cible == "pilotage:faire"), "« Faire » est dit avec le scénario 2, pas une seconde fois");
        var text = Plain(TextReport.Render(result));
        Assert.AreEqual(1, Occurrences(text, ctg), text);
        var html = Plain(System.Net.WebUtility.HtmlDecode(NoteDeCadrage.Render(new ReportReading(result, ReportContext.From(result)), DateTimeOffset.UnixEpoch)));
        Assert.AreEqual(1, Occurrences(html, ctg));
    }

    [TestMethod]
    public void NoVariantIsPrintedTwiceInAnyExample()
    {
        var profiles = Examples.Select(RealRules.Example).Append(RealRules.Epci("200018166")).ToList();
        foreach (var json in profiles)
        {
            var result = Explained(json);
            var e = result.Explications!;
            var keys = e.Contrefactuels.SelectMany(c => c.Variantes).Select(VariantKey).ToList();
            Assert.AreEqual(keys.Count, keys.Distinct(StringComparer.Ordinal).Count(), $"{result.Territoire.Nom} : {string.Join("\n", keys)}");
            var text = TextReport.Render(result);
            var html = System.Net.WebUtility.HtmlDecode(NoteDeCadrage.Render(new ReportReading(result, ReportContext.From(result)), DateTimeOffset.UnixEpoch));
            foreach (var c in e.Contrefactuels.Where(c => c.Variantes.Count > 0))
            {
                var sentence = FrenchFormat.Typography(c.Phrase);
                Assert.AreEqual(1, Occurrences(text, sentence), $"{result.Territoire.Nom}, texte : {sentence}");
                Assert.AreEqual(1, Occurrences(html, sentence), $"{result.Territoire.Nom}, note : {sentence}");
                foreach (var v in c.Variantes.Skip(1))
                {
                    var or = FrenchFormat.Typography("ou : " + ExplanationReport.VariantText(v));
                    Assert.AreEqual(1, Occurrences(text, or), $"{result.Territoire.Nom}, texte : {or}");
                    Assert.AreEqual(1, Occurrences(html, or), $"{result.Territoire.Nom}, note : {or}");
                }
            }
        }
    }
}
