using System.Net;
using Cadrage.Rules.Evaluation;
using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Output;
using Newtonsoft.Json.Linq;

namespace Cadrage.Rules.Tests.Evaluation;

/// <summary>
/// An answer whose lead rests on values the profile marks as illustrative (placeholders, not measured) is never
/// « établie »: without the rules that read them it would no longer be ahead by more than the tolerance, so it is
/// fragile, and the reader is told which values to replace.
/// </summary>
[TestClass]
public sealed class IllustrativeCertaintyTests
{
    /// <summary>CA de Nevers with only the given indicators marked illustrative (every other value measured).</summary>
    private static JObject Nevers(params string[] illustrative)
    {
        var json = RealRules.Example("ca-nevers");
        foreach (var (id, value) in (JObject)json["indicateurs"]!)
        {
            if (value is JObject sourced)
            {
                sourced["illustratif"] = illustrative.Contains(id);
            }
        }
        return json;
    }

    /// <summary>
    /// CA de Nevers with 2 ETP of engineering instead of 8 (below the 3 ETP of « Faire » and « Faire faire »): « Faire
    /// avec » leads by 9 points to 5, established when measured, and only through the conventions.
    /// </summary>
    private static JObject NeversPilotage(params string[] illustrative)
    {
        var json = Nevers(illustrative);
        json["indicateurs"]!["ingenierie_etp"]!["valeur"] = 2;
        return json;
    }

    private static QuestionEvidence Pilotage(EvaluationResult r) => r.Analyse.Single(a => a.Question == QuestionIds.Pilotage);

    /// <summary>CA de Nevers with its diagnostic's needs marked illustrative or not.</summary>
    private static JObject NeversNeeds(JObject profile, bool illustrative)
    {
        foreach (var need in (JArray)profile["besoins"]!)
        {
            need["illustratif"] = illustrative;
        }
        return profile;
    }

    private static QuestionEvidence Quoi(EvaluationResult r) => r.Analyse.Single(a => a.Question == QuestionIds.Besoins);

    /// <summary>
    /// The Quoi is established by a priority with two independent sources; an illustrative diagnostic is not one, nor is
    /// a rule that reads illustrative values (the example's diagnostic is an example, not what a diagnostic says).
    /// </summary>
    [TestMethod]
    public void APriorityFoundedOnAnIllustrativeDiagnosticDoesNotEstablishTheQuoi()
    {
        // Employment is raised by the diagnostic and, at 14 % of unemployment (above « chômage élevé », 13,5 %), by a
        // rule: two sources when the diagnostic is measured.
        static JObject Unemployed(JObject json)
        {
            json["indicateurs"]!["taux_chomage"]!["valeur"] = 14.0;
            return json;
        }
        var measured = Quoi(RealRules.Evaluate(NeversNeeds(Unemployed(Nevers()), illustrative: false)));
        var exampleDiagnostic = Quoi(RealRules.Evaluate(NeversNeeds(Unemployed(Nevers()), illustrative: true)));
        var asShipped = Quoi(RealRules.Evaluate(RealRules.Example("ca-nevers")));

        Assert.AreEqual(Certitudes.Etablie, measured.Certitude, measured.Phrase);
        Expect.Contains("fondée sur au moins deux sources", measured.Phrase);
        Assert.AreEqual(Certitudes.Fragile, exampleDiagnostic.Certitude, exampleDiagnostic.Phrase);
        Expect.Contains("à confirmer par le diagnostic partagé : aucune ne repose sur deux sources mesurées", exampleDiagnostic.Phrase);
        Assert.AreEqual(Certitudes.Fragile, asShipped.Certitude, asShipped.Phrase);
    }

