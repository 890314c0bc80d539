using System.Net;
using System.Text.RegularExpressions;
using Cadrage.Rules.Evaluation;
using Cadrage.Rules.Explanations;
using Cadrage.Rules.Note;
using Cadrage.Rules.Output;
using Cadrage.Rules.Profiles;
using Cadrage.Rules.Worker.Batch;
using Newtonsoft.Json.Linq;

namespace Cadrage.Rules.Tests.Output;

/// <summary>
/// What a practitioner reading the text report, the note and the batch synthèse found indefensible (issue 11):
/// a plural said of one scenario, a « ? » alone at the start of a line, scores that contradict the order of the
/// scenarios, a commune described by the shares of its member communes, fragile answers resting on illustrative
/// values counted with those that are fragile because another option is close.
/// </summary>
[TestClass]
public sealed partial class PractitionerReadingTests
{
    /// <summary>
    /// A commune of the Aisne (Remaucourt, 265 inhabitants, rural à habitat dispersé), with two centres-bourgs within
    /// 10 km: it fires the rules that read the shares of density levels and of small communes.
    /// </summary>
    private static JObject Commune() => JObject.Parse("""
        {
          "id": "02637", "nom": "Remaucourt", "echelle": "commune",
          "indicateurs": {
            "population": { "valeur": 265 }, "nombre_communes": { "valeur": 1 }, "part_premiere_commune": { "valeur": 100 },
            "communes_2000_plus": { "valeur": 0 }, "communes_5000_plus": { "valeur": 0 }, "part_communes_moins_500": { "valeur": 100 },
            "superficie": { "valeur": 6.35 }, "densite": { "valeur": 41.73 },
            "part_pop_densite_1": { "valeur": 0 }, "part_pop_densite_2": { "valeur": 0 }, "part_pop_densite_3": { "valeur": 0 },
            "part_pop_densite_4": { "valeur": 0 }, "part_pop_densite_5": { "valeur": 0 }, "part_pop_densite_6": { "valeur": 100 },
            "part_pop_densite_7": { "valeur": 0 }, "part_pop_rurale": { "valeur": 100 },
            "bpe_proximite": { "valeur": 4.35 }, "bpe_intermediaire": { "valeur": 0 },
            "distance_pole_intermediaire": { "valeur": 7.7 }, "centres_bourgs_10km": { "valeur": 2 },
            "france_services": { "valeur": 0 }, "distance_france_services": { "valeur": 7.3 }
          }
        }
        """);

    private static ReportReading Read(EvaluationResult result) => new(result, ReportContext.From(result));

    private static EvaluationResult Evaluate(JObject json, bool explanations = false) =>
        new Evaluator().Evaluate(RealRules.Kb, ProfileReader.Read(json, "profil.json", RealRules.Kb), explanations ? ExplanationRequest.Full : ExplanationRequest.None, out _);

    // ---- 1. one scenario is one -------------------------------------------------------------------------------

    [TestMethod]
    public void OneScenarioIsSaidInTheSingular()
    {
        var full = RealRules.Evaluate(RealRules.Example("ca-nevers"));
        Assert.IsTrue(full.Scenarios.Count > 1);
        var one = full with { Scenarios = [full.Scenarios[0]] };

        var reading = Read(one);
        var introduction = string.Join(" ", reading.Introduction());
        Expect.Contains("un seul scénario pour ce territoire ; il répond aux cinq questions", introduction);
        Assert.IsFalse(introduction.Contains("chacun", StringComparison.Ordinal), introduction);
        Assert.IsFalse(introduction.Contains("les scénarios", StringComparison.OrdinalIgnoreCase), introduction);
        Assert.IsFalse(introduction.Contains("tous les scénarios", StringComparison.Ordinal), introduction);
        // The note's parts do not speak of scenarios side by side, nor of what tells them apart.
        var html = WebUtility.HtmlDecode(NoteDeCadrage.Render(reading, NoteDeCadrageTests.At));
        Expect.Contains("Le scénario, question par question", html);
        Assert.IsFalse(html.Contains("Les scénarios côte à côte", StringComparison.Ordinal));
        Assert.IsFalse(html.Contains("Ce qui distingue les scénarios", StringComparison.Ordinal));
        Assert.IsFalse(html.Contains("Score total", StringComparison.Ordinal));

        // Several scenarios keep their plural.
        var several = string.Join(" ", Read(full).Introduction()).Replace('\u00a0', ' ');
        Expect.Contains("pour ce territoire 4 scénarios : 2 géométries ; pour « Pôle de services type agglomération + Pôles spécialisés complémentaires », 3 postures. Chacun répond aux cinq questions", several);
    }

