using System.Globalization;
using System.Numerics;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using JsonTokenType = System.Text.Json.JsonTokenType;
using SyntaxException = System.Text.Json.JsonException;
using Utf8JsonReader = System.Text.Json.Utf8JsonReader;

namespace Cadrage.Rules.Json;

/// <summary>
/// Strict reading of JSON files into typed models: unknown fields, missing required fields, duplicate keys
/// and wrong types are all reported in French with their JSON path, every error at once, before any
/// conversion happens (Newtonsoft would otherwise ignore unknown fields silently and stop at the first error).
/// </summary>
public static class StrictJson
{
    /// <summary>Parses text into a token; a syntax error becomes a French diagnostic.</summary>
    public static JToken? Parse(string text, string file, List<JsonDiagnostic> errors)
    {
        var length = JsonSyntax.EncodePooled(text, out var utf8, out var error);
        try
        {
            if (length < 0)
            {
                errors.Add(new JsonDiagnostic(file, "$", error!));
                return null;
            }
            return Parse(utf8.AsSpan(0, length), file, errors);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(utf8);
        }
    }

    /// <summary>
    /// Parses UTF-8 JSON (a BOM is accepted) into a token, strictly (<see cref="JsonSyntax"/>): a syntax error,
    /// invalid UTF-8, a nesting deeper than <see cref="JsonSyntax.MaxDepth"/> or a duplicate key becomes a French
    /// diagnostic with its JSON path, and the result is null.
    /// </summary>
    public static JToken? Parse(ReadOnlySpan<byte> utf8, string file, List<JsonDiagnostic> errors)
    {
        var shift = JsonSyntax.SkipBom(ref utf8);
        if (JsonSyntax.CheckUtf8(utf8, shift) is { } encoding)
        {
            errors.Add(new JsonDiagnostic(file, "$", encoding));
            return null;
        }
        var reader = new Utf8JsonReader(utf8, JsonSyntax.ReaderOptions);
        var path = new JsonPathBuilder();
        var found = new List<JsonDiagnostic>();
        try
        {
            reader.Read();
            var token = ReadToken(ref reader, utf8, path, file, found);
            reader.Read(); // throws on anything after the root value
            errors.AddRange(found);
            return found.Count > 0 ? null : token;
        }
        catch (SyntaxException ex)
        {
            errors.Add(new JsonDiagnostic(file, path.ToString(), JsonSyntax.Describe(utf8, ex, reader.BytesConsumed)));
        }
        catch (JsonDepthException ex)
        {
            errors.Add(new JsonDiagnostic(file, path.ToString(), ex.Message));
        }
        return null;
    }

    /// <summary>Longest integer literal read (beyond it, parsing it as a big integer would cost quadratic time).</summary>
    private const int IntegerMaxDigits = 400;

