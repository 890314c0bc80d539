using Cadrage.Rules.Evaluation;
using Cadrage.Rules.Explanations;
using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Note;
using Cadrage.Rules.Output;
using Newtonsoft.Json.Linq;

namespace Cadrage.Rules.Tests.Explanations;

/// <summary>
/// The defects of the sixth practitioner review (issue 11: a practitioner can defend every sentence, and reads it
/// once): what no lever of the territory reaches is said once per reason, without the list of lever kinds that a
/// commune cannot all use.
/// </summary>
[TestClass]
public sealed class PractitionerReviewSixTests
{
    private static EvaluationResult Explained(JObject json) => RealRules.Explained(json);

    private static int Occurrences(string text, string part) => RealRules.Occurrences(text, part);

    private static string Plain(string text) => text.Replace('\u00a0', ' ').Replace('\u202f', ' ');

    private static readonly string[] Examples = ["ca-nevers", "cc-le-gresivaudan", "cc-pays-chatillonnais", "cc-provence-verdon", "rennes-metropole"];

    private static readonly EvaluationService Service = new();

    /// <summary>Two real communes of the Châtillonnais, as the importer writes them.</summary>
    private static IEnumerable<JObject> Communes => new[] { "chatillon-sur-seine", "aignay-le-duc" }.Select(Commune);

    /// <summary>A real commune profile as the importer writes it (tests/…/Explanations/communes).</summary>
    private static JObject Commune(string name) =>
        JObject.Parse(File.ReadAllText(Path.Combine(Repo.Root, "tests", "Cadrage.Rules.Tests", "Explanations", "communes", name + ".json")));

    private static Dictionary<string, RuleState> Runs(JObject json)
    {
        var outcome = Service.Evaluate(RealRules.Kb, ProfileSource.FromText(json.ToString(), "test"), keepRuns: true);
        Assert.IsTrue(outcome.Succeeded, outcome.Failure?.Message);
        return outcome.Runs!.ToDictionary(r => r.Rule.Name, r => r.State, StringComparer.Ordinal);
    }



    [TestMethod]
    public void ChatillonnaisSaysOnceThatNoLeverReachesAScenarioAndItsPosture()
    {
        // « Aucun levier … ne fait retenir le scénario 2 (Faire · Itinérance) : la différence tient à qui pilote… » then
        // « Aucun levier … ne fait retenir « Faire » (Qui pilote ?) : » with the same reason, five such sentences in all,
        // each listing the six kinds of lever.
        var result = Explained(RealRules.Example("cc-pays-chatillonnais"));
        var e = result.Explications!;
        var unreached = e.Contrefactuels.Where(c => !c.Trouve).ToList();
        Assert.IsTrue(unreached.Count >= 2, string.Join("\n", e.Contrefactuels.Select(c => c.Phrase)));
        var scenario3 = unreached.Single(c => c.Cible == "scenario:3");
        var faire = unreached.Single(c => c.Cible == "pilotage:faire");
        Assert.AreEqual("faire", result.Scenarios[2].Pilotage.Id);
        Assert.AreEqual(scenario3.Phrase, faire.Phrase, "même raison, une seule phrase");
        Expect.Contains("ne fait retenir ni le scénario 3 (Faire · Itinérance + Pôle de services type agglomération) ni « Faire » (Qui pilote ?) : la différence tient à qui pilote", Plain(faire.Phrase));
        // A scenario whose posture differs for another reason keeps its own sentence.
        var scenario4 = unreached.Single(c => c.Cible == "scenario:4");
        Assert.AreNotEqual(scenario3.Phrase, scenario4.Phrase);
        // Scenario 2, tied with scenario 1 on posture and main form: already on the table, said so (practitioner review 8:
        // « ne fait retenir le scénario 2 » read as if it were behind).
        var scenario2 = unreached.Single(c => c.Cible == "scenario:2");
        Expect.Contains("ne fait retenir le scénario 2 (Faire avec · Itinérance) : il est déjà à égalité en tête et aucun levier ne le départage des autres : le choix revient au comité de pilotage.", Plain(scenario2.Phrase));

        var text = Plain(TextReport.Render(result));
        var html = Plain(System.Net.WebUtility.HtmlDecode(NoteDeCadrage.Render(new ReportReading(result, ReportContext.From(result)), DateTimeOffset.UnixEpoch)));
        foreach (var sentence in unreached.Select(c => Plain(FrenchFormat.Typography(c.Phrase))).Distinct())
        {
            Assert.AreEqual(1, Occurrences(text, sentence), $"texte : {sentence}");
            Assert.AreEqual(1, Occurrences(html, sentence), $"note : {sentence}");
        }
    }

