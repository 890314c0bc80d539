using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Cadrage.Rules.Atelier.Tests;

/// <summary>The atelier as consultants and methodologists use it, in headless Chromium, on the real service and rules.</summary>
[TestClass]
public sealed class AtelierJourneys
{
    private static AtelierHost _host = null!;
    private static IPlaywright _playwright = null!;
    private static IBrowser _browser = null!;
    private IBrowserContext _context = null!;
    private IPage _page = null!;
    private readonly List<string> _consoleErrors = [];

    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        (_playwright, _browser) = await Browser.LaunchAsync();
        _host = await AtelierHost.StartAsync();
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
        if (_host is not null) await _host.DisposeAsync();
    }

    [TestInitialize]
    public async Task OpenAsync()
    {
        _context = await _browser.NewContextAsync(Browser.FrenchContext());
        _context.SetDefaultTimeout(30_000);
        _page = await _context.NewPageAsync();
        _page.Console += (_, message) =>
        {
            if (message.Type == "error") _consoleErrors.Add(message.Text);
        };
        _page.PageError += (_, error) => _consoleErrors.Add(error);
    }

    [TestCleanup]
    public async Task CloseAsync()
    {
        await _context.CloseAsync();
        Assert.IsEmpty(_consoleErrors, "erreurs dans la console du navigateur (CSP, script) : " + string.Join(" | ", _consoleErrors));
    }

    private async Task GotoAsync(string hash = "")
    {
        await _page.GotoAsync(new Uri(_host.Address, "/" + hash).ToString());
        await _page.WaitForSelectorAsync("body[data-pret='oui']");
    }

    private static async Task<string> RetainedAsync(IPage page) =>
        (await page.Locator("#scenarios .scenario.retenu p strong").First.InnerTextAsync()).Trim();

    [TestMethod]
    public async Task ASearchedEpciIsEvaluatedWithItsScenariosSideBySideAndItsNote()
    {
        await GotoAsync();
        await _page.GetByLabel("Rechercher un EPCI (nom ou SIREN)").FillAsync("nevers");
        await _page.Locator("#recherche-resultats button[data-id='245804406']").ClickAsync();

        await _page.WaitForSelectorAsync("#scenarios .scenario");
        StringAssert.Contains(await _page.Locator("#resultat-titre").InnerTextAsync(), "CA de Nevers");
        Assert.AreEqual(1, await _page.Locator("#scenarios .scenario.retenu").CountAsync(), "un et un seul scénario retenu");
        Console.WriteLine($"Un territoire : {await _page.Locator("#resultat").GetAttributeAsync("data-duree")} ms du clic à l'affichage (évaluation avec explications complètes)");
        var scenario = await _page.Locator("#scenarios .scenario.retenu").InnerTextAsync();
        foreach (var question in new[] { "Qui pilote ?", "Où ?", "Pourquoi ?" })
        {
            StringAssert.Contains(scenario, question.TrimEnd('?').Trim().Split(' ')[0]);
        }
        StringAssert.Matches(scenario, new System.Text.RegularExpressions.Regex("établie|fragile|non tranchée"));
        // The form generated from the catalogue: labels, units, sources, levers.
        Assert.IsTrue(await _page.Locator("#profil-champs .badge.levier").CountAsync() > 0, "leviers signalés");
        StringAssert.Contains(await _page.Locator("[data-pour='population']").InnerTextAsync(), "Source :");
        await Browser.ShotAsync(_page, "territoire");

        // The explanations a consultant is asked for in a COPIL: what would change it, why not the other option.
        var explanations = _page.Locator("#explications");
        StringAssert.Contains(await explanations.InnerTextAsync(), "Qu'est-ce qui ferait changer la recommandation ?");
        Assert.IsTrue(await _page.Locator("#pourquoi-pas .pourquoi-pas").CountAsync() > 0, "pourquoi pas l'autre option");
        StringAssert.Contains(await _page.Locator("#pourquoi-pas .pourquoi-pas").First.InnerTextAsync(), "n'est pas retenue");
        await _page.GetByLabel("Demander pourquoi pas une autre option").SelectOptionAsync("pilotage:laisser-faire");
        await _page.GetByRole(AriaRole.Button, new() { Name = "Pourquoi pas cette option ?" }).ClickAsync();
        await _page.WaitForSelectorAsync("#pourquoi-pas-reponse .pourquoi-pas[data-option='laisser-faire']");
        StringAssert.Contains(await _page.Locator("#pourquoi-pas-reponse").InnerTextAsync(), "Laisser faire");
        await _page.Locator("#explications").ScrollIntoViewIfNeededAsync();
        await _page.EvaluateAsync("() => document.querySelector('#explications').scrollIntoView({ block: 'start' })");
        await Browser.ShotAsync(_page, "explications");

        var note = await _page.RunAndWaitForDownloadAsync(() => _page.GetByText("Télécharger la note (HTML)").ClickAsync());
        var html = await File.ReadAllTextAsync((await note.PathAsync())!);
        StringAssert.Contains(html, "CA de Nevers");
        StringAssert.Contains(html, "<!DOCTYPE html>");
        var json = await _page.RunAndWaitForDownloadAsync(() => _page.GetByText("Télécharger le JSON").ClickAsync());
        var result = JsonNode.Parse(await File.ReadAllTextAsync((await json.PathAsync())!))!;
        Assert.AreEqual("245804406", (string?)result["territoire"]!["id"]);
    }

    [TestMethod]
    public async Task APastedProfileWithAnIndicatorChangedGivesAnotherRetainedScenario()
    {
        await GotoAsync();
        await _page.Locator("details.coller summary").ClickAsync();
        await _page.GetByLabel("Profil JSON, ou lignes CSV avec leur en-tête").FillAsync(await File.ReadAllTextAsync(Path.Combine(Repo.Root, "examples", "ca-nevers.json")));
        await _page.GetByText("Charger ce profil").ClickAsync();
        await _page.WaitForSelectorAsync("#scenarios .scenario.retenu");
        var before = await RetainedAsync(_page);

        // The conventions signed (CTG, CRTE…) become unknown: the posture no longer rests on them.
        await _page.Locator("details.groupe:has([data-pour='conventions']) > summary").ClickAsync();
        await _page.Locator("#ind-conventions-inconnu").CheckAsync();
        await _page.GetByRole(AriaRole.Button, new() { Name = "Évaluer", Exact = true }).ClickAsync();
        await _page.WaitForFunctionAsync("b => { const s = document.querySelector('#scenarios .scenario.retenu p strong'); return s && s.textContent.trim() !== b; }", before);

        var after = await RetainedAsync(_page);
        Assert.AreNotEqual(before, after);
        Assert.IsTrue(await _page.Locator("[data-pour='conventions'].modifie").CountAsync() == 1, "l'indicateur changé est signalé");
        await Browser.ShotAsync(_page, "territoire-ajuste");
    }

    [TestMethod]
    public async Task AnUploadedCsvFileOfTheBatchColumnsOffersItsProfilesAndEvaluatesTheOneChosen()
    {
        var file = Path.Combine(Path.GetTempPath(), "atelier-" + Guid.NewGuid().ToString("N") + ".csv");
        await File.WriteAllTextAsync(file, "id;nom;echelle;type_epci;population;nombre_communes;part_premiere_commune\n200000001;CC téléversée un;epci;CC;12 000;25;18,5\n200000002;CA téléversée deux;epci;CA;90000;30;55\n");
        try
        {
            await GotoAsync();
            await _page.Locator("details.coller summary").ClickAsync();
            StringAssert.Contains(await _page.Locator(".fichier").InnerTextAsync(), "Aucun fichier choisi");
            await _page.Locator("#profil-fichier").SetInputFilesAsync(file);
            await _page.WaitForSelectorAsync("#csv-choix button");
            Assert.AreEqual(2, await _page.Locator("#csv-choix button").CountAsync(), "une ligne, un profil");
            StringAssert.Contains(await _page.Locator(".fichier").InnerTextAsync(), Path.GetFileName(file));
            await _page.Locator("#csv-choix button", new() { HasText = "CA téléversée deux" }).ClickAsync();
            await _page.WaitForFunctionAsync("() => (document.querySelector('#resultat-titre')?.textContent ?? '').includes('CA téléversée deux')");
            Assert.AreEqual("90000", await _page.Locator("#ind-population").InputValueAsync());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [TestMethod]
    public async Task AQuestionTheDataDoNotDecideIsShownAsNonTrancheeWithTheDataToCollect()
    {
        // A profile that says nothing of where people live nor what they need (the diagnostic's priorities also argue
        // for a geometry): the Où is not decided, so no scenario is drawn.
        var profile = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Repo.Root, "examples", "cc-provence-verdon.json")))!.AsObject();
        var indicators = profile["indicateurs"]!.AsObject();
        foreach (var name in indicators.Select(p => p.Key).Where(k => k is not ("type_epci" or "population" or "nombre_communes" or "conventions")).ToList())
        {
            indicators.Remove(name);
        }
        profile.Remove("communes");
        profile.Remove("besoins");
        profile["nom"] = "CC peu renseignée";
        await GotoAsync();
        await _page.Locator("details.coller summary").ClickAsync();
        var readable = new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        await _page.GetByLabel("Profil JSON, ou lignes CSV avec leur en-tête").FillAsync(profile.ToJsonString(readable));
        await _page.GetByText("Charger ce profil").ClickAsync();
        await _page.WaitForSelectorAsync("#non-tranche");

        var undecided = await _page.Locator("#non-tranche").InnerTextAsync();
        StringAssert.Contains(undecided, "Où ?");
        StringAssert.Contains(undecided, "non tranchée");
        StringAssert.Contains(undecided, "Données à réunir");
        Assert.AreEqual(0, await _page.Locator("#scenarios .scenario").CountAsync(), "aucun scénario inventé");
        StringAssert.Contains(await _page.Locator("#aucun-scenario").InnerTextAsync(), "ne tranche pas");
        StringAssert.Contains(await _page.Locator("table.analyse").InnerTextAsync(), "non tranchée");
        await Browser.ShotAsync(_page, "non-tranche");
    }

    [TestMethod]
    public async Task APastEvaluationIsFoundByTerritoryNameAndReopened()
    {
        using (var client = _host.Client())
        {
            var posted = await client.PostAsync("/api/evaluations", new StringContent(await File.ReadAllTextAsync(Path.Combine(Repo.Root, "examples", "rennes-metropole.json")), System.Text.Encoding.UTF8, "application/json"));
            Assert.AreEqual(System.Net.HttpStatusCode.Created, posted.StatusCode);
        }
        await GotoAsync("#journal");
        await _page.GetByLabel("Territoire (nom ou SIREN)", new() { Exact = true }).FillAsync("rennes");
        // The date fields as a French user reads them (jj/mm/aaaa in the screenshot); a period that holds today.
        await _page.GetByLabel("Du", new() { Exact = true }).FillAsync(DateTime.Today.AddDays(-30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await _page.GetByRole(AriaRole.Button, new() { Name = "Rechercher" }).ClickAsync();
        await _page.WaitForSelectorAsync("#journal-table");
        StringAssert.Contains(await _page.Locator("#journal-table").InnerTextAsync(), "Rennes Métropole");
        await Browser.ShotAsync(_page, "journal");

        await _page.Locator("#journal-table button").First.ClickAsync();
        await _page.WaitForSelectorAsync("#vue-territoire:not([hidden]) #scenarios .scenario");
        StringAssert.Contains(await _page.Locator("#resultat-titre").InnerTextAsync(), "Rennes Métropole");
        StringAssert.Contains(await _page.Locator("#resultat .entete-resultat").InnerTextAsync(), "évaluation passée");
        Assert.IsFalse(await _page.Locator("#profil-form").IsHiddenAsync(), "le profil de l'évaluation passée est rechargé dans le formulaire");
    }

    [TestMethod]
    public async Task TwoTerritoriesAreComparedAnswerByAnswer()
    {
        await GotoAsync("#comparer");
        await _page.GetByLabel("Premier territoire (nom ou SIREN)").FillAsync("perpignan");
        await _page.Locator("#comparer-a-resultats button[data-id='200027183']").ClickAsync();
        await _page.GetByLabel("Second territoire (nom ou SIREN)").FillAsync("rennes metropole");
        await _page.Locator("#comparer-b-resultats button").First.ClickAsync();
        await _page.GetByRole(AriaRole.Button, new() { Name = "Comparer", Exact = true }).ClickAsync();

        await _page.WaitForSelectorAsync("#comparaison-table");
        var table = await _page.Locator("#comparaison-table").InnerTextAsync();
        StringAssert.Contains(table, "CU Perpignan Méditerranée Métropole");
        StringAssert.Contains(table, "Rennes Métropole");
        Assert.AreEqual(6, await _page.Locator("#comparaison-table tbody tr").CountAsync(), "le scénario retenu et les cinq questions");
        Assert.IsTrue(await _page.Locator("#comparaison-table tr.difference").CountAsync() > 0, "une communauté urbaine et une métropole diffèrent");
        await Browser.ShotAsync(_page, "comparer");

        // Where they differ, the indicators that make rules fire for one and not the other.
        await _page.WaitForSelectorAsync("#comparaison-explications .ecart table");
        StringAssert.Contains(await _page.Locator("#comparaison-explications").InnerTextAsync(), "Règles concernées");

        // The table, its count and the sentence above the explanations say the same thing, the Quoi included.
        var differing = await _page.Locator("#comparaison-table tr.difference").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.question)");
        // Perpignan (18,4 % of unemployment) has an employment priority, Rennes Métropole none.
        CollectionAssert.Contains(differing, "besoins", "Perpignan a une priorité (l'emploi), Rennes Métropole aucune");
        StringAssert.StartsWith(await _page.Locator("#comparaison-resume").InnerTextAsync(), $"{differing.Length} réponses sur 5");
        var sections = await _page.Locator("#comparaison-explications .ecart h3").AllInnerTextsAsync();
        Assert.HasCount(differing.Length, sections, "une explication par réponse qui diffère");
        var sentence = await _page.Locator("#comparaison-explications > p").First.InnerTextAsync();
        foreach (var label in sections)
        {
            StringAssert.Contains(sentence, label, "la phrase nomme chaque question où les territoires diffèrent");
        }
        await _page.EvaluateAsync("() => document.querySelector('#comparaison-explications').scrollIntoView({ block: 'start' })");
        await Browser.ShotAsync(_page, "comparer-ecarts");
    }

    [TestMethod]
    public async Task TheRuleBaseShowsConditionsInWordsAndHowOftenRulesFire()
    {
        await GotoAsync("#regles");
        await _page.WaitForSelectorAsync("#regles-liste .regle");
        await _page.GetByLabel("Question").SelectOptionAsync("lieux");
        var text = await _page.Locator("#regles-liste").InnerTextAsync();
        StringAssert.Contains(text, "Part de la première commune");
        StringAssert.Contains(text, "territoires sur");
        Assert.IsFalse(text.Contains("profil.", StringComparison.Ordinal), "les conditions sont écrites en mots");
        Assert.IsTrue(await _page.Locator("#regles-liste progress").CountAsync() > 0);
        await Browser.ShotAsync(_page, "regles");
    }

    [TestMethod]
    public async Task AThresholdChangedInTheSandboxShowsTheTerritoriesThatFlipTheMapAndTheSweep()
    {
        await GotoAsync("#bac-a-sable");
        await _page.WaitForSelectorAsync("#bac-parametre option[value='seuil_polarisation_forte']", new() { State = WaitForSelectorState.Attached });
        await _page.GetByLabel("Paramètre", new() { Exact = true }).SelectOptionAsync("seuil_polarisation_forte");
        await _page.Locator("#bac-valeur").FillAsync("30");
        // Choosing the parameter alone changes nothing (0); the value 30 then flips territories.
        await _page.WaitForFunctionAsync("() => Number(document.querySelector('#bac-resume').dataset.bascules || 0) > 0");
        var flips = int.Parse(await _page.Locator("#bac-resume").GetAttributeAsync("data-bascules") ?? "0");
        Assert.IsTrue(flips > 0, "abaisser le seuil de polarisation forte change des territoires");
        Console.WriteLine($"Bac à sable : {flips} bascules, {await _page.Locator("#bac-resume").GetAttributeAsync("data-total")} ms du changement à l'affichage");
        Assert.IsTrue(await _page.Locator("#bac-bascules-table tbody tr").CountAsync() > 0);
        StringAssert.Contains(await _page.Locator("#bac-bascules-table tbody tr").First.InnerTextAsync(), "Part de la première commune");
        Assert.IsTrue(await _page.Locator("#bac-distributions table").CountAsync() >= 4, "une distribution par question à options");
        Assert.AreEqual(1, await _page.Locator("#carte-avant svg").CountAsync());
        Assert.AreEqual(1, await _page.Locator("#carte-apres svg").CountAsync());
        using (var client = _host.Client())
        {
            var positions = JsonNode.Parse(await client.GetStringAsync("/atelier/api/etat"))!["lot"]!["positions"]!.GetValue<int>();
            var placed = await _page.Locator("#carte-apres svg circle").CountAsync();
            if (positions > 0)
            {
                // Every EPCI whose communes give coordinates is drawn, and those that change are outlined.
                Assert.AreEqual(positions, placed, "un point par EPCI placé au centre de ses communes");
                Assert.IsTrue(await _page.Locator("#carte-apres svg circle.change").CountAsync() > 0, "les territoires qui changent sont marqués");
            }
            else
            {
                // A batch without the communes' coordinates: the map says so instead of drawing nothing.
                StringAssert.Contains(await _page.Locator("#carte-apres svg").TextContentAsync(), "Positions inconnues");
            }
        }
        await _page.Locator("#bac-resume").ScrollIntoViewIfNeededAsync();
        await Browser.ShotAsync(_page, "bac-a-sable");

        await _page.Locator("#balayage-de").FillAsync("20");
        await _page.Locator("#balayage-a").FillAsync("60");
        await _page.Locator("#balayage-points").FillAsync("9");
        await _page.GetByRole(AriaRole.Button, new() { Name = "Balayer le paramètre choisi" }).ClickAsync();
        await _page.WaitForSelectorAsync("#balayage-graphique svg polyline");
        Assert.AreEqual(9, await _page.Locator("#balayage-graphique svg circle").CountAsync());
        await _page.Locator("#balayage-graphique").ScrollIntoViewIfNeededAsync();
        await Browser.ShotAsync(_page, "balayage");

        var download = await _page.RunAndWaitForDownloadAsync(() => _page.GetByText("Télécharger le correctif").ClickAsync());
        var patch = await File.ReadAllTextAsync((await download.PathAsync())!);
        StringAssert.Contains(patch, "+++ b/rules/parametres.json");
        StringAssert.Matches(patch, new System.Text.RegularExpressions.Regex("\\n\\+\\s*\"valeur\": 30,?\\n"));
    }

    [TestMethod]
    public async Task EveryFieldHasALabelTheKeyboardReachesEverySpaceAndATabletWidthDoesNotScrollSideways()
    {
        await GotoAsync();
        await _page.GetByLabel("Rechercher un EPCI (nom ou SIREN)").FillAsync("nevers");
        await _page.Locator("#recherche-resultats button").First.ClickAsync();
        await _page.WaitForSelectorAsync("#scenarios .scenario");
        foreach (var hash in new[] { "", "#comparer", "#journal", "#regles", "#bac-a-sable" })
        {
            if (hash.Length > 0)
            {
                await _page.EvaluateAsync("h => { location.hash = h; }", hash);
                await _page.WaitForTimeoutAsync(300);
            }
            var unlabelled = await _page.EvaluateAsync<string[]>("""
                () => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
                  .filter(e => e.offsetParent !== null)
                  .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby'))
                  .map(e => e.id || e.name || e.outerHTML.slice(0, 60))
                """);
            Assert.IsEmpty(unlabelled, $"champs sans étiquette dans {hash} : {string.Join(", ", unlabelled)}");
        }
        // Keyboard: from the top, Tab reaches the navigation; Enter opens a space and moves the focus to its title.
        await GotoAsync();
        await _page.Keyboard.PressAsync("Tab");
        await _page.Keyboard.PressAsync("Tab");
        Assert.AreEqual("Évaluer un territoire", (await _page.EvaluateAsync<string>("() => document.activeElement.textContent")).Trim());
        await _page.Keyboard.PressAsync("Tab");
        await _page.Keyboard.PressAsync("Enter");
        await _page.WaitForFunctionAsync("() => document.activeElement && document.activeElement.id === 'titre-comparer'");
        var outline = await _page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle");
        Assert.AreNotEqual("none", outline, "le focus est visible");

        await _page.SetViewportSizeAsync(820, 1180);
        await GotoAsync("#bac-a-sable");
        await _page.WaitForSelectorAsync("#carte-avant svg");
        var sideways = await _page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1");
        Assert.IsFalse(sideways, "pas de défilement horizontal à la largeur d'une tablette");
        await Browser.ShotAsync(_page, "tablette");
    }

    [TestMethod]
    public async Task WhatAProfileContainsIsShownAsTextNeverRunAsMarkup()
    {
        var profile = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Repo.Root, "examples", "cc-provence-verdon.json")))!.AsObject();
        profile.Remove("$schema");
        profile["nom"] = "<img src=x onerror=\"document.body.dataset.pirate='oui'\">CC piégée";
        await GotoAsync();
        await _page.Locator("details.coller summary").ClickAsync();
        await _page.GetByLabel("Profil JSON, ou lignes CSV avec leur en-tête").FillAsync(profile.ToJsonString());
        await _page.GetByText("Charger ce profil").ClickAsync();
        await _page.WaitForSelectorAsync("#scenarios .scenario");

        StringAssert.Contains(await _page.Locator("#resultat-titre").InnerTextAsync(), "<img src=x");
        Assert.AreEqual(0, await _page.Locator("#resultat img, #profil-form img").CountAsync());
        Assert.IsNull(await _page.EvaluateAsync<string?>("() => document.body.dataset.pirate ?? null"));
    }
}