    private static JToken ReadToken(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8, JsonPathBuilder path, string file, List<JsonDiagnostic> errors)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                CheckDepth(ref reader, utf8);
                var obj = new JObject();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = reader.GetString()!;
                    var at = reader.TokenStartIndex;
                    path.Push(name);
                    reader.Read();
                    var value = ReadToken(ref reader, utf8, path, file, errors);
                    path.Pop();
                    if (obj.ContainsKey(name))
                    {
                        errors.Add(new JsonDiagnostic(file, path.ToString(name), JsonSyntax.At(utf8, at, $"clé « {JsonSyntax.Quote(name)} » en double dans l'objet : une seule valeur par champ")));
                    }
                    else
                    {
                        obj.Add(name, value);
                    }
                }
                return obj;
            case JsonTokenType.StartArray:
                CheckDepth(ref reader, utf8);
                var array = new JArray();
                path.Push(0);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    path.SetIndex(array.Count);
                    array.Add(ReadToken(ref reader, utf8, path, file, errors));
                }
                path.Pop();
                return array;
            case JsonTokenType.String:
                return new JValue(reader.GetString());
            case JsonTokenType.Number:
                var raw = reader.ValueSpan;
                if (raw.IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0)
                {
                    if (reader.TryGetInt64(out var integer))
                    {
                        return new JValue(integer);
                    }
                    if (raw.Length <= IntegerMaxDigits)
                    {
                        return new JValue(BigInteger.Parse(Encoding.ASCII.GetString(raw), CultureInfo.InvariantCulture));
                    }
                }
                else if (reader.TryGetDouble(out var number) && double.IsFinite(number))
                {
                    return new JValue(number);
                }
                errors.Add(new JsonDiagnostic(file, path.ToString(), $"nombre {JsonSyntax.Quote(Encoding.UTF8.GetString(raw))} hors de la plage des nombres représentables"));
                return JValue.CreateNull();
            case JsonTokenType.True:
                return new JValue(true);
            case JsonTokenType.False:
                return new JValue(false);
            default:
                return JValue.CreateNull();
        }
    }

    private static void CheckDepth(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8)
    {
        if (reader.CurrentDepth + 1 > JsonSyntax.MaxDepth)
        {
            throw new JsonDepthException(JsonSyntax.TooDeep(utf8, reader.TokenStartIndex));
        }
    }

    /// <summary>Validates <paramref name="token"/> against <typeparamref name="T"/>, then converts it.</summary>
    public static T? Read<T>(JToken token, string file, List<JsonDiagnostic> errors, JsonSerializer serializer, params string[] ignoredRootFields)
        where T : class
    {
        var before = errors.Count;
        Validate(token, typeof(T), file, errors, ignoredRootFields);
        if (errors.Count > before)
        {
            return null;
        }
        try
        {
            if (ignoredRootFields.Length > 0 && token is JObject root)
            {
                root = (JObject)root.DeepClone();
                foreach (var name in ignoredRootFields)
                {
                    root.Remove(name);
                }
                token = root;
            }
            return token.ToObject<T>(serializer);
        }
        catch (JsonException ex)
        {
            errors.Add(new JsonDiagnostic(file, ToJsonPath((ex as JsonSerializationException)?.Path ?? token.Path), "conversion impossible : valeur incompatible avec le modèle du fichier"));
            return null;
        }
    }

    /// <summary>Checks the shape of a token against a CLR type, adding a French diagnostic per problem.</summary>
    public static void Validate(JToken token, Type type, string file, List<JsonDiagnostic> errors, params string[] ignoredRootFields)
        => ValidateToken(token, JsonModel.ShapeOf(type), Nullable.GetUnderlyingType(type) is not null, file, errors, ignoredRootFields);

    /// <summary>Turns Newtonsoft's path (<c>a.b[0]</c>) into a JSON path (<c>$.a.b[0]</c>).</summary>
    public static string ToJsonPath(string? path) =>
        string.IsNullOrEmpty(path) ? "$" : path.StartsWith('[') ? "$" + path : "$." + path;

    /// <summary>French name of a JSON token type, for messages.</summary>
    public static string Describe(JTokenType type) => type switch
    {
        JTokenType.Object => "un objet",
        JTokenType.Array => "une liste",
        JTokenType.Integer => "un nombre entier",
        JTokenType.Float => "un nombre",
        JTokenType.String => "un texte",
        JTokenType.Boolean => "un booléen",
        JTokenType.Null => "null",
        _ => type.ToString(),
    };

    private static void ValidateToken(JToken token, JsonShape shape, bool nullable, string file, List<JsonDiagnostic> errors, string[] ignoredRootFields)
    {
        if (token.Type == JTokenType.Null)
        {
            if (!nullable && shape.Kind != JsonShapeKind.Any)
            {
                errors.Add(new JsonDiagnostic(file, ToJsonPath(token.Path), $"valeur null interdite : {shape.Expected} est attendu"));
            }
            return;
        }
        switch (shape.Kind)
        {
            case JsonShapeKind.Any:
                return;
            case JsonShapeKind.Text:
                Expect(token.Type == JTokenType.String, token, shape, file, errors);
                return;
            case JsonShapeKind.Boolean:
                Expect(token.Type == JTokenType.Boolean, token, shape, file, errors);
                return;
            case JsonShapeKind.Integer:
                if (Expect(token.Type == JTokenType.Integer, token, shape, file, errors)
                    && ((JValue)token).Value is var value && (value is BigInteger big ? big < shape.Minimum || big > shape.Maximum : Convert.ToInt64(value, CultureInfo.InvariantCulture) is var n && (n < shape.Minimum || n > shape.Maximum)))
                {
                    errors.Add(new JsonDiagnostic(file, ToJsonPath(token.Path),
                        string.Create(CultureInfo.InvariantCulture, $"nombre {JsonSyntax.Quote(token.ToString())} hors de la plage des entiers acceptés ({shape.Minimum} à {shape.Maximum})")));
                }
                return;
            case JsonShapeKind.Number:
                Expect(token.Type is JTokenType.Integer or JTokenType.Float, token, shape, file, errors);
                return;
            case JsonShapeKind.Enumeration:
                if (token.Type != JTokenType.String || !shape.Names.Contains((string)token!, StringComparer.Ordinal))
                {
                    errors.Add(new JsonDiagnostic(file, ToJsonPath(token.Path),
                        $"valeur « {JsonSyntax.Quote(token.ToString())} » non reconnue : valeurs possibles {string.Join(", ", shape.Names)}"));
                }
                return;
            case JsonShapeKind.Map:
                if (Expect(token.Type == JTokenType.Object, token, shape, file, errors))
                {
                    foreach (var property in ((JObject)token).Properties())
                    {
                        ValidateToken(property.Value, shape.Item!, shape.ItemNullable, file, errors, []);
                    }
                }
                return;
            case JsonShapeKind.List:
                if (Expect(token.Type == JTokenType.Array, token, shape, file, errors))
                {
                    foreach (var item in (JArray)token)
                    {
                        ValidateToken(item, shape.Item!, shape.ItemNullable, file, errors, []);
                    }
                }
                return;
        }

        // An object: every JSON field must be a field of the model and not a refused one; every required field present.
        if (!Expect(token.Type == JTokenType.Object, token, shape, file, errors))
        {
            return;
        }
        var obj = (JObject)token;
        foreach (var property in obj.Properties())
        {
            if (ignoredRootFields.Contains(property.Name, StringComparer.Ordinal))
            {
                continue;
            }
            var path = ToJsonPath(property.Path);
            var field = shape.Field(property.Name);
            if (field is null)
            {
                var accepted = shape.Fields.Where(f => f.Rejection is null).Select(f => f.Name).ToList();
                var near = accepted.FirstOrDefault(f => string.Equals(f, property.Name, StringComparison.OrdinalIgnoreCase));
                errors.Add(new JsonDiagnostic(file, path, $"champ inconnu « {JsonSyntax.Quote(property.Name)} »"
                    + (near is null ? $" (champs acceptés : {string.Join(", ", accepted.Order(StringComparer.Ordinal))})" : $" : voulez-vous dire « {near} » ?")));
                continue;
            }
            if (field.Rejection is not null)
            {
                errors.Add(new JsonDiagnostic(file, path, $"{field.Name} n'est pas pris en charge : {field.Rejection}"));
                continue;
            }
            if (field.ReadSeparately)
            {
                // Read on its own by the loader (with its own context); here only null or an object.
                if (property.Value.Type != JTokenType.Null)
                {
                    Expect(property.Value.Type == JTokenType.Object, property.Value, field.Shape, file, errors);
                }
                continue;
            }
            ValidateToken(property.Value, field.Shape, field.Nullable, file, errors, []);
        }
        foreach (var field in shape.Fields)
        {
            if (field.Required && field.Rejection is null && obj.Property(field.Name, StringComparison.Ordinal) is null)
            {
                errors.Add(new JsonDiagnostic(file, ToJsonPath(token.Path),
                    $"champ obligatoire « {field.Name} » manquant{(field.Description is null ? "" : " : " + field.Description)}"));
            }
        }
    }

    private static bool Expect(bool ok, JToken token, JsonShape shape, string file, List<JsonDiagnostic> errors)
    {
        if (!ok)
        {
            errors.Add(new JsonDiagnostic(file, ToJsonPath(token.Path), $"type incorrect : {shape.Expected} est attendu, {Describe(token.Type)} a été trouvé"));
        }
        return ok;
    }
}
