using Microsoft.Playwright;

namespace Cadrage.Rules.Atelier.Tests;

/// <summary>Debian's chromium driven by Playwright, headless, with the flags COLLAB.md gives (Playwright gives it a fresh profile folder).</summary>
internal static class Browser
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

    /// <summary>
    /// Chromium as a French user runs it: its interface in French, so that the page's native controls (the journal's
    /// date fields) read « jj/mm/aaaa » as they do for that user. On Linux Chromium takes its interface language from
    /// LANGUAGE (not from --lang, nor from the context's locale, which only sets navigator.language and
    /// Accept-Language), and only if Debian's chromium-l10n is installed (.ci/run installs it).
    /// </summary>
    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var executable = Executable();
        if (!File.Exists("/usr/lib/chromium/locales/fr.pak") && Environment.GetEnvironmentVariable("CI") == "true")
        {
            Assert.Fail("chromium-l10n est absent : Chromium s'afficherait en anglais (dates mm/dd/yyyy) ; .ci/run doit l'installer");
        }
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--lang=fr-FR"],
            Env = FrenchEnvironment(),
        });
        return (playwright, browser);
    }

    /// <summary>This process's environment (Playwright replaces it, not adds to it) with a French interface language.</summary>
    private static Dictionary<string, string> FrenchEnvironment()
    {
        var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal);
        environment["LANGUAGE"] = "fr_FR:fr";
        environment["LANG"] = "fr_FR.UTF-8";
        return environment;
    }

    /// <summary>A page context as a French user's: French locale, Paris time.</summary>
    public static BrowserNewContextOptions FrenchContext(int width = 1280, int height = 900) => new()
    {
        ViewportSize = new ViewportSize { Width = width, Height = height },
        Locale = "fr-FR",
        TimezoneId = "Europe/Paris",
        AcceptDownloads = true,
    };

    /// <summary>Where screenshots go: <c>CADRAGE_CAPTURES</c> (docs/atelier to refresh the README's), else the test output.</summary>
    public static string Captures { get; } = Environment.GetEnvironmentVariable("CADRAGE_CAPTURES") is { Length: > 0 } folder
        ? Path.GetFullPath(folder)
        : Path.Combine(AppContext.BaseDirectory, "captures");

    public static async Task ShotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Captures);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Captures, name + ".png"), FullPage = false });
    }
}
