using System.Globalization;
using Cadrage.Rules.Evaluation;
using Cadrage.Rules.Json;
using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Worker.Import;
using Newtonsoft.Json.Linq;

namespace Cadrage.Rules.Worker.Batch;

/// <summary>One territory of a batch, before parsing: where it comes from and its text or already-built JSON,
/// or why it could not even be read (a malformed CSV row: its line and column).</summary>
public sealed record BatchItem(long Index, string Source, string? Text, JObject? Json, string? Error = null)
{
    /// <summary>The item as the evaluation entry point reads it.</summary>
    public ProfileSource ToSource() => Json is not null ? ProfileSource.FromToken(Json, Source) : ProfileSource.FromText(Text!, Source);
}

/// <summary>Streams the territories of a batch: JSONL (one profile per line), CSV (one column per indicator) or a folder of JSON files.</summary>
public static class BatchInput
{
    public static IEnumerable<BatchItem> Read(string path, RuleSet kb)
    {
        if (Directory.Exists(path))
        {
            return Folder(path);
        }
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"entrée introuvable : {path}", path);
        }
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".csv" => CsvFile(path, kb),
            _ => Jsonl(path),
        };
    }

    private static IEnumerable<BatchItem> Folder(string path)
    {
        long index = 0;
        foreach (var file in Directory.EnumerateFiles(path, "*.json").Order(StringComparer.Ordinal))
        {
            yield return new BatchItem(index++, Path.GetFileName(file), File.ReadAllText(file), null);
        }
    }

    private static IEnumerable<BatchItem> Jsonl(string path)
    {
        using var reader = new StreamReader(path);
        long index = 0;
        var line = 0;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }
            yield return new BatchItem(index++, $"{Path.GetFileName(path)}, ligne {line}", text, null);
        }
    }

    /// <summary>CSV: columns id, nom, echelle, then catalogue indicators; lists separated by « | »; empty = unknown.
    /// The delimiter (« , », « ; », tab) is detected, a byte-order mark skipped, a decimal comma accepted.</summary>
    private static IEnumerable<BatchItem> CsvFile(string path, RuleSet kb)
    {
        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        long index = 0;
        var name = Path.GetFileName(path);
        foreach (var row in Csv.Read(reader, name))
        {
            var source = $"{name}, ligne {row.Line}";
            if (row.Error is not null)
            {
                yield return new BatchItem(index++, source, null, null, row.Error);
                continue;
            }
            var profile = new JObject();
            var indicators = new JObject();
            foreach (var (column, value) in row.Values)
            {
                if (column is "id" or "nom" or "echelle")
                {
                    if (value.Length > 0)
                    {
                        profile[column] = value;
                    }
                    continue;
                }
                if (value.Length == 0)
                {
                    continue;
                }
                var definition = kb.FindIndicator(column);
                indicators[column] = definition?.Type switch
                {
                    IndicatorType.nombre or IndicatorType.entier when ParseNumber(value) is { } number => number,
                    IndicatorType.booleen when value.ToLowerInvariant() is "true" or "vrai" or "oui" or "1" => true,
                    IndicatorType.booleen when value.ToLowerInvariant() is "false" or "faux" or "non" or "0" => false,
                    IndicatorType.liste => new JArray(value.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)),
                    _ => value, // unknown column or unreadable value: the profile reader reports it with its path (the column)
                };
            }
            profile["indicateurs"] = indicators;
            yield return new BatchItem(index++, source, null, profile);
        }
    }

    /// <summary>A number written the French way (« 12,5 », « 19 533 ») or the international way (« 12.5 »).</summary>
    public static double? ParseNumber(string text)
    {
        var compact = text.Replace(" ", "", StringComparison.Ordinal).Replace("\u00a0", "", StringComparison.Ordinal).Replace("\u202f", "", StringComparison.Ordinal);
        if (compact.Contains(',', StringComparison.Ordinal) && compact.Contains('.', StringComparison.Ordinal))
        {
            return null; // « 1.234,5 » or « 1,234.5 »: ambiguous, reported rather than guessed
        }
        return double.TryParse(compact.Replace(',', '.'), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? number
            : null;
    }

    /// <summary>Parses an item into a token; a syntax error becomes French diagnostics.</summary>
    public static JToken? Parse(BatchItem item, List<JsonDiagnostic> errors) =>
        item.Json ?? StrictJson.Parse(item.Text!, item.Source, errors);
}