    [TestMethod]
    public void ALeadThatRestsOnAnIllustrativeValueIsFragileAndSaysWhich()
    {
        // Measured first: the same board and the same stated indicators, so a memo keyed on them alone would answer the second.
        var measured = RealRules.Evaluate(NeversPilotage());
        var placeholder = RealRules.Evaluate(NeversPilotage("conventions"));

        var established = Pilotage(measured);
        Assert.AreEqual("faire-avec", established.Options[0].Id);
        Assert.AreEqual(Certitudes.Etablie, established.Certitude, established.Phrase);
        Assert.IsNull(established.Options[0].Illustratifs);
        Expect.Contains("Qui pilote ? «\u00a0Faire avec\u00a0» est établi : 9\u00a0points contre 5\u00a0points pour «\u00a0Faire\u00a0»", established.Phrase);
        Assert.AreEqual(Certitudes.Etablie, measured.Scenarios[0].Certitudes.Pilotage);

        // The CTG, CRTE and CLS rules read « conventions »: without them « Faire avec » keeps 3 points (the CLS in preparation, the politique de la ville) against 5 for « Faire ».
        var fragile = Pilotage(placeholder);
        var leader = fragile.Options[0];
        Assert.AreEqual("faire-avec", leader.Id);
        Assert.AreEqual(Certitudes.Fragile, fragile.Certitude);
        Assert.AreEqual(Certitudes.Fragile, leader.Certitude);
        Assert.AreEqual(4, leader.Marge, "la marge reste celle du tableau des preuves");
        CollectionAssert.AreEqual(new[] { "conventions" }, leader.Illustratifs!.Select(c => c.Id).ToList());
        Assert.AreEqual(
            "Qui pilote ? «\u00a0Faire avec\u00a0» l'emporte (9\u00a0points contre 5\u00a0points pour «\u00a0Faire\u00a0»), mais son avance repose sur une valeur illustrative (Conventions en cours) : réponse fragile tant qu'elle n'est pas remplacée par une donnée mesurée.",
            fragile.Phrase);

        // Every scenario whose posture is « Faire avec » says so, and nothing calls it established.
        foreach (var s in placeholder.Scenarios.Where(s => s.Pilotage.Id == "faire-avec"))
        {
            Assert.AreEqual(Certitudes.Fragile, s.Pilotage.Certitude, $"scénario {s.Rang}");
            Assert.AreEqual(Certitudes.Fragile, s.Certitudes.Pilotage, $"scénario {s.Rang}");
            CollectionAssert.AreEqual(new[] { "Conventions en cours" }, s.Pilotage.Illustratifs!.Select(c => c.Libelle).ToList());
        }
        Assert.AreEqual("Scénario retenu : Faire avec · Pôle de services type agglomération + Pôles spécialisés complémentaires (posture fragile car fondée sur une valeur illustrative, géométrie fragile par son complément «\u00a0Pôles spécialisés complémentaires\u00a0», moins soutenu que «\u00a0Plusieurs centres-bourgs secondaires\u00a0», 2\u00a0points contre 3). 3 autres voies, contrastées, sont soutenues par les données.",
            placeholder.Synthese);
        // The Où does not read « conventions »: still established.
        Assert.AreEqual(Certitudes.Etablie, placeholder.Analyse.Single(a => a.Question == QuestionIds.Lieux).Certitude);
    }

