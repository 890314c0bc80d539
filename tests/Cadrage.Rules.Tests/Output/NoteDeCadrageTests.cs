using System.Diagnostics;
using System.IO.Compression;
using Cadrage.Rules.Evaluation;
using Cadrage.Rules.Output;
using Cadrage.Rules.Profiles;

namespace Cadrage.Rules.Tests.Output;

[TestClass]
public sealed class NoteDeCadrageTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    public static IEnumerable<object[]> Examples => Repo.ExampleFiles.Select(f => new object[] { Path.GetFileNameWithoutExtension(f) });

    [TestMethod]
    [DynamicData(nameof(Examples))]
    public void NoteHasEverySectionForEachExample(string example)
    {
        var (html, result) = Render(RealRules.Example(example));

        foreach (var section in new[] { "synthese", "portrait", "scenarios", "graphique", "tableaux-croises", "justifications" })
        {
            Expect.Contains($"<section id=\"{section}\">", html);
        }
        Expect.Contains("<html lang=\"fr\">", html);
        Expect.Contains($"Note de cadrage — {result.Territoire.Nom.Replace("'", "&#39;", StringComparison.Ordinal)}", html);
        Expect.Contains("Portrait du territoire", html);
        Expect.Contains("Les scénarios côte à côte", html);
        Expect.Contains("Tableaux croisés des besoins", html);
        Expect.Contains("Points de vigilance", html);
        Expect.Contains($"Base de règles <strong>{result.Referentiel.Version}</strong>", html);
        Expect.Contains("généré le 30/11/2026 à 09:00 UTC · généré par Cadrage.Rules", html);
        // One bar per scenario and question in the chart, and every justification listed.
        var bars = html.Split("</title></rect>").Length - 1;
        Assert.AreEqual(result.Scenarios.Count * 6, bars);
        foreach (var j in result.Scenarios.SelectMany(s => s.Justifications))
        {
            Expect.Contains($"<code>{j.Regle}</code>", html);
        }
        Assert.IsFalse(html.Contains("http://", StringComparison.Ordinal) && html.Contains("<script", StringComparison.Ordinal), "autonome : ni script ni ressource externe");
        Assert.IsFalse(html.Contains("<link", StringComparison.Ordinal));
    }

    [TestMethod]
    public void MissingIndicatorsAreFlaggedInThePortrait()
    {
        var (html, _) = Render(RealRules.With("cc-pays-chatillonnais", ("densite", null)));

        Expect.Contains("<tr class=\"manquant\"><td>Densité de population</td><td colspan=\"3\">indicateur manquant", html);
    }

    [TestMethod]
    public void TextIsEscaped()
    {
        var json = RealRules.Example("ca-nevers");
        json["nom"] = "CA <script>alert(1)</script>";

        var (html, _) = Render(json);

        Assert.IsFalse(html.Contains("<script>alert", StringComparison.Ordinal));
        Expect.Contains("CA &lt;script&gt;", html);
    }

    [TestMethod]
    public void HeadlessChromiumRendersANoteThatIsNotBlank()
    {
        var chromium = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);
        if (chromium is null)
        {
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                Assert.Fail("chromium est absent : .ci/run doit l'installer (paquet Debian « chromium »)");
            }
            Assert.Inconclusive("chromium absent de cette machine");
        }
        var folder = Path.Combine(Path.GetTempPath(), "cadrage-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var note = Path.Combine(folder, "note.html");
        var png = Path.Combine(folder, "note.png");
        File.WriteAllText(note, Render(RealRules.Example("cc-pays-chatillonnais")).Html);

        var start = new ProcessStartInfo(chromium) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                     "--user-data-dir=" + Path.Combine(folder, "profil"), "--window-size=1280,1600", "--screenshot=" + png, new Uri(note).AbsoluteUri })
        {
            start.ArgumentList.Add(argument);
        }
        using (var process = Process.Start(start)!)
        {
            process.StandardError.ReadToEndAsync();
            Assert.IsTrue(process.WaitForExit(120_000), "chromium n'a pas fini en 2 minutes");
        }

        Assert.IsTrue(File.Exists(png), "pas de capture");
        var pixels = Png.DecodeRows(File.ReadAllBytes(png));
        var distinct = pixels.Distinct().Count();
        var nonWhite = pixels.Count(b => b < 0xF0);
        Assert.IsTrue(distinct > 50, $"capture uniforme ({distinct} valeurs d'octets)");
        Assert.IsTrue(nonWhite > pixels.Length / 100, $"capture presque blanche ({nonWhite} octets sombres sur {pixels.Length})");
    }

    private static (string Html, EvaluationResult Result) Render(Newtonsoft.Json.Linq.JObject json)
    {
        var profile = ProfileReader.Read(json, "note.json", RealRules.Kb);
        var result = new Evaluator().Evaluate(RealRules.Kb, profile);
        return (NoteDeCadrage.Render(result, profile, RealRules.Kb, At), result);
    }

    /// <summary>Just enough PNG reading to look at the pixels: the inflated IDAT stream (filter bytes included).</summary>
    private static class Png
    {
        public static byte[] DecodeRows(byte[] file)
        {
            using var idat = new MemoryStream();
            for (var offset = 8; offset + 8 <= file.Length;)
            {
                var length = (file[offset] << 24) | (file[offset + 1] << 16) | (file[offset + 2] << 8) | file[offset + 3];
                var type = System.Text.Encoding.ASCII.GetString(file, offset + 4, 4);
                if (type == "IDAT")
                {
                    idat.Write(file, offset + 8, length);
                }
                offset += 12 + length;
            }
            idat.Position = 0;
            using var inflate = new ZLibStream(idat, CompressionMode.Decompress);
            using var raw = new MemoryStream();
            inflate.CopyTo(raw);
            return raw.ToArray();
        }
    }
}
