using System.Diagnostics;
using System.Net;
using Cadrage.Rules.Worker.Cli;
using Cadrage.Rules.Worker.Service;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;
using Serilog.Events;

namespace Cadrage.Rules.Tests.Service;

/// <summary>The inbox against files and folders that used to stop it, overwrite results or loop.</summary>
[TestClass]
public sealed class InboxHardeningTests
{
    [TestMethod]
    public async Task IdsThatMapToTheSameSlugNeverOverwriteEachOther()
    {
        using var fixture = new ServiceFixture();
        string[] ids = ["coll/1", "coll:1", "coll?1", "coll_1", ".", "..", "territoire", "COLL_1"];
        for (var i = 0; i < ids.Length; i++)
        {
            fixture.Drop($"t{i}.json", ServiceFixture.Profile("ca-nevers", ids[i]));
        }
        var (run, stop, _) = fixture.Start();

        await ServiceFixture.WaitUntil(() => ServiceFixture.Count(fixture.Archive) == ids.Length, "tous archivés");

        var outputs = Directory.EnumerateFiles(fixture.Outbox, "*.json").ToList();
        Assert.AreEqual(ids.Length, outputs.Count, string.Join(", ", outputs.Select(Path.GetFileName)));
        var written = outputs.Select(o => (string?)JObject.Parse(File.ReadAllText(o))["territoire"]!["id"]).Order(StringComparer.Ordinal).ToList();
        CollectionAssert.AreEqual(ids.Order(StringComparer.Ordinal).ToList(), written, "chaque territoire a son propre résultat");
        Assert.IsTrue(File.Exists(Path.Combine(fixture.Outbox, OutputName.ForId("coll/1") + ".txt")));
        Assert.AreEqual(0, ServiceFixture.Count(fixture.Errors));
        await stop.CancelAsync();
        Assert.AreEqual(ExitCodes.Success, await run);
    }

    [TestMethod]
    public async Task AResultOfAnotherIdUnderTheSameNameIsNeverOverwritten()
    {
        using var fixture = new ServiceFixture();
        // A result of another territory already holds the name this id maps to (as a short-hash collision or a
        // case-insensitive volume would make it).
        Directory.CreateDirectory(fixture.Outbox);
        var squatted = Path.Combine(fixture.Outbox, OutputName.ForId("coll/1") + ".json");
        var other = new JObject { ["territoire"] = new JObject { ["id"] = "autre", ["nom"] = "Autre" } }.ToString();
        File.WriteAllText(squatted, other);
        fixture.Drop("t.json", ServiceFixture.Profile("ca-nevers", "coll/1"));
        var (run, stop, _) = fixture.Start();

        await ServiceFixture.WaitUntil(() => ServiceFixture.Count(fixture.Archive) == 1, "archivé");

        Assert.AreEqual(other, File.ReadAllText(squatted), "le résultat de l'autre territoire est intact");
        var full = Path.Combine(fixture.Outbox, OutputName.ForIdFullHash("coll/1") + ".json");
        Assert.AreEqual("coll/1", (string?)JObject.Parse(File.ReadAllText(full))["territoire"]!["id"]);
        await stop.CancelAsync();
        await run;
    }

    [TestMethod]
    public async Task AVeryLongIdNeverLoopsAndEndsEvaluatedOrRejected()
    {
        using var fixture = new ServiceFixture();
        fixture.Drop("long.json", ServiceFixture.Profile("ca-nevers", new string('x', 400) + "/" + new string('y', 400)));
        fixture.Drop("z-valide.json", ServiceFixture.Profile("ca-nevers", "valide"));
        var (run, stop, _) = fixture.Start();

        await ServiceFixture.WaitUntil(() => ServiceFixture.Count(fixture.Inbox) == 0, "boîte d'entrée vidée");

        Assert.IsTrue(File.Exists(Path.Combine(fixture.Outbox, "valide.json")));
        if (ServiceFixture.Count(fixture.Errors, "*.erreur.txt") == 1)
        {
            // The profile reader may limit ids: then a French reason naming the file and the path.
            var reason = File.ReadAllText(Directory.EnumerateFiles(fixture.Errors, "*.erreur.txt").Single());
            Expect.Contains("long.json", reason);
            Expect.Contains("$.id", reason);
        }
        else
        {
            var names = Directory.EnumerateFiles(fixture.Outbox, "*.json").Select(Path.GetFileName).ToList();
            Assert.AreEqual(2, names.Count);
            Assert.IsTrue(names.All(n => n!.Length <= OutputName.MaxSlug + 1 + OutputName.HashLength + 5), string.Join(", ", names));
        }
        Assert.IsFalse(fixture.Messages(LogEventLevel.Error).Any(), string.Join("\n", fixture.Messages(LogEventLevel.Error)));
        await stop.CancelAsync();
        await run;
    }

