using System.Diagnostics;
using Cadrage.Rules.Worker.Cli;
using Cadrage.Rules.Worker.Service;
using Newtonsoft.Json.Linq;

namespace Cadrage.Rules.Hostile.Profiles;

/// <summary>kill -9 of the real processes in the middle of hostile work, then a restart.</summary>
[TestClass]
public sealed class KillTests
{
    private const int InboxCases = 1500;
    private const int Kills = 5;

    [TestMethod]
    public async Task KillingServeRepeatedlyDuringHostileInboxWorkLosesNothingAndDuplicatesNothing()
    {
        using var work = new TempFolder("kill-serve");
        var data = Path.Combine(work.Path, "data");
        var inbox = Path.Combine(data, "inbox");
        Directory.CreateDirectory(inbox);
        var cases = HostileProfiles.Cases.Take(InboxCases).ToList();
        foreach (var c in cases)
        {
            File.WriteAllBytes(Path.Combine(inbox, c.FileName), c.Bytes);
        }
        var random = new Random(9);
        var watch = Stopwatch.StartNew();
        var killedMidWork = 0;
        for (var round = 0; round <= Kills; round++)
        {
            using var service = Serve(work.Path);
            await service.WaitReadyAsync();
            if (round < Kills)
            {
                await Task.Delay(random.Next(300, 1500));
                if (Directory.EnumerateFiles(inbox, "*.json").Any())
                {
                    killedMidWork++;
                }
                service.Kill();
                continue;
            }
            var deadline = Stopwatch.StartNew();
            while (Directory.EnumerateFiles(inbox, "*.json").Any() && deadline.Elapsed < PathRuns.InboxBudget && !service.Process.HasExited)
            {
                await Task.Delay(250);
            }
            Assert.IsFalse(service.Process.HasExited, "le service s'est arrêté :\n" + PathRuns.Tail(service.Output));
            Assert.AreEqual(0, await service.StopAsync(), PathRuns.Tail(service.Output));
        }
        watch.Stop();

        var archive = Path.Combine(data, "archive");
        var errors = Path.Combine(data, "errors");
        var outbox = Path.Combine(data, "outbox");
        var archived = cases.Where(c => File.Exists(Path.Combine(archive, c.FileName))).ToList();
        var rejected = cases.Where(c => File.Exists(Path.Combine(errors, c.FileName))).ToList();
        var lost = cases.Count - archived.Count - rejected.Count;
        var both = archived.Intersect(rejected).Count();
        Figures.Record(new Figure($"kill -9 de serve ({Kills} fois, boîte d'entrée)", cases.Count, archived.Count + rejected.Count - both, lost, 0, 0,
            "—", Figures.S(watch.Elapsed), $"{killedMidWork} arrêts en plein travail ; {Figures.N(archived.Count)} évalués, {Figures.N(rejected.Count)} rejetés"));

        Assert.IsTrue(killedMidWork >= 3, $"seulement {killedMidWork} arrêts en plein travail");
        Assert.AreEqual(0, both, "un profil à la fois archivé et rejeté");
        Assert.AreEqual(0, lost, "profils perdus");
        Assert.AreEqual(0, Directory.EnumerateFiles(inbox).Count(), "boîte d'entrée vidée");
        Assert.AreEqual(archived.Count + rejected.Count, Directory.EnumerateFiles(archive).Count() + Directory.EnumerateFiles(errors, "*.json").Count(), "aucun doublon archivé ou rejeté");
        foreach (var c in rejected)
        {
            Assert.IsTrue(File.Exists(Path.Combine(errors, c.FileName + ".erreur.txt")), $"{c.FileName} sans sa raison");
        }
        foreach (var folder in new[] { outbox, errors, archive })
        {
            Assert.AreEqual(0, Directory.EnumerateFiles(folder, "*" + AtomicFile.TempSuffix).Count(), $"fichiers temporaires dans {folder}");
        }
        var expected = archived.Select(PathRuns.IdOf).ToHashSet(StringComparer.Ordinal);
        var outputs = Directory.EnumerateFiles(outbox, "*.json").Select(f => (string?)JObject.Parse(File.ReadAllText(f))["territoire"]!["id"]).ToList();
        Assert.AreEqual(outputs.Count, outputs.Distinct().Count(), "deux résultats pour un territoire");
        Assert.IsTrue(expected.SetEquals(outputs!), "un résultat par territoire évalué, complet (aucun fichier tronqué)");
        Assert.AreEqual(archived.Count, PathRuns.JournalRows(Path.Combine(data, "cadrage.db")), "une ligne de journal par profil évalué, rejouée une seule fois");
    }

    [TestMethod]
    public async Task KillingBatchMidwayLeavesNoPartialResultAndARerunIsByteIdentical()
    {
        var reference = await PathRuns.Batch;
        Assert.IsFalse(reference.ProcessCrashed, "le lot de référence a échoué : voir BatchNeverCrashesLosesOrHangs");
        using var work = new TempFolder("kill-batch");
        var output = work.Sub("lot");

        var start = CadrageExe.StartInfo(work.Path, ["batch", PathRuns.CaseFolder, "--out", output, "--rules", Repo.Rules]);
        using (var batch = Process.Start(start)!)
        {
            batch.OutputDataReceived += (_, _) => { };
            batch.ErrorDataReceived += (_, _) => { };
            batch.BeginOutputReadLine();
            batch.BeginErrorReadLine();
            var temp = Path.Combine(output, ".resultats.jsonl" + AtomicFile.TempSuffix);
            var deadline = Stopwatch.StartNew();
            while (!batch.HasExited && !(File.Exists(temp) && new FileInfo(temp).Length > 0) && deadline.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(10);
            }
            Assert.IsFalse(batch.HasExited, "le lot s'est terminé avant l'arrêt brutal");
            batch.Kill(entireProcessTree: true);
            await batch.WaitForExitAsync();
        }
        Assert.IsFalse(File.Exists(Path.Combine(output, "resultats.jsonl")), "un resultats.jsonl partiel passerait pour complet");
        Assert.IsFalse(File.Exists(Path.Combine(output, "erreurs.jsonl")));

        var rerun = await CadrageExe.RunAsync(work.Path, PathRuns.BatchBudget, "batch", PathRuns.CaseFolder, "--out", output, "--rules", Repo.Rules);

        Assert.IsFalse(rerun.TimedOut);
        foreach (var file in new[] { "resultats.jsonl", "erreurs.jsonl", "synthese.csv" })
        {
            CollectionAssert.AreEqual(File.ReadAllBytes(Path.Combine(reference.Folder!, file)), File.ReadAllBytes(Path.Combine(output, file)), $"{file} relancé à l'identique");
        }
        Assert.AreEqual(0, Directory.EnumerateFiles(output, "*" + AtomicFile.TempSuffix).Count(), "aucun fichier temporaire après la relance");
        Figures.Record(new Figure("kill -9 de batch puis relance", HostileProfiles.Cases.Count, HostileProfiles.Cases.Count, 0, 0, rerun.TimedOut ? 1 : 0,
            Figures.Ms(rerun.Duration), Figures.S(rerun.Duration), "relance identique octet pour octet"));
    }

    private static ServiceProcess Serve(string work) => CadrageExe.Serve(work, Repo.Rules, CadrageExe.FreePort(),
        "--Cadrage:Service:AttenteFichierIncompletS=0", "--Cadrage:Service:StabiliteMs=0", "--Cadrage:Service:Parallelisme=2");
}
