using System.Net;
using Cadrage.Rules.Evaluation;
using Cadrage.Rules.Explanations;
using Cadrage.Rules.Note;
using Cadrage.Rules.Output;
using Cadrage.Rules.Profiles;
using Newtonsoft.Json.Linq;

namespace Cadrage.Rules.Tests.Output;

/// <summary>
/// Review of the examples (defects 5 and 9): a tension between the posture and another answer is an objection, never
/// shown as an agreement (« = ») under « Cohérence entre les réponses »; and every total printed (what ranks a scenario,
/// its score, the gap to the next one, the chart's Où) adds up from the numbers printed beside it.
/// </summary>
[TestClass]
public sealed class TensionsAndTotalsTests
{
    private static ReportReading Read(EvaluationResult result) => new(result, ReportContext.From(result));

    private static EvaluationResult Evaluate(JObject json, bool explanations = false) =>
        new Evaluator().Evaluate(RealRules.Kb, ProfileReader.Read(json, "profil.json", RealRules.Kb), explanations ? ExplanationRequest.Full : ExplanationRequest.None, out _);

    private static IEnumerable<EvaluationResult> Results() =>
        Repo.ExampleFiles.Select(f => JObject.Parse(File.ReadAllText(f))).Concat(RealRules.EpciLines(every: 53).Select(JObject.Parse)).Select(json => Evaluate(json));

    private static string T(string s) => FrenchFormat.Typography(s);

    // ---- tensions -----------------------------------------------------------------------------------------------

    [TestMethod]
    public void GresivaudanTensionIsToArbitrateNotACoherence()
    {
        var result = RealRules.Evaluate(RealRules.Example("cc-le-gresivaudan"));
        var tension = result.Scenarios[0].Coherence.Single(c => c.Role == "tension");
        Expect.Contains("Une régie pilotée en gouvernance partagée", tension.Explication);
        var reading = Read(result);

        var text = TextReport.Render(reading);
        Assert.IsFalse(text.Contains(T($"= {tension.Explication}"), StringComparison.Ordinal), text);
        var scenario1 = text[..text.IndexOf("Scénario 2", StringComparison.Ordinal)];
        var coherence = scenario1.IndexOf(T("Cohérence entre les réponses :"), StringComparison.Ordinal);
        var tensions = scenario1.IndexOf(T("Tensions à arbitrer :"), StringComparison.Ordinal);
        Assert.IsTrue(coherence > 0 && tensions > coherence, scenario1);
        Assert.IsTrue(scenario1.IndexOf(T($"! {tension.Explication}"), StringComparison.Ordinal) > tensions, scenario1);
        // The exclusion names the option it rules out, and is not an agreement either.
        var exclusion = result.Scenarios[0].Coherence.First(c => c.Role == "exclusion");
        Expect.Contains(T($"× {exclusion.Explication} (écarte {FrenchFormat.Quote(exclusion.Option.Libelle)}"), scenario1);

        var html = WebUtility.HtmlDecode(NoteDeCadrage.Render(reading, NoteDeCadrageTests.At));
        var annex = NoteDeCadrageTests.Section(html, "justifications");
        var accords = annex.IndexOf("<h3>Cohérence entre les réponses</h3>", StringComparison.Ordinal);
        var arbitrer = annex.IndexOf("<h3>Tensions à arbitrer</h3>", StringComparison.Ordinal);
        Assert.IsTrue(accords > 0 && arbitrer > accords, annex);
        // The tension is in the tensions' table only, not among the agreements.
        Assert.IsFalse(annex[accords..arbitrer].Contains(tension.Explication, StringComparison.Ordinal));
        Expect.Contains(tension.Explication, annex[arbitrer..]);
        // And the synthèse says it under the scenario it concerns.
        Expect.Contains($"Tensions à arbitrer : </strong>{tension.Explication}", NoteDeCadrageTests.Section(html, "synthese").Replace("\u00a0", " ", StringComparison.Ordinal).Replace(":</strong> ", ": </strong>", StringComparison.Ordinal));
    }

