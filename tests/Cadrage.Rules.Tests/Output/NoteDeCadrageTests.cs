using System.Net;
using System.Text.RegularExpressions;
using Cadrage.Rules.Evaluation;
using Cadrage.Rules.Explanations;
using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Note;
using Cadrage.Rules.Output;
using Cadrage.Rules.Profiles;

namespace Cadrage.Rules.Tests.Output;

[TestClass]
public sealed class NoteDeCadrageTests
{
    internal static readonly DateTimeOffset At = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    public static IEnumerable<object[]> Examples => Repo.ExampleFiles.Select(f => new object[] { Path.GetFileNameWithoutExtension(f) });

    [TestMethod]
    [DynamicData(nameof(Examples))]
    public void TheNoteReadsInTheOrderOfACopil(string example)
    {
        var (html, result) = Render(RealRules.Example(example));
        var text = WebUtility.HtmlDecode(html);

        // Synthèse first, then the scenarios side by side, the chart, the needs, the limits; the annexes last.
        var order = new[] { "synthese", "scenarios", "graphique", "tableaux-croises", "portrait", "justifications", "base-de-regles" }
            .Select(id => html.IndexOf($"<section id=\"{id}\"", StringComparison.Ordinal)).ToList();
        Assert.IsTrue(order.All(i => i > 0), string.Join(", ", order));
        CollectionAssert.AreEqual(order.Order().ToList(), order, "ordre des parties");
        Expect.Contains("<html lang=\"fr\">", html);
        Expect.Contains($"<title>Note de cadrage — {Html(result.Territoire.Nom)}</title>", html);
        Expect.Contains("Note du 30 novembre 2026", text);
        Expect.Contains("30 novembre 2026 à 10\u00a0h\u00a000 (heure de Paris)", text);
        Expect.Contains($"base de règles {result.Referentiel.Version}", text);
        Expect.Contains("@page", html);
        // Each scenario has its paragraph in the synthèse and its name in the chart's legend.
        var synthese = WebUtility.HtmlDecode(Section(html, "synthese"));
        var legend = WebUtility.HtmlDecode(Regex.Match(Section(html, "graphique"), "<ul class=\"legende\">.*?</ul>", RegexOptions.Singleline).Value);
        foreach (var s in result.Scenarios)
        {
            Expect.Contains($"Scénario {s.Rang} — {s.Intitule}", synthese);
            Expect.Contains($"scénario {s.Rang}, {s.Intitule}", legend);
        }
        // Every rule behind a scenario is explained in the annex.
        var annex = WebUtility.HtmlDecode(Section(html, "justifications"));
        foreach (var j in result.Scenarios.SelectMany(s => s.Justifications.Concat(s.Vigilances)))
        {
            // As the note sets it: a no-break space inside each guillemet.
            Expect.Contains(FrenchFormat.Typography(j.Explication), annex);
        }
        Assert.IsFalse(html.Contains("<script", StringComparison.OrdinalIgnoreCase), "pas de script");
        Assert.IsFalse(html.Contains("<link", StringComparison.Ordinal), "autonome : aucune ressource externe");
    }

