using Cadrage.Rules.Worker.Cli;
using Cadrage.Rules.Worker.Service;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;
using Serilog.Events;

namespace Cadrage.Rules.Tests.Service;

/// <summary>The hosted worker run in-process on temporary folders.</summary>
[TestClass]
public sealed class InboxServiceTests
{
    [TestMethod]
    public async Task ValidProfileGivesAResultAndIsArchived()
    {
        using var fixture = new ServiceFixture();
        var (run, stop, _) = fixture.Start();

        fixture.Drop("nevers.json", ServiceFixture.Profile("ca-nevers", "245804406"));
        await ServiceFixture.WaitUntil(() => File.Exists(Path.Combine(fixture.Archive, "nevers.json")), "archivage");

        var output = JObject.Parse(File.ReadAllText(Path.Combine(fixture.Outbox, "245804406.json")));
        Assert.AreEqual(RealRules.Kb.Version, (string?)output["referentiel"]!["version"]);
        // Nevers leads on a fragile posture: first, not « retenu ».
        Expect.Contains("Scénario 1 (en tête)", File.ReadAllText(Path.Combine(fixture.Outbox, "245804406.txt")));
        Expect.Contains("<section id=\"tableaux-croises\">", File.ReadAllText(Path.Combine(fixture.Outbox, "245804406.html")));
        Assert.AreEqual(0, ServiceFixture.Count(fixture.Inbox));

        await stop.CancelAsync();
        Assert.AreEqual(ExitCodes.Success, await run);
    }

    [TestMethod]
    public async Task FilesPresentAtStartAreProcessedFirst()
    {
        using var fixture = new ServiceFixture();
        fixture.Drop("avant.json", ServiceFixture.Profile("ca-nevers", "avant"));
        File.SetLastWriteTimeUtc(Path.Combine(fixture.Inbox, "avant.json"), DateTime.UtcNow.AddMinutes(-5));
        var (run, stop, _) = fixture.Start();

        await ServiceFixture.WaitUntil(() => File.Exists(Path.Combine(fixture.Outbox, "avant.json")), "fichier présent au démarrage");

        await stop.CancelAsync();
        await run;
    }

    [TestMethod]
    public async Task InvalidProfileGoesToErrorsWithItsReasonAndTheWorkerGoesOn()
    {
        using var fixture = new ServiceFixture();
        var (run, stop, _) = fixture.Start();

        fixture.Drop("a-invalide.json", RealRules.With("ca-nevers", ("densite", -5)));
        fixture.Drop("b-valide.json", ServiceFixture.Profile("ca-nevers", "valide"));
        await ServiceFixture.WaitUntil(() => File.Exists(Path.Combine(fixture.Outbox, "valide.json")), "profil valide après l'invalide");
        await ServiceFixture.WaitUntil(() => File.Exists(Path.Combine(fixture.Errors, "a-invalide.json")), "profil invalide dans les erreurs");

        var reason = File.ReadAllText(Path.Combine(fixture.Errors, "a-invalide.json.erreur.txt"));
        Expect.Contains("$.indicateurs.densite : valeur -5 hors de la plage autorisée", reason);
        Expect.Contains("Base de règles : " + RealRules.Kb.Version, reason);
        Assert.AreEqual(RealRules.With("ca-nevers", ("densite", -5)).ToString(), File.ReadAllText(Path.Combine(fixture.Errors, "a-invalide.json")), "l'entrée est gardée telle quelle");

        await stop.CancelAsync();
        Assert.AreEqual(ExitCodes.Success, await run);
    }

