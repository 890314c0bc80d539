using Cadrage.Rules.Worker.Cli;
using Microsoft.Extensions.Configuration;

namespace Cadrage.Rules.Tests.Cli;

/// <summary>The one lookup of the rules folder: option, then setting, then « rules ».</summary>
[TestClass]
public sealed class RulesFolderTests
{
    [TestMethod]
    public void OptionThenSettingThenDefault()
    {
        var configured = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Cadrage:Regles"] = "/srv/regles" }).Build();
        var empty = new ConfigurationBuilder().Build();

        Assert.AreEqual("mes-regles", RulesFolder.Resolve("mes-regles", configured));
        Assert.AreEqual("/srv/regles", RulesFolder.Resolve(null, configured));
        Assert.AreEqual("/srv/regles", RulesFolder.Resolve("  ", configured));
        Assert.AreEqual("rules", RulesFolder.Resolve(null, empty));
    }
}
