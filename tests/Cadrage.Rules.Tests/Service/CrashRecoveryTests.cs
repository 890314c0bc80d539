using System.Diagnostics;
using Cadrage.Rules.Worker.Cli;
using Newtonsoft.Json.Linq;

namespace Cadrage.Rules.Tests.Service;

/// <summary>The real <c>cadrage serve</c> process, killed (SIGKILL) in the middle of a batch, then restarted.</summary>
[TestClass]
public sealed class CrashRecoveryTests
{
    [TestMethod]
    public async Task KillingTheServiceMidBatchAndRestartingLosesNothingAndDuplicatesNothing()
    {
        using var fixture = new ServiceFixture();
        const int count = 200;
        var examples = Repo.ExampleFiles.Select(Path.GetFileNameWithoutExtension).ToList();
        for (var i = 0; i < count; i++)
        {
            fixture.Drop($"t{i:000}.json", ServiceFixture.Profile(examples[i % examples.Count]!, $"T{i:000}"));
            File.SetLastWriteTimeUtc(Path.Combine(fixture.Inbox, $"t{i:000}.json"), DateTime.UtcNow.AddMinutes(-1));
        }

        using (var first = StartProcess(fixture))
        {
            await ServiceFixture.WaitUntil(() => ServiceFixture.Count(fixture.Archive) >= 15, "début du traitement", 60);
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
        }
        var archivedAtKill = ServiceFixture.Count(fixture.Archive);
        // Nothing lost at the moment of the kill: every input is still in the inbox or in the archive.
        Assert.AreEqual(count, ServiceFixture.Count(fixture.Inbox) + archivedAtKill, "entrées perdues au moment de l'arrêt brutal");
        // Every archived input already has its complete result.
        foreach (var archived in Directory.EnumerateFiles(fixture.Archive))
        {
            var id = "T" + Path.GetFileNameWithoutExtension(archived)[1..];
            Assert.IsTrue(File.Exists(Path.Combine(fixture.Outbox, id + ".json")), $"{id} archivé sans résultat");
        }

        using (var second = StartProcess(fixture))
        {
            await ServiceFixture.WaitUntil(() => ServiceFixture.Count(fixture.Archive) == count, "fin du traitement après redémarrage", 120);
            second.Kill(entireProcessTree: true);
            await second.WaitForExitAsync();
        }

        Assert.AreEqual(0, ServiceFixture.Count(fixture.Inbox));
        Assert.AreEqual(0, ServiceFixture.Count(fixture.Errors));
        var outputs = Directory.EnumerateFiles(fixture.Outbox, "*.json").ToList();
        Assert.AreEqual(count, outputs.Count, "un résultat par territoire, ni plus ni moins");
        Assert.AreEqual(count, ServiceFixture.Count(fixture.Outbox, "*.txt"));
        foreach (var output in outputs)
        {
            Assert.AreEqual(Path.GetFileNameWithoutExtension(output), (string?)JObject.Parse(File.ReadAllText(output))["territoire"]!["id"]);
        }
        Assert.IsTrue(archivedAtKill < count, "l'arrêt brutal est survenu avant la fin du lot");
    }

    private static Process StartProcess(ServiceFixture fixture)
    {
        var cadrage = typeof(CadrageCli).Assembly.Location;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = fixture.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(cadrage);
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add("--rules");
        start.ArgumentList.Add(fixture.Rules.Directory);
        foreach (var (key, value) in fixture.Settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }
        start.ArgumentList.Add("--Cadrage:Service:Parallelisme=1");
        start.ArgumentList.Add("--Cadrage:Service:StabiliteMs=0");
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
