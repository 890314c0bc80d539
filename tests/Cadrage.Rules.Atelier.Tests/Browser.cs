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

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var executable = Executable();
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        return (playwright, browser);
    }

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