    [TestMethod]
    [DynamicData(nameof(Examples))]
    public void WithExplanationsTheNoteSaysWhatWouldChangeTheRecommendation(string example)
    {
        var (html, result) = Render(RealRules.Example(example), explanations: true);
        var e = result.Explications!;

        // After the chart, before the needs; the detail in annex C, the rule set becomes annex D.
        var order = new[] { "synthese", "graphique", "changer", "tableaux-croises", "justifications", "explications", "base-de-regles" }
            .Select(id => html.IndexOf($"<section id=\"{id}\"", StringComparison.Ordinal)).ToList();
        Assert.IsTrue(order.Skip(2).All(i => i > 0), string.Join(", ", order));
        CollectionAssert.AreEqual(order.Where(i => i > 0).Order().ToList(), order.Where(i => i > 0).ToList(), "ordre des parties");
        var changer = WebUtility.HtmlDecode(Section(html, "changer"));
        Expect.Contains("Ce qui ferait changer la recommandation", changer);
        foreach (var sentence in e.CeQuiFeraitChanger.Concat(e.PourquoiPas.Select(w => w.Phrase)).Concat(e.Sensibilite.Select(s => s.Phrase)).Distinct().Select(FrenchFormat.Typography))
        {
            Expect.Contains(sentence, changer);
            // Each said once: a sensitive answer is not repeated between the changes and the robustness.
            Assert.AreEqual(changer.IndexOf(sentence, StringComparison.Ordinal), changer.LastIndexOf(sentence, StringComparison.Ordinal), $"{example} : dit deux fois : {sentence}");
        }
        var annex = WebUtility.HtmlDecode(Section(html, "explications"));
        foreach (var sentence in ExplanationReport.CounterfactualsBesideChanges(e).Select(c => c.Phrase).Concat(e.Contrastes.Select(c => c.Phrase)).Select(FrenchFormat.Typography))
        {
            Expect.Contains(sentence, annex);
        }
        // The changes found open « Ce qui ferait changer la recommandation » too: said there, with their variants, not again in the annex.
        foreach (var sentence in e.Contrefactuels.Select(c => c.Phrase).Except(ExplanationReport.CounterfactualsBesideChanges(e).Select(c => c.Phrase)).Select(FrenchFormat.Typography))
        {
            Expect.Contains(sentence, changer);
            Assert.IsFalse(annex.Contains(sentence, StringComparison.Ordinal), $"{example} : redit en annexe : {sentence}");
        }
        // The nearest thresholds open « Ce qui ferait changer la recommandation »: said there, not again in the annex.
        foreach (var sentence in e.SeuilsLesPlusProches.Select(s => FrenchFormat.Typography(s.Phrase)))
        {
            Expect.Contains(sentence, changer);
            Assert.IsFalse(annex.Contains(sentence, StringComparison.Ordinal), $"{example} : redit en annexe : {sentence}");
        }
        Expect.Contains("Annexe D — Base de règles", WebUtility.HtmlDecode(Section(html, "base-de-regles")));

        // Without explanations, neither part appears and the rule set stays annex C.
        var (plain, _) = Render(RealRules.Example(example));
        Assert.IsFalse(plain.Contains("<section id=\"changer\"", StringComparison.Ordinal) || plain.Contains("<section id=\"explications\"", StringComparison.Ordinal));
        Expect.Contains("Annexe C — Base de règles", WebUtility.HtmlDecode(Section(plain, "base-de-regles")));
    }

    [TestMethod]
    public void TheTextReportSaysWhatWouldChangeTheRecommendationWhenExplained()
    {
        var (_, result) = Render(RealRules.Example("ca-nevers"), explanations: true);
        var text = TextReport.Render(new ReportReading(result, ReportContext.From(result)));

        // The text report sets French typography over every line (no-break space before « : ; ? ! »).
        Expect.Contains("Ce qui ferait changer la recommandation\u00a0:", text);
        var e = result.Explications!;
        foreach (var sentence in e.CeQuiFeraitChanger.Concat(e.PourquoiPas.Select(w => w.Phrase)).Concat(e.Sensibilite.Select(s => s.Phrase)).Select(FrenchFormat.Typography))
        {
            Expect.Contains(sentence, text);
        }
        foreach (var sentence in e.Sensibilite.Select(s => FrenchFormat.Typography(s.Phrase)))
        {
            Assert.AreEqual(text.IndexOf(sentence, StringComparison.Ordinal), text.LastIndexOf(sentence, StringComparison.Ordinal), $"dit deux fois : {sentence}");
        }
        var (_, plain) = Render(RealRules.Example("ca-nevers"));
        Assert.IsFalse(TextReport.Render(new ReportReading(plain, ReportContext.From(plain))).Contains("Ce qui ferait changer", StringComparison.Ordinal));
    }

