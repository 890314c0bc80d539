using System.Globalization;
using System.Text;
using CsvHelper;

namespace Cadrage.Rules.Worker.Import;

/// <summary>How a CSV file is written.</summary>
public enum CsvDialect
{
    /// <summary>What French Excel opens as columns: « ; » between fields, UTF-8 with a byte-order mark, decimal comma.</summary>
    Excel,

    /// <summary>RFC 4180 for programs: « , » between fields, UTF-8 without byte-order mark, decimal point.</summary>
    Standard,
}

/// <summary>One data row of a CSV file: its line, its values by header, or why it cannot be read.</summary>
/// <param name="Line">Line of the file where the row starts (the header is line 1).</param>
/// <param name="Error">French, naming the line and the column, when the row is malformed.</param>
public sealed record CsvRow(int Line, IReadOnlyDictionary<string, string> Values, string? Error)
{
    public string this[string column] => Values[column];
}

/// <summary>
/// CSV in and out with CsvHelper. Reading detects the delimiter (« , », « ; » or tab) from the header, skips a
/// byte-order mark, accepts quoted fields (delimiters, quotes and line breaks inside); a malformed row is reported
/// with its line and column and the others are read. Writing follows a <see cref="CsvDialect"/>.
/// </summary>
public static class Csv
{
    public static readonly char[] Delimiters = [',', ';', '\t'];

    /// <summary>The rows of a CSV text; every value is a string, trimmed (empty = unknown).</summary>
    /// <param name="source">The file name, for error messages.</param>
    public static IEnumerable<CsvRow> Read(TextReader reader, string source)
    {
        var header = reader.ReadLine();
        if (header is null)
        {
            yield break;
        }
        header = header.TrimStart('\uFEFF');
        var delimiter = DetectDelimiter(header);
        var columns = Split(header, delimiter);
        if (columns.GroupBy(c => c, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            yield return new CsvRow(1, new Dictionary<string, string>(), $"{source}, ligne 1 : colonne « {duplicate.Key} » en double dans l'en-tête");
            yield break;
        }
        var malformed = new Queue<CsvMalformedRecord>();
        var options = new CsvReaderOptions
        {
            Separator = delimiter,
            HasHeader = false, // read above: the delimiter is detected from it
            TrackLineNumbers = true,
            SkipEmptyLines = true,
            TrimWhitespace = true,
            MalformedData = CsvMalformedDataHandling.Skip,
            OnMalformedRecord = record => malformed.Enqueue(record),
        };
        using var csv = CsvReader.Create(reader, options, leaveOpen: true);
        while (true)
        {
            var more = csv.Read();
            while (malformed.TryDequeue(out var bad))
            {
                yield return new CsvRow((int)bad.LineNumber + 1, new Dictionary<string, string>(), Malformed(source, (int)bad.LineNumber + 1, bad, columns, delimiter));
            }
            if (!more)
            {
                yield break;
            }
            var line = (int)csv.LineNumber + 1;
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < columns.Count; i++)
            {
                values[columns[i]] = i < csv.FieldCount ? csv.GetString(i) : "";
            }
            var error = csv.FieldCount > columns.Count
                ? $"{source}, ligne {line}, colonne {csv.FieldCount} : {csv.FieldCount} valeurs pour {columns.Count} colonnes dans l'en-tête"
                : null;
            yield return new CsvRow(line, values, error);
        }
    }

