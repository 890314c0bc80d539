using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Cadrage.Rules.Json;

/// <summary>
/// The strict JSON of every file format (RFC 8259 and nothing more), read with <see cref="Utf8JsonReader"/>:
/// no comments, trailing commas, single quotes, leading zeros (octal), hexadecimal, <c>.5</c>, <c>1.</c>,
/// <c>NaN</c> or <c>Infinity</c>; UTF-8 only (a BOM is accepted); nesting limited to <see cref="MaxDepth"/>
/// levels. Every failure becomes a French message with its line and column.
/// </summary>
public static class JsonSyntax
{
    /// <summary>Deepest nesting of objects and lists accepted in any document.</summary>
    public const int MaxDepth = 64;

    /// <summary>How a syntax error message starts (a file still being written shows such an error).</summary>
    public const string MalformedPrefix = "JSON mal formé";

    /// <summary>Longest user text quoted in a message (longer ones are cut with « … »).</summary>
    internal const int QuotedMaxLength = 80;

    // One more level than the limit, so that our own check (which names the limit and the path) fires first.
    internal static readonly JsonReaderOptions ReaderOptions = new()
    {
        MaxDepth = MaxDepth + 1,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    internal static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Drops a leading UTF-8 BOM; returns its length (0 or 3).</summary>
    internal static int SkipBom(ref ReadOnlySpan<byte> utf8)
    {
        if (utf8.StartsWith(Bom))
        {
            utf8 = utf8[Bom.Length..];
            return Bom.Length;
        }
        return 0;
    }

    /// <summary>Null when <paramref name="utf8"/> is valid UTF-8, else a French message naming the first bad byte.</summary>
    /// <param name="offsetShift">Bytes dropped before <paramref name="utf8"/> (a BOM), so that the offset is the file's.</param>
    internal static string? CheckUtf8(ReadOnlySpan<byte> utf8, int offsetShift)
    {
        if (Utf8.IsValid(utf8))
        {
            return null;
        }
        var offset = 0;
        while (offset < utf8.Length && System.Text.Rune.DecodeFromUtf8(utf8[offset..], out _, out var consumed) == OperationStatus.Done)
        {
            offset += consumed;
        }
        var (line, _) = LineColumn(utf8, offset);
        return string.Create(CultureInfo.InvariantCulture,
            $"encodage invalide : le document n'est pas en UTF-8 (octet {offset + offsetShift} illisible, valeur 0x{utf8[offset]:X2}, ligne {line}) ; enregistrez-le en UTF-8");
    }

    /// <summary>
    /// Encodes text to UTF-8 into a buffer rented from the shared pool (give it back with
    /// <see cref="ArrayPool{T}.Return"/>); -1 and a French message for a lone surrogate.
    /// </summary>
    internal static int EncodePooled(string text, out byte[] rented, out string? error)
    {
        rented = ArrayPool<byte>.Shared.Rent(StrictUtf8.GetMaxByteCount(text.Length));
        try
        {
            error = null;
            return StrictUtf8.GetBytes(text, rented);
        }
        catch (EncoderFallbackException ex)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"texte invalide : caractère Unicode isolé (demi-paire de substitution) à la position {ex.Index}");
            return -1;
        }
    }

    /// <summary>The French message of a syntax error raised by <see cref="Utf8JsonReader"/>, with line and column.</summary>
    /// <param name="utf8">The whole document (without BOM).</param>
    /// <param name="tokenStart">Where the reader's last complete token ended (<see cref="Utf8JsonReader.BytesConsumed"/>).</param>
    internal static string Describe(ReadOnlySpan<byte> utf8, JsonException ex, long tokenStart)
    {
        var offset = Offset(utf8, ex.LineNumber ?? 0, ex.BytePositionInLine ?? 0);
        var start = SkipWhitespace(utf8, (int)Math.Clamp(tokenStart, 0, utf8.Length));
        var (line, column) = LineColumn(utf8, Math.Min(offset, utf8.Length));
        return string.Create(CultureInfo.InvariantCulture, $"{MalformedPrefix} (ligne {line}, colonne {column}) : {Reason(utf8, offset, start, ex.Message)}");
    }

    /// <summary>A French message for a problem found at <paramref name="offset"/> (duplicate key, depth), with line and column.</summary>
    internal static string At(ReadOnlySpan<byte> utf8, long offset, string message)
    {
        var (line, column) = LineColumn(utf8, (int)Math.Clamp(offset, 0, utf8.Length));
        return string.Create(CultureInfo.InvariantCulture, $"{message} (ligne {line}, colonne {column})");
    }

    /// <summary>The message of a nesting deeper than <see cref="MaxDepth"/>.</summary>
    internal static string TooDeep(ReadOnlySpan<byte> utf8, long offset) =>
        At(utf8, offset, $"imbrication trop profonde : plus de {MaxDepth} niveaux d'objets ou de listes (limite du format)");

    private static string Reason(ReadOnlySpan<byte> utf8, int offset, int start, string english)
    {
        if (utf8.Length == 0 || SkipWhitespace(utf8, 0) == utf8.Length)
        {
            return "document vide : un objet JSON est attendu";
        }
        var at = offset < utf8.Length ? utf8[offset] : (byte)0;
        var first = start < utf8.Length ? utf8[start] : (byte)0;
        if (first == '"' && (offset >= utf8.Length || english.Contains("end of data", StringComparison.Ordinal)))
        {
            return "texte non terminé (guillemet fermant manquant)";
        }
        if (offset >= utf8.Length || english.Contains("end of data", StringComparison.Ordinal) && !english.Contains("single JSON value", StringComparison.Ordinal))
        {
            return "fin de document inattendue (document incomplet)";
        }
        if (at == '/' || first == '/')
        {
            return "commentaire interdit : le JSON n'admet pas de commentaires (// ou /* */)";
        }
        if (at == '\'' || first == '\'')
        {
            return "guillemet simple interdit : textes et noms de champ s'écrivent entre guillemets doubles (\")";
        }
        if (at is (byte)'}' or (byte)']' && PreviousNonWhitespace(utf8, offset) == ',')
        {
            return $"virgule en trop avant « {(char)at} »";
        }
        // Structure (the reader's message is the only place that says what it expected there).
        var shown = offset < utf8.Length ? Quote(Token(utf8, offset, 1)) : "";
        if (english.Contains("single JSON value", StringComparison.Ordinal))
        {
            return "contenu inattendu après la fin du document JSON";
        }
        if (english.Contains("after a property name", StringComparison.Ordinal))
        {
            return $"« : » attendu après le nom du champ, « {shown} » trouvé";
        }
        if (english.Contains("after a value", StringComparison.Ordinal))
        {
            return $"caractère inattendu « {shown} » après une valeur (virgule manquante ?)";
        }
        if (english.Contains("start of a property name", StringComparison.Ordinal))
        {
            return $"nom de champ invalide « {shown} » : un nom de champ s'écrit entre guillemets doubles";
        }
        if (first == '"' && offset > start)
        {
            if (at < 0x20)
            {
                return $"caractère de contrôle non échappé dans un texte (U+{at:X4}) : écrivez \\n, \\t ou \\u00XX";
            }
            return "séquence d'échappement invalide dans un texte (\\\" \\\\ \\/ \\b \\f \\n \\r \\t ou \\uXXXX)";
        }
        if (first is (byte)'-' or (byte)'+' or (byte)'.' or (>= (byte)'0' and <= (byte)'9'))
        {
            return NumberReason(utf8, start);
        }
        if (first is (byte)'N' or (byte)'I' && (utf8[start..].StartsWith("NaN"u8) || utf8[start..].StartsWith("Infinity"u8)))
        {
            return "NaN et Infinity ne sont pas des nombres JSON";
        }
        if (first is (byte)'t' or (byte)'f' or (byte)'n')
        {
            return $"littéral invalide « {Quote(Token(utf8, start))} » : true, false ou null attendu";
        }
        return $"caractère inattendu « {shown} »";
    }

    private static string NumberReason(ReadOnlySpan<byte> utf8, int start)
    {
        var text = Token(utf8, start);
        var digits = text.StartsWith('-') ? text[1..] : text;
        if (text.StartsWith('+'))
        {
            return $"nombre « {Quote(text)} » invalide : pas de signe + devant un nombre";
        }
        if (digits.StartsWith("-Infinity", StringComparison.Ordinal) || digits.StartsWith("Infinity", StringComparison.Ordinal))
        {
            return "NaN et Infinity ne sont pas des nombres JSON";
        }
        if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return $"nombre hexadécimal « {Quote(text)} » interdit : écrivez le nombre en décimal";
        }
        if (digits.Length > 1 && digits[0] == '0' && char.IsAsciiDigit(digits[1]))
        {
            return $"nombre « {Quote(text)} » invalide : pas de zéro en tête (ce n'est pas de l'octal) ; écrivez {Quote(digits.TrimStart('0') is { Length: > 0 } d ? d : "0")}";
        }
        if (digits.StartsWith('.'))
        {
            return $"nombre « {Quote(text)} » invalide : un chiffre est attendu avant la virgule décimale (écrivez 0{Quote(digits)})";
        }
        var dot = digits.IndexOf('.');
        if (dot >= 0 && (dot + 1 == digits.Length || !char.IsAsciiDigit(digits[dot + 1])))
        {
            return $"nombre « {Quote(text)} » invalide : un chiffre est attendu après le point décimal (écrivez {Quote(digits[..dot])} ou {Quote(digits[..dot])}.0)";
        }
        var exponent = digits.IndexOfAny(['e', 'E']);
        if (exponent >= 0)
        {
            return $"nombre « {Quote(text)} » invalide : exposant incomplet (écrivez par exemple 1e5)";
        }
        return $"nombre « {Quote(text)} » invalide";
    }

    /// <summary>The characters of the token starting at <paramref name="start"/>, up to a delimiter.</summary>
    private static string Token(ReadOnlySpan<byte> utf8, int start, int minimum = 0)
    {
        var end = start;
        while (end < utf8.Length && end - start < QuotedMaxLength + 1 && (end - start < minimum || utf8[end] is not ((byte)',' or (byte)'}' or (byte)']' or (byte)':' or (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')))
        {
            end++;
        }
        // Never cut a UTF-8 sequence in two.
        while (end < utf8.Length && (utf8[end] & 0xC0) == 0x80)
        {
            end++;
        }
        return Encoding.UTF8.GetString(utf8[start..end]);
    }

    private static int SkipWhitespace(ReadOnlySpan<byte> utf8, int index)
    {
        while (index < utf8.Length && utf8[index] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            index++;
        }
        return index;
    }

    private static byte PreviousNonWhitespace(ReadOnlySpan<byte> utf8, int index)
    {
        for (var i = Math.Min(index, utf8.Length) - 1; i >= 0; i--)
        {
            if (utf8[i] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return utf8[i];
            }
        }
        return 0;
    }

    /// <summary>Absolute byte offset of a (0-based line, byte in line) position as <see cref="JsonException"/> gives it.</summary>
    private static int Offset(ReadOnlySpan<byte> utf8, long line, long byteInLine)
    {
        var offset = 0;
        for (var l = 0L; l < line; l++)
        {
            var next = utf8[offset..].IndexOf((byte)'\n');
            if (next < 0)
            {
                return utf8.Length;
            }
            offset += next + 1;
        }
        return (int)Math.Min(utf8.Length, offset + byteInLine);
    }

    /// <summary>1-based line and column (in characters) of a byte offset.</summary>
    internal static (int Line, int Column) LineColumn(ReadOnlySpan<byte> utf8, int offset)
    {
        var before = utf8[..Math.Clamp(offset, 0, utf8.Length)];
        var line = before.Count((byte)'\n') + 1;
        var lineStart = before.LastIndexOf((byte)'\n') + 1;
        var column = 1;
        var rest = before[lineStart..];
        while (!rest.IsEmpty)
        {
            System.Text.Rune.DecodeFromUtf8(rest, out _, out var consumed);
            rest = rest[Math.Max(consumed, 1)..];
            column++;
        }
        return (line, column);
    }

    /// <summary>User text as quoted in a message: control characters shown as \uXXXX, cut after <see cref="QuotedMaxLength"/>.</summary>
    public static string Quote(string text)
    {
        var needsWork = text.Length > QuotedMaxLength;
        foreach (var c in text)
        {
            needsWork |= char.IsControl(c);
        }
        if (!needsWork)
        {
            return text;
        }
        var result = new StringBuilder();
        foreach (var c in text.Length > QuotedMaxLength ? text[..QuotedMaxLength] : text)
        {
            if (char.IsControl(c))
            {
                result.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                result.Append(c);
            }
        }
        return text.Length > QuotedMaxLength ? result.Append('…').ToString() : result.ToString();
    }
}

/// <summary>A nesting deeper than <see cref="JsonSyntax.MaxDepth"/> (the message names the limit, line and column).</summary>
internal sealed class JsonDepthException(string message) : Exception(message);
