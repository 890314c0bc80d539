namespace Cadrage.Rules.Tests.Cli;

/// <summary>One-shot commands log to the console only, unless a setting asks for a file; never at Debug by default.</summary>
[TestClass]
public sealed class CommandLoggingTests
{
    [TestMethod]
    public async Task RulesTestFromAnotherFolderWritesNoLogAndFindsTheExamplesBesideTheRules()
    {
        var elsewhere = CadrageProcess.TempDirectory();

        var (code, stdout, stderr) = await CadrageProcess.RunAsync(elsewhere, null, "rules", "test", "--rules", Repo.Rules);

        Assert.AreEqual(0, code, stdout + stderr);
        Expect.Contains(" cas réussis, 0 en échec", stdout);
        Assert.AreEqual(0, Directory.EnumerateFileSystemEntries(elsewhere).Count(), "rien n'est écrit dans le dossier courant (pas de logs/)");
        Assert.AreEqual("", stderr, "la console ne reçoit que les messages de la commande");
    }

    [TestMethod]
    public async Task ASettingAsksForALogFileAtInformationByDefault()
    {
        var elsewhere = CadrageProcess.TempDirectory();
        var file = Path.Combine(elsewhere, "journal", "commande.json");

        var (code, stdout, stderr) = await CadrageProcess.RunAsync(elsewhere, new Dictionary<string, string> { ["Cadrage__Commandes__JournalFichier"] = file },
            "evaluate", Path.Combine(Repo.Examples, "ca-nevers.json"), "--rules", Repo.Rules, "--format", "json");

        Assert.AreEqual(0, code, stderr);
        var events = File.ReadAllLines(file);
        Assert.IsTrue(events.Length > 0);
        Assert.IsTrue(events.Any(e => e.Contains("\"TerritoireId\":\"245804406\"", StringComparison.Ordinal)), string.Join('\n', events));
        Assert.IsFalse(events.Any(e => e.Contains("\"@l\":\"Debug\"", StringComparison.Ordinal)), "aucun événement Debug par défaut");
    }

    [TestMethod]
    public async Task AnInvalidLogLevelIsAFrenchSettingError()
    {
        var (code, _, stderr) = await CadrageProcess.RunAsync(CadrageProcess.TempDirectory(), new Dictionary<string, string> { ["Cadrage__Commandes__NiveauJournal"] = "bavard" },
            "rules", "validate", Repo.Rules);

        Assert.AreEqual(4, code);
        Expect.Contains("Réglage invalide : Cadrage:Commandes:NiveauJournal « bavard » invalide", stderr);
    }
}
