using Cadrage.Rules.Worker.Import;

namespace Cadrage.Rules.Tests.Import;

/// <summary>CSV in and out: delimiter detection, byte-order mark, quoted fields, errors with line and column.</summary>
[TestClass]
public sealed class CsvTests
{
    private static List<CsvRow> Read(string text) => Csv.Read(new StringReader(text), "lot.csv").ToList();

    [TestMethod]
    public void TheDelimiterComesFromTheHeader()
    {
        Assert.AreEqual(',', Csv.DetectDelimiter("id,nom,densite"));
        Assert.AreEqual(';', Csv.DetectDelimiter("id;nom;densite"));
        Assert.AreEqual('\t', Csv.DetectDelimiter("id\tnom\tdensite"));
        Assert.AreEqual(';', Csv.DetectDelimiter("id;\"nom, libellé\";densite"), "les séparateurs entre guillemets ne comptent pas");
        Assert.AreEqual(',', Csv.DetectDelimiter("id"));
    }

    [TestMethod]
    public void TabsBomBlankLinesAndQuotedLineBreaksKeepTheFileLineNumbers()
    {
        var rows = Read("\uFEFFid\tnom\tdensite\n1\t\"Val\nde Loire\"\t10,8\n\n2\tB\t3\n");

        Assert.AreEqual(2, rows.Count);
        Assert.AreEqual("Val\nde Loire", rows[0]["nom"]);
        Assert.AreEqual("10,8", rows[0]["densite"]);
        Assert.AreEqual(2, rows[0].Line);
        Assert.AreEqual(5, rows[1].Line, "ligne 5 du fichier : le saut de ligne entre guillemets et la ligne vide comptent");
        Assert.IsTrue(rows.All(r => r.Error is null));
    }

    [TestMethod]
    public void AMalformedRowNamesItsLineAndColumnAndTheOthersAreRead()
    {
        var rows = Read("id,nom,densite\n1,A,3\n2,B\"x,4\n3,C,5\n");

        Assert.AreEqual(3, rows.Count);
        Assert.IsNull(rows[0].Error);
        Assert.AreEqual("lot.csv, ligne 3, colonne 2 (« nom ») : guillemet mal placé (un champ qui contient « , », un guillemet ou un saut de ligne s'écrit entre guillemets, et un guillemet s'y double)", rows[1].Error);
        Assert.AreEqual("5", rows[2]["densite"]);
        Assert.AreEqual(4, rows[2].Line);
    }

    [TestMethod]
    public void AnUnclosedQuoteIsReportedWhereItOpens()
    {
        var rows = Read("id;nom;densite\n1;A;3\n2;\"B;4\n3;C;5\n");

        Assert.AreEqual(2, rows.Count);
        Expect.Contains("lot.csv, ligne 3, colonne 2 (« nom ») : guillemet ouvert jamais fermé", rows[1].Error!);
    }

    [TestMethod]
    public void ADuplicateColumnIsAnErrorOfTheHeader()
    {
        var rows = Read("id,nom,id\n1,A,2\n");

        Assert.AreEqual("lot.csv, ligne 1 : colonne « id » en double dans l'en-tête", rows.Single().Error);
    }

    [TestMethod]
    public void ExcelDialectQuotesWhatItMustEscapesFormulasAndWritesDecimalCommas()
    {
        var path = Path.Combine(Path.GetTempPath(), "cadrage-tests", Guid.NewGuid().ToString("N"), "sortie.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        Csv.WriteFile(path, CsvDialect.Excel, [["nom", "score", "note"], ["CC « A ; B »", 12.5, "=HYPERLINK(\"x\")"], ["ligne\nsuivante", -3.25, "dit \"oui\""]]);

        var bytes = File.ReadAllBytes(path);
        CollectionAssert.AreEqual(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = File.ReadAllText(path);
        Assert.AreEqual("nom;score;note\r\n\"CC « A ; B »\";12,5;\"'=HYPERLINK(\"\"x\"\")\"\r\n\"ligne\nsuivante\";-3,25;\"dit \"\"oui\"\"\"\r\n", text);
        var back = Csv.Read(new StringReader(text), "sortie.csv").ToList();
        Assert.AreEqual("CC « A ; B »", back[0]["nom"]);
        Assert.AreEqual("ligne\nsuivante", back[1]["nom"]);
        Assert.AreEqual("dit \"oui\"", back[1]["note"]);
    }

    [TestMethod]
    public void FrenchAndInternationalNumbersAreRead()
    {
        Assert.AreEqual(12.5, Cadrage.Rules.Worker.Batch.BatchInput.ParseNumber("12,5"));
        Assert.AreEqual(19533, Cadrage.Rules.Worker.Batch.BatchInput.ParseNumber("19\u202f533"));
        Assert.AreEqual(19533.5, Cadrage.Rules.Worker.Batch.BatchInput.ParseNumber("19 533,5"));
        Assert.AreEqual(-0.25, Cadrage.Rules.Worker.Batch.BatchInput.ParseNumber("-0.25"));
        Assert.IsNull(Cadrage.Rules.Worker.Batch.BatchInput.ParseNumber("1.234,5"), "ambigu : signalé plutôt que deviné");
        Assert.IsNull(Cadrage.Rules.Worker.Batch.BatchInput.ParseNumber("beaucoup"));
    }
}