    [TestMethod]
    public void TheTextReportAndTheNoteSayWhyTheAnswerIsFragile()
    {
        var result = RealRules.Evaluate(NeversPilotage("conventions"));
        var sentence = Pilotage(result).Phrase;

        // The text and the note set French typography (a no-break space before « : ; ? ! »): so are the expected words.
        var text = TextReport.Render(result);
        Expect.Contains(FrenchFormat.Typography("1. Qui pilote ?   Faire avec (certitude : fragile, son avance repose sur une valeur illustrative : Conventions en cours)"), text);
        Expect.Contains(FrenchFormat.Typography($"Réponses fragiles faute de données mesurées :\n  - {sentence}\n"), text.ReplaceLineEndings("\n"));
        Expect.Contains(FrenchFormat.Typography("fragile (une autre option est proche, ou son avance repose sur des valeurs illustratives du profil, qui ne sont pas des données mesurées)"), text);
        Assert.IsFalse(text.Contains(FrenchFormat.Typography("Faire avec (certitude : établie)"), StringComparison.Ordinal), text);

        var (html, _) = Output.NoteDeCadrageTests.Render(NeversPilotage("conventions"));
        var synthese = WebUtility.HtmlDecode(Output.NoteDeCadrageTests.Section(html, "synthese"));
        Expect.Contains(FrenchFormat.Typography("Faire avec<span class=\"certitude fragile\"> (fragile, son avance repose sur une valeur illustrative : Conventions en cours)</span>"), synthese);
        Expect.Contains(FrenchFormat.Typography($"<li>{sentence}</li>"), WebUtility.HtmlDecode(Output.NoteDeCadrageTests.Section(html, "avertissements")));

        // The same profile with measured values keeps the usual words.
        var measured = TextReport.Render(RealRules.Evaluate(NeversPilotage()));
        Expect.Contains(FrenchFormat.Typography("1. Qui pilote ?   Faire avec (certitude : établie)"), measured);
        Assert.IsFalse(measured.Contains("valeur illustrative", StringComparison.Ordinal) || measured.Contains("valeurs illustratives", StringComparison.Ordinal), measured);
    }

    [TestMethod]
    public void OnTheRealCaDeNeversFaireAvecIsNoLongerEstablished()
    {
        var result = RealRules.Evaluate(RealRules.Example("ca-nevers"));

        var pilotage = Pilotage(result);
        Assert.AreEqual("faire-avec", pilotage.Options[0].Id);
        Assert.AreEqual(Certitudes.Fragile, pilotage.Certitude, pilotage.Phrase);
        // The CLS in preparation renews the CLS in force: one fact, so « Faire avec » leads « Faire » by 9 points to 7,
        // within the tolerance: fragile by its margin already, whatever the illustrative values.
        Assert.IsNull(pilotage.Options[0].Illustratifs);
        Assert.IsTrue(result.Scenarios[0].Retenu);
        Assert.AreEqual(Certitudes.Fragile, result.Scenarios[0].Certitudes.Pilotage);
        var text = TextReport.Render(result).Replace('\u00a0', ' ');
        Expect.Contains("1. Qui pilote ?   Faire avec (certitude : fragile, « Faire » suit de près : 7 points contre 9)", text);
        Assert.IsFalse(text.Contains("Faire avec (certitude : établie)", StringComparison.Ordinal));
    }