/// <summary>When the service has an API key, the atelier asks for it once and keeps a proof in a session cookie.</summary>
[TestClass]
public sealed class AtelierKeyJourney
{
    private const string Key = "cle-de-test-atelier-0123456789";

    [TestMethod]
    public async Task TheAtelierAsksForTheKeyThenWorksWithItsSessionCookie()
    {
        var (playwright, browser) = await Browser.LaunchAsync();
        await using var host = await AtelierHost.StartAsync(new() { ["Cadrage:Api:Cle"] = Key });
        try
        {
            var context = await browser.NewContextAsync(Browser.FrenchContext(1280, 800));
            var page = await context.NewPageAsync();
            await page.GotoAsync(host.Address.ToString());
            Assert.IsTrue(await page.GetByLabel("Clé d'API").IsVisibleAsync(), "la page demande la clé");
            await Browser.ShotAsync(page, "cle");

            await page.GetByLabel("Clé d'API").FillAsync("mauvaise-cle-de-seize-car");
            await page.GetByRole(AriaRole.Button, new() { Name = "Ouvrir l'atelier" }).ClickAsync();
            StringAssert.Contains(await page.Locator("#cle-erreur").InnerTextAsync(), "Clé incorrecte");

            await page.GetByLabel("Clé d'API").FillAsync(Key);
            await page.GetByRole(AriaRole.Button, new() { Name = "Ouvrir l'atelier" }).ClickAsync();
            await page.WaitForSelectorAsync("body[data-pret='oui']");
            var cookie = (await context.CookiesAsync()).Single(c => c.Name == "cadrage-atelier");
            Assert.IsTrue(cookie.HttpOnly, "cookie HttpOnly");
            Assert.AreEqual(SameSiteAttribute.Strict, cookie.SameSite);
            Assert.AreEqual(-1, cookie.Expires, "cookie de session");
            Assert.IsFalse(cookie.Value.Contains(Key, StringComparison.Ordinal), "le cookie ne contient pas la clé");

            await page.GetByLabel("Rechercher un EPCI (nom ou SIREN)").FillAsync("nevers");
            await page.Locator("#recherche-resultats button").First.ClickAsync();
            await page.WaitForSelectorAsync("#scenarios .scenario");

            // Without the cookie nothing is served; the API itself still wants its header.
            using var anonymous = host.Client();
            Assert.AreEqual(System.Net.HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/atelier/api/etat")).StatusCode);
            Assert.AreEqual(System.Net.HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/regles")).StatusCode);
            await context.CloseAsync();
        }
        finally
        {
            await browser.CloseAsync();
            playwright.Dispose();
        }
    }
}
