using System.Text;
using Cadrage.Rules.KnowledgeBase;

namespace Cadrage.Rules.Profiles;

/// <summary>The field names of the profile format, shared by the reader and the profile schema.</summary>
public static class ProfileFormat
{
    public static readonly IReadOnlyList<string> TopLevelFields = ["$schema", "id", "nom", "echelle", "description", "indicateurs", "besoins", "communes", "voisines"];

    public static readonly IReadOnlyList<string> SourcedValueFields = ["valeur", "source", "millesime", "illustratif"];

    public static readonly IReadOnlyList<string> NeedFields = ["service", "public", "critere", "intensite", "source", "illustratif"];

    /// <summary>A member commune: the order is the reader's field order (its duplicate checks index it).</summary>
    public static readonly IReadOnlyList<string> CommuneFields = ["code", "nom", "population", "densite", "latitude", "longitude", "franceServices", "bpeProximite", "bpeIntermediaire", "bpeSuperieure"];

    /// <summary>A neighbouring commune: a member commune's fields and the range it is a pôle de services for.</summary>
    public static readonly IReadOnlyList<string> NeighbourFields = [.. CommuneFields, "pole"];
}

/// <summary>
/// What the streaming reader needs from a rule set, prepared once per rule set: indicator ids looked up from
/// characters without allocating, and each allowed value as UTF-8 next to its interned id. Part of the rule set's
/// derived data.
/// </summary>
internal sealed class ProfileCatalog
{
    /// <summary>An allowed value: its UTF-8 bytes (compared with the JSON text) and its id (what the profile holds).</summary>
    public readonly record struct Choice(byte[] Utf8, string Id);

    private readonly Dictionary<string, int> _indicators;

    internal ProfileCatalog(RuleSet kb)
    {
        Indicators = kb.Indicators;
        _indicators = kb.Indicators.Select((d, i) => (d.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        IndicatorLookup = _indicators.GetAlternateLookup<ReadOnlySpan<char>>();
        Allowed = kb.Indicators.Select(d => d.Valeurs is { } values ? Choices(values.Select(v => v.Id)) : null).ToArray();
        var axes = kb.Referentiel.Axes;
        Services = Choices(axes.Services.Select(o => o.Id));
        Publics = Choices(axes.Publics.Select(o => o.Id));
        Criteres = Choices(axes.Criteres.Select(o => o.Id));
        Echelles = Choices(ProfileReader.Echelles);
    }

    /// <summary>The rule set's catalogue, prepared when the rule set was built (shared by its parameter variants).</summary>
    public static ProfileCatalog For(RuleSet kb) => kb.Derived.ProfileCatalog;

    public IReadOnlyList<IndicatorDefinition> Indicators { get; }

    public Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> IndicatorLookup { get; }

    /// <summary>By catalogue position: the allowed values of a text or list indicator, else null.</summary>
    public Choice[]?[] Allowed { get; }

    public Choice[] Services { get; }

    public Choice[] Publics { get; }

    public Choice[] Criteres { get; }

    public Choice[] Echelles { get; }

    private static Choice[] Choices(IEnumerable<string> ids) => ids.Select(id => new Choice(Encoding.UTF8.GetBytes(id), id)).ToArray();
}