    [TestMethod]
    public void NoSentenceListsTheKindsOfLeverAndCommunesAreNotToldToExerciseACompetence()
    {
        var profiles = Examples.Select(RealRules.Example).Append(RealRules.Epci("200018166")).Concat(Communes).ToList();
        foreach (var json in profiles)
        {
            var e = Explained(json).Explications!;
            foreach (var c in e.Contrefactuels)
            {
                Assert.IsFalse(c.Phrase.Contains("exercer une compétence", StringComparison.Ordinal), c.Phrase);
                Assert.IsFalse(string.IsNullOrWhiteSpace(c.Phrase), c.Cible);
            }
        }
    }

    // ---- rules a practitioner could not defend -------------------------------------------------------------

    [TestMethod]
    public void LyonIsNotLeftToLaisserFaireBecauseABigCityHasEveryEquipment()
    {
        // « Qui pilote ? Laisser faire (certitude : établie) » for Lyon, Nantes, Bordeaux: gammes covered at 100 % (as
        // in every big city) and unemployment 0,6 point under the national average; the rule admitted it read no poverty.
        var lyon = Commune("lyon");
        var runs = Runs(lyon);
        Assert.AreEqual(RuleState.NotFired, runs["laisser-faire-offre-suffisante"], "grand centre urbain : la couverture ne distingue rien");
        Assert.AreEqual(RuleState.MissingIndicator, runs["laisser-faire-grand-centre-urbain"], "sans le taux de pauvreté, la règle ne conclut pas");
        var result = RealRules.Evaluate(lyon);
        Assert.IsFalse(result.Scenarios.Any(s => s.Pilotage.Id == "laisser-faire"), string.Join(" | ", result.Scenarios.Select(s => s.Intitule)));
        var pilotage = result.Analyse.Single(a => a.Question == QuestionIds.Pilotage);
        Assert.AreEqual(Certitudes.NonTranchee, pilotage.Certitude, pilotage.Phrase);
        Assert.IsTrue(pilotage.DonneesAReunir.Any(d => d.Id == "taux_pauvrete"), "le taux de pauvreté est une donnée à réunir");

        // The same city with a poverty rate under the moderate threshold: the big-city rule reads it and concludes.
        var poor = (JObject)lyon.DeepClone();
        ((JObject)poor["indicateurs"]!)["taux_pauvrete"] = new JObject { ["valeur"] = 14.9, ["source"] = "test" };
        Assert.AreEqual(RuleState.Fired, Runs(poor)["laisser-faire-grand-centre-urbain"]);
        ((JObject)poor["indicateurs"]!)["taux_pauvrete"] = new JObject { ["valeur"] = 15.0, ["source"] = "test" };
        Assert.AreEqual(RuleState.NotFired, Runs(poor)["laisser-faire-grand-centre-urbain"]);
    }

    [TestMethod]
    public void ATerritoryWithoutScenarioSaysWhyItsRobustnessIsEmpty()
    {
        // Lyon without a poverty rate: no scenario; the text printed the heading « Robustesse aux données » and nothing.
        var text = Plain(ExplanationReport.Render(Explained(Commune("lyon"))));
        var robustness = text[text.IndexOf("Robustesse aux données", StringComparison.Ordinal)..];
        Expect.Contains("Aucune réponse n'est retenue, il n'y en a pas à éprouver : les données à réunir sont dites plus haut.", robustness);
        // The other side: with a scenario, the robustness of each answer is said, not this sentence.
        Assert.IsFalse(Plain(ExplanationReport.Render(Explained(RealRules.Example("ca-nevers")))).Contains("il n'y en a pas à éprouver", StringComparison.Ordinal));
    }

