using Newtonsoft.Json;

namespace Cadrage.Rules.Output;

/// <summary>The one serializer of the JSON output contract.</summary>
public static class ResultJson
{
    public static readonly JsonSerializerSettings Settings = new()
    {
        Formatting = Formatting.Indented,
        NullValueHandling = NullValueHandling.Include,
        FloatFormatHandling = FloatFormatHandling.String,
        Culture = System.Globalization.CultureInfo.InvariantCulture,
    };

    public static string Serialize(EvaluationResult result, bool indented = true) =>
        JsonConvert.SerializeObject(result, indented ? Formatting.Indented : Formatting.None, Settings);
}