    /// <summary>
    /// The check reads the board, not a second evaluation: on every example it agrees with one (the profile evaluated
    /// again without its illustrative values, each established answer against the same competitors).
    /// </summary>
    [TestMethod]
    [DynamicData(nameof(Examples))]
    public void TheCapAgreesWithAnEvaluationWithoutTheIllustrativeValues(string example)
    {
        var json = RealRules.Example(example);
        var result = RealRules.Evaluate(json);
        var withoutJson = (JObject)json.DeepClone();
        var indicators = (JObject)withoutJson["indicateurs"]!;
        foreach (var id in indicators.Properties().Where(p => p.Value is JObject o && (bool?)o["illustratif"] == true).Select(p => p.Name).ToList())
        {
            indicators.Remove(id);
        }
        var without = RealRules.Evaluate(withoutJson);
        var excluded = without.OptionsEcartees.Select(e => e.Option.Id).ToHashSet();
        var tolerance = RealRules.Kb.Scenarios.ToleranceFragile;
        var capped = 0;
        foreach (var question in result.Analyse.Where(a => a.Question != QuestionIds.Besoins))
        {
            var nets = without.Analyse.Single(a => a.Question == question.Question).Options.ToDictionary(o => o.Id);
            var size = question.Question switch
            {
                QuestionIds.Modalites => RealRules.Kb.Scenarios.ModalitesMax,
                QuestionIds.Objectifs => RealRules.Kb.Scenarios.ObjectifsMax,
                _ => 1,
            };
            var held = question.Options.Where(o => o.Certitude != Certitudes.NonTranchee).Take(size).Select(o => o.Id).ToHashSet();
            foreach (var answer in question.Options.Where(o => held.Contains(o.Id)))
            {
                var others = question.Options.Where(o => !held.Contains(o.Id) && !excluded.Contains(o.Id)).Select(o => nets[o.Id].Net);
                var own = nets[answer.Id];
                var holds = !excluded.Contains(answer.Id) && own.Soutien > 0 && own.Net > 0 && Math.Round(own.Net - Math.Max(0, others.DefaultIfEmpty(0).Max()), 2) > tolerance;
                var wouldBeEstablished = answer.Certitude == Certitudes.Etablie || answer.Illustratifs is not null;
                if (!wouldBeEstablished)
                {
                    continue;
                }
                Assert.AreEqual(holds, answer.Illustratifs is null, $"{example}, {question.Libelle} {answer.Libelle} : {answer.Certitude} ; sans les valeurs illustratives {own.Net} points");
                capped += holds ? 0 : 1;
            }
        }
        // Every example marks its collectivity's data as illustrative, and its posture rests on them: either an answer
        // is capped by them, or the posture is fragile by its margin already (an option close behind), nothing to cap.
        var posture = result.Analyse.Single(a => a.Question == QuestionIds.Pilotage);
        Assert.IsTrue(capped > 0 || posture.Options[0].Illustratifs is null && posture.Options[0].Marge <= tolerance, example);
        Assert.AreEqual(Certitudes.Fragile, result.Analyse.Single(a => a.Question == QuestionIds.Pilotage).Certitude, example);
    }

    [TestMethod]
    public void TheRobustnessOfAnAnswerStillAheadWithoutTheIllustrativeValuesDoesNotContradictItsCertainty()
    {
        // CC Provence Verdon, its management tools and competences measured (only its fibre coverage illustrative):
        // « Faire » leads « Faire avec » by 7 points to 6 (the CTG in preparation renews the CTG in force, rurality
        // reads the signed CRTE: one fact each); without the illustrative value it still leads, by as little.
        var json = RealRules.Example("cc-provence-verdon");
        foreach (var (id, value) in (JObject)json["indicateurs"]!)
        {
            if (value is JObject sourced)
            {
                sourced["illustratif"] = id == "couverture_ftth";
            }
        }
        var profile = RealRules.Profile(json);
        var result = new Evaluator().Evaluate(RealRules.Kb, profile, Cadrage.Rules.Explanations.ExplanationRequest.Full, out _);

        Assert.AreEqual(Certitudes.Fragile, Pilotage(result).Certitude);
        var posture = result.Explications!.Sensibilite.Single(x => x.Question == QuestionIds.Pilotage);
        Assert.IsTrue(posture.TientSansIllustratifs!.Value, posture.Phrase);
        Assert.AreEqual("Qui pilote ? la réponse retenue (« Faire ») tient, sans être établie : aucune donnée absente ne la changerait, et elle reste en tête sans les valeurs illustratives ; elle est fragile, « Faire avec » suit de près : 6 points contre 7.", posture.Phrase.Replace('\u00a0', ' '));
        Assert.IsFalse(posture.Phrase.Contains("robuste", StringComparison.Ordinal), "une réponse fragile n'est pas dite robuste");
        // The Où holds without them too, but its main form leads its own complement by little: said, with the figures, never « robuste ».
        var ou = result.Explications.Sensibilite.Single(x => x.Question == QuestionIds.Lieux).Phrase;
        Expect.Contains("et elle reste en tête sans les valeurs illustratives ; elle est fragile, sa forme principale ne devance que de peu son complément «\u00a0Itinérance\u00a0» : 8\u00a0points contre 6.", ou);
        Assert.IsFalse(ou.Contains("robuste", StringComparison.Ordinal), ou);
    }

