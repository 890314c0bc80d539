using System.Collections;
using System.Globalization;
using System.Reflection;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Cadrage.Rules.Json;

/// <summary>
/// Strict reading of JSON files into typed models: unknown fields, missing required fields, duplicate keys
/// and wrong types are all reported in French with their JSON path, every error at once, before any
/// conversion happens (Newtonsoft would otherwise ignore unknown fields silently and stop at the first error).
/// </summary>
public static class StrictJson
{
    private static readonly JsonLoadSettings LoadSettings = new()
    {
        DuplicatePropertyNameHandling = DuplicatePropertyNameHandling.Error,
        LineInfoHandling = LineInfoHandling.Ignore, // paths are enough; syntax errors carry their own line
        CommentHandling = CommentHandling.Ignore,
    };

    /// <summary>Parses text into a token; a syntax error becomes a French diagnostic.</summary>
    public static JToken? Parse(string text, string file, List<JsonDiagnostic> errors)
    {
        try
        {
            using var reader = new JsonTextReader(new StringReader(text)) { DateParseHandling = DateParseHandling.None, FloatParseHandling = FloatParseHandling.Double };
            var token = JToken.ReadFrom(reader, LoadSettings);
            if (reader.Read() && reader.TokenType != JsonToken.Comment)
            {
                errors.Add(new JsonDiagnostic(file, "$", "contenu inattendu après la fin du document JSON"));
                return null;
            }
            return token;
        }
        catch (JsonReaderException ex)
        {
            errors.Add(new JsonDiagnostic(file, ToJsonPath(ex.Path),
                string.Create(CultureInfo.InvariantCulture, $"JSON mal formé (ligne {ex.LineNumber}, colonne {ex.LinePosition}) : {TranslateReaderMessage(ex.Message)}")));
            return null;
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

    private static string TranslateReaderMessage(string message)
    {
        var cut = message.IndexOf(" Path '", StringComparison.Ordinal);
        var core = cut > 0 ? message[..cut] : message;
        var quoted = core.IndexOf('\'') is var start and >= 0 && core.IndexOf('\'', start + 1) is var end and > 0
            ? core[(start + 1)..end]
            : null;
        return core switch
        {
            _ when core.StartsWith("Property with the name", StringComparison.Ordinal) || core.StartsWith("Can not add property", StringComparison.Ordinal)
                => $"clé « {quoted} » en double dans un objet",
            _ when core.StartsWith("Unexpected end", StringComparison.Ordinal) => "fin de fichier inattendue (document incomplet)",
            _ when core.StartsWith("Unexpected character", StringComparison.Ordinal) => $"caractère inattendu « {quoted} »",
            _ when core.StartsWith("Invalid property identifier", StringComparison.Ordinal) => $"nom de champ invalide « {quoted} »",
            _ when core.StartsWith("Unterminated string", StringComparison.Ordinal) => "texte non terminé (guillemet fermant manquant)",
            _ when core.StartsWith("Invalid character after parsing property name", StringComparison.Ordinal) => "« : » attendu après le nom du champ",
            _ when core.StartsWith("After parsing a value an unexpected character", StringComparison.Ordinal) => $"caractère inattendu « {quoted} » après une valeur (virgule manquante ?)",
            _ when core.StartsWith("Error parsing", StringComparison.Ordinal) || core.StartsWith("Unexpected", StringComparison.Ordinal) => "valeur JSON invalide",
            _ => "syntaxe JSON invalide",
        };
    }
}
