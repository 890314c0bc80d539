using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Cadrage.Rules.Evaluation;
using Cadrage.Rules.Explanations;
using Cadrage.Rules.Output;
using Cadrage.Rules.Profiles;
using Cadrage.Rules.Worker.Batch;
using Cadrage.Rules.Worker.Cli;
using Newtonsoft.Json.Linq;

namespace Cadrage.Rules.Tests.Batch;

/// <summary>synthese.html of a real batch (real EPCI, real rules), batch explanations, and batch-note.</summary>
[TestClass]
public sealed partial class SyntheseTests
{
    private static string TempDir() => Path.Combine(Path.GetTempPath(), "cadrage-tests", Guid.NewGuid().ToString("N"));

    private static string Epci(int count)
    {
        var dir = TempDir();
        Directory.CreateDirectory(dir);
        var input = Path.Combine(dir, "lot.jsonl");
        File.WriteAllLines(input, File.ReadLines(Path.Combine(Repo.Examples, "france-epci.jsonl")).Take(count));
        return input;
    }

    /// <summary>Every result of a batch folder, rebuilt as the full form.</summary>
    private static List<EvaluationResult> Results(string output)
    {
        var results = BatchResults.Open(output);
        return results.Lines().Select(l => results.Read(l.Line, l.Bytes.Span)).ToList();
    }

    [GeneratedRegex("M[-0-9.]+ [-0-9.]+h0")]
    private static partial Regex Point();

    [TestMethod]
    public async Task TheSyntheseMapsTheLotAndListsEveryTerritoryToDecideWithItsData()
    {
        var input = Epci(120);
        var output = TempDir();

        await new BatchRunner(RealRules.Kb, new EvaluationService(), 2).RunAsync(BatchInput.Read(input, RealRules.Kb), output);

        var html = File.ReadAllText(Path.Combine(output, BatchRunner.HtmlFile));
        var text = WebUtility.HtmlDecode(html);
        Expect.Contains("<html lang=\"fr\">", html);
        Assert.IsFalse(html.Contains("<script", StringComparison.OrdinalIgnoreCase) || html.Contains("src=\"http", StringComparison.Ordinal) || html.Contains("href=\"http", StringComparison.Ordinal),
            "autonome : ni script ni ressource extérieure");
        Expect.Contains("<strong>120</strong> territoires évalués", text);

        // Three maps (posture, geometry, certainty), each with one point per territory placed from its communes.
        var maps = Regex.Matches(html, "<figure class=\"carte\">(.*?)</figure>", RegexOptions.Singleline);
        Assert.AreEqual(3, maps.Count);
        var profiles = File.ReadLines(input).Select((l, i) => ProfileReader.Read(l, $"ligne {i + 1}", RealRules.Kb)).ToList();
        var placed = profiles.Count(p => TerritorySummary.Position(p.Communes).Latitude is not null);
        Assert.IsTrue(placed > 100, $"{placed} EPCI placés");
        foreach (Match map in maps)
        {
            Assert.AreEqual(placed, Point().Matches(map.Value).Count, "un point par territoire placé");
        }

        // The retained postures counted in the legend are those of the results.
        var results = Results(output);
        foreach (var group in results.Where(r => r.Scenarios.Count > 0).GroupBy(r => r.Scenarios[0].Pilotage.Libelle))
        {
            Expect.Contains($"{group.Key} <span class=\"n\">{FrenchFormat.Number(group.Count())}</span>", maps[0].Value, $"légende de la posture {group.Key}");
        }

        // Every territory with an answer that is not établie is listed, with the data its answers lack.
        var undecided = results.Where(r => r.Analyse.Any(a => a.Certitude != Certitudes.Etablie)).ToList();
        Assert.IsTrue(undecided.Count > 0, "le lot réel a des réponses à trancher");
        var section = Between(text, "<section id=\"a-trancher\">", "</section>");
        foreach (var r in undecided)
        {
            Expect.Contains($"\">{r.Territoire.Nom}</a> <span class=\"id\">{r.Territoire.Id}</span>", section, "avec le lien vers sa note");
        }
        Expect.Contains("cadrage batch … --explications", text, "sans explications, le pied de page dit comment les obtenir");
        Assert.IsFalse(html.Contains("id=\"seuils\"", StringComparison.Ordinal), "pas de seuils sans explications");
    }