    /// <summary>
    /// CC Le Grésivaudan: without its illustrative values no posture holds, so no scenario at all; the Où's own evidence
    /// still holds, and the robustness says the recommendation falls, not that the Où becomes undecided.
    /// </summary>
    [TestMethod]
    public void WhenTheWholeRecommendationFallsWithoutIllustrativeValuesItIsSaidOfTheRecommendation()
    {
        var profile = RealRules.Profile(RealRules.Example("cc-le-gresivaudan"));
        var result = new Evaluator().Evaluate(RealRules.Kb, profile, Cadrage.Rules.Explanations.ExplanationRequest.Full, out _);

        var ou = result.Explications!.Sensibilite.Single(x => x.Question == QuestionIds.Lieux);
        Assert.IsFalse(ou.TientSansIllustratifs!.Value, ou.Phrase);
        Expect.Contains("aucun scénario ne serait plus proposé, faute de posture soutenue : c'est la recommandation entière qui tomberait, pas cette seule réponse", ou.Phrase);
        Assert.IsFalse(ou.Phrase.Contains("non tranchée", StringComparison.Ordinal), ou.Phrase);
        // The posture itself is what falls, and the whole recommendation with it: said so, not « non tranchée » (a tie).
        Expect.Contains("elle tomberait avec toute la recommandation (plus aucun scénario ne serait proposé)", result.Explications.Sensibilite.Single(x => x.Question == QuestionIds.Pilotage).Phrase);
    }

    /// <summary>An option excluded by a rule that reads an illustrative value is excluded « sous réserve », in the text and the note.</summary>
    [TestMethod]
    public void AnExclusionThatReadsAnIllustrativeValueIsSaidUnderReserve()
    {
        // Rennes' illustrative competences (no social one) read as a communauté d'agglomération's: a métropole is not
        // excluded from « Faire » (CGCT L5217-2), a CA is.
        var asCa = RealRules.With("rennes-metropole", ("type_epci", "CA"));
        var shipped = RealRules.Evaluate(asCa);
        var measuredProfile = (JObject)asCa.DeepClone();
        measuredProfile["indicateurs"]!["competences"]!["illustratif"] = false;
        var measured = RealRules.Evaluate(measuredProfile);

        Assert.IsTrue(shipped.OptionsEcartees.Any(e => e.Option.Id == "faire"), "« Faire » écarté faute de compétence");
        var text = TextReport.Render(shipped);
        Expect.Contains("Sous réserve : cette valeur est illustrative (Compétences exercées), à vérifier avant d'écarter l'option.", text.Replace('\u00a0', ' '));
        Expect.Contains("à vérifier avant d'écarter l'option", WebUtility.HtmlDecode(Cadrage.Rules.Tests.Output.NoteDeCadrageTests.Render(asCa, annexes: false).Item1));
        Assert.IsTrue(measured.OptionsEcartees.Any(e => e.Option.Id == "faire"));
        Assert.IsFalse(TextReport.Render(measured).Contains("Sous réserve", StringComparison.Ordinal), "une compétence mesurée écarte sans réserve");
    }

    public static IEnumerable<object[]> Examples => Repo.ExampleFiles.Select(f => new object[] { Path.GetFileNameWithoutExtension(f) });

    [TestMethod]
    public void AProfileWithoutIllustrativeValuesIsDecidedAsBefore()
    {
        // The EPCI of the open data mark no value as illustrative: nothing is checked, no answer names one.
        foreach (var profile in RealRules.EpciProfiles(every: 50))
        {
            var result = new Evaluator().Evaluate(RealRules.Kb, profile);
            var answers = result.Analyse.SelectMany(a => a.Options)
                .Concat(result.Scenarios.SelectMany(s => new[] { s.Pilotage, s.Lieux.Principale }.Concat(s.Modalites).Concat(s.Objectifs).Concat(s.Lieux.Complements)));
            Assert.IsTrue(answers.All(a => a.Illustratifs is null), profile.Id);
            Assert.IsFalse(ResultJson.Serialize(result).Contains("\"illustratifs\"", StringComparison.Ordinal), profile.Id);
        }
    }
}