    [TestMethod]
    public async Task HalfWrittenFileIsNotReadUntilComplete()
    {
        using var fixture = new ServiceFixture();
        var (run, stop, _) = fixture.Start();
        Directory.CreateDirectory(fixture.Inbox);
        var text = ServiceFixture.Profile("ca-nevers", "lent").ToString();
        var path = Path.Combine(fixture.Inbox, "lent.json");

        await using (var writer = new StreamWriter(path))
        {
            await writer.WriteAsync(text[..(text.Length / 2)]);
            await writer.FlushAsync();
            await Task.Delay(800); // several stability delays: the half is stale, but incomplete
            Assert.IsFalse(File.Exists(Path.Combine(fixture.Outbox, "lent.json")));
            Assert.AreEqual(0, ServiceFixture.Count(fixture.Errors), "un fichier à moitié écrit n'est pas rejeté");
            await writer.WriteAsync(text[(text.Length / 2)..]);
        }

        await ServiceFixture.WaitUntil(() => File.Exists(Path.Combine(fixture.Outbox, "lent.json")), "fichier complété");
        Assert.AreEqual(0, ServiceFixture.Count(fixture.Errors));

        await stop.CancelAsync();
        await run;
    }

    [TestMethod]
    public async Task TwoHundredFilesDroppedAtOnceGiveTwoHundredResults()
    {
        using var fixture = new ServiceFixture();
        var examples = Repo.ExampleFiles.Select(Path.GetFileNameWithoutExtension).ToList();
        for (var i = 0; i < 200; i++)
        {
            fixture.Drop($"t{i:000}.json", ServiceFixture.Profile(examples[i % examples.Count]!, $"T{i:000}"));
        }
        var (run, stop, _) = fixture.Start();

        await ServiceFixture.WaitUntil(() => ServiceFixture.Count(fixture.Archive) == 200, "200 archivés", 120);

        Assert.AreEqual(200, ServiceFixture.Count(fixture.Outbox, "*.json"));
        Assert.AreEqual(200, ServiceFixture.Count(fixture.Outbox, "*.txt"));
        Assert.AreEqual(0, ServiceFixture.Count(fixture.Inbox));
        Assert.AreEqual(0, ServiceFixture.Count(fixture.Errors));
        await stop.CancelAsync();
        await run;
    }

    [TestMethod]
    public async Task GracefulStopFinishesTheFilesInHandAndLeavesTheOthersIntact()
    {
        using var fixture = new ServiceFixture();
        fixture.Settings["Cadrage:Service:Parallelisme"] = "1";
        for (var i = 0; i < 100; i++)
        {
            fixture.Drop($"t{i:000}.json", ServiceFixture.Profile("ca-nevers", $"T{i:000}"));
        }
        var (run, stop, _) = fixture.Start();
        await ServiceFixture.WaitUntil(() => ServiceFixture.Count(fixture.Archive) >= 5, "début du traitement");

        await stop.CancelAsync();
        Assert.AreEqual(ExitCodes.Success, await run);

        var archived = ServiceFixture.Count(fixture.Archive);
        Assert.AreEqual(100, archived + ServiceFixture.Count(fixture.Inbox), "rien de perdu");
        Assert.AreEqual(archived, ServiceFixture.Count(fixture.Outbox, "*.json"), "chaque fichier archivé a son résultat, et seulement eux");
        Assert.AreEqual(0, Directory.EnumerateFiles(fixture.Outbox, "*" + AtomicFile.TempSuffix, SearchOption.AllDirectories).Count(), "aucun fichier temporaire");
        Assert.IsTrue(fixture.Sink.Events.Any(e => e.RenderMessage().Contains("les fichiers en cours sont terminés", StringComparison.Ordinal)));
    }

