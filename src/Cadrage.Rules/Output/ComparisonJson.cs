using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cadrage.Rules.Output;

/// <summary>The JSON of a comparison of two territories (same conventions as <see cref="ResultJson"/>).</summary>
public static class ComparisonJson
{
    private static readonly ComparisonJsonContext Context = new(new JsonSerializerOptions
    {
        WriteIndented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static string Serialize(TerritoryComparison comparison) => JsonSerializer.Serialize(comparison, Context.TerritoryComparison);
}

[JsonSerializable(typeof(TerritoryComparison))]
internal sealed partial class ComparisonJsonContext : JsonSerializerContext;
