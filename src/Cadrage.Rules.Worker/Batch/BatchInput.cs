using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Cadrage.Rules.Evaluation;
using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Profiles;
using Cadrage.Rules.Worker.Import;

namespace Cadrage.Rules.Worker.Batch;

/// <summary>One territory of a batch, before parsing: where it comes from and its UTF-8 JSON, or why it could not
/// even be read (a malformed CSV row: its line and column).</summary>
public sealed record BatchItem(long Index, string Source, ReadOnlyMemory<byte> Json, string? Error = null)
{
    /// <summary>The item as the evaluation entry point reads it: UTF-8 bytes, straight into the streaming profile reader.</summary>
    public ProfileSource ToSource() => ProfileSource.FromUtf8(Json, Source);

    /// <summary>The territory id the item names, when its JSON has one at the top level (looked for on error paths only).</summary>
    public string? FindId()
    {
        if (Json.IsEmpty)
        {
            return null;
        }
        try
        {
            var span = Json.Span;
            if (span.StartsWith("\uFEFF"u8))
            {
                span = span[3..];
            }
            var reader = new Utf8JsonReader(span, new JsonReaderOptions { MaxDepth = 64 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isId = reader.ValueTextEquals("id"u8);
                reader.Read();
                if (isId)
                {
                    return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                reader.Skip();
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Broken before (or inside) the id: no id to show.
        }
        return null;
    }
}

/// <summary>
/// Streams the territories of a batch as UTF-8 bytes: JSONL (one profile per line, split on the bytes), CSV (one
/// column per indicator, each row written as profile JSON) or a folder of JSON files. No text decoding and no token
/// tree: each item goes as bytes into <see cref="ProfileSource.FromUtf8"/>, whose reader checks UTF-8 (an invalid
/// byte is reported with its offset), strict JSON and the catalogue, in French.
/// </summary>
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

    /// <summary>How many territories <see cref="Read"/> will give (for the progress bar): lines, rows or files, counted on the bytes.</summary>
    private static readonly SearchValues<byte> Blanks = SearchValues.Create(" \t\r"u8);

    public static long Count(string path)
    {
        if (Directory.Exists(path))
        {
            return Directory.EnumerateFiles(path, "*.json").LongCount();
        }
        var csv = Path.GetExtension(path).Equals(".csv", StringComparison.OrdinalIgnoreCase);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            long lines = 0;
            var content = false;
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                // Vectorized searches: this runs over the whole input before the batch starts.
                var span = buffer.AsSpan(0, read);
                while (!span.IsEmpty)
                {
                    var end = span.IndexOf((byte)'\n');
                    content |= (end < 0 ? span : span[..end]).IndexOfAnyExcept(Blanks) >= 0;
                    if (end < 0)
                    {
                        break;
                    }
                    lines += csv || content ? 1 : 0;
                    content = false;
                    span = span[(end + 1)..];
                }
            }
            lines += content ? 1 : 0;
            return csv ? Math.Max(0, lines - 1) : lines;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static IEnumerable<BatchItem> Folder(string path)
    {
        long index = 0;
        foreach (var file in Directory.EnumerateFiles(path, "*.json").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            byte[] bytes;
            string? error = null;
            try
            {
                var length = new FileInfo(file).Length;
                bytes = length > ProfileLimits.FileMaxBytes ? [] : File.ReadAllBytes(file);
                if (length > ProfileLimits.FileMaxBytes)
                {
                    error = $"fichier trop volumineux : {length} octets, {ProfileLimits.FileMaxBytes / (1024 * 1024)} Mio au plus pour un profil";
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                bytes = [];
                error = $"{ProfileReader.UnreadableFilePrefix} : {(ex is UnauthorizedAccessException ? "accès refusé" : "fichier verrouillé ou illisible")}";
            }
            yield return new BatchItem(index++, name, bytes, error);
        }
    }

    /// <summary>One profile per non-blank line; « fichier, ligne N » names it in every message.</summary>
    private static IEnumerable<BatchItem> Jsonl(string path)
    {
        var name = Path.GetFileName(path);
        long index = 0;
        foreach (var (line, bytes, tooLong) in Lines(path))
        {
            if (tooLong)
            {
                yield return new BatchItem(index++, $"{name}, ligne {line}", ReadOnlyMemory<byte>.Empty,
                    $"ligne trop longue : plus de {ProfileLimits.FileMaxBytes / (1024 * 1024)} Mio, la taille maximale d'un profil");
            }
            else if (!IsBlank(bytes.Span))
            {
                yield return new BatchItem(index++, $"{name}, ligne {line}", bytes);
            }
        }
    }

    /// <summary>
    /// The lines of a file as owned UTF-8 byte arrays with their 1-based number, read in large blocks and split on
    /// '\n' (a trailing '\r' dropped, a leading byte-order mark skipped). A line longer than a profile may be is
    /// skipped and flagged, so that the batch reports it rather than running out of memory.
    /// </summary>
    public static IEnumerable<(long Line, ReadOnlyMemory<byte> Bytes, bool TooLong)> Lines(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            int start = 0, end = 0;
            long line = 0;
            var skipping = false; // inside a line too long to keep: drop bytes up to its end
            var first = true;
            while (true)
            {
                if (start > 0)
                {
                    buffer.AsSpan(start, end - start).CopyTo(buffer);
                    end -= start;
                    start = 0;
                }
                if (end == buffer.Length)
                {
                    if (buffer.Length <= ProfileLimits.FileMaxBytes)
                    {
                        var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, end).CopyTo(bigger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = bigger;
                    }
                    else
                    {
                        skipping = true;
                        end = 0;
                    }
                }
                var read = stream.Read(buffer, end, buffer.Length - end);
                if (read == 0)
                {
                    if (skipping || end > 0)
                    {
                        line++;
                        yield return (line, skipping ? ReadOnlyMemory<byte>.Empty : Owned(buffer.AsSpan(0, end)), skipping);
                    }
                    yield break;
                }
                var scan = end;
                end += read;
                if (first)
                {
                    first = false;
                    if (end >= 3 && buffer.AsSpan(0, 3).SequenceEqual("\uFEFF"u8))
                    {
                        start = scan = 3;
                    }
                }
                int newline;
                while ((newline = buffer.AsSpan(scan, end - scan).IndexOf((byte)'\n')) >= 0)
                {
                    var lineEnd = scan + newline;
                    line++;
                    yield return (line, skipping ? ReadOnlyMemory<byte>.Empty : Owned(buffer.AsSpan(start, lineEnd - start)), skipping);
                    skipping = false;
                    start = scan = lineEnd + 1;
                }
                if (skipping)
                {
                    start = end;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static byte[] Owned(ReadOnlySpan<byte> line) =>
        (line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line).ToArray();

    private static bool IsBlank(ReadOnlySpan<byte> line)
    {
        foreach (var b in line)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r'))
            {
                return false;
            }
        }
        return true;
    }

    private static readonly JsonWriterOptions RowWriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>CSV: columns id, nom, echelle, then catalogue indicators; lists separated by « | »; empty = unknown.
    /// The delimiter (« , », « ; », tab) is detected, a byte-order mark skipped, a decimal comma accepted. Each row is
    /// written as profile JSON (UTF-8) and read by the same reader as the other formats.</summary>
    private static IEnumerable<BatchItem> CsvFile(string path, RuleSet kb)
    {
        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        long index = 0;
        var name = Path.GetFileName(path);
        var buffer = new ArrayBufferWriter<byte>(4096);
        foreach (var row in Csv.Read(reader, name))
        {
            var source = $"{name}, ligne {row.Line}";
            if (row.Error is not null)
            {
                yield return new BatchItem(index++, source, ReadOnlyMemory<byte>.Empty, row.Error);
                continue;
            }
            buffer.ResetWrittenCount();
            using (var json = new Utf8JsonWriter(buffer, RowWriterOptions))
            {
                json.WriteStartObject();
                foreach (var (column, value) in row.Values)
                {
                    if (column is "id" or "nom" or "echelle" && value.Length > 0)
                    {
                        json.WriteString(column, value);
                    }
                }
                json.WriteStartObject("indicateurs");
                foreach (var (column, value) in row.Values)
                {
                    if (column is "id" or "nom" or "echelle" || value.Length == 0)
                    {
                        continue;
                    }
                    json.WritePropertyName(column);
                    var definition = kb.FindIndicator(column);
                    switch (definition?.Type)
                    {
                        case IndicatorType.nombre or IndicatorType.entier when ParseNumber(value) is { } number:
                            json.WriteNumberValue(number);
                            break;
                        case IndicatorType.booleen when value.ToLowerInvariant() is "true" or "vrai" or "oui" or "1":
                            json.WriteBooleanValue(true);
                            break;
                        case IndicatorType.booleen when value.ToLowerInvariant() is "false" or "faux" or "non" or "0":
                            json.WriteBooleanValue(false);
                            break;
                        case IndicatorType.liste:
                            json.WriteStartArray();
                            foreach (var item in value.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                            {
                                json.WriteStringValue(item);
                            }
                            json.WriteEndArray();
                            break;
                        default:
                            // Unknown column or unreadable value: the profile reader reports it with its path (the column).
                            json.WriteStringValue(value);
                            break;
                    }
                }
                json.WriteEndObject();
                json.WriteEndObject();
            }
            yield return new BatchItem(index++, source, buffer.WrittenSpan.ToArray());
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
}
