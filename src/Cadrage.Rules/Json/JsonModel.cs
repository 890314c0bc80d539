using System.Collections;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Cadrage.Rules.Json;

/// <summary>The kinds of JSON value a model type maps to.</summary>
public enum JsonShapeKind
{
    /// <summary>Anything (<c>object</c>, <c>JToken</c>): not checked.</summary>
    Any,
    Text,
    Boolean,
    /// <summary>A whole number within <see cref="JsonShape.Minimum"/>..<see cref="JsonShape.Maximum"/>.</summary>
    Integer,
    Number,
    /// <summary>A CLR enum, written as one of its names.</summary>
    Enumeration,
    /// <summary>An object with free keys, each value of <see cref="JsonShape.Item"/>.</summary>
    Map,
    List,
    /// <summary>An object with known <see cref="JsonShape.Fields"/>, and no other.</summary>
    Object,
}

/// <summary>
/// How a model type is written in JSON, as both the strict reader (<see cref="StrictJson"/>) and the schema
/// generator see it: one walk over the model's types, so that a schema accepts what the loader accepts.
/// </summary>
public sealed class JsonShape
{
    private readonly Dictionary<string, JsonField> _byName = new(StringComparer.Ordinal);
    private readonly List<JsonField> _fields = [];

    internal JsonShape(JsonShapeKind kind, Type type)
    {
        Kind = kind;
        Type = type;
    }

    public JsonShapeKind Kind { get; }

    /// <summary>The CLR type (the underlying type of a <see cref="Nullable{T}"/>).</summary>
    public Type Type { get; }

    /// <summary>French description of an object type (<see cref="DescriptionAttribute"/> on the class).</summary>
    public string? Description { get; internal init; }

    /// <summary>The names of an <see cref="JsonShapeKind.Enumeration"/>.</summary>
    public IReadOnlyList<string> Names { get; internal init; } = [];

    /// <summary>Range of an <see cref="JsonShapeKind.Integer"/>.</summary>
    public long Minimum { get; internal init; }

    public long Maximum { get; internal init; }

    /// <summary>The value of a map, the item of a list.</summary>
    public JsonShape? Item { get; internal set; }

    /// <summary>Whether a list item or map value may be null (a <see cref="Nullable{T}"/> item).</summary>
    public bool ItemNullable { get; internal init; }

    /// <summary>The fields of an object, in declaration order (rejected ones included: see <see cref="JsonField.Rejection"/>).</summary>
    public IReadOnlyList<JsonField> Fields => _fields;

    /// <summary>The field of that exact name, or null.</summary>
    public JsonField? Field(string name) => _byName.GetValueOrDefault(name);

    internal void Add(JsonField field)
    {
        _fields.Add(field);
        _byName[field.Name] = field;
    }

    /// <summary>French name of what a value of this shape is, for "… est attendu".</summary>
    public string Expected => Kind switch
    {
        JsonShapeKind.Text => "un texte",
        JsonShapeKind.Boolean => "un booléen (true/false)",
        JsonShapeKind.Integer => "un nombre entier",
        JsonShapeKind.Number => "un nombre",
        JsonShapeKind.Enumeration => "un texte parmi " + string.Join(", ", Names),
        JsonShapeKind.List => "une liste",
        JsonShapeKind.Any => "une valeur",
        _ => "un objet",
    };
}

/// <summary>A field of an object shape, with everything the model says about it.</summary>
public sealed record JsonField(string Name, JsonShape Shape)
{
    public bool Required { get; init; }

    /// <summary>Whether null is accepted (a nullable type, and the field not required).</summary>
    public bool Nullable { get; init; }

    /// <summary>French description (<see cref="DescriptionAttribute"/>), shown by editors and in messages.</summary>
    public string? Description { get; init; }

    /// <summary>Fixed allowed texts (<see cref="AllowedValuesAttribute"/>); for a list, of its items.</summary>
    public IReadOnlyList<string>? Values { get; init; }

    /// <summary>Allowed texts that depend on the rule set (<see cref="JsonDomainAttribute"/>); for a list, of its items.</summary>
    public string? Domain { get; init; }

    /// <summary>Regular expression a text must match.</summary>
    public string? Pattern { get; init; }

    /// <summary>Fewest items of a list.</summary>
    public int? MinItems { get; init; }

    /// <summary>Why the field, known to the underlying library, is refused here (the field is then absent from schemas).</summary>
    public string? Rejection { get; init; }

    /// <summary>The field's content is read on its own by the loader (its object shape is not checked with its container).</summary>
    public bool ReadSeparately { get; init; }
}

/// <summary>Texts allowed in a field that come from the rule set (e.g. <c>option</c>: the référentiel's option ids).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class JsonDomainAttribute(string domain) : Attribute
{
    public string Domain { get; } = domain;
}

/// <summary>What the model says of a field of a type we cannot annotate (a library's), in <see cref="JsonModel"/>.</summary>
internal sealed record JsonFieldNote
{
    public bool? Required { get; init; }

    public string? Description { get; init; }

    public IReadOnlyList<string>? Values { get; init; }

    public string? Domain { get; init; }

    public string? Pattern { get; init; }

    public int? MinItems { get; init; }

    public string? Rejection { get; init; }

    /// <summary>The type the field really holds (e.g. a RulesEngine rule's Properties hold our <c>RuleProperties</c>).</summary>
    public Type? Holds { get; init; }

