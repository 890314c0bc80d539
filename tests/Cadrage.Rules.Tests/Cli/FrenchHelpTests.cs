namespace Cadrage.Rules.Tests.Cli;

/// <summary>The help of every command is French, System.CommandLine's own words included.</summary>
[TestClass]
public sealed class FrenchHelpTests
{
    private static readonly string[][] Commands =
    [
        [], ["evaluate"], ["serve"], ["batch"], ["import"], ["import", "decoupage"],
        ["rules"], ["rules", "validate"], ["rules", "test"], ["rules", "schemas"], ["rules", "coverage"], ["rules", "diff"], ["rules", "sweep"], ["openapi"], ["sante"],
    ];

    [TestMethod]
    public async Task EveryHelpIsFrench()
    {
        foreach (var command in Commands)
        {
            var (code, stdout, stderr) = await CliRunner.Run([.. command, "--help"]);

            var name = "cadrage " + string.Join(' ', command);
            Assert.AreEqual(0, code, name + stderr);
            Expect.Contains("Utilisation", stdout, name);
            foreach (var english in new[] { "[command]", "(REQUIRED)", "[default:", "Arguments passed", "additional arguments", "Show help", "Usage:", "Options:" })
            {
                Assert.IsFalse(stdout.Contains(english, StringComparison.Ordinal), $"« {english} » dans l'aide de {name} :\n{stdout}");
            }
        }
    }

    [TestMethod]
    public async Task RequiredOptionsDefaultsAndServiceSettingsAreSaidInFrench()
    {
        var sweep = (await CliRunner.Run("rules", "sweep", "--help")).Stdout;
        var batch = (await CliRunner.Run("batch", "--help")).Stdout;
        var serve = (await CliRunner.Run("serve", "--help")).Stdout;
        var root = (await CliRunner.Run("--help")).Stdout;

        Expect.Contains("--parametre <nom> (requis)", sweep);
        Expect.Contains("[par défaut : ", batch);
        Expect.Contains("Réglages passés au service, sous la forme --Section:Cle=valeur", serve);
        Expect.Contains(" [commande] [options]", root);
    }
}

/// <summary>Command-line mistakes are French usage errors (exit code 1).</summary>
[TestClass]
public sealed class FrenchParseErrorTests
{
    [TestMethod]
    public async Task MissingOptionsAndUnreadableValuesAreSaidInFrench()
    {
        var (code, stdout, stderr) = await CliRunner.Run("rules", "sweep", "lot.jsonl", "--de", "trois");

        Assert.AreEqual(1, code);
        Assert.AreEqual("", stdout);
        Expect.Contains("L'option --parametre est obligatoire.", stderr);
        Expect.Contains("Valeur « trois » illisible pour l'option --de : un nombre attendu.", stderr);
        Expect.Contains("Aide : cadrage rules sweep --help", stderr);
        Assert.IsFalse(stderr.Contains("is required", StringComparison.Ordinal) || stderr.Contains("Cannot parse", StringComparison.Ordinal), stderr);
    }

    [TestMethod]
    public async Task AnUnknownCommandIsAFrenchUsageError()
    {
        var (code, _, stderr) = await CliRunner.Run("evaluat");

        Assert.AreEqual(1, code);
        Expect.Contains("non reconnu", stderr);
        Expect.Contains("Aide : cadrage --help", stderr);
    }
}
