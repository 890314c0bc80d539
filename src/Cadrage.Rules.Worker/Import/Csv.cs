using System.Text;

namespace Cadrage.Rules.Worker.Import;

/// <summary>A small RFC 4180 reader: comma-separated, fields quoted only when needed, "" inside quotes.</summary>
public static class Csv
{
    /// <summary>Rows as dictionaries keyed by the header; every value is a string (empty = unknown).</summary>
    public static IEnumerable<(int Line, IReadOnlyDictionary<string, string> Row)> Read(TextReader reader)
    {
        var header = ReadRecord(reader);
        if (header is null)
        {
            yield break;
        }
        var line = 1;
        while (ReadRecord(reader) is { } record)
        {
            line++;
            if (record.Count == 1 && record[0].Length == 0)
            {
                continue; // blank line
            }
            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < header.Count; i++)
            {
                row[header[i]] = i < record.Count ? record[i] : "";
            }
            yield return (line, row);
        }
    }

    public static string Escape(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static List<string>? ReadRecord(TextReader reader)
    {
        var first = reader.Peek();
        if (first < 0)
        {
            return null;
        }
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        while (true)
        {
            var c = reader.Read();
            if (c < 0)
            {
                fields.Add(field.ToString());
                return fields;
            }
            if (quoted)
            {
                if (c == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    field.Append((char)c);
                }
                continue;
            }
            switch (c)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    return fields;
                default:
                    field.Append((char)c);
                    break;
            }
        }
    }
}