    [TestMethod]
    public void NoTensionIsEverPrintedAsAnAgreement()
    {
        var tensions = 0;
        foreach (var result in Results())
        {
            var text = TextReport.Render(Read(result));
            foreach (var c in result.Scenarios.SelectMany(s => s.Coherence))
            {
                var sign = c.Role switch { "tension" => "!", "exclusion" => "×", _ => "=" };
                Expect.Contains(T($"    {sign} {c.Explication}"), text);
                if (c.Role is "tension" or "exclusion")
                {
                    Assert.IsFalse(text.Contains(T($"= {c.Explication}"), StringComparison.Ordinal), $"{result.Territoire.Nom} : {c.Explication}");
                    tensions += c.Role == "tension" ? 1 : 0;
                }
            }
        }
        Assert.IsTrue(tensions > 0, "au moins une tension dans l'échantillon");
    }

    // ---- totals -------------------------------------------------------------------------------------------------

    [TestMethod]
    public void NeversSaysTheSameNumbersInTheSyntheseTheScoreRowsAndTheChart()
    {
        var result = RealRules.Evaluate(RealRules.Example("ca-nevers"));
        var s1 = result.Scenarios[0];
        Assert.IsTrue(s1.Retenu && s1.Lieux.Complements.Count > 0);
        var reading = Read(result);
        var introduction = string.Join(" ", reading.Introduction());
        // « 16 » counts the posture (9) and the main form (7), not the complements (2): it says so.
        Assert.IsFalse(introduction.Contains("sa géométrie réunissent", StringComparison.Ordinal), introduction);
        // Its posture is fragile (« Faire » follows closely): the scenario arrives first, it is not « retenu ».
        Expect.Contains("arrive en tête : sa posture (« Faire avec », 9 points) et la forme principale de son où (« Pôle de services type agglomération », 7 points) réunissent 16 points de preuve nette, ce qui fixe le rang : 2 points de plus que le scénario 2 (14 points).",
            introduction.Replace("\u00a0", " ", StringComparison.Ordinal).Replace("\u202f", " ", StringComparison.Ordinal));

        var text = TextReport.Render(reading).Replace("\u00a0", " ", StringComparison.Ordinal).Replace("\u202f", " ", StringComparison.Ordinal);
        Expect.Contains("Score : 43 points (qui pilote 9, comment 12, où 9, pourquoi 13 ; le quoi n'y compte pas), dont 16 points pour ce qui fixe le rang : la posture (9) et la forme principale du où (7 des 9 points du où).", text);
        Expect.Contains("Pôle de services type agglomération (forme principale) :", text);
        Expect.Contains("Pôles spécialisés complémentaires (forme complémentaire) :", text);

        var html = WebUtility.HtmlDecode(NoteDeCadrage.Render(reading, NoteDeCadrageTests.At)).Replace("\u00a0", " ", StringComparison.Ordinal).Replace("\u202f", " ", StringComparison.Ordinal);
        Expect.Contains(">9 = 7 + 2</text>", NoteDeCadrageTests.Section(html, "graphique"));
        var table = NoteDeCadrageTests.Section(html, "scenarios");
        Expect.Contains("16 points<span class=\"mention\">9 + 7</span>", table);
        Expect.Contains("43 points<span class=\"mention\">9 + 12 + 9 + 13</span>", table);
    }