    [TestMethod]
    public void TheChartShowsWhatDiffersBetweenScenarios()
    {
        var (html, result) = Render(RealRules.Example("cc-pays-chatillonnais"));
        var chart = Section(html, "graphique");

        // An axis with its unit, graduated from 0.
        Expect.Contains("Preuve nette (poids des règles favorables moins celui des règles opposées), en points", WebUtility.HtmlDecode(chart));
        Expect.Contains(">0</text>", chart);
        // Questions every scenario answers alike get one hatched bar; the others one bar per scenario; the quoi, outside the score, none.
        var reading = new ReportReading(result, ReportContext.From(result));
        Assert.IsTrue(reading.CommonQuestions.Count > 0, "l'exemple a des réponses communes");
        var common = Regex.Matches(chart, "url\\(#motif-commun\\)").Count;
        var perScenario = Regex.Matches(chart, "url\\(#motif-[1-4]\\)").Count - result.Scenarios.Count; // minus the legend's swatches
        Assert.AreEqual(4 * result.Scenarios.Count, common * result.Scenarios.Count + perScenario);
        Assert.IsTrue(common >= 1 && perScenario >= result.Scenarios.Count);
        Expect.Contains("ne compte pas dans le score", WebUtility.HtmlDecode(chart));
    }

    [TestMethod]
    [DynamicData(nameof(Examples))]
    public void TheChartDrawsThePointsTheScenariosTableCounts(string example)
    {
        var (html, result) = Render(RealRules.Example(example));
        var bars = Bars(Section(html, "graphique"));
        var table = WebUtility.HtmlDecode(Section(html, "scenarios"));

        // Each scenario's bars (a hatched bar stands for every scenario) are the parts of the score the table adds up, in
        // the order of the questions, and add up to the score total the table shows.
        foreach (var s in result.Scenarios)
        {
            var own = bars.Where(b => b.Tag == $"S{s.Rang}" || b.Tag == "tous").Select(b => b.Points).ToList();
            CollectionAssert.AreEqual(ReportReading.ScoreParts(s).Select(p => p.Points).ToList(), own, $"{example}, scénario {s.Rang} : {string.Join(" ; ", bars)}");
            Assert.AreEqual(s.Score, own.Sum(), 1e-9);
            Expect.Contains(ReportReading.ScoreSum(s), table);
        }
        // The length drawn is those points, on one scale for every bar.
        var scales = bars.Where(b => b.Points > 0).Select(b => b.Width / b.Points).ToList();
        Assert.IsTrue(scales.Max() - scales.Min() < 0.01, string.Join(" ; ", bars));
    }

    [TestMethod]
    public void AnOpposingRuleShortensTheBarAndIsSaid()
    {
        var (html, result) = Render(RealRules.Example("cc-pays-chatillonnais"));
        var chart = Section(html, "graphique");

        // Scenario 2's posture, « Faire », has 5 points for and 2 against: the table counts 3, the chart draws 3 and says both sides.
        var faire = result.Scenarios.Single(s => s.Pilotage.Id == "faire");
        Assert.AreEqual((5.0, 3.0), (faire.Pilotage.Soutien, faire.Pilotage.Net), "l'exemple a changé : choisir une autre réponse contestée");
        var bar = Bars(chart).Single(b => b.Tag == $"S{faire.Rang}" && b.Title.Contains("Qui pilote", StringComparison.Ordinal));
        Assert.AreEqual(3, bar.Points);
        Expect.Contains("preuve nette de 3\u00a0points (5\u00a0points pour, 2 contre)", bar.Title);
        Expect.Contains(">3 (5 pour, 2 contre)</text>", WebUtility.HtmlDecode(chart));
        Expect.Contains("moins celui des règles qui s'y opposent", WebUtility.HtmlDecode(chart));
    }

    /// <summary>A bar of the chart: its tag (« S2 », « tous »), drawn width, tooltip and the net points the tooltip states.</summary>
    private sealed record ChartBar(string Tag, double Width, string Title, double Points);

