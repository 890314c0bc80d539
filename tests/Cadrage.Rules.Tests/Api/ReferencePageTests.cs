using System.Net;
using System.Text.RegularExpressions;
using Cadrage.Rules.Worker.Api;

namespace Cadrage.Rules.Tests.Api;

/// <summary>The interactive reference of the API, served by the app with its own assets (no CDN).</summary>
[TestClass]
public sealed partial class ReferencePageTests
{
    [TestMethod]
    public async Task TheReferencePageAndItsScriptAreServedLocally()
    {
        await using var api = await ApiHost.StartAsync();

        var page = await api.Client.GetAsync("/reference");
        var html = await page.Content.ReadAsStringAsync();

        Assert.AreEqual(HttpStatusCode.OK, page.StatusCode);
        Assert.AreEqual("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.AreEqual(SecurityHeaders.ReferencePolicy, page.Headers.GetValues("Content-Security-Policy").Single());
        Expect.Contains("openapi/v1.json", html);
        var scripts = ScriptSource().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.IsTrue(scripts.Count > 0, html);
        var bytes = 0;
        foreach (var script in scripts)
        {
            Assert.IsFalse(script.StartsWith("http", StringComparison.OrdinalIgnoreCase) || script.StartsWith("//", StringComparison.Ordinal), $"script externe : {script}");
            var asset = await api.Client.GetAsync(new Uri(page.RequestMessage!.RequestUri!, script));
            Assert.AreEqual(HttpStatusCode.OK, asset.StatusCode, script);
            bytes += (await asset.Content.ReadAsByteArrayAsync()).Length;
        }
        Assert.IsTrue(bytes > 100_000, "le bundle de la page est servi par l'application");
        Assert.IsFalse(html.Contains("fonts.scalar.com", StringComparison.Ordinal), "pas de polices d'un CDN");
    }

    [GeneratedRegex("<script[^>]+src=\"([^\"]+)\"")]
    private static partial Regex ScriptSource();
}