    [TestMethod]
    public void EveryPrintedTotalAddsUpFromThePartsPrintedBesideIt()
    {
        var checkedScenarios = 0;
        foreach (var result in Results().Where(r => r.Scenarios.Count > 1))
        {
            var reading = Read(result);
            var text = TextReport.Render(reading);
            var first = result.Scenarios[0];
            foreach (var s in result.Scenarios)
            {
                // The score is the sum of its printed parts; what ranks is the posture plus the main form.
                var parts = ReportReading.ScoreParts(s);
                Assert.AreEqual(s.Score, Math.Round(parts.Sum(p => p.Points), 2), 0.001, $"{result.Territoire.Nom}, scénario {s.Rang}");
                Expect.Contains(T($"Score : {FrenchFormat.Count(s.Score, "point", "points")} ({string.Join(", ", parts.Select(p => $"{p.Question} {FrenchFormat.Number(p.Points)}"))} ; le quoi n'y compte pas), dont {FrenchFormat.Count(ReportReading.Defining(s), "point", "points")} pour ce qui fixe le rang : la posture ({FrenchFormat.Number(s.Pilotage.Net)})"), text);
                Assert.AreEqual(ReportReading.Defining(s), s.Pilotage.Net + s.Lieux.Principale.Net, 0.001);
                checkedScenarios++;
            }
            if (first.Retenu)
            {
                var next = ReportReading.Defining(result.Scenarios[1]);
                var defining = ReportReading.Defining(first);
                Expect.Contains(T($"sa posture ({FrenchFormat.Quote(first.Pilotage.Libelle)}, {FrenchFormat.Count(first.Pilotage.Net, "point", "points")}) et la forme principale de son où ({FrenchFormat.Quote(first.Lieux.Principale.Libelle)}, {FrenchFormat.Count(first.Lieux.Principale.Net, "point", "points")}) réunissent {FrenchFormat.Count(defining, "point", "points")} de preuve nette, ce qui fixe le rang : {FrenchFormat.Count(defining - next, "point", "points")} de plus que le scénario 2 ({FrenchFormat.Count(next, "point", "points")})."), text);
            }
        }
        Assert.IsTrue(checkedScenarios > 20, $"{checkedScenarios} scénarios");
    }

    [TestMethod]
    public void AContrastWhoseComplementsChangeTheGapSaysTheGapThatRanks()
    {
        var result = Evaluate(RealRules.Example("ca-nevers"), explanations: true);
        var contrast = result.Explications!.Contrastes.Single(c => c.Rang == 3);
        var gap = ReportReading.Defining(result.Scenarios[0]) - ReportReading.Defining(result.Scenarios[2]);
        Expect.Contains(T($"; sur ce qui fixe le rang, la posture et la forme principale du où, l'écart est de {FrenchFormat.Count(gap, "point", "points")}."), T(contrast.Phrase));
        var s4 = result.Explications.Contrastes.Single(c => c.Rang == 4);
        Assert.IsFalse(string.Join(" ", s4.Questions.Select(q => q.Phrase)).Contains("rien de plus", StringComparison.Ordinal));
    }
    // ---- the Quoi ---------------------------------------------------------------------------------------------------

    /// <summary>
    /// The Quoi does not rank scenarios: each scenario says which priorities it serves and which it leaves to cover, and
    /// the synthèse says when another scenario serves more of them than the retained one (CA de Nevers: 1 against 3).
    /// </summary>
    [TestMethod]
    public void EachScenarioSaysWhichPrioritiesItServesAndTheSynthesisWhenAnotherServesMore()
    {
        var nevers = Evaluate(RealRules.Example("ca-nevers"));
        var text = TextReport.Render(nevers).Replace('\u00a0', ' ').Replace('\u202f', ' ');
        Expect.Contains(("Le quoi ne compte pas dans ce rang : le scénario 1 sert 1 des 5 priorités du quoi, le scénario 4 en sert 3 ; choisir entre eux, c'est aussi choisir des priorités."), text);
        Expect.Contains(("Priorités servies 1 sur 5 : Santé × Tout public × Information et lisibilité (par « Diversifier les approches ») ; restent à couvrir : Accès aux droits et démarches"), text);
        foreach (var result in Results())
        {
            var said = TextReport.Render(result).Contains("Le quoi ne compte pas dans ce rang", StringComparison.Ordinal);
            var served = result.Scenarios.Select(s => s.Couverture.Servies.Count).ToList();
            var more = result.Scenarios.Count > 1 && result.Scenarios[0].Priorites.Count > 0 && served.Skip(1).Any(n => n > served[0]);
            Assert.AreEqual(more, said, result.Territoire.Nom);
            foreach (var s in result.Scenarios.Where(s => s.Priorites.Count > 0))
            {
                Assert.AreEqual(s.Priorites.Count, s.Couverture.Servies.Count + s.Couverture.NonCouvertes.Count, $"{result.Territoire.Nom}, scénario {s.Rang} : servies + à couvrir = priorités");
            }
        }
    }
}

