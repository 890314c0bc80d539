using Cadrage.Rules.Output;

namespace Cadrage.Rules.Tests.Output;

[TestClass]
public sealed class FrenchFormatTests
{
    [TestMethod]
    [DataRow(19533.0, "19\u202f533")]
    [DataRow(1234.5, "1\u202f234,5")]
    [DataRow(0.05, "0,05")]
    [DataRow(10.8, "10,8")]
    [DataRow(-2.5, "-2,5")]
    [DataRow(1000000.0, "1\u202f000\u202f000")]
    [DataRow(0.004, "0")]
    [DataRow(99.999, "100")]
    [DataRow(473973.0, "473\u202f973")]
    [DataRow(-0.001, "0")]
    public void NumbersAreWrittenTheFrenchWay(double value, string expected) =>
        Assert.AreEqual(expected, FrenchFormat.Number(value));

    [TestMethod]
    public void SameAsTheCustomFormatOnManyValues()
    {
        var reference = new System.Globalization.NumberFormatInfo { NumberDecimalSeparator = ",", NumberGroupSeparator = "\u202f", NegativeSign = "-" };
        var random = new Random(42);
        for (var i = 0; i < 5000; i++)
        {
            var value = Math.Round((random.NextDouble() - 0.3) * Math.Pow(10, random.Next(0, 8)), random.Next(0, 4));
            if (Math.Abs(value) < 0.005)
            {
                continue; // the custom format writes « -0 » for tiny negatives; we write « 0 »
            }
            Assert.AreEqual(value.ToString("#,##0.##", reference), FrenchFormat.Number(value), value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}

[TestClass]
public sealed class FrenchFormatValueTests
{
    [TestMethod]
    public void ValuesReadBackFromJsonAreWrittenLikeLiveOnes()
    {
        Assert.AreEqual(FrenchFormat.WithUnit(28363.0, "hab"), FrenchFormat.WithUnit(28363L, "hab"));
        Assert.AreEqual(FrenchFormat.WithUnit(12.5, "%"), FrenchFormat.WithUnit(new Newtonsoft.Json.Linq.JValue(12.5), "%"));
        Assert.AreEqual("CTG, CRTE", FrenchFormat.Value(new Newtonsoft.Json.Linq.JArray("CTG", "CRTE")));
        Assert.AreEqual("oui", FrenchFormat.Value(new Newtonsoft.Json.Linq.JValue(true)));
        Assert.AreEqual("28\u202f363\u00a0hab", FrenchFormat.WithUnit(28363L, "hab"));
    }

    [TestMethod]
    [DataRow(0.0, "0\u00a0commune")]
    [DataRow(1.0, "1\u00a0commune")]
    [DataRow(1.5, "1,5\u00a0commune")]
    [DataRow(2.0, "2\u00a0communes")]
    [DataRow(107.0, "107\u00a0communes")]
    [DataRow(1813.8, "1\u202f813,8\u00a0communes")]
    public void UnitsAgreeWithTheNumber(double value, string expected)
    {
        Assert.AreEqual(expected, FrenchFormat.WithUnit(value, "commune", "communes"));
        Assert.AreEqual(expected, FrenchFormat.Count(value, "commune", "communes"));
    }

    [TestMethod]
    public void SymbolsHaveNoPlural() => Assert.AreEqual("42,7\u00a0%", FrenchFormat.WithUnit(42.7, "%", null));

    [TestMethod]
    [DataRow(1460.0, "1,46\u00a0s")]
    [DataRow(350.0, "0,35\u00a0s")]
    [DataRow(125000.0, "2\u00a0min\u00a005\u00a0s")]
    [DataRow(3720000.0, "1\u00a0h\u00a002\u00a0min")]
    public void DurationsAreWrittenTheFrenchWay(double milliseconds, string expected) =>
        Assert.AreEqual(expected, FrenchFormat.Duration(TimeSpan.FromMilliseconds(milliseconds)));

    [TestMethod]
    public void ListsAndLabelsReadAsSentences()
    {
        Assert.AreEqual("", FrenchFormat.Join([]));
        Assert.AreEqual("a", FrenchFormat.Join(["a"]));
        Assert.AreEqual("a et b", FrenchFormat.Join(["a", "b"]));
        Assert.AreEqual("a, b et c", FrenchFormat.Join(["a", "b", "c"]));
        Assert.AreEqual("gérer en interne", FrenchFormat.InSentence("Gérer en interne"));
        Assert.AreEqual("CTG avec la CAF", FrenchFormat.InSentence("CTG avec la CAF"));
        Assert.AreEqual("France Services", FrenchFormat.InSentence("France Services"));
        Assert.AreEqual("Santé", FrenchFormat.Capitalized("santé"));
    }
}

[TestClass]
public sealed class FrenchDateTests
{
    [TestMethod]
    [DataRow("2026-11-30T09:00:00Z", "30 novembre 2026 à 10\u00a0h\u00a000")]
    [DataRow("2026-07-14T22:30:00Z", "15 juillet 2026 à 0\u00a0h\u00a030")]
    [DataRow("2026-03-29T00:59:00Z", "29 mars 2026 à 1\u00a0h\u00a059")]
    [DataRow("2026-03-29T01:00:00Z", "29 mars 2026 à 3\u00a0h\u00a000")]
    [DataRow("2026-10-25T00:59:00Z", "25 octobre 2026 à 2\u00a0h\u00a059")]
    [DataRow("2026-10-25T01:00:00Z", "25 octobre 2026 à 2\u00a0h\u00a000")]
    [DataRow("2026-12-31T23:30:00Z", "1er janvier 2027 à 0\u00a0h\u00a030")]
    public void DatesAreParisTimeInWords(string utc, string expected) =>
        Assert.AreEqual(expected, FrenchFormat.DateAndTime(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>Without time-zone data the European rule gives Paris time; it must agree with the system's data.</summary>
    [TestMethod]
    public void TheFallbackRuleAgreesWithTheTimeZoneData()
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById("Europe/Paris", out var paris))
        {
            Assert.Inconclusive("pas de données de fuseau horaire sur cette machine");
        }
        for (var instant = new DateTime(2000, 1, 1, 0, 30, 0, DateTimeKind.Utc); instant.Year < 2040; instant = instant.AddHours(7))
        {
            Assert.AreEqual(paris.GetUtcOffset(instant), FrenchFormat.ParisOffset(instant), instant.ToString("O"));
        }
    }
    [TestMethod]
    [DataRow("Faire", "«\u00a0Faire\u00a0»")]
    [DataRow("CA de Nevers", "«\u00a0CA de Nevers\u00a0»")]
    public void AQuoteKeepsItsGuillemetsWithItsWords(string label, string expected) => Assert.AreEqual(expected, FrenchFormat.Quote(label));

    [TestMethod]
    [DataRow("la méthode : « Faire avec » et « Laisser faire ».", "la méthode\u00a0: «\u00a0Faire avec\u00a0» et «\u00a0Laisser faire\u00a0».")]
    [DataRow("«Faire»", "«\u00a0Faire\u00a0»")]
    [DataRow("«\u202fFaire  »", "«\u00a0Faire\u00a0»")]
    [DataRow("«\u00a0Faire\u00a0»", "«\u00a0Faire\u00a0»")]
    [DataRow("sans guillemets", "sans guillemets")]
    public void TypographySetsANoBreakSpaceInsideEveryGuillemet(string text, string expected) => Assert.AreEqual(expected, FrenchFormat.Typography(text));
}
