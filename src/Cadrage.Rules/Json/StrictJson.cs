using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Reflection;
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
        var utf8 = JsonSyntax.Encode(text, out var error);
        if (utf8 is null)
        {
            errors.Add(new JsonDiagnostic(file, "$", error!));
            return null;
        }
        return Parse(utf8, file, errors);
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
            errors.Add(new JsonDiagnostic(file, ToJsonPath(token.Path), $"conversion impossible : {ex.Message}"));
            return null;
        }
    }

    /// <summary>Checks the shape of a token against a CLR type, adding a French diagnostic per problem.</summary>
    public static void Validate(JToken token, Type type, string file, List<JsonDiagnostic> errors, params string[] ignoredRootFields)
        => ValidateToken(token, type, file, errors, ignoredRootFields);

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

    private static void ValidateToken(JToken token, Type type, string file, List<JsonDiagnostic> errors, string[] ignoredRootFields)
    {
        var path = ToJsonPath(token.Path);
        var underlying = Nullable.GetUnderlyingType(type);
        if (token.Type == JTokenType.Null)
        {
            if (underlying is null && type.IsValueType)
            {
                errors.Add(new JsonDiagnostic(file, path, $"valeur null interdite : {Expected(type)} est attendu"));
            }
            return;
        }
        type = underlying ?? type;

        if (type == typeof(object) || typeof(JToken).IsAssignableFrom(type))
        {
            return;
        }
        if (type == typeof(string))
        {
            Expect(token.Type == JTokenType.String, token, type, file, errors);
            return;
        }
        if (type == typeof(bool))
        {
            Expect(token.Type == JTokenType.Boolean, token, type, file, errors);
            return;
        }
        if (type == typeof(int) || type == typeof(long))
        {
            Expect(token.Type == JTokenType.Integer, token, type, file, errors);
            return;
        }
        if (type == typeof(double) || type == typeof(decimal) || type == typeof(float))
        {
            Expect(token.Type is JTokenType.Integer or JTokenType.Float, token, type, file, errors);
            return;
        }
        if (type.IsEnum)
        {
            if (token.Type != JTokenType.String || !Enum.GetNames(type).Contains((string)token!, StringComparer.OrdinalIgnoreCase))
            {
                errors.Add(new JsonDiagnostic(file, path,
                    $"valeur « {token} » non reconnue : valeurs possibles {string.Join(", ", Enum.GetNames(type))}"));
            }
            return;
        }
        if (TryGetDictionaryValueType(type, out var valueType))
        {
            if (!Expect(token.Type == JTokenType.Object, token, type, file, errors))
            {
                return;
            }
            foreach (var property in ((JObject)token).Properties())
            {
                ValidateToken(property.Value, valueType, file, errors, []);
            }
            return;
        }
        if (TryGetElementType(type, out var elementType))
        {
            if (!Expect(token.Type == JTokenType.Array, token, type, file, errors))
            {
                return;
            }
            foreach (var item in (JArray)token)
            {
                ValidateToken(item, elementType, file, errors, []);
            }
            return;
        }

        // A class: every JSON field must map to a property, every required property must be present.
        if (!Expect(token.Type == JTokenType.Object, token, type, file, errors))
        {
            return;
        }
        var obj = (JObject)token;
        var members = JsonMembers(type);
        foreach (var property in obj.Properties())
        {
            if (ignoredRootFields.Contains(property.Name, StringComparer.Ordinal))
            {
                continue;
            }
            if (!members.TryGetValue(property.Name, out var member))
            {
                var known = string.Join(", ", members.Values.Select(m => m.Name).Distinct().Order(StringComparer.Ordinal));
                errors.Add(new JsonDiagnostic(file, ToJsonPath(property.Path), $"champ inconnu « {property.Name} » (champs acceptés : {known})"));
                continue;
            }
            ValidateToken(property.Value, member.Type, file, errors, []);
        }
        foreach (var member in members.Values.Where(m => m.Required).DistinctBy(m => m.Name))
        {
            if (obj.Property(member.Name, StringComparison.OrdinalIgnoreCase) is null)
            {
                errors.Add(new JsonDiagnostic(file, path, $"champ obligatoire « {member.Name} » manquant"));
            }
        }
    }

    private static bool Expect(bool ok, JToken token, Type type, string file, List<JsonDiagnostic> errors)
    {
        if (!ok)
        {
            errors.Add(new JsonDiagnostic(file, ToJsonPath(token.Path), $"type incorrect : {Expected(type)} est attendu, {Describe(token.Type)} a été trouvé"));
        }
        return ok;
    }

    private static string Expected(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return "un texte";
        if (type == typeof(bool)) return "un booléen (true/false)";
        if (type == typeof(int) || type == typeof(long)) return "un nombre entier";
        if (type == typeof(double) || type == typeof(decimal) || type == typeof(float)) return "un nombre";
        if (type.IsEnum) return "un texte parmi " + string.Join(", ", Enum.GetNames(type));
        if (TryGetDictionaryValueType(type, out _)) return "un objet";
        if (TryGetElementType(type, out _)) return "une liste";
        return "un objet";
    }

    private sealed record Member(string Name, Type Type, bool Required);

    private static readonly Dictionary<Type, Dictionary<string, Member>> MemberCache = [];

    private static Dictionary<string, Member> JsonMembers(Type type)
    {
        lock (MemberCache)
        {
            if (MemberCache.TryGetValue(type, out var cached))
            {
                return cached;
            }
            var result = new Dictionary<string, Member>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.GetCustomAttribute<JsonIgnoreAttribute>() is not null || property.GetIndexParameters().Length > 0)
                {
                    continue;
                }
                var attribute = property.GetCustomAttribute<JsonPropertyAttribute>();
                var name = attribute?.PropertyName ?? property.Name;
                var required = property.GetCustomAttribute<JsonRequiredAttribute>() is not null
                    || attribute?.Required is Required.Always or Required.AllowNull;
                result[name] = new Member(name, property.PropertyType, required);
            }
            MemberCache[type] = result;
            return result;
        }
    }

    private static bool TryGetDictionaryValueType(Type type, out Type valueType)
    {
        foreach (var candidate in type.GetInterfaces().Append(type))
        {
            if (candidate.IsGenericType
                && (candidate.GetGenericTypeDefinition() == typeof(IDictionary<,>) || candidate.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>))
                && candidate.GetGenericArguments()[0] == typeof(string))
            {
                valueType = candidate.GetGenericArguments()[1];
                return true;
            }
        }
        valueType = typeof(object);
        return false;
    }

    private static bool TryGetElementType(Type type, out Type elementType)
    {
        if (type.IsArray)
        {
            elementType = type.GetElementType()!;
            return true;
        }
        if (type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type) || type.IsInterface && type.IsGenericType)
        {
            var enumerable = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>)
                ? type
                : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
            if (enumerable is not null)
            {
                elementType = enumerable.GetGenericArguments()[0];
                return true;
            }
        }
        elementType = typeof(object);
        return false;
    }
}