    [TestMethod]
    public void AnIncompleteProfileWithOneScenarioSaysTheScenarioIsToBeReadWithCare()
    {
        var result = Evaluate(Commune());
        var one = result with { Scenarios = [result.Scenarios[0]] };
        Assert.IsTrue(one.IndicateursManquants.Count > 0, "le profil de la commune est incomplet");

        var introduction = string.Join(" ", Read(one).Introduction());
        Expect.Contains("le scénario est à lire avec cette réserve", introduction);
    }

    // ---- 2. French typography -------------------------------------------------------------------------------

    /// <summary>A breaking space before « : ; ? ! »: the sign could start the next line (« Comment » / « ? »).</summary>
    [GeneratedRegex(@"(?<=\S)[ \t]+[:;?!]")]
    private static partial Regex BreakingSpaceBeforeSign();

    private static List<string> Faults(string text) =>
        BreakingSpaceBeforeSign().Matches(text).Select(m => text[Math.Max(0, m.Index - 30)..Math.Min(text.Length, m.Index + 10)]).Take(5).ToList();

    /// <summary>What the browser sets as text: without the style, without the tags (inline ones join their sentence).</summary>
    private static string Visible(string html) =>
        WebUtility.HtmlDecode(Regex.Replace(Regex.Replace(html, "<style>.*?</style>", " ", RegexOptions.Singleline), "<[^>]+>", ""));

    [TestMethod]
    public void NoSignOfPunctuationCanStartALine()
    {
        var profiles = Repo.ExampleFiles.Select(f => JObject.Parse(File.ReadAllText(f))).Append(Commune())
            .Concat(RealRules.EpciLines(every: 211).Select(JObject.Parse)).ToList();
        var signs = 0;
        foreach (var json in profiles)
        {
            var result = Evaluate(json, explanations: true);
            var reading = Read(result);
            var note = Visible(NoteDeCadrage.Render(reading, NoteDeCadrageTests.At));
            Assert.AreEqual(0, Faults(note).Count, $"note de {result.Territoire.Nom} : {string.Join(" | ", Faults(note))}");
            var text = TextReport.Render(reading);
            Assert.AreEqual(0, Faults(text).Count, $"texte de {result.Territoire.Nom} : {string.Join(" | ", Faults(text))}");
            var explained = ExplanationReport.Render(result);
            Assert.AreEqual(0, Faults(explained).Count, $"explications de {result.Territoire.Nom} : {string.Join(" | ", Faults(explained))}");
            signs += note.Count(c => c is '?' or ':');
        }
        Assert.IsTrue(signs > 500, $"{signs} signes lus");
        // The headings of the questions hold together: « Comment » never ends a line before its « ? ».
        var html = NoteDeCadrage.Render(Read(RealRules.Evaluate(RealRules.Example("ca-nevers"))), NoteDeCadrageTests.At);
        Expect.Contains("Comment&#xA0;?", html);
        // A list marker at the start of a line stays as it is.
        Expect.Contains("\n    ! ", TextReport.Render(Read(Evaluate(RealRules.Example("cc-pays-chatillonnais")))));
    }

    [TestMethod]
    [DataRow("Comment ?", "Comment\u00a0?")]
    [DataRow("seuil : 8 km ; moyenne !", "seuil\u00a0: 8 km\u00a0; moyenne\u00a0!")]
    [DataRow("« Où ? » : ici", "«\u00a0Où\u00a0?\u00a0»\u00a0: ici")]
    [DataRow("Où\u202f?", "Où\u00a0?")]
    [DataRow("10:05, https://exemple.fr/a?b=1", "10:05, https://exemple.fr/a?b=1")]
    [DataRow("  ! Un point de vigilance", "  ! Un point de vigilance")]
    public void TypographyHoldsTheSignToItsWord(string text, string expected) => Assert.AreEqual(expected, FrenchFormat.Typography(text));

    [TestMethod]
    public void HtmlTypographyLeavesTheStyleAlone()
    {
        var html = "<style>a : b { color: red; }</style><h3>Comment ?</h3><p><strong>Où</strong> ? « Faire »</p>";
        Assert.AreEqual("<style>a : b { color: red; }</style><h3>Comment&#xA0;?</h3><p><strong>Où</strong>&#xA0;? «&#xA0;Faire&#xA0;»</p>", FrenchFormat.HtmlTypography(html));
    }

