using Cadrage.Rules.Worker.Service;

namespace Cadrage.Rules.Tests.Service;

[TestClass]
public sealed class OutputNameTests
{
    [TestMethod]
    public void ASafeIdIsItsOwnFileName()
    {
        Assert.AreEqual("245804406", OutputName.ForId("245804406"));
        Assert.AreEqual("2A004", OutputName.ForId("2A004"));
        Assert.AreEqual("cc-du-pays_x.1", OutputName.ForId("cc-du-pays_x.1"));
    }

    [TestMethod]
    public void IdsThatUsedToShareAFileNameNowGetDistinctOnes()
    {
        string[] ids = ["coll/1", "coll:1", "coll?1", "coll_1", "coll\\1", "coll 1", "coll*1", ".", "..", "...", "territoire", "", " ", "é", "e", "coll/1/", "CON", "con.json", "a\u0000b", "a\nb", "\uD800", "\uDC00"];

        var names = ids.Select(OutputName.ForId).ToList();

        Assert.AreEqual(ids.Length, names.Distinct(StringComparer.Ordinal).Count(), string.Join(" | ", names));
        Assert.AreEqual(ids.Length, names.Distinct(StringComparer.OrdinalIgnoreCase).Count(), "distincts aussi sur un volume insensible à la casse");
        foreach (var name in names)
        {
            Assert.IsTrue(name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~'), $"nom sûr attendu : {name}");
            Assert.IsFalse(name.StartsWith('.'), name);
        }
        StringAssert.StartsWith(OutputName.ForId("coll/1"), "coll_1~");
        Assert.AreEqual("coll_1", OutputName.ForId("coll_1"), "un identifiant sûr garde son nom, sans ~");
    }

    [TestMethod]
    public void AVeryLongIdGivesABoundedName()
    {
        var id = new string('x', 10_000);

        var name = OutputName.ForId(id);

        Assert.AreEqual(OutputName.MaxSlug + 1 + OutputName.HashLength, name.Length);
        Assert.AreNotEqual(name, OutputName.ForId(id + "y"), "deux identifiants longs de même début restent distincts");
        Assert.AreEqual(name, OutputName.ForId(id), "stable d'une exécution à l'autre");
    }

    [TestMethod]
    public void ALongInboxFileNameIsShortenedForTheArchiveAndErrors()
    {
        var name = new string('é', 120) + ".json"; // 245 bytes in UTF-8

        var kept = OutputName.Kept(name);

        Assert.IsTrue(System.Text.Encoding.UTF8.GetByteCount(kept) <= OutputName.MaxKeptNameBytes, kept);
        Assert.IsTrue(kept.EndsWith(".json", StringComparison.Ordinal), kept);
        Assert.AreEqual("ca-nevers.json", OutputName.Kept("ca-nevers.json"));
    }
}
