using Cadrage.Rules.Evaluation;
using Cadrage.Rules.Worker.Cli;
using Newtonsoft.Json.Linq;

namespace Cadrage.Rules.Tests.RuleTools;

/// <summary><c>cadrage rules validate</c>.</summary>
[TestClass]
public sealed class ValidateCommandTests
{
    [TestMethod]
    public async Task RulesValidateReportsTheRuleSet()
    {
        var (code, stdout, _) = await Run("rules", "validate", Repo.Rules);

        Assert.AreEqual(ExitCodes.Success, code);
        Expect.Contains("Base de règles valide", stdout);
        Expect.Contains($"version {RealRules.Kb.Version}", stdout);
    }

    [TestMethod]
    public async Task RulesValidateFailsOnABrokenFile()
    {
        using var copy = new RulesCopy();
        copy.Edit("regles/lieux.json", w => RulesCopy.Rule(w, "pole-epci-urbain")["Properties"]!["statut"] = "certain");

        var (code, _, stderr) = await Run("rules", "validate", copy.Directory);

        Assert.AreEqual(ExitCodes.InvalidRules, code);
        Expect.Contains("statut « certain » inconnu", stderr);
    }

    [TestMethod]
    public async Task RulesValidateWarnsAboutAMirroredPair()
    {
        // The pair the real rules had until the sixth practitioner review: the support of a neighbouring pôle and, on
        // the same condition, an opposition to itinérance (one fact counted twice when the two forms are compared).
        using var copy = new RulesCopy();
        copy.Edit("regles/lieux.json", w =>
        {
            var mirror = (JObject)RulesCopy.Rule(w, "pole-voisin-a-portee").DeepClone();
            mirror["RuleName"] = "itinerance-pole-voisin";
            mirror["Properties"]!["effet"] = "opposition";
            mirror["Properties"]!["option"] = "itinerance";
            ((JArray)w["Rules"]!).Add(mirror);
        });

        var (code, stdout, stderr) = await Run("rules", "validate", copy.Directory);

        Assert.AreEqual(ExitCodes.Success, code, "des avertissements ne sont pas des erreurs");
        Assert.AreEqual("", stderr);
        var section = stdout.IndexOf("Avertissements (1) :", StringComparison.Ordinal);
        Assert.IsTrue(section > stdout.IndexOf("— regles/compatibilite.json", StringComparison.Ordinal), $"la section des avertissements suit le résumé :\n{stdout}");
        var pair = stdout[section..].Split('\n').Single(l => l.Contains("« itinerance-pole-voisin »", StringComparison.Ordinal));
        Expect.Contains("  - regles/lieux.json, règle « itinerance-pole-voisin » : même condition que la règle « pole-voisin-a-portee »", pair);
        Expect.Contains("qui soutient « Pôle de services type agglomération » ; celle-ci s'oppose à « Itinérance »", pair);
        Expect.Contains("gardez une seule des deux règles, ou distinguez leurs conditions", pair);
    }

    [TestMethod]
    public async Task RulesValidateNamesAMirroredPairAddedInAnotherFile()
    {
        // A copy of a supporting rule of question 5, aimed against another option of the question.
        using var copy = new RulesCopy();
        copy.Edit("regles/objectifs.json", w =>
        {
            var rules = (JArray)w["Rules"]!;
            var model = rules.OfType<JObject>().First(r => (string?)r["Properties"]!["effet"] == "soutien");
            var other = RealRules.Kb.Referentiel.Question("objectifs").Options.First(o => o.Id != (string?)model["Properties"]!["option"]);
            var mirror = (JObject)model.DeepClone();
            mirror["RuleName"] = "miroir-ajoute";
            mirror["Properties"]!["effet"] = "opposition";
            mirror["Properties"]!["option"] = other.Id;
            rules.Add(mirror);
        });

        var (code, stdout, _) = await Run("rules", "validate", copy.Directory);

        Assert.AreEqual(ExitCodes.Success, code);
        Expect.Contains("Avertissements (1) :", stdout);
        Expect.Contains("  - regles/objectifs.json, règle « miroir-ajoute » : même condition que la règle", stdout);
    }

    [TestMethod]
    public async Task RulesValidateWithoutMirroredPairHasNoWarningSection()
    {
        // The real rules have no mirrored pair left.
        Assert.AreEqual(0, RealRules.Kb.Warnings().Count, string.Join("\n", RealRules.Kb.Warnings()));
        var (code, stdout, stderr) = await Run("rules", "validate", Repo.Rules);

        Assert.AreEqual(ExitCodes.Success, code, stderr);
        Expect.Contains("Base de règles valide", stdout);
        Assert.IsFalse(stdout.Contains("Avertissements", StringComparison.Ordinal), stdout);
    }

    private static Task<(int Code, string Stdout, string Stderr)> Run(params string[] args) => CliRunner.Run(args);
}