    private static List<ChartBar> Bars(string chart) =>
        Regex.Matches(chart, "<g class=\"barre\"><text[^>]*>(?<tag>[^<]*)</text>\\s*<rect[^>]*? width=\"(?<w>[0-9.]+)\"[^>]*><title>(?<title>[^<]*)</title>", RegexOptions.Singleline)
            .Select(m =>
            {
                var title = WebUtility.HtmlDecode(m.Groups["title"].Value);
                var points = Regex.Match(title, "preuve nette de (?<n>-?[0-9\u202f]+(,[0-9]+)?)\u00a0point").Groups["n"].Value;
                Assert.AreNotEqual("", points, title);
                return new ChartBar(m.Groups["tag"].Value, double.Parse(m.Groups["w"].Value, System.Globalization.CultureInfo.InvariantCulture), title,
                    double.Parse(points.Replace("\u202f", "", StringComparison.Ordinal).Replace(',', '.'), System.Globalization.CultureInfo.InvariantCulture));
            })
            .ToList();

    [TestMethod]
    public void QuestionLabelsComeFromTheReferentiel()
    {
        using var rules = new RulesCopy();
        rules.Edit("referentiel.json", json => json["questions"]![0]!["libelle"] = "Qui porte la démarche ?");
        var kb = RuleSet.Load(rules.Directory);
        var profile = RealRules.Profile(RealRules.Example("ca-nevers"), kb);
        var result = new Evaluator().Evaluate(kb, profile);

        var html = NoteDeCadrage.Render(result, At);
        var text = TextReport.Render(result);

        // As the note and the text set them: a no-break space before « ? ».
        Expect.Contains("Qui porte la démarche&#xA0;?", html);
        Expect.Contains("Qui porte la démarche\u00a0?", text);
        Assert.IsFalse(html.Contains("Qui pilote&#xA0;?", StringComparison.Ordinal));
        Assert.IsFalse(text.Contains("Qui pilote\u00a0?", StringComparison.Ordinal));
    }

    [TestMethod]
    public void ValuesAreWrittenWithTheirLabelsAndUnits()
    {
        var (html, _) = Render(RealRules.Example("cc-pays-chatillonnais"));
        var portrait = WebUtility.HtmlDecode(Section(html, "portrait"));

        Expect.Contains("<td>Type d'EPCI</td><td class=\"valeur\">communauté de communes</td>", portrait);
        Expect.Contains("107\u00a0communes", portrait);
        Expect.Contains("19\u202f533\u00a0habitants", portrait);
        Expect.Contains("1\u00a0commune<", portrait);
        Expect.Contains("convention territoriale globale (CTG)", portrait);
    }

    [TestMethod]
    public void MissingIndicatorsAreListedInTheAnnexAndCountedInTheLimits()
    {
        var (html, _) = Render(RealRules.With("cc-pays-chatillonnais", ("densite", null)));

        Expect.Contains("<tr class=\"manquant\"><td>Densité de population</td>", Section(html, "portrait"));
        Expect.Contains("1\u00a0indicateur manque au profil", WebUtility.HtmlDecode(Section(html, "avertissements")));
    }

    [TestMethod]
    public void TextIsEscaped()
    {
        var json = RealRules.Example("ca-nevers");
        json["nom"] = "CA <script>alert(1)</script> \" & '";

        var (html, _) = Render(json);

        Assert.IsFalse(html.Contains("<script>alert", StringComparison.Ordinal));
        Expect.Contains("CA &lt;script&gt;alert(1)&lt;/script&gt; &quot; &amp; &#x27;", html);
        // In the running header the name is a CSS string: nothing can close it nor the style element.
        var page = Regex.Match(html, "<style>(@page \\{ @top-left.*?)</style>", RegexOptions.Singleline).Groups[1].Value;
        Assert.IsFalse(page.Contains('<') || page.Contains('\'') || page.Contains('&'), page);
        Expect.Contains("\\3c script\\3e ", page);
    }

