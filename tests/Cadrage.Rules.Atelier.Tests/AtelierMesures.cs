using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Cadrage.Rules.Atelier.Tests;

/// <summary>
/// The atelier's speed as a user feels it, in the real browser, read from the figures the page itself shows: a
/// series of threshold changes in the sandbox (<c>data-total</c>: from the input, quiet delay included, to the frame
/// that shows the flips, the distributions and both maps) and of evaluations of one territory (<c>data-duree</c>:
/// from the click to the frame that shows the result, complete explanations and journal write included).
/// As a test it makes a few of each and checks what they show (each change shows the answer for its own value, the
/// same count the service gives); with <c>CADRAGE_MESURES=20</c> it makes twenty of each and prints minimum, median
/// and 95th percentile for docs/performance.md. It never asserts a duration.
/// </summary>
[TestClass]
public sealed class AtelierMesures
{
    private static int Count => int.TryParse(Environment.GetEnvironmentVariable("CADRAGE_MESURES"), out var n) && n > 0 ? n : 3;

    [TestMethod]
    public async Task SuccessiveThresholdChangesAndEvaluationsEachShowTheirOwnAnswer()
    {
        var (playwright, browser) = await Browser.LaunchAsync();
        await using var host = await AtelierHost.StartAsync();
        try
        {
            var context = await browser.NewContextAsync(Browser.FrenchContext());
            var page = await context.NewPageAsync();
            using var client = host.Client();
            var token = await AtelierHost.TokenAsync(client);

            await page.GotoAsync(new Uri(host.Address, "/#bac-a-sable").ToString());
            await page.WaitForSelectorAsync("body[data-pret='oui']");
            await page.WaitForSelectorAsync("#bac-parametre option[value='seuil_polarisation_forte']", new() { State = WaitForSelectorState.Attached });
            await page.GetByLabel("Paramètre", new() { Exact = true }).SelectOptionAsync("seuil_polarisation_forte");
            var current = double.Parse(await page.Locator("#bac-valeur").InputValueAsync(), CultureInfo.InvariantCulture);
            // Choosing the parameter asks once (nothing changed): wait for it, so that it is not counted below.
            await page.WaitForFunctionAsync("() => document.querySelector('#bac-resume').dataset.mesure === '1'");

            var totals = new List<double>();
            var service = new List<double>();
            for (var i = 0; i < Count; i++)
            {
                // Values over the plausible range around the one in service, each different from the previous one.
                var value = 25 + (i * 7) % 31;
                if (value == current)
                {
                    value++;
                }
                var shown = await page.Locator("#bac-resume").GetAttributeAsync("data-mesure");
                await page.Locator("#bac-valeur").FillAsync(value.ToString(CultureInfo.InvariantCulture));
                await page.WaitForFunctionAsync("m => document.querySelector('#bac-resume').dataset.mesure !== m", shown);
                var resume = page.Locator("#bac-resume");
                var change = JsonNode.Parse(await resume.GetAttributeAsync("data-changement") ?? "{}")!;
                Assert.AreEqual(value, (double?)change["parametres"]?["seuil_polarisation_forte"], "la page montre la réponse à la dernière valeur saisie");
                var flips = int.Parse(await resume.GetAttributeAsync("data-bascules") ?? "-1", CultureInfo.InvariantCulture);
                var expected = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/atelier/api/bac-a-sable")
                {
                    Headers = { { "X-Cadrage-Jeton", token } },
                    Content = JsonContent.Create(new { parametres = new Dictionary<string, double> { ["seuil_polarisation_forte"] = value } }),
                });
                var answer = JsonNode.Parse(await expected.Content.ReadAsStringAsync())!;
                Assert.AreEqual(answer["bascules"]!.AsArray().Count, flips, $"seuil à {value} : autant de bascules affichées que le service en donne");
                Assert.AreEqual(flips, await page.Locator("#carte-apres svg circle.change").CountAsync(), "chaque territoire qui bascule est marqué sur la carte");
                totals.Add(double.Parse(await resume.GetAttributeAsync("data-total") ?? "0", CultureInfo.InvariantCulture));
                service.Add(double.Parse(await resume.GetAttributeAsync("data-service") ?? "0", CultureInfo.InvariantCulture));
            }

            await page.GotoAsync(new Uri(host.Address, "/").ToString());
            await page.WaitForSelectorAsync("body[data-pret='oui']");
            await page.GetByLabel("Rechercher un EPCI (nom ou SIREN)").FillAsync("nevers");
            await page.Locator("#recherche-resultats button[data-id='245804406']").ClickAsync();
            await page.WaitForFunctionAsync("() => document.querySelector('#resultat').dataset.mesure === '1'");
            var retained = await page.Locator("#scenarios .scenario.retenu").InnerTextAsync();
            var evaluations = new List<double>();
            for (var i = 0; i < Count; i++)
            {
                var shown = await page.Locator("#resultat").GetAttributeAsync("data-mesure");
                await page.GetByRole(AriaRole.Button, new() { Name = "Évaluer", Exact = true }).ClickAsync();
                await page.WaitForFunctionAsync("m => document.querySelector('#resultat').dataset.mesure !== m", shown);
                Assert.AreEqual(retained, await page.Locator("#scenarios .scenario.retenu").InnerTextAsync(), "le même profil, le même scénario retenu");
                evaluations.Add(double.Parse(await page.Locator("#resultat").GetAttributeAsync("data-duree") ?? "0", CultureInfo.InvariantCulture));
            }

            Console.WriteLine($"Bac à sable, {totals.Count} changements de seuil, de la saisie à l'affichage : {Summary(totals)} ; dont service : {Summary(service)}");
            Console.WriteLine($"  dans l'ordre : {string.Join(" ", totals.Select((t, i) => string.Create(CultureInfo.InvariantCulture, $"{t:0}/{service[i]:0.#}")))}");
            Console.WriteLine($"Un territoire (CA de Nevers), {evaluations.Count} évaluations, du clic à l'affichage : {Summary(evaluations)}");
            Console.WriteLine($"  dans l'ordre : {string.Join(" ", evaluations.Select(t => t.ToString("0", CultureInfo.InvariantCulture)))}");
            await context.CloseAsync();
        }
        finally
        {
            await browser.CloseAsync();
            playwright.Dispose();
        }
    }

    /// <summary>Minimum, median and 95th percentile (nearest rank: the 19th of 20 sorted values).</summary>
    private static string Summary(List<double> values)
    {
        var sorted = values.Order().ToList();
        double Rank(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
        return string.Create(CultureInfo.InvariantCulture, $"min {sorted[0]:0.#} ms, médiane {Rank(0.5):0.#} ms, p95 {Rank(0.95):0.#} ms, max {sorted[^1]:0.#} ms");
    }
}
