using System.Net;
using System.Text;
using Newtonsoft.Json.Linq;

namespace Cadrage.Rules.Tests.Api;

[TestClass]
public sealed class ExplanationsApiTests
{
    [TestMethod]
    public async Task AnEvaluationCarriesItsExplanationsOnRequest()
    {
        await using var api = await ApiHost.StartAsync();

        var full = await api.PostProfile(RealRules.Example("ca-nevers"), "?explications=completes&option=pilotage:faire-faire");
        var bare = await api.PostProfile(RealRules.Example("ca-nevers"), "?explications=aucune");
        var wrong = await api.PostProfile(RealRules.Example("ca-nevers"), "?option=pilotage:partout");

        Assert.AreEqual(HttpStatusCode.Created, full.StatusCode);
        var explanations = JObject.Parse(await full.Content.ReadAsStringAsync())["explications"]!;
        Assert.IsTrue(((JArray)explanations["pourquoiPas"]!).Any(w => (string?)w["alternative"]!["id"] == "faire-faire"));
        Assert.AreEqual(JTokenType.Null, JObject.Parse(await bare.Content.ReadAsStringAsync())["explications"]!.Type);
        Assert.AreEqual(HttpStatusCode.BadRequest, wrong.StatusCode);
        Expect.Contains("option « pilotage:partout » inconnue", (string)(await ApiHost.Problem(wrong))["detail"]!);
    }

    [TestMethod]
    public async Task TwoTerritoriesAreComparedByTheApi()
    {
        await using var api = await ApiHost.StartAsync();
        var body = new JObject { ["a"] = RealRules.Example("ca-nevers"), ["b"] = RealRules.Example("cc-pays-chatillonnais") };

        var response = await api.Client.PostAsync("/api/comparaisons", new StringContent(body.ToString(), Encoding.UTF8, "application/json"));
        var invalid = await api.Client.PostAsync("/api/comparaisons", new StringContent("{\"a\": {}}", Encoding.UTF8, "application/json"));

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        var comparison = JObject.Parse(await response.Content.ReadAsStringAsync());
        Assert.AreEqual("245804406", (string?)comparison["a"]!["id"]);
        Assert.IsTrue(((JArray)comparison["questions"]!).Any(q => (bool)q["differe"]!));
        Assert.AreEqual(HttpStatusCode.BadRequest, invalid.StatusCode);
    }
}