    [TestMethod]
    public void ACommuneIsNotToldItsRuralityMakesItFaireAvecThroughTheCrte()
    {
        // « 100 % de la population vit dans l'espace rural : la méthode y associe le « faire avec » du contrat de ruralité,
        // repris depuis 2021 dans le CRTE » for a commune of 259 inhabitants: the CRTE is signed by the intercommunality.
        var commune = Commune("aignay-le-duc");
        Assert.AreEqual(RuleState.NotFired, Runs(commune)["faire-avec-territoire-rural"]);
        Assert.IsFalse(RealRules.Evaluate(commune).Scenarios.SelectMany(s => s.Justifications).Any(j => j.Regle == "faire-avec-territoire-rural"));
        // An intercommunality as rural still reads it (the CRTE is its contract).
        var chatillonnais = RealRules.Example("cc-pays-chatillonnais");
        Assert.AreEqual(RuleState.Fired, Runs(chatillonnais)["faire-avec-territoire-rural"]);
    }

    // ---- certainty: established on the data given, not against the data missing ---------------------------------

    [TestMethod]
    public void AnAnswerMissingDataCouldOverturnIsNotEstablished()
    {
        // Lyon: « Qui pilote ? Laisser faire (certitude : établie) » while the robustness said, on the same page, that
        // the posture would change with data the profile does not give. CC Coeur de Lozère (open data only):
        // « Laisser faire » leads by 3 points, beyond the tolerance of 2, with no competence, convention nor poverty rate known.
        var result = RealRules.Evaluate(RealRules.Epci("244800405"));
        var posture = result.Scenarios[0].Pilotage;
        Assert.AreEqual("laisser-faire", posture.Id);
        Assert.IsTrue(posture.Marge > RealRules.Kb.Scenarios.ToleranceFragile, "sur les seules données du profil, l'avance dépasse la tolérance");
        Assert.AreEqual(Certitudes.Fragile, posture.Certitude);
        var missing = posture.DonneesAbsentes!.Select(c => c.Id).ToList();
        CollectionAssert.IsSubsetOf(new[] { "competences", "conventions", "taux_pauvrete" }, missing);
        // Said in the answer's line with the first three of its eight missing data and how many more.
        Assert.IsTrue(missing.Count > 4);
        Expect.Contains($"des données absentes du profil pourraient renverser son avance : {string.Join(", ", posture.DonneesAbsentes!.Take(3).Select(c => c.Libelle))} et {missing.Count - 3} autres données (voir les données à réunir)", Plain(TextReport.Render(result)));
        var analysis = result.Analyse.Single(a => a.Question == QuestionIds.Pilotage);
        Expect.Contains("mais des données absentes pourraient renverser son avance", Plain(analysis.Phrase));

        // The other side: an answer the missing data cannot overturn stays established (the geometry, read on the
        // structure the open data gives), and no answer is both established and said to rest on missing data.
        foreach (var s in result.Scenarios)
        {
            foreach (var a in new[] { s.Pilotage, s.Lieux.Principale }.Concat(s.Lieux.Complements).Concat(s.Modalites).Concat(s.Objectifs))
            {
                Assert.IsFalse(a.Certitude == Certitudes.Etablie && a.DonneesAbsentes is not null, a.Libelle);
            }
        }
        var chatillonnais = RealRules.Evaluate(RealRules.Example("cc-pays-chatillonnais"));
        Assert.AreEqual(Certitudes.Etablie, chatillonnais.Scenarios[0].Lieux.Principale.Certitude);
        Assert.IsNull(chatillonnais.Scenarios[0].Lieux.Principale.DonneesAbsentes);

        // Once the missing posture data is given (here: nothing signed, no competence, nothing in place), the rules that
        // could overturn the lead have run: whatever the answer then, it rests on no missing posture data.
        var known = RealRules.Epci("241200567");
        var indicators = (JObject)known["indicateurs"]!;
        foreach (var (id, value) in new (string, JToken)[] { ("competences", new JArray()), ("conventions", new JArray()), ("outils_gestion", new JArray()),
            ("demarches", new JArray()), ("ingenierie_etp", 0.5), ("taux_pauvrete", 14.0), ("temps_acces_france_services", 10.0), ("part_pop_eloignee_panier", 5.0) })
        {
            indicators[id] = new JObject { ["valeur"] = value, ["source"] = "test" };
        }
        var decided = RealRules.Evaluate(known);
        Assert.IsTrue(decided.Scenarios.Count > 0);
        Assert.IsNull(decided.Scenarios[0].Pilotage.DonneesAbsentes, decided.Scenarios[0].Pilotage.Libelle);
    }
}
