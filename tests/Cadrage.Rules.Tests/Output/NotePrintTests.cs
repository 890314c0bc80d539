using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Cadrage.Rules.Tests.Output;

/// <summary>The note printed to PDF by headless Chromium, as a consultant prints it for a COPIL.</summary>
[TestClass]
public sealed class NotePrintTests
{
    /// <summary>
    /// What is read in a meeting, before the annexes, holds in about six A4 pages; seven since each named place says on
    /// what ground it is named (its level of the density grid, the range of services it offers) and the synthèse says
    /// first when the posture rests on illustrative values (CA de Nevers: 7).
    /// </summary>
    public const int BodyPagesMax = 7;

    [TestMethod]
    [DynamicData(nameof(NoteDeCadrageTests.Examples), typeof(NoteDeCadrageTests))]
    public void TheBodyOfTheNotePrintsOnAFewA4Pages(string example)
    {
        var (body, _) = NoteDeCadrageTests.Render(RealRules.Example(example), annexes: false);

        var pdf = Chromium.PrintToPdf(body);

        var pages = Chromium.Pages(pdf);
        Assert.IsTrue(pages is >= 1 and <= BodyPagesMax, $"{example} : {pages} pages avant les annexes");
        // A4 (595 × 842 points), not Letter.
        Expect.Contains("/MediaBox [0 0 594.9", Encoding.Latin1.GetString(pdf));
    }

    /// <summary>The printable width of an A4 page with the note's margins (210 mm − 2 × 16 mm), in CSS pixels.</summary>
    public const int A4PrintableWidthPx = 672;

    [TestMethod]
    [DynamicData(nameof(NoteDeCadrageTests.Examples), typeof(NoteDeCadrageTests))]
    public void EveryTableOfTheNoteFitsTheWidthOfAnA4Page(string example)
    {
        // Anything wider than the page makes Chromium shrink every printed page to fit it (the portrait's list of
        // competences once did, in a cell that would not wrap): the note is laid out with its print rules at the
        // printable width, and no element may end beyond it.
        var (html, _) = NoteDeCadrageTests.Render(RealRules.Example(example), explanations: true);

        var overflowing = Chromium.Overflowing(html, A4PrintableWidthPx);

        Assert.AreEqual(0, overflowing.Count, $"{example} : éléments plus larges que la page A4 : {string.Join(" | ", overflowing.Take(5))}");
    }

    [TestMethod]
    public void TheAnnexesStartOnTheirOwnPage()
    {
        var json = RealRules.Example("cc-le-gresivaudan");
        var body = Chromium.Pages(Chromium.PrintToPdf(NoteDeCadrageTests.Render(json, annexes: false).Html));

        var full = Chromium.Pages(Chromium.PrintToPdf(NoteDeCadrageTests.Render(json).Html));

        Assert.IsTrue(full >= body + 2, $"{full} pages en tout, {body} avant les annexes");
    }
}

/// <summary>Headless Chromium, with the flags COLLAB.md gives, in a fresh profile folder.</summary>
internal static class Chromium
{
    public static string Executable()
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
        return chromium!;
    }

    public static byte[] PrintToPdf(string html)
    {
        var folder = Path.Combine(Path.GetTempPath(), "cadrage-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var note = Path.Combine(folder, "note.html");
        var pdf = Path.Combine(folder, "note.pdf");
        File.WriteAllText(note, html);
        Run(["--no-pdf-header-footer", "--print-to-pdf=" + pdf, new Uri(note).AbsoluteUri], folder);
        Assert.IsTrue(File.Exists(pdf), "chromium n'a pas écrit de PDF");
        var bytes = File.ReadAllBytes(pdf);
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        return bytes;
    }

    /// <summary>
    /// The elements of a page laid out at <paramref name="width"/> CSS pixels with its print rules (its
    /// <c>@media print</c> block applied to the screen) whose right edge passes that width, as "tag.class : text".
    /// </summary>
    public static IReadOnlyList<string> Overflowing(string html, int width)
    {
        var print = PrintRules(html);
        Assert.IsFalse(string.IsNullOrEmpty(print), "la page n'a pas de règles @media print");
        const string Script = """
            <script>
            window.addEventListener('load', () => {
              const width = document.documentElement.clientWidth;
              const found = [];
              for (const element of document.querySelectorAll('body *')) {
                if (element.getBoundingClientRect().right > width + 1) {
                  found.push(element.tagName.toLowerCase() + '.' + element.className + ' : ' + (element.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 80));
                }
              }
              const report = document.createElement('pre');
              report.id = 'rapport-debordement';
              report.textContent = JSON.stringify({ width: width, found: found });
              document.body.appendChild(report);
            });
            </script>
            """;
        var measured = html.Replace("</head>", "<style>@media screen {" + print + "}</style>" + Script + "</head>", StringComparison.Ordinal);
        var folder = Path.Combine(Path.GetTempPath(), "cadrage-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var page = Path.Combine(folder, "note.html");
        File.WriteAllText(page, measured);
        var dom = Run(["--window-size=" + width + ",1000", "--hide-scrollbars", "--virtual-time-budget=5000", "--dump-dom", new Uri(page).AbsoluteUri], folder);
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        var match = Regex.Match(dom, "<pre id=\"rapport-debordement\">(.*?)</pre>", RegexOptions.Singleline);
        Assert.IsTrue(match.Success, "chromium n'a pas mesuré la page");
        var report = Newtonsoft.Json.Linq.JObject.Parse(System.Net.WebUtility.HtmlDecode(match.Groups[1].Value));
        Assert.AreEqual(width, (int)report["width"]!, "largeur de la fenêtre de mesure");
        return report["found"]!.Select(f => (string)f!).ToList();
    }

    /// <summary>The content of the page's <c>@media print { … }</c> block.</summary>
    private static string PrintRules(string html)
    {
        var start = html.IndexOf("@media print", StringComparison.Ordinal);
        if (start < 0)
        {
            return "";
        }
        var open = html.IndexOf('{', start);
        var depth = 0;
        for (var i = open; i < html.Length; i++)
        {
            depth += html[i] == '{' ? 1 : html[i] == '}' ? -1 : 0;
            if (depth == 0)
            {
                return html[(open + 1)..i];
            }
        }
        return "";
    }

    /// <summary>The page objects of a PDF written by Chromium (Skia writes them uncompressed).</summary>
    public static int Pages(byte[] pdf) => Regex.Matches(Encoding.Latin1.GetString(pdf), @"/Type\s*/Page\b(?!s)").Count;

    private static string Run(IEnumerable<string> arguments, string folder)
    {
        var start = new ProcessStartInfo(Executable()) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--user-data-dir=" + Path.Combine(folder, "profil") }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        _ = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("chromium n'a pas fini en 2 minutes");
        }
        return output.GetAwaiter().GetResult();
    }
}
