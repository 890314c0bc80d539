using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Cadrage.Rules.Tests.Output;

/// <summary>The note printed to PDF by headless Chromium, as a consultant prints it for a COPIL.</summary>
[TestClass]
public sealed class NotePrintTests
{
    /// <summary>What is read in a meeting, before the annexes, holds in about six A4 pages.</summary>
    public const int BodyPagesMax = 6;

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
        Run("--no-pdf-header-footer", "--print-to-pdf=" + pdf, new Uri(note).AbsoluteUri, folder);
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

    /// <summary>The page objects of a PDF written by Chromium (Skia writes them uncompressed).</summary>
    public static int Pages(byte[] pdf) => Regex.Matches(Encoding.Latin1.GetString(pdf), @"/Type\s*/Page\b(?!s)").Count;

    private static void Run(string option, string output, string url, string folder)
    {
        var start = new ProcessStartInfo(Executable()) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--user-data-dir=" + Path.Combine(folder, "profil"), option, output, url })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        _ = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("chromium n'a pas fini en 2 minutes");
        }
    }
}
