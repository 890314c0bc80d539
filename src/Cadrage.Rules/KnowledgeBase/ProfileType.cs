using System.Linq.Expressions;
using System.Reflection;
using System.Reflection.Emit;

namespace Cadrage.Rules.KnowledgeBase;

/// <summary>
/// The typed input rules read, generated from the indicator catalogue at load time: one public field per
/// indicator (<c>nombre</c>/<c>entier</c> as double, <c>booleen</c> as bool, <c>texte</c> as string,
/// <c>liste</c> as string[]). Typed inputs let expressions compile to plain field reads, far cheaper than
/// ExpandoObject inputs, and the same instance is accepted by the stock RulesEngine.
/// </summary>
public sealed class ProfileType
{
    private readonly Func<object> _create;
    private readonly Action<object, object>[] _setters;

    private ProfileType(Type type, IReadOnlyList<IndicatorDefinition> indicators)
    {
        Type = type;
        _create = Expression.Lambda<Func<object>>(Expression.New(type)).Compile();
        _setters = new Action<object, object>[indicators.Count];
        var target = Expression.Parameter(typeof(object), "target");
        var value = Expression.Parameter(typeof(object), "value");
        for (var i = 0; i < indicators.Count; i++)
        {
            var field = type.GetField(indicators[i].Id)!;
            var assign = Expression.Assign(
                Expression.Field(Expression.Convert(target, type), field),
                Expression.Convert(value, field.FieldType));
            _setters[i] = Expression.Lambda<Action<object, object>>(assign, target, value).Compile();
        }
    }

    /// <summary>The generated CLR type (named <c>Profil</c>).</summary>
    public Type Type { get; }

    public static Type ClrTypeOf(IndicatorType type) => type switch
    {
        IndicatorType.nombre or IndicatorType.entier => typeof(double),
        IndicatorType.booleen => typeof(bool),
        IndicatorType.texte => typeof(string),
        IndicatorType.liste => typeof(string[]),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static ProfileType Create(IReadOnlyList<IndicatorDefinition> indicators)
    {
        var assembly = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("Cadrage.Rules.Profils"), AssemblyBuilderAccess.Run);
        var module = assembly.DefineDynamicModule("Cadrage.Rules.Profils");
        var builder = module.DefineType("Profil", TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Class);
        foreach (var indicator in indicators)
        {
            builder.DefineField(indicator.Id, ClrTypeOf(indicator.Type), FieldAttributes.Public);
        }
        builder.DefineDefaultConstructor(MethodAttributes.Public);
        return new ProfileType(builder.CreateType(), indicators);
    }

    public object CreateInstance() => _create();

    /// <summary>Sets the indicator at catalogue position <paramref name="index"/>; the value has its CLR type already.</summary>
    public void Set(object instance, int index, object value) => _setters[index](instance, value);
}