    [TestMethod]
    public async Task FifosAndFoldersNamedJsonAreSkippedWithOneWarningAndNeverBlock()
    {
        using var fixture = new ServiceFixture();
        Directory.CreateDirectory(fixture.Inbox);
        var fifo = Path.Combine(fixture.Inbox, "a-tube.json");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
            Assert.AreEqual(0, mkfifo.ExitCode, "mkfifo");
        }
        Directory.CreateDirectory(Path.Combine(fixture.Inbox, "b-dossier.json"));
        fixture.Settings["Cadrage:Service:Parallelisme"] = "1"; // a blocked consumer would block everything
        var (run, stop, _) = fixture.Start();

        fixture.Drop("c-valide.json", ServiceFixture.Profile("ca-nevers", "valide"));
        await ServiceFixture.WaitUntil(() => File.Exists(Path.Combine(fixture.Outbox, "valide.json")), "profil valide derrière le tube");
        await Task.Delay(1000); // several scans

        var warnings = fixture.Messages(LogEventLevel.Warning);
        Assert.AreEqual(1, warnings.Count(w => w.Contains("a-tube.json", StringComparison.Ordinal) && w.Contains("tube nommé (FIFO)", StringComparison.Ordinal)), string.Join("\n", warnings));
        Assert.AreEqual(1, warnings.Count(w => w.Contains("b-dossier.json", StringComparison.Ordinal) && w.Contains("dossier", StringComparison.Ordinal)), string.Join("\n", warnings));
        Assert.IsTrue(File.Exists(fifo) && Directory.Exists(Path.Combine(fixture.Inbox, "b-dossier.json")), "laissés en place");
        await stop.CancelAsync();
        Assert.AreEqual(ExitCodes.Success, await run.WaitAsync(TimeSpan.FromSeconds(30)), "l'arrêt n'est pas bloqué par le tube");
    }

    [TestMethod]
    public async Task AnOversizedFileGoesToErrorsUnread()
    {
        using var fixture = new ServiceFixture();
        fixture.Settings["Cadrage:Service:TailleMaxOctets"] = "4096";
        Directory.CreateDirectory(fixture.Inbox);
        File.WriteAllText(Path.Combine(fixture.Inbox, "gros.json"), "{\"id\": \"" + new string('x', 10_000) + "\"}");
        var (run, stop, _) = fixture.Start();

        await ServiceFixture.WaitUntil(() => File.Exists(Path.Combine(fixture.Errors, "gros.json.erreur.txt")), "rejet du gros fichier");

        Expect.Contains("trop volumineux : plus de 4096 octets", File.ReadAllText(Path.Combine(fixture.Errors, "gros.json.erreur.txt")));
        await stop.CancelAsync();
        await run;
    }

    [TestMethod]
    public async Task AnExceptionOnOneFileNeverStopsTheLoopAndTheFileEndsInErrorsAfterBoundedTries()
    {
        using var fixture = new ServiceFixture();
        fixture.Settings["Cadrage:Service:EssaisMax"] = "3";
        fixture.Settings["Cadrage:Service:AttenteMaxS"] = "1";
        fixture.Settings["Cadrage:Service:Parallelisme"] = "1";
        fixture.Drop("a-boom.json", ServiceFixture.Profile("ca-nevers", "boom"));
        for (var i = 0; i < 5; i++)
        {
            fixture.Drop($"b{i}.json", ServiceFixture.Profile("ca-nevers", $"v{i}"));
        }
        var (run, stop, host) = fixture.Start(services => services.AddSingleton<InboxProcessor, ThrowingProcessor>());

        await ServiceFixture.WaitUntil(() => ServiceFixture.Count(fixture.Archive) == 5, "les autres fichiers traités malgré l'exception");
        await ServiceFixture.WaitUntil(() => File.Exists(Path.Combine(fixture.Errors, "a-boom.json.erreur.txt")), "fichier fautif mis de côté");

        var processor = (ThrowingProcessor)host.Services.GetRequiredService<InboxProcessor>();
        Assert.AreEqual(3, processor.Throws, "trois essais, pas un de plus");
        var reason = File.ReadAllText(Path.Combine(fixture.Errors, "a-boom.json.erreur.txt"));
        Expect.Contains("Fichier a-boom.json abandonné après 3 essais : erreur inattendue pendant son traitement (référence err-", reason);
        Assert.IsTrue(File.Exists(Path.Combine(fixture.Errors, "a-boom.json")), "l'entrée est gardée");
        Assert.IsFalse(run.IsCompleted, "le service tourne toujours");
        fixture.Drop("c-apres.json", ServiceFixture.Profile("ca-nevers", "apres"));
        await ServiceFixture.WaitUntil(() => File.Exists(Path.Combine(fixture.Outbox, "apres.json")), "un fichier déposé après");
        await stop.CancelAsync();
        Assert.AreEqual(ExitCodes.Success, await run);
    }

    [TestMethod]
    public async Task AnUnwritableOutboxPausesTheInboxLogsRarelyKeepsTheFilesAndRecovers()
    {
        using var fixture = new ServiceFixture();
        fixture.Settings["Cadrage:Service:AttenteMaxS"] = "1";
        var (run, stop, _, client) = await fixture.StartWithApiAsync();
        await ServiceFixture.WaitUntil(() => Directory.Exists(fixture.Outbox), "dossiers créés");
        // The outbox becomes impossible to write (a file where the folder was), as a full or read-only disk would.
        Directory.Delete(fixture.Outbox, recursive: true);
        File.WriteAllText(fixture.Outbox, "pas un dossier");
        for (var i = 0; i < 20; i++)
        {
            fixture.Drop($"t{i:00}.json", ServiceFixture.Profile("ca-nevers", $"T{i:00}"));
        }

        await ServiceFixture.WaitUntil(() => fixture.Messages(LogEventLevel.Error).Count > 0, "échec signalé");
        await Task.Delay(4000);
        var health = await client.GetAsync("/health");
        var body = JObject.Parse(await health.Content.ReadAsStringAsync());

        var errors = fixture.Sink.Events.Where(e => e.Level >= LogEventLevel.Error).ToList();
        Assert.IsTrue(errors.Count <= 2, $"{errors.Count} erreurs en 4 s :\n" + string.Join("\n", errors.Select(e => e.RenderMessage())));
        Assert.AreEqual(1, errors.Count(e => e.Exception is not null), "une seule pile d'appels");
        Assert.AreEqual(20, ServiceFixture.Count(fixture.Inbox, "*.json"), "les profils restent dans la boîte d'entrée");
        Assert.AreEqual(0, ServiceFixture.Count(fixture.Errors), "rien n'est rejeté pour une panne de disque");
        Assert.AreEqual(HttpStatusCode.ServiceUnavailable, health.StatusCode, body.ToString());
        Assert.AreEqual("en pause", (string?)body["boiteEntree"]!["etat"]);
        Expect.Contains("boîte d'entrée en pause : écriture impossible dans la boîte de sortie", (string)body["statut"]!);

        File.Delete(fixture.Outbox);
        await ServiceFixture.WaitUntil(() => ServiceFixture.Count(fixture.Archive) == 20, "reprise après réparation", 30);
        Assert.AreEqual(20, ServiceFixture.Count(fixture.Outbox, "*.json"));
        await ServiceFixture.WaitUntil(() => client.GetAsync("/health").Result.StatusCode == HttpStatusCode.OK, "santé rétablie");
        Assert.IsTrue(fixture.Messages(LogEventLevel.Information).Any(m => m.Contains("de nouveau en marche", StringComparison.Ordinal)));
        await stop.CancelAsync();
        Assert.AreEqual(ExitCodes.Success, await run);
    }

    [TestMethod]
    public async Task HealthShowsTheInboxWorker()
    {
        using var fixture = new ServiceFixture();
        var (run, stop, _, client) = await fixture.StartWithApiAsync();
        fixture.Drop("nevers.json", ServiceFixture.Profile("ca-nevers", "245804406"));
        await ServiceFixture.WaitUntil(() => ServiceFixture.Count(fixture.Archive) == 1, "archivage");

        var health = await client.GetAsync("/health");
        var body = JObject.Parse(await health.Content.ReadAsStringAsync());

        Assert.AreEqual(HttpStatusCode.OK, health.StatusCode, body.ToString());
        Assert.AreEqual("prêt", (string?)body["statut"]);
        Assert.AreEqual("active", (string?)body["boiteEntree"]!["etat"]);
        Assert.AreEqual("disponible", (string?)body["journal"]!["etat"]);
        Assert.AreEqual(RealRules.Kb.Version, (string?)body["version"]);
        await stop.CancelAsync();
        await run;
    }

    /// <summary>Throws on files whose name contains "boom", as a bug in the processing would.</summary>
    private sealed class ThrowingProcessor(IServiceProvider services) : InboxProcessor(
        services.GetRequiredService<RuleSetHolder>(),
        services.GetRequiredService<Cadrage.Rules.Evaluation.EvaluationService>(),
        services.GetRequiredService<Cadrage.Rules.Worker.Journal.EvaluationJournal>(),
        services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ServiceOptions>>(),
        services.GetRequiredService<Microsoft.Extensions.Logging.ILogger<InboxProcessor>>())
    {
        private int _throws;

        public int Throws => Volatile.Read(ref _throws);

        public override InboxStep Process(string path)
        {
            if (Path.GetFileName(path).Contains("boom", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _throws);
                throw new InvalidOperationException("panne simulée");
            }
            return base.Process(path);
        }
    }
}