    // ---- 3. the order of the scenarios ----------------------------------------------------------------------

    /// <summary>The net evidence of a scenario's posture and main form, which ScenarioBuilder ranks the scenarios by.</summary>
    private static double Defining(Scenario s) => s.Pilotage.Net + s.Lieux.Principale.Net;

    [TestMethod]
    public void TheReaderIsToldHowTheScenariosAreOrderedAndNoScoreContradictsItSilently()
    {
        var results = Repo.ExampleFiles.Select(f => JObject.Parse(File.ReadAllText(f))).Append(Commune())
            .Concat(RealRules.EpciLines(every: 53).Select(JObject.Parse)).Select(json => Evaluate(json)).Where(r => r.Scenarios.Count > 1).ToList();
        var inversions = 0;
        foreach (var result in results)
        {
            var reading = Read(result);
            // What the sentence says is what the evaluation does: the posture and the main form rank the scenarios.
            var defining = result.Scenarios.Select(Defining).ToList();
            CollectionAssert.AreEqual(defining.OrderByDescending(d => d).ToList(), defining, result.Territoire.Nom);
            var introduction = string.Join(" ", reading.Introduction());
            Expect.Contains("Les scénarios sont rangés d'après les preuves nettes de ce qui les définit, leur posture (qui pilote) et la forme principale de leur géométrie (où)", introduction);
            var inverted = result.Scenarios.SelectMany((a, i) => result.Scenarios.Skip(i + 1).Where(b => b.Score > a.Score).Select(b => (Above: a, Below: b))).FirstOrDefault();
            if (inverted.Above is not null)
            {
                inversions++;
                Expect.Contains($"le scénario {inverted.Below.Rang} ({FrenchFormat.Count(inverted.Below.Score, "point", "points")} de score", introduction);
                Expect.Contains($"vient après le scénario {inverted.Above.Rang} ({FrenchFormat.Count(inverted.Above.Score, "point", "points")} de score", introduction);
            }
            // Each scenario's score says the part of it that ranks it.
            var text = TextReport.Render(reading);
            foreach (var s in result.Scenarios)
            {
                Expect.Contains(FrenchFormat.Typography($"Score : {FrenchFormat.Count(s.Score, "point", "points")} ("), text);
                Expect.Contains(FrenchFormat.Typography($"dont {FrenchFormat.Count(Defining(s), "point", "points")} pour ce qui fixe le rang : la posture ({FrenchFormat.Number(s.Pilotage.Net)}) et la forme principale du où ({FrenchFormat.Number(s.Lieux.Principale.Net)}"), text);
            }
            var note = WebUtility.HtmlDecode(NoteDeCadrageTests.Section(NoteDeCadrage.Render(reading, NoteDeCadrageTests.At), "scenarios"));
            Expect.Contains("ce qui fixe le rang", note);
            Expect.Contains("Score total", note);
        }
        Assert.IsTrue(results.Count > 10, $"{results.Count} territoires à plusieurs scénarios");
        Assert.IsTrue(inversions > 0, "au moins un territoire dont un scénario rangé plus loin a un score plus élevé");
    }

    // ---- 4. a commune is one commune ------------------------------------------------------------------------

    [TestMethod]
    public void ACommuneIsNotDescribedByTheSharesOfItsMemberCommunes()
    {
        var result = Evaluate(Commune());
        var fired = result.Scenarios.SelectMany(s => s.Justifications.Concat(s.Vigilances)).Select(j => j.Regle).ToHashSet();
        // The rules that read the shares fire for this commune (otherwise the test proves nothing).
        Assert.IsTrue(fired.Contains("itinerance-habitat-disperse") && fired.Contains("accompagner-petites-communes") && fired.Contains("bourgs-poles-voisins"), string.Join(", ", fired));

        var reading = Read(result);
        var text = TextReport.Render(reading);
        var note = WebUtility.HtmlDecode(NoteDeCadrage.Render(reading, NoteDeCadrageTests.At)).Replace("&#xA0;", "\u00a0", StringComparison.Ordinal);
        foreach (var printed in new[] { text, note })
        {
            var plain = printed.Replace('\u00a0', ' ');
            Assert.IsFalse(plain.Contains("100 % et 0 % de la population", StringComparison.Ordinal), "parts de la population par niveau de densité");
            Assert.IsFalse(plain.Contains("des communes ont moins de 500 habitants", StringComparison.Ordinal), "part des communes");
            Assert.IsFalse(plain.Contains("0 % en grands centres urbains", StringComparison.Ordinal), "parts des niveaux urbains");
            Expect.Contains("La commune relève du niveau 6 de la grille communale de densité de l'INSEE (rural à habitat dispersé) : aller vers les habitants plutôt que l'inverse.", plain);
            Expect.Contains("La commune compte 265 habitants, moins de 500 : elle a besoin de l'ingénierie", plain);
            Expect.Contains("une commune qui n'est pas elle-même urbaine dense (niveau 6 de la grille communale de densité de l'INSEE, rural à habitat dispersé)", plain);
        }
    }