    /// <summary>The delimiter of a header line: the most frequent of « , », « ; » and tab outside quotes (« , » when none).</summary>
    public static char DetectDelimiter(string header)
    {
        var counts = new int[Delimiters.Length];
        var quoted = false;
        foreach (var c in header)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && Array.IndexOf(Delimiters, c) is var i and >= 0)
            {
                counts[i]++;
            }
        }
        var best = 0;
        for (var i = 1; i < counts.Length; i++)
        {
            if (counts[i] > counts[best])
            {
                best = i;
            }
        }
        return Delimiters[best];
    }

    /// <summary>Writes a whole CSV file atomically in a dialect: records (header first) of strings and numbers.
    /// Numbers are written in the dialect's way; a text that Excel would run as a formula is escaped.</summary>
    public static void WriteFile(string path, CsvDialect dialect, IEnumerable<IEnumerable<object?>> records)
    {
        var text = new StringWriter();
        using (var csv = Writer(text, dialect))
        {
            foreach (var record in records)
            {
                WriteRecord(csv, record);
            }
        }
        Cli.AtomicFile.Write(path, text.ToString(), Encoding(dialect));
    }

    /// <summary>A writer of records in a dialect, over text (its encoding, BOM included, is the caller's: <see cref="Encoding"/>).</summary>
    public static CsvWriter Writer(TextWriter writer, CsvDialect dialect) => CsvWriter.Create(writer, new CsvWriterOptions
    {
        Separator = dialect == CsvDialect.Excel ? ';' : ',',
        NewLine = dialect == CsvDialect.Excel ? "\r\n" : "\n",
        FormatProvider = dialect == CsvDialect.Excel ? FrenchNumbers : CultureInfo.InvariantCulture,
        Injection = dialect == CsvDialect.Excel ? CsvInjection.Escape : CsvInjection.None,
        ValidateFieldCount = true,
    }, leaveOpen: true);

    /// <summary>Writes one record: strings as text, numbers as numbers (never escaped as formulas).</summary>
    public static void WriteRecord(CsvWriter csv, IEnumerable<object?> fields)
    {
        foreach (var field in fields)
        {
            switch (field)
            {
                case double d:
                    csv.WriteField(d, "0.####");
                    break;
                case int i:
                    csv.WriteField(i, "");
                    break;
                case long l:
                    csv.WriteField(l, "");
                    break;
                default:
                    csv.WriteField(field?.ToString());
                    break;
            }
        }
        csv.EndRecord();
    }

    /// <summary>UTF-8, with a byte-order mark for Excel (without it Excel reads ANSI and garbles accents).</summary>
    public static Encoding Encoding(CsvDialect dialect) => new UTF8Encoding(encoderShouldEmitUTF8Identifier: dialect == CsvDialect.Excel);

    /// <summary>Parses a dialect name of the command line (<c>excel</c> or <c>standard</c>).</summary>
    public static CsvDialect ParseDialect(string? name) => string.Equals(name, "standard", StringComparison.OrdinalIgnoreCase) ? CsvDialect.Standard : CsvDialect.Excel;

    private static readonly CultureInfo FrenchNumbers = new(CultureInfo.InvariantCulture.Name)
    {
        NumberFormat = { NumberDecimalSeparator = ",", NumberGroupSeparator = "", NegativeSign = "-" },
    };

    private static List<string> Split(string header, char delimiter)
    {
        using var csv = CsvReader.FromText(header, new CsvReaderOptions { Separator = delimiter, HasHeader = false, TrimWhitespace = true });
        var columns = new List<string>();
        if (csv.Read())
        {
            for (var i = 0; i < csv.FieldCount; i++)
            {
                columns.Add(csv.GetString(i));
            }
        }
        return columns;
    }

    private static string Malformed(string source, int line, CsvMalformedRecord record, IReadOnlyList<string> columns, char delimiter)
    {
        var where = $"{source}, ligne {line}";
        var column = ColumnName(columns, BadColumn(record.RawRecord, delimiter));
        var separator = delimiter == '\t' ? "une tabulation" : $"« {delimiter} »";
        return record.Reason switch
        {
            CsvMalformedReason.UnterminatedQuote => $"{where}, colonne {column} : guillemet ouvert jamais fermé (la suite du fichier est illisible)",
            CsvMalformedReason.FieldCountMismatch => $"{where} : nombre de valeurs différent de celui des colonnes de l'en-tête",
            _ => $"{where}, colonne {column} : guillemet mal placé (un champ qui contient {separator}, un guillemet ou un saut de ligne s'écrit entre guillemets, et un guillemet s'y double)",
        };
    }

    /// <summary>The 1-based column where quoting goes wrong in a raw record.</summary>
    private static int BadColumn(string raw, char delimiter)
    {
        var column = 1;
        var start = true;
        var quoted = false;
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < raw.Length && raw[i + 1] == '"')
                    {
                        i++;
                    }
                    else if (i + 1 < raw.Length && raw[i + 1] != delimiter && raw[i + 1] is not ('\r' or '\n'))
                    {
                        return column; // text after the closing quote
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                continue;
            }
            if (c == delimiter)
            {
                column++;
                start = true;
                continue;
            }
            if (c == '"')
            {
                if (!start)
                {
                    return column; // a quote inside an unquoted field
                }
                quoted = true;
            }
            if (c is not (' ' or '\t'))
            {
                start = false;
            }
        }
        return column;
    }

    private static string ColumnName(IReadOnlyList<string> columns, int column) =>
        column >= 1 && column <= columns.Count ? $"{column} (« {columns[column - 1]} »)" : column.ToString(CultureInfo.InvariantCulture);
}
