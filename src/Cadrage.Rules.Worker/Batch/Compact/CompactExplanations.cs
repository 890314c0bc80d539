using System.Text;
using System.Text.Json;
using Cadrage.Rules.Output;

namespace Cadrage.Rules.Worker.Batch.Compact;

/// <summary>
/// The « explications » of a result travel through a compact line as the full form writes them: serialized and read
/// back by the output contract's own serializer, whatever their shape, so that they rebuild byte for byte.
/// </summary>
public static class CompactExplanations
{
    /// <summary>The full-form JSON of the result's « explications » value.</summary>
    public static byte[] Serialize(EvaluationResult result)
    {
        var minimal = result with
        {
            Synthese = "",
            Scenarios = [],
            Analyse = [],
            BesoinsCroises = [],
            IndicateursManquants = [],
            OptionsEcartees = [],
            Avertissements = [],
            Questions = [],
            Portrait = [],
        };
        var bytes = ResultJson.SerializeToUtf8(minimal, indented: false);
        var reader = new Utf8JsonReader(bytes);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var found = reader.ValueTextEquals("explications"u8);
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            if (found)
            {
                return bytes[start..(int)reader.BytesConsumed];
            }
        }
        throw new CompactFormatException("explications introuvables dans le résultat");
    }

    /// <summary>The result's « explications » read back from their full-form JSON.</summary>
    public static EvaluationResult WithExplanations(EvaluationResult result, JsonElement explications)
    {
        var json = Encoding.UTF8.GetBytes("{\"explications\":" + explications.GetRawText() + "}");
        return result with { Explications = ResultJson.Deserialize(json).Explications };
    }
}