    [TestMethod]
    public void AnIntercommunalityKeepsTheRulesWords()
    {
        foreach (var file in Repo.ExampleFiles)
        {
            var result = RealRules.Evaluate(JObject.Parse(File.ReadAllText(file)));
            var reading = Read(result);
            foreach (var j in result.Scenarios.SelectMany(s => s.Justifications.Concat(s.Vigilances)))
            {
                Assert.AreEqual(j.Explication, reading.Explanation(j), j.Regle);
            }
        }
    }

    // ---- 5. fragile because illustrative, in the synthèse ---------------------------------------------------

    [TestMethod]
    public async Task TheSyntheseCountsApartTheAnswersFragileBecauseTheyRestOnIllustrativeValues()
    {
        var dir = Path.Combine(Path.GetTempPath(), "cadrage-tests", Guid.NewGuid().ToString("N"));
        var input = Path.Combine(dir, "profils");
        Directory.CreateDirectory(input);
        foreach (var file in Repo.ExampleFiles)
        {
            File.Copy(file, Path.Combine(input, Path.GetFileName(file)));
        }
        var output = Path.Combine(dir, "lot");
        await new BatchRunner(RealRules.Kb, new EvaluationService(), 2).RunAsync(BatchInput.Read(input, RealRules.Kb), output);
        var results = BatchResults.Open(output);
        var read = results.Lines().Select(l => results.Read(l.Line, l.Bytes.Span)).ToList();
        var html = File.ReadAllText(Path.Combine(output, BatchRunner.HtmlFile));
        var text = WebUtility.HtmlDecode(html).Replace('\u00a0', ' ');

        // The examples mark their capacities as illustrative: the posture of each rests on them.
        var illustrativePostures = read.Count(r => r.Scenarios[0].Certitudes.Pilotage == Certitudes.Fragile && r.Scenarios[0].Pilotage.Illustratifs is not null);
        Assert.IsTrue(illustrativePostures > 0, "des postures fragiles faute de données mesurées");
        Expect.Contains("fragile : son avance repose sur des valeurs illustratives", text, "la légende le dit");
        Expect.Contains("fragile : une autre option est proche, ou des données absentes pourraient la renverser", text);
        Expect.Contains("ou quand elle serait établie mais que son avance repose sur des valeurs illustratives du profil", text);
        // Counted apart in the distribution of the Qui pilote.
        var pilotage = Regex.Match(html, "<figure class=\"question\">\\s*<figcaption><b>Qui pilote.*?</figure>", RegexOptions.Singleline).Value;
        var segments = Regex.Matches(pilotage, "class=\"c-fragile-illustratif\" style=\"flex-grow:(\\d+)\"").Sum(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.AreEqual(illustrativePostures, segments, pilotage);
        // Coloured apart on the map of the retained scenario's certainty, and counted in its legend.
        var map = Regex.Matches(html, "<figure class=\"carte\">(.*?)</figure>", RegexOptions.Singleline)[2].Value;
        Expect.Contains("stroke=\"#F0E442\"", map);
        var legend = Regex.Match(WebUtility.HtmlDecode(map).Replace('\u00a0', ' '), "fragile : son avance repose sur des valeurs illustratives <span class=\"n\">(\\d+)</span>");
        Assert.IsTrue(legend.Success && int.Parse(legend.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 0, map);
        // Territory by territory: which answers, and the values to measure.
        var section = text[text.IndexOf("<section id=\"a-trancher\">", StringComparison.Ordinal)..];
        Expect.Contains("valeurs illustratives</span>", section);
        Expect.Contains("à mesurer, valeurs illustratives du profil :</span>", section);
        Expect.Contains("territoires dont une réponse ne tient qu'à des valeurs illustratives", text);
    }
}
