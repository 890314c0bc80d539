using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cadrage.Rules.Output;

/// <summary>
/// The one serializer of the JSON output contract, for writing and reading back (journal, API, batch, tests):
/// System.Text.Json with source generation (no reflection on a batch of 35,000 territories), keys as declared on
/// the records, accents readable, nulls written.
/// </summary>
public static class ResultJson
{
    private static readonly JsonSerializerOptions IndentedOptions = Options(indented: true);
    private static readonly JsonSerializerOptions CompactOptions = Options(indented: false);
    private static readonly ResultJsonContext Indented = new(IndentedOptions);
    private static readonly ResultJsonContext Compact = new(CompactOptions);

    private static JsonSerializerOptions Options(bool indented) => new()
    {
        WriteIndented = indented,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new IndicatorValueConverter() },
    };

    public static string Serialize(EvaluationResult result, bool indented = true) => Encoding.UTF8.GetString(SerializeToUtf8(result, indented));

    public static byte[] SerializeToUtf8(EvaluationResult result, bool indented = true) =>
        JsonSerializer.SerializeToUtf8Bytes(result, (indented ? Indented : Compact).EvaluationResult);

    /// <summary>Writes the UTF-8 JSON of a result into any buffer (a batch hands pooled buffers to its writer).</summary>
    public static void WriteTo(IBufferWriter<byte> buffer, EvaluationResult result, bool indented = false)
    {
        using var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, NewLine = "\n" });
        JsonSerializer.Serialize(writer, result, (indented ? Indented : Compact).EvaluationResult);
    }

    /// <summary>Reads a result back (journal, API); the same model, the same keys.</summary>
    /// <exception cref="JsonException">When the text is not a result.</exception>
    public static EvaluationResult Deserialize(string json) =>
        JsonSerializer.Deserialize(json, Compact.EvaluationResult) ?? throw new JsonException("résultat vide");

    public static EvaluationResult Deserialize(ReadOnlySpan<byte> utf8) =>
        JsonSerializer.Deserialize(utf8, Compact.EvaluationResult) ?? throw new JsonException("résultat vide");

    /// <summary>
    /// An indicator value: a number (double), a boolean, a text or a list of texts; read back to the same CLR
    /// types the evaluation produced, so that a result read from the journal renders exactly as the original.
    /// </summary>
    private sealed class IndicatorValueConverter : JsonConverter<object>
    {
        public override object? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.Number:
                    return reader.GetDouble();
                case JsonTokenType.True:
                    return true;
                case JsonTokenType.False:
                    return false;
                case JsonTokenType.String:
                    return reader.GetString();
                case JsonTokenType.Null:
                    return null;
                case JsonTokenType.StartArray:
                    var list = new List<string>();
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        list.Add(reader.GetString() ?? "");
                    }
                    return list.ToArray();
                default:
                    throw new JsonException("valeur d'indicateur inattendue : " + reader.TokenType);
            }
        }

        public override void Write(Utf8JsonWriter writer, object value, JsonSerializerOptions options)
        {
            switch (value)
            {
                case double d:
                    writer.WriteNumberValue(d);
                    break;
                case long l:
                    writer.WriteNumberValue(l);
                    break;
                case int i:
                    writer.WriteNumberValue(i);
                    break;
                case bool b:
                    writer.WriteBooleanValue(b);
                    break;
                case string s:
                    writer.WriteStringValue(s);
                    break;
                case IEnumerable<string> list:
                    writer.WriteStartArray();
                    foreach (var item in list)
                    {
                        writer.WriteStringValue(item);
                    }
                    writer.WriteEndArray();
                    break;
                default:
                    writer.WriteStringValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                    break;
            }
        }
    }
}

[JsonSerializable(typeof(EvaluationResult))]
internal sealed partial class ResultJsonContext : JsonSerializerContext;
