using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Newtonsoft.Json;

namespace Cadrage.Rules.Output;

/// <summary>
/// The one serializer of the JSON output contract. Written by hand over <see cref="Utf8JsonWriter"/>: the key
/// order is the contract's, accents stay readable, and a batch of 35,000 territories does not spend its time in
/// reflection. <see cref="Settings"/> reads the contract back (journal, API).
/// </summary>
public static class ResultJson
{
    /// <summary>Newtonsoft settings to read an output back into <see cref="EvaluationResult"/>.</summary>
    public static readonly JsonSerializerSettings Settings = new()
    {
        NullValueHandling = NullValueHandling.Include,
        FloatFormatHandling = FloatFormatHandling.String,
        Culture = System.Globalization.CultureInfo.InvariantCulture,
    };

    private static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, NewLine = "\n" };
    private static readonly JsonWriterOptions Compact = new() { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Serialize(EvaluationResult result, bool indented = true) => Encoding.UTF8.GetString(SerializeToUtf8(result, indented));

    public static byte[] SerializeToUtf8(EvaluationResult result, bool indented = true)
    {
        var buffer = new ArrayBufferWriter<byte>(indented ? 32 * 1024 : 16 * 1024);
        WriteTo(buffer, result, indented);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes the UTF-8 JSON of a result into any buffer (a batch hands pooled buffers to its writer).</summary>
    public static void WriteTo(IBufferWriter<byte> buffer, EvaluationResult result, bool indented = false)
    {
        using var writer = new Utf8JsonWriter(buffer, indented ? Indented : Compact);
        Write(writer, result);
    }

    private static void Write(Utf8JsonWriter w, EvaluationResult r)
    {
        w.WriteStartObject();
        w.WriteStartObject("territoire");
        w.WriteString("id", r.Territoire.Id);
        w.WriteString("nom", r.Territoire.Nom);
        w.WriteString("echelle", r.Territoire.Echelle);
        w.WriteEndObject();
        w.WriteStartObject("referentiel");
        w.WriteString("version", r.Referentiel.Version);
        w.WriteNumber("regles", r.Referentiel.Regles);
        w.WriteEndObject();
        w.WriteStartArray("scenarios");
        foreach (var s in r.Scenarios)
        {
            w.WriteStartObject();
            w.WriteNumber("rang", s.Rang);
            w.WriteBoolean("retenu", s.Retenu);
            w.WriteString("intitule", s.Intitule);
            w.WriteNumber("score", s.Score);
            w.WriteNumber("convergence", s.Convergence);
            Choice(w, "pilotage", s.Pilotage);
            Choices(w, "modalites", s.Modalites);
            Choice(w, "lieux", s.Lieux);
            Priorities(w, "priorites", s.Priorites);
            Choices(w, "objectifs", s.Objectifs);
            Justifications(w, "justifications", s.Justifications);
            Justifications(w, "vigilances", s.Vigilances);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        Priorities(w, "besoinsCroises", r.BesoinsCroises);
        w.WriteStartArray("indicateursManquants");
        foreach (var m in r.IndicateursManquants)
        {
            w.WriteStartObject();
            w.WriteString("id", m.Id);
            w.WriteString("libelle", m.Libelle);
            Strings(w, "regles", m.Regles);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("optionsEcartees");
        foreach (var e in r.OptionsEcartees)
        {
            w.WriteStartObject();
            w.WriteString("question", e.Question);
            Choice(w, "option", e.Option);
            Justifications(w, "regles", e.Regles);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        Strings(w, "avertissements", r.Avertissements);
        w.WriteEndObject();
    }

    private static void Choice(Utf8JsonWriter w, string name, Choice c)
    {
        w.WriteStartObject(name);
        w.WriteString("id", c.Id);
        w.WriteString("libelle", c.Libelle);
        w.WriteEndObject();
    }

    private static void Choices(Utf8JsonWriter w, string name, IReadOnlyList<Choice> choices)
    {
        w.WriteStartArray(name);
        foreach (var c in choices)
        {
            w.WriteStartObject();
            w.WriteString("id", c.Id);
            w.WriteString("libelle", c.Libelle);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void Strings(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteStringValue(v);
        }
        w.WriteEndArray();
    }

    private static void Priorities(Utf8JsonWriter w, string name, IReadOnlyList<Priority> priorities)
    {
        w.WriteStartArray(name);
        foreach (var p in priorities)
        {
            w.WriteStartObject();
            Choice(w, "service", p.Service);
            Choice(w, "public", p.Public);
            Choice(w, "critere", p.Critere);
            w.WriteNumber("score", p.Score);
            if (p.IntensiteDiagnostic is { } intensity)
            {
                w.WriteNumber("intensiteDiagnostic", intensity);
            }
            else
            {
                w.WriteNull("intensiteDiagnostic");
            }
            NullableString(w, "sourceDiagnostic", p.SourceDiagnostic);
            Strings(w, "regles", p.Regles);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void Justifications(Utf8JsonWriter w, string name, IReadOnlyList<Justification> justifications)
    {
        w.WriteStartArray(name);
        foreach (var j in justifications)
        {
            w.WriteStartObject();
            w.WriteString("regle", j.Regle);
            w.WriteString("question", j.Question);
            w.WriteString("option", j.Option);
            w.WriteString("effet", j.Effet);
            w.WriteNumber("poids", j.Poids);
            w.WriteString("explication", j.Explication);
            w.WriteString("source", j.Source);
            w.WriteString("statut", j.Statut);
            w.WriteString("fichier", j.Fichier);
            w.WriteStartArray("indicateurs");
            foreach (var i in j.Indicateurs)
            {
                w.WriteStartObject();
                w.WriteString("id", i.Id);
                w.WriteString("libelle", i.Libelle);
                w.WritePropertyName("valeur");
                Value(w, i.Valeur);
                NullableString(w, "unite", i.Unite);
                NullableString(w, "source", i.Source);
                NullableString(w, "millesime", i.Millesime);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void NullableString(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    /// <summary>An indicator value: a number, a boolean, a text or a list of texts (or, read back, a JSON token).</summary>
    private static void Value(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null:
                w.WriteNullValue();
                break;
            case double d:
                w.WriteNumberValue(d);
                break;
            case long l:
                w.WriteNumberValue(l);
                break;
            case int i:
                w.WriteNumberValue(i);
                break;
            case bool b:
                w.WriteBooleanValue(b);
                break;
            case string s:
                w.WriteStringValue(s);
                break;
            case IEnumerable<string> list:
                w.WriteStartArray();
                foreach (var item in list)
                {
                    w.WriteStringValue(item);
                }
                w.WriteEndArray();
                break;
            case Newtonsoft.Json.Linq.JToken token:
                w.WriteRawValue(token.ToString(Formatting.None));
                break;
            default:
                w.WriteStringValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
        }
    }
}
