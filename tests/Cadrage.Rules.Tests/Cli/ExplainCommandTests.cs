using Cadrage.Rules.Worker.Cli;
using Newtonsoft.Json.Linq;

namespace Cadrage.Rules.Tests.Cli;

[TestClass]
public sealed class ExplainCommandTests
{
    private static string Example(string name) => Path.Combine(Repo.Examples, name + ".json");

    [TestMethod]
    public async Task ExplainSaysWhatWouldChangeTheRecommendationInFrench()
    {
        var (code, stdout, stderr) = await CliRunner.Run("explain", Example("cc-pays-chatillonnais"), "--rules", Repo.Rules, "--option", "lieux:centres-bourgs");

        Assert.AreEqual(ExitCodes.Success, code, stderr);
        Expect.Contains("Ce qui ferait changer la recommandation", stdout);
        Expect.Contains("Pourquoi pas l'autre option\u00a0?", stdout);
        Expect.Contains("«\u00a0Plusieurs centres-bourgs secondaires\u00a0»", stdout);
        Expect.Contains("Robustesse aux données", stdout);
    }

    [TestMethod]
    public async Task AnUnknownOptionIsAFrenchUsageError()
    {
        var (code, _, stderr) = await CliRunner.Run("explain", Example("ca-nevers"), "--rules", Repo.Rules, "--option", "lieux:nulle-part");

        Assert.AreEqual(ExitCodes.Unexpected, code);
        Expect.Contains("option « lieux:nulle-part » inconnue", stderr);
    }

    [TestMethod]
    public async Task EvaluateCarriesExplanationsByDefaultAndNotWhenAskedNotTo()
    {
        var (_, full, _) = await CliRunner.Run("evaluate", Example("ca-nevers"), "--rules", Repo.Rules, "--format", "json");
        var (_, bare, _) = await CliRunner.Run("evaluate", Example("ca-nevers"), "--rules", Repo.Rules, "--format", "json", "--explications", "aucune");

        Assert.AreEqual("completes", (string?)JObject.Parse(full)["explications"]!["niveau"]);
        Assert.AreEqual(JTokenType.Null, JObject.Parse(bare)["explications"]!.Type);
    }

    [TestMethod]
    public async Task CompareNamesTheQuestionsThatDifferAndWhy()
    {
        var (code, stdout, stderr) = await CliRunner.Run("compare", Example("ca-nevers"), Example("cc-pays-chatillonnais"), "--rules", Repo.Rules);

        Assert.AreEqual(ExitCodes.Success, code, stderr);
        Expect.Contains("Les deux territoires (CA de Nevers et CC du Pays Châtillonnais) diffèrent sur", stdout);
        Expect.Contains("«\u00a0Part de la première commune\u00a0»", stdout);
    }
}
