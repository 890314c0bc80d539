using System.Diagnostics;
using Cadrage.Rules.Worker.Cli;
using Cadrage.Rules.Worker.Service;
using Microsoft.Extensions.DependencyInjection;

namespace Cadrage.Rules.Tests.Service;

/// <summary>The hot reload against a rules folder that would block a reader.</summary>
[TestClass]
public sealed class RulesReloadHardeningTests
{
    [TestMethod]
    public async Task AFifoInTheRulesFolderIsRefusedUnreadAndNeverBlocksReloadOrShutdown()
    {
        using var fixture = new ServiceFixture();
        var (run, stop, host) = fixture.Start();
        var holder = host.Services.GetRequiredService<RuleSetHolder>();
        await ServiceFixture.WaitUntil(() => holder.HasRules, "chargement initial");
        var before = holder.Current.Version;
        var pilotage = fixture.Rules.PathOf("regles/pilotage.json");
        var original = File.ReadAllBytes(pilotage);

        File.Delete(pilotage);
        using (var mkfifo = Process.Start("mkfifo", [pilotage]))
        {
            await mkfifo.WaitForExitAsync();
        }
        await ServiceFixture.WaitUntil(() => !holder.LastReload.Succes && holder.LastReload.Erreurs.Any(e => e.Contains("tube nommé (FIFO)", StringComparison.Ordinal)), "rechargement refusé");

        Expect.Contains("regles/pilotage.json : tube nommé (FIFO) et non fichier ordinaire", string.Join("\n", holder.LastReload.Erreurs));
        Assert.AreEqual(before, holder.Current.Version, "l'ancienne version reste en service");
        File.Delete(pilotage);
        File.WriteAllBytes(pilotage, original);
        await ServiceFixture.WaitUntil(() => holder.LastReload.Succes, "rechargement après retrait du tube");
        Assert.AreEqual(before, holder.Current.Version);

        var watch = Stopwatch.StartNew();
        await stop.CancelAsync();
        Assert.AreEqual(ExitCodes.Success, await run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.IsTrue(watch.Elapsed < TimeSpan.FromSeconds(30));
    }
}