    [TestMethod]
    public async Task WithExplanationsEveryResultIsExplainedAndTheSyntheseRanksTheParametersThatFlipTheMostTerritories()
    {
        var input = Epci(60);
        var output = TempDir();

        var summary = await new BatchRunner(RealRules.Kb, new EvaluationService(), 2) { Explanations = ExplanationRequest.Full }
            .RunAsync(BatchInput.Read(input, RealRules.Kb), output);

        Assert.AreEqual(60, summary.Territoires);
        var results = Results(output);
        var lines = File.ReadLines(input).ToList();
        for (var i = 0; i < results.Count; i++)
        {
            var single = new Evaluator().Evaluate(RealRules.Kb, ProfileReader.Read(lines[i], "x", RealRules.Kb), ExplanationRequest.Full, out _);
            Assert.AreEqual(ResultJson.Serialize(single, indented: false), ResultJson.Serialize(results[i], indented: false), $"territoire {i + 1} : comme une évaluation expliquée seule");
        }

        var byParameter = results.SelectMany((r, i) => r.Explications!.SeuilsLesPlusProches.Select(t => (Index: i, t.Parametre)))
            .GroupBy(x => x.Parametre).Select(g => (Name: g.Key, Count: g.Select(x => x.Index).Distinct().Count()))
            .OrderByDescending(g => g.Count).ThenBy(g => g.Name, StringComparer.Ordinal).ToList();
        Assert.IsTrue(byParameter.Count > 0, "des seuils proches sur les EPCI réels");
        var html = File.ReadAllText(Path.Combine(output, BatchRunner.HtmlFile));
        var section = WebUtility.HtmlDecode(Between(html, "<section id=\"seuils\">", "</section>"));
        var rows = Regex.Matches(section, "<tr><td>(.*?)</tr>", RegexOptions.Singleline).Select(m => m.Groups[1].Value).ToList();
        Assert.AreEqual(Math.Min(byParameter.Count, SyntheseHtml.MaxThresholds), rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var parameter = RealRules.Kb.Parameters[byParameter[i].Name];
            Expect.Contains(parameter.Definition.Libelle, rows[i], $"rang {i + 1}");
            Expect.Contains($"({parameter.Formatted})", rows[i]);
            Expect.Contains($"<td class=\"n\">{FrenchFormat.Number(byParameter[i].Count)}<br>", rows[i], $"rang {i + 1} : territoires qui basculeraient");
        }
        var withFlip = results.Count(r => r.Explications!.SeuilsLesPlusProches.Count > 0);
        Expect.Contains($"{FrenchFormat.Number(withFlip)}\u00a0territoire", section);
    }

    [TestMethod]
    public async Task BatchNoteWritesFromTheResultsTheNotesTheSyntheseLinksTo()
    {
        var input = Epci(12);
        var output = TempDir();
        await new BatchRunner(RealRules.Kb, new EvaluationService(), 2).RunAsync(BatchInput.Read(input, RealRules.Kb), output);
        var results = Results(output);
        var wanted = results[3].Territoire;
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var code = await CadrageCli.RunAsync(["batch-note", output, wanted.Id], stdout, stderr);

        Assert.AreEqual(ExitCodes.Success, code, stderr.ToString());
        var link = Regex.Match(File.ReadAllText(Path.Combine(output, BatchRunner.HtmlFile)), $"<a href=\"([^\"]+)\">{Regex.Escape(WebUtility.HtmlEncode(wanted.Nom))}</a>");
        var note = Path.Combine(output, BatchRunner.NotePath(wanted.Id, 1));
        Assert.IsTrue(File.Exists(note), stdout.ToString());
        if (link.Success)
        {
            Assert.AreEqual(BatchRunner.NotePath(wanted.Id, 1), link.Groups[1].Value, "le lien de la synthèse mène à la note écrite");
        }
        var html = File.ReadAllText(note);
        var expected = Note.NoteRenderer.Default.Render(results[3], DateTimeOffset.Now);
        Assert.AreEqual(Strip(expected), Strip(html), "la note reconstruite est celle du résultat (hors date)");
        Expect.Contains("1 note écrite dans", stdout.ToString());
        Assert.AreEqual(1, Directory.GetFiles(Path.Combine(output, BatchRunner.NotesFolder)).Length);

        var unknown = new StringWriter();
        Assert.AreEqual(ExitCodes.InvalidProfile, await CadrageCli.RunAsync(["batch-note", output, "inconnu"], TextWriter.Null, unknown));
        Expect.Contains("Territoire introuvable dans le lot : inconnu", unknown.ToString());
        var missing = new StringWriter();
        Assert.AreEqual(ExitCodes.InvalidProfile, await CadrageCli.RunAsync(["batch-note", TempDir()], TextWriter.Null, missing));
        Expect.Contains("resultats.jsonl introuvable", missing.ToString());
    }

    /// <summary>A note without its dates (rendered at another minute).</summary>
    private static string Strip(string html) => Regex.Replace(html, @"\d{1,2}\s\S+\s\d{4}(\s[àa]\s\d{1,2}\s?h\s?\d{2})?", "DATE");

    private static string Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal);
        Assert.IsTrue(from >= 0, $"{start} absent");
        var to = text.IndexOf(end, from, StringComparison.Ordinal);
        return text[from..to];
    }
}