    [TestMethod]
    public async Task RuleEditChangesTheNextOutputsVersionAndResult()
    {
        using var fixture = new ServiceFixture();
        var (run, stop, host) = fixture.Start();
        fixture.Drop("avant.json", ServiceFixture.Profile("cc-provence-verdon", "avant"));
        await ServiceFixture.WaitUntil(() => File.Exists(Path.Combine(fixture.Outbox, "avant.json")), "résultat avant l'édition");
        var holder = host.Services.GetRequiredService<RuleSetHolder>();
        var before = holder.Current.Version;

        fixture.Rules.Edit("regles/pilotage.json", w => RulesCopy.Rule(w, "inciter-ingenierie-appui")["Properties"]!["poids"] = 40);
        await ServiceFixture.WaitUntil(() => holder.Current.Version != before, "rechargement des règles");
        fixture.Drop("apres.json", ServiceFixture.Profile("cc-provence-verdon", "apres"));
        await ServiceFixture.WaitUntil(() => File.Exists(Path.Combine(fixture.Outbox, "apres.json")), "résultat après l'édition");

        var first = JObject.Parse(File.ReadAllText(Path.Combine(fixture.Outbox, "avant.json")));
        var second = JObject.Parse(File.ReadAllText(Path.Combine(fixture.Outbox, "apres.json")));
        Assert.AreEqual(before, (string?)first["referentiel"]!["version"]);
        Assert.AreEqual(holder.Current.Version, (string?)second["referentiel"]!["version"]);
        Assert.AreEqual("faire", (string?)first["scenarios"]![0]!["pilotage"]!["id"]);
        Assert.AreEqual("inciter-a-faire", (string?)second["scenarios"]![0]!["pilotage"]!["id"]);

        await stop.CancelAsync();
        await run;
    }

    [TestMethod]
    public async Task BrokenRuleEditKeepsTheOldVersionServingAndLogsTheError()
    {
        using var fixture = new ServiceFixture();
        var (run, stop, host) = fixture.Start();
        var holder = host.Services.GetRequiredService<RuleSetHolder>();
        await ServiceFixture.WaitUntil(() => holder.HasRules, "chargement initial");
        var before = holder.Current.Version;

        fixture.Rules.Edit("regles/lieux.json", w => RulesCopy.Rule(w, "itinerance-faible-densite")["Expression"] = "profil.densite <");
        // The watcher may catch the file half-written first; it reloads again once the write settles.
        await ServiceFixture.WaitUntil(() => !holder.LastReload.Succes && holder.LastReload.Erreurs.Any(e => e.Contains("itinerance-faible-densite", StringComparison.Ordinal)), "échec du rechargement");
        fixture.Drop("pendant.json", ServiceFixture.Profile("ca-nevers", "pendant"));
        await ServiceFixture.WaitUntil(() => File.Exists(Path.Combine(fixture.Outbox, "pendant.json")), "évaluation pendant la panne");

        Assert.AreEqual(before, holder.Current.Version);
        Assert.AreEqual(before, (string?)JObject.Parse(File.ReadAllText(Path.Combine(fixture.Outbox, "pendant.json")))["referentiel"]!["version"]);
        // Logged at each failed load of the broken state (a load may also have caught the file half-written).
        var error = fixture.Sink.Events.First(e => e.Level == LogEventLevel.Error && e.Properties.TryGetValue("RuleName", out var name) && name.ToString() == "\"itinerance-faible-densite\"");
        Assert.AreEqual("\"itinerance-faible-densite\"", error.Properties["RuleName"].ToString());
        Assert.AreEqual("\"regles/lieux.json\"", error.Properties["Fichier"].ToString());
        Assert.AreEqual("\"profil.densite <\"", error.Properties["Expression"].ToString());

        // Fixing the file brings the new version in.
        fixture.Rules.Edit("regles/lieux.json", w => RulesCopy.Rule(w, "itinerance-faible-densite")["Expression"] = "profil.densite < seuil_faible_densite + 1");
        await ServiceFixture.WaitUntil(() => holder.LastReload.Succes && holder.Current.Version != before, "rechargement après correction");

        await stop.CancelAsync();
        await run;
    }

