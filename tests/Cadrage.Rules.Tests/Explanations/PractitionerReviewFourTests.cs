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
    private static EvaluationResult Explained(JObject json) => RealRules.Explained(json);

    private static int Occurrences(string text, string part) => RealRules.Occurrences(text, part);

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

    // ---- 3. a priority label never repeats a part ------------------------------------------------------------

    [TestMethod]
    public void APriorityLabelSaysACritereThatRepeatsTheServiceOnce()
    {
        var r = RealRules.Kb.Referentiel;
        Assert.AreEqual("Mobilité × Personnes âgées", CrossedNeed.LabelOf(r, "mobilite", "personnes-agees", "mobilite"));
        Assert.AreEqual("Inclusion numérique × Tout public", CrossedNeed.LabelOf(r, "numerique", "tout-public", "numerique"));
        // The other side: a critère other than the service is said.
        Assert.AreEqual("Mobilité × Personnes âgées × Distance", CrossedNeed.LabelOf(r, "mobilite", "personnes-agees", "distance"));
        Assert.AreEqual("Santé × Personnes âgées × Mobilité", CrossedNeed.LabelOf(r, "sante", "personnes-agees", "mobilite"));
        // A rule that leaves axes open names only those it sets.
        Assert.AreEqual("Mobilité", CrossedNeed.LabelOf(r, null, null, "mobilite"));
        var axes = r.Axes;
        foreach (var service in axes.Services)
        {
            foreach (var audience in axes.Publics)
            {
                foreach (var critere in axes.Criteres)
                {
                    var parts = CrossedNeed.LabelOf(r, service.Id, audience.Id, critere.Id).Split(" × ");
                    Assert.AreEqual(parts.Length, parts.Distinct(StringComparer.OrdinalIgnoreCase).Count(), string.Join(" × ", parts));
                    Assert.IsFalse(parts.Length == 3 && parts[0].Contains(parts[2], StringComparison.OrdinalIgnoreCase), string.Join(" × ", parts));
                }
            }
        }
        var priority = new Priority(new Choice("mobilite", "Mobilité"), new Choice("personnes-agees", "Personnes âgées"), new Choice("mobilite", "Mobilité"), 3, 2, null, []);
        Assert.AreEqual("Mobilité × Personnes âgées", ReportReading.PriorityCell(priority));
        Assert.IsFalse(ReportReading.PriorityPhrase(priority).Contains("critère", StringComparison.Ordinal), ReportReading.PriorityPhrase(priority));
        Expect.Contains("(critère : distance)", ReportReading.PriorityPhrase(priority with { Critere = new Choice("distance", "Distance") }));
    }

    /// <summary>« A × B × A »: a part said twice in one label.</summary>
    private static readonly System.Text.RegularExpressions.Regex Repeated = new(@"(?<a>[A-ZÉ][^×;«»()<>\n]*?) × [^×;«»<>\n]+? × \k<a>(?![\p{L}\d])");

    [TestMethod]
    public void NoOutputOfTheExamplesPrintsAPriorityLabelThatRepeatsAPart()
    {
        // Grésivaudan printed « Mobilité × Personnes âgées × Mobilité », Châtillonnais « Mobilité × Jeunes adultes (18-24 ans) × Mobilité ».
        foreach (var example in Examples)
        {
            var result = Explained(RealRules.Example(example));
            var reading = new ReportReading(result, ReportContext.From(result));
            var outputs = new[]
            {
                TextReport.Render(result),
                System.Net.WebUtility.HtmlDecode(NoteDeCadrage.Render(reading, DateTimeOffset.UnixEpoch)),
                ResultJson.Serialize(result),
            };
            foreach (var output in outputs.Select(Plain))
            {
                var match = Repeated.Match(output);
                Assert.IsFalse(match.Success, $"{example} : {match.Value}");
            }
            if (example == "cc-le-gresivaudan")
            {
                Assert.IsTrue(result.BesoinsCroises.Any(p => p.Service.Id == "mobilite" && p.Critere.Id == "mobilite"), "le cas est présent");
                Expect.Contains("Mobilité × Personnes âgées", Plain(outputs[0]));
            }
            // A need rule is named by its axes in the reasons (it read « besoins croisés » for every one).
            foreach (var j in result.Scenarios.SelectMany(s => s.Justifications).Where(j => j.Question == QuestionIds.Besoins))
            {
                Assert.AreNotEqual("besoins croisés", reading.OptionText(j), j.Regle);
            }
        }
    }

    [TestMethod]
    public void NoOtherCodeBuildsAPriorityLabel()
    {
        // One source, CrossedNeed.LabelOf: no « {…Libelle} × {…Libelle} » left elsewhere in the C# sources.
        var pattern = new System.Text.RegularExpressions.Regex(@"Libelle\}? × \{|\.Libelle\)? \+ "" × """);
        var offenders = Directory.EnumerateFiles(Path.Combine(Repo.Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Where(l => pattern.IsMatch(l) && !l.TrimStart().StartsWith("//", StringComparison.Ordinal)).Select(l => $"{Path.GetFileName(f)}: {l.Trim()}"))
            .ToList();
        Assert.AreEqual(0, offenders.Count, string.Join("\n", offenders));
    }

    // ---- 4. a lever only where the territory can pull it -----------------------------------------------------

    private static JObject Commune(string name) =>
        JObject.Parse(File.ReadAllText(Path.Combine(Repo.Root, "tests", "Cadrage.Rules.Tests", "Explanations", "communes", name + ".json")));

    /// <summary>Every change a counterfactual proposes as a lever (a gain), as « indicator=value added » or « indicator ↑ ».</summary>
    private static List<string> Gains(EvaluationResult result, JObject json)
    {
        var gains = new List<string>();
        foreach (var c in result.Explications!.Contrefactuels.Where(c => c.Trouve))
        {
            foreach (var change in c.Variantes.SelectMany(v => v.Changements))
            {
                var token = json["indicateurs"]![change.Indicateur];
                var before = (token as JObject)?["valeur"] ?? token;
                if (change.Valeur is string[] after)
                {
                    var old = (before as JArray)?.Select(v => (string)v!).ToHashSet() ?? [];
                    gains.AddRange(after.Where(v => !old.Contains(v)).Select(v => $"{change.Indicateur}={v}"));
                }
                else if (change.Valeur is double d && (before is null || d > (double)before))
                {
                    gains.Add($"{change.Indicateur}↑");
                }
            }
        }
        return gains;
    }

    [TestMethod]
    public void ACommuneOfAFewHundredInhabitantsIsOfferedNoCiasDspNorEngineeringStaff()
    {
        // Aignay-le-Duc (257 inhabitants) was told « Ingénierie interne passait à 1 ETP » and « comptait « CIAS » ».
        var json = Commune("aignay-le-duc");
        Assert.IsTrue((double)json["indicateurs"]!["population"]!["valeur"]! < 3500);
        var gains = Gains(Explained(json), json);
        foreach (var forbidden in new[] { "ingenierie_etp↑", "outils_gestion=cias", "outils_gestion=dsp", "outils_gestion=sem", "outils_gestion=spl" })
        {
            CollectionAssert.DoesNotContain(gains, forbidden);
        }
        // The other side: Châtillon-sur-Seine (5 000 inhabitants and more) can staff engineering, still creates no CIAS.
        var chatillon = Commune("chatillon-sur-seine");
        Assert.IsTrue((double)chatillon["indicateurs"]!["population"]!["valeur"]! >= 3500);
        var result = Explained(chatillon);
        var chatillonGains = Gains(result, chatillon);
        CollectionAssert.Contains(chatillonGains, "ingenierie_etp↑", string.Join("\n", result.Explications!.Contrefactuels.Select(c => c.Phrase)));
        CollectionAssert.DoesNotContain(chatillonGains, "outils_gestion=cias");
    }

    [TestMethod]
    public void AMetropoleIsNotOfferedTheActionSocialeOfCommunautes()
    {
        // Rennes Métropole was told « le scénario 2 serait retenu si « Compétences exercées » comptait « action sociale
        // d'intérêt communautaire » », a competence of CC and CA (CGCT L5214-16, L5216-5).
        var json = RealRules.Example("rennes-metropole");
        Assert.AreEqual("METRO", (string?)json["indicateurs"]!["type_epci"]!["valeur"]);
        var result = Explained(json);
        CollectionAssert.DoesNotContain(Gains(result, json), "competences=action-sociale", string.Join("\n", result.Explications!.Contrefactuels.Select(c => c.Phrase)));
        // The other side: without the catalogue's condition, the same search proposes it (as it did).
        using var copy = new RulesCopy();
        copy.Edit(IndicatorCatalog.FileName, c => ((JObject)((JArray)c["indicateurs"]!).Single(i => (string?)i["id"] == "competences")).Remove("leviersSousCondition"));
        var unconditioned = Cadrage.Rules.KnowledgeBase.RuleSet.Load(copy.Directory);
        var outcome = Service.Evaluate(unconditioned, ProfileSource.FromText(json.ToString(), "test"), explanations: ExplanationRequest.Full);
        CollectionAssert.Contains(Gains(outcome.Result!, json), "competences=action-sociale", string.Join("\n", outcome.Result!.Explications!.Contrefactuels.Select(c => c.Phrase)));
    }

    [TestMethod]
    public void TheCatalogueSaysWhereEachConditionalLeverCanBePulled()
    {
        var catalogue = RealRules.Kb.Indicators.ToDictionary(i => i.Id);
        Assert.IsFalse(catalogue["outils_gestion"].CanBeGained("cias", "commune", null, 5000));
        Assert.IsTrue(catalogue["outils_gestion"].CanBeGained("cias", "epci", "CC", 5000));
        Assert.IsTrue(catalogue["outils_gestion"].CanBeGained("regie", "commune", null, 257));
        Assert.IsFalse(catalogue["competences"].CanBeGained("action-sociale", "epci", "METRO", 470000));
        Assert.IsTrue(catalogue["competences"].CanBeGained("action-sociale", "epci", "CA", 67000));
        Assert.IsFalse(catalogue["competences"].CanBeGained("action-sociale", "epci", null, 67000), "un type d'EPCI inconnu ne remplit pas la condition");
        Assert.IsFalse(catalogue["ingenierie_etp"].CanBeGained(null, "commune", null, 3499));
        Assert.IsTrue(catalogue["ingenierie_etp"].CanBeGained(null, "commune", null, 3500));
        Assert.IsTrue(catalogue["demarche_participative"].CanBeGained(null, "commune", null, 100), "sans condition, un levier est à la portée de tous");
        foreach (var condition in RealRules.Kb.Indicators.SelectMany(i => i.LeviersSousCondition ?? []))
        {
            Assert.IsFalse(string.IsNullOrWhiteSpace(condition.Motif));
        }
    }

    [TestMethod]
    [DataRow("{\"valeur\": \"cnas\", \"echelles\": [\"epci\"], \"motif\": \"m\"}", "« valeur » doit nommer une des valeurs de l'indicateur")]
    [DataRow("{\"valeur\": \"cias\", \"motif\": \"m\"}", "condition vide")]
    [DataRow("{\"valeur\": \"cias\", \"typesEpci\": [\"SIVOM\"], \"motif\": \"m\"}", "type d'EPCI « SIVOM » inconnu")]
    [DataRow("{\"valeur\": \"cias\", \"echelles\": [\"commune\"], \"typesEpci\": [\"CC\"], \"motif\": \"m\"}", "« typesEpci » ne vaut que pour des EPCI")]
    [DataRow("{\"valeur\": \"cias\", \"echelles\": [\"canton\"], \"motif\": \"m\"}", "échelle « canton » inconnue")]
    [DataRow("{\"valeur\": \"cias\", \"populationMin\": 0, \"motif\": \"m\"}", "« populationMin » doit être un nombre d'habitants positif")]
    [DataRow("{\"valeur\": \"cias\", \"echelles\": [\"epci\"], \"motif\": \" \"}", "« motif » vide")]
    public void TheCatalogueValidatorRejectsABadLeverConditionInFrench(string condition, string message)
    {
        using var copy = new RulesCopy();
        copy.Edit(IndicatorCatalog.FileName, c => ((JArray)c["indicateurs"]!).Single(i => (string?)i["id"] == "outils_gestion")["leviersSousCondition"] = new JArray(JObject.Parse(condition)));
        var ex = Assert.ThrowsExactly<RuleSetException>(() => Cadrage.Rules.KnowledgeBase.RuleSet.Load(copy.Directory));
        Assert.AreEqual(1, ex.Errors.Count, ex.Message);
        Assert.AreEqual(IndicatorCatalog.FileName, ex.Errors[0].Fichier);
        Expect.Contains(message, ex.Errors[0].Message);
        StringAssert.Contains(ex.Errors[0].Chemin, "leviersSousCondition[0]");
    }

    [TestMethod]
    public void AConditionOnANonLeverIndicatorIsRejected()
    {
        using var copy = new RulesCopy();
        copy.Edit(IndicatorCatalog.FileName, c => ((JArray)c["indicateurs"]!).Single(i => (string?)i["id"] == "densite")["leviersSousCondition"] = new JArray(JObject.Parse("{\"populationMin\": 10, \"motif\": \"m\"}")));
        var ex = Assert.ThrowsExactly<RuleSetException>(() => Cadrage.Rules.KnowledgeBase.RuleSet.Load(copy.Directory));
        Expect.Contains("« leviersSousCondition » ne s'applique qu'à un indicateur levier", ex.Errors[0].Message);
    }
}