    public bool ReadSeparately { get; init; }
}

/// <summary>
/// The one walker over the model's types: properties bound by Newtonsoft (<see cref="JsonPropertyAttribute"/>
/// names and <c>Required</c>), French descriptions (<see cref="DescriptionAttribute"/>), fixed and rule-set value
/// lists (<see cref="AllowedValuesAttribute"/>, <see cref="JsonDomainAttribute"/>), and for library types the
/// notes of <see cref="ModelNotes"/>. Shapes are built once per type.
/// </summary>
public static class JsonModel
{
    private static readonly Dictionary<Type, JsonShape> Shapes = [];
    private static readonly NullabilityInfoContext Nullability = new();

    /// <summary>The shape of <paramref name="type"/>.</summary>
    public static JsonShape ShapeOf(Type type)
    {
        lock (Shapes)
        {
            return Build(System.Nullable.GetUnderlyingType(type) ?? type);
        }
    }

    private static JsonShape Build(Type type)
    {
        if (Shapes.TryGetValue(type, out var known))
        {
            return known;
        }
        if (type == typeof(object) || typeof(JToken).IsAssignableFrom(type))
        {
            return Shapes[type] = new JsonShape(JsonShapeKind.Any, type);
        }
        if (type == typeof(string))
        {
            return Shapes[type] = new JsonShape(JsonShapeKind.Text, type);
        }
        if (type == typeof(bool))
        {
            return Shapes[type] = new JsonShape(JsonShapeKind.Boolean, type);
        }
        if (type == typeof(int) || type == typeof(long))
        {
            return Shapes[type] = new JsonShape(JsonShapeKind.Integer, type)
            {
                Minimum = type == typeof(int) ? int.MinValue : long.MinValue,
                Maximum = type == typeof(int) ? int.MaxValue : long.MaxValue,
            };
        }
        if (type == typeof(double) || type == typeof(decimal) || type == typeof(float))
        {
            return Shapes[type] = new JsonShape(JsonShapeKind.Number, type);
        }
        if (type.IsEnum)
        {
            return Shapes[type] = new JsonShape(JsonShapeKind.Enumeration, type) { Names = Enum.GetNames(type) };
        }
        if (TryGetDictionaryValueType(type, out var valueType))
        {
            var map = Shapes[type] = new JsonShape(JsonShapeKind.Map, type) { ItemNullable = IsNullableValue(valueType) };
            map.Item = Build(System.Nullable.GetUnderlyingType(valueType) ?? valueType);
            return map;
        }
        if (TryGetElementType(type, out var elementType))
        {
            var list = Shapes[type] = new JsonShape(JsonShapeKind.List, type) { ItemNullable = IsNullableValue(elementType) };
            list.Item = Build(System.Nullable.GetUnderlyingType(elementType) ?? elementType);
            return list;
        }

        var shape = Shapes[type] = new JsonShape(JsonShapeKind.Object, type)
        {
            Description = type.GetCustomAttribute<DescriptionAttribute>()?.Description ?? ModelNotes.DescriptionOf(type),
        };
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var attribute = property.GetCustomAttribute<JsonPropertyAttribute>();
            if (property.GetCustomAttribute<JsonIgnoreAttribute>() is not null
                || property.GetCustomAttribute<ObsoleteAttribute>() is not null
                || property.GetIndexParameters().Length > 0
                || property.GetSetMethod(nonPublic: true) is null && attribute is null)
            {
                continue;
            }
            var name = attribute?.PropertyName ?? property.Name;
            var note = ModelNotes.For(type, property.Name);
            var required = note?.Required
                ?? (attribute?.Required is Required.Always or Required.AllowNull || property.GetCustomAttribute<JsonRequiredAttribute>() is not null);
            var held = note?.Holds ?? property.PropertyType;
            shape.Add(new JsonField(name, Build(System.Nullable.GetUnderlyingType(held) ?? held))
            {
                Required = required,
                Nullable = !required && IsNullable(property),
                Description = property.GetCustomAttribute<DescriptionAttribute>()?.Description ?? note?.Description,
                Values = property.GetCustomAttribute<AllowedValuesAttribute>()?.Values.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)!).ToArray() ?? note?.Values,
                Domain = property.GetCustomAttribute<JsonDomainAttribute>()?.Domain ?? note?.Domain,
                Pattern = property.GetCustomAttribute<RegularExpressionAttribute>()?.Pattern ?? note?.Pattern,
                MinItems = property.GetCustomAttribute<MinLengthAttribute>()?.Length ?? note?.MinItems,
                Rejection = note?.Rejection,
                ReadSeparately = note?.ReadSeparately ?? false,
            });
        }
        return shape;
    }

    /// <summary>Null is accepted for a <see cref="Nullable{T}"/> and for a reference declared nullable (<c>string?</c>).</summary>
    private static bool IsNullable(PropertyInfo property)
    {
        if (property.PropertyType.IsValueType)
        {
            return System.Nullable.GetUnderlyingType(property.PropertyType) is not null;
        }
        return Nullability.Create(property).WriteState == NullabilityState.Nullable;
    }

    private static bool IsNullableValue(Type type) =>
        System.Nullable.GetUnderlyingType(type) is not null || type == typeof(object) || typeof(JToken).IsAssignableFrom(type);

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