    [TestMethod]
    public async Task EvaluationEventsCarryTerritoryAndRuleSetVersion()
    {
        using var fixture = new ServiceFixture();
        var (run, stop, _) = fixture.Start();
        fixture.Drop("nevers.json", ServiceFixture.Profile("ca-nevers", "245804406"));
        await ServiceFixture.WaitUntil(() => File.Exists(Path.Combine(fixture.Archive, "nevers.json")), "archivage");
        await stop.CancelAsync();
        await run;

        var evaluation = fixture.Sink.Events.Where(e => e.Properties.ContainsKey("Pilotage")).ToList();
        Assert.IsTrue(evaluation.Count >= 2);
        Assert.IsTrue(evaluation.All(e => e.Properties["TerritoireId"].ToString() == "\"245804406\"" && e.Properties["RuleSetVersion"].ToString() == $"\"{RealRules.Kb.Version}\""));
        var rules = fixture.Sink.Events.Where(e => e.Properties.ContainsKey("RuleName") && e.Properties.ContainsKey("Indicateurs")).ToList();
        Assert.IsTrue(rules.Count > 10, "une trace par règle contributive");
        Assert.IsTrue(rules.All(e => e.Properties.ContainsKey("Fichier") && e.Properties.ContainsKey("Poids")));
    }

    [TestMethod]
    public async Task BadSettingStopsTheHostWithAFrenchErrorAndExitCodeFour()
    {
        using var fixture = new ServiceFixture();
        var stderr = new StringWriter();
        var settings = new Dictionary<string, string?>(fixture.Settings) { ["Cadrage:Service:Parallelisme"] = "0" };

        var code = await CadrageCli.RunAsync(["serve", "--rules", fixture.Rules.Directory], TextWriter.Null, stderr, settings);

        Assert.AreEqual(ExitCodes.InvalidConfiguration, code);
        Expect.Contains("Configuration invalide", stderr.ToString());
        Expect.Contains("Cadrage:Service:Parallelisme vaut 0 : attendu entre 1 et 256", stderr.ToString());
    }

    [TestMethod]
    public async Task UnreadableSettingIsReportedInFrench()
    {
        using var fixture = new ServiceFixture();
        var stderr = new StringWriter();
        var settings = new Dictionary<string, string?>(fixture.Settings) { ["Cadrage:Service:StabiliteMs"] = "beaucoup" };

        var code = await CadrageCli.RunAsync(["serve", "--rules", fixture.Rules.Directory], TextWriter.Null, stderr, settings);

        Assert.AreEqual(ExitCodes.InvalidConfiguration, code);
        Expect.Contains("Cadrage:Service:StabiliteMs : valeur illisible (attendu un nombre entier)", stderr.ToString());
    }

    [TestMethod]
    public async Task InvalidRulesAtStartExitWithThree()
    {
        using var fixture = new ServiceFixture();
        fixture.Rules.Edit("regles/lieux.json", w => RulesCopy.Rule(w, "itinerance-faible-densite")["Expression"] = "profil.densite <");
        var stderr = new StringWriter();

        var code = await CadrageCli.RunAsync(["serve", "--rules", fixture.Rules.Directory], TextWriter.Null, stderr, fixture.Settings);

        Assert.AreEqual(ExitCodes.InvalidRules, code);
        Expect.Contains("regles/lieux.json, règle « itinerance-faible-densite »", stderr.ToString());
    }

    [TestMethod]
    public async Task AStopRequestedWhileStartingIsACleanStop()
    {
        using var fixture = new ServiceFixture();
        using var host = fixture.BuildHost();
        using var stopped = new CancellationTokenSource();
        await stopped.CancelAsync();

        var code = await ServiceHost.RunAsync(host, TextWriter.Null, stopped.Token);

        Assert.AreEqual(ExitCodes.Success, code);
    }

    [TestMethod]
    public async Task ACrashedBackgroundServiceGivesAFailingExitCode()
    {
        using var fixture = new ServiceFixture();
        // The inbox path is a file: the worker cannot create its folder and crashes.
        File.WriteAllText(Path.Combine(fixture.Root, "inbox"), "pas un dossier");
        var (run, _, _) = fixture.Start();

        var code = await run.WaitAsync(TimeSpan.FromSeconds(30));
        var events = string.Join("\n", fixture.Sink.Events.Select(e => $"{e.Level} {e.RenderMessage()} {e.Exception?.GetType().Name}"));
        Assert.AreEqual(ExitCodes.Unexpected, code, events);
        Assert.IsTrue(fixture.Sink.Events.Any(e => e.Level == LogEventLevel.Fatal), events);
    }
}