    [TestMethod]
    public void AConsultantReplacesTheStyleByASetting()
    {
        var folder = Path.Combine(Path.GetTempPath(), "cadrage-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var css = Path.Combine(folder, "charte.css");
        File.WriteAllText(css, "body { font-family: \"Charte Agence\"; } /* </style><script>x</script> */");
        var json = RealRules.Example("ca-nevers");
        var profile = RealRules.Profile(json);
        var result = RealRules.Evaluate(json);

        var html = NoteRenderer.FromOptions(new NoteOptions { Css = css }).Render(result, At);

        Expect.Contains("font-family: \"Charte Agence\"", html);
        Assert.IsFalse(html.Contains(NoteRenderer.DefaultCss[..80], StringComparison.Ordinal), "le style par défaut est remplacé");
        Assert.IsFalse(html.Contains("</style><script>", StringComparison.Ordinal), "la feuille ne peut pas sortir de son élément");
        var missing = Assert.ThrowsExactly<NoteStyleException>(() => NoteRenderer.FromOptions(new NoteOptions { Css = Path.Combine(folder, "absente.css") }));
        Expect.Contains("Cadrage:Note:Css", missing.Message);
        Expect.Contains("absente.css", missing.Message);
        Expect.Contains("fichier introuvable", missing.Message);
    }

    [TestMethod]
    public void NoGuillemetIsLeftAloneAtTheEndOrStartOfALine()
    {
        // « Pour chaque… « Faire avec » » : a breaking space after « (or before ») lets the line end on « (start on »).
        // Whoever wrote the text, the code, a rule or the catalogue: the note of every example and of real EPCI.
        var alone = new Regex(@"«(?:\s(?<!\u00a0)|$)|(?:^|\s(?<!\u00a0))»", RegexOptions.Multiline);
        var profiles = Repo.ExampleFiles.Select(f => Newtonsoft.Json.Linq.JObject.Parse(File.ReadAllText(f)))
            .Concat(RealRules.EpciLines(every: 97).Select(Newtonsoft.Json.Linq.JObject.Parse)).ToList();
        var guillemets = 0;
        foreach (var json in profiles)
        {
            var (html, result) = Render(json, explanations: true);
            var text = WebUtility.HtmlDecode(Regex.Replace(html, "<style>.*?</style>", " ", RegexOptions.Singleline));
            guillemets += text.Count(c => c == '«');
            var faults = alone.Matches(text).Select(m => text[Math.Max(0, m.Index - 30)..Math.Min(text.Length, m.Index + 30)]).Take(5).ToList();
            Assert.AreEqual(0, faults.Count, $"{result.Territoire.Nom} : {string.Join(" | ", faults)}");
        }
        Assert.IsTrue(guillemets > 500, $"{guillemets} guillemets lus");
    }

    [TestMethod]
    public void TheSyntheseNeedsNoArticleBeforeTheTerritorysName()
    {
        // « Pour CA de Nevers, les règles… »: the name is the title's; a sentence never puts it after a preposition.
        foreach (var file in Repo.ExampleFiles)
        {
            var (html, result) = Render(Newtonsoft.Json.Linq.JObject.Parse(File.ReadAllText(file)));
            var first = new ReportReading(result, ReportContext.From(result)).Introduction()[0];
            Assert.IsFalse(first.Contains(result.Territoire.Nom, StringComparison.Ordinal), first);
            Expect.Contains("pour ce territoire", first);
            Assert.IsFalse(WebUtility.HtmlDecode(Section(html, "synthese")).Contains("Pour " + result.Territoire.Nom, StringComparison.Ordinal));
        }
    }

    internal static (string Html, EvaluationResult Result) Render(Newtonsoft.Json.Linq.JObject json, bool annexes = true, bool explanations = false)
    {
        var profile = ProfileReader.Read(json, "note.json", RealRules.Kb);
        var result = new Evaluator().Evaluate(RealRules.Kb, profile, explanations ? ExplanationRequest.Full : ExplanationRequest.None, out _);
        return (NoteDeCadrage.Render(new ReportReading(result, ReportContext.From(result)), At, annexes), result);
    }

    /// <summary>Markup characters escaped as the note escapes them (accented letters stay).</summary>
    private static string Html(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal).Replace("'", "&#x27;", StringComparison.Ordinal);

    internal static string Section(string html, string id)
    {
        var start = html.IndexOf($"<section id=\"{id}\"", StringComparison.Ordinal);
        Assert.IsTrue(start >= 0, $"partie {id} absente");
        return html[start..(html.IndexOf("</section>", start, StringComparison.Ordinal) + "</section>".Length)];
    }
}
