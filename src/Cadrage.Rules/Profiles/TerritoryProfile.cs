namespace Cadrage.Rules.Profiles;

/// <summary>
/// A sourced indicator value. <see cref="Valeur"/> is a double, bool, string or string[] per the catalogue;
/// <see cref="Illustratif"/> marks a value given for illustration, not measured.
/// </summary>
public sealed record IndicatorValue(object Valeur, string? Source, string? Millesime, bool Illustratif = false);

/// <summary>A need stated by the diagnostic: a service, for a public, under an accessibility criterion.</summary>
/// <summary>A need stated by the diagnostic; <see cref="Illustratif"/> marks one given for illustration, not from a real diagnostic.</summary>
public sealed record DiagnosticNeed(string Service, string Public, string Critere, int Intensite, string? Source, bool Illustratif = false);

/// <summary>
/// A member commune of the territory (open data): INSEE code and name, and when known its population, its level
/// on the INSEE 7-level density grid (1 very dense … 7 very sparsely populated), its position and its number of
/// France Services, and its service offer: the share (%) of the equipment types of each range of the INSEE equipment
/// base (BPE: proximité, intermédiaire, supérieure) present in it — a commune with at least half of a range's types is
/// a pôle de services of that range (INSEE's definition). A neighbouring commune (<see cref="TerritoryProfile.Voisines"/>)
/// also says which range it is a pôle de services for (<see cref="Poles.Intermediaire"/> or <see cref="Poles.Proximite"/>).
/// </summary>
public sealed record MemberCommune(string Code, string Nom, long? Population, int? NiveauDensite, double? Latitude, double? Longitude, int? FranceServices, string? Pole = null,
    double? BpeProximite = null, double? BpeIntermediaire = null, double? BpeSuperieure = null)
{
    /// <summary>Whether the profile says the commune's service offer (one range at least).</summary>
    public bool OfferKnown => BpeProximite is not null || BpeIntermediaire is not null || BpeSuperieure is not null;
}

/// <summary>
/// The ranges of the INSEE equipment base a neighbouring commune can be a pôle de services for: it holds at least half
/// of the equipment types of that range (INSEE's definition of a pôle de services).
/// </summary>
public static class Poles
{
    public const string Intermediaire = "intermediaire";
    public const string Proximite = "proximite";

    public static readonly IReadOnlyList<string> All = [Intermediaire, Proximite];
}

/// <summary>A territory profile: who it is and its sourced indicators. Built by <see cref="ProfileReader"/>.</summary>
public sealed class TerritoryProfile
{
    public required string Id { get; init; }

    public required string Nom { get; init; }

    public required string Echelle { get; init; }

    /// <summary>Free French description of the territory and of where its data come from; null when absent.</summary>
    public string? Description { get; init; }

    /// <summary>Where the profile came from (file name), for messages; may be null for API input.</summary>
    public string? Fichier { get; init; }

    /// <summary>Indicator values by catalogue id, in the order they were written.</summary>
    public required IReadOnlyDictionary<string, IndicatorValue> Indicateurs { get; init; }

    public required IReadOnlyList<DiagnosticNeed> Besoins { get; init; }

    /// <summary>Member communes, in the order written; empty when the profile lists none.</summary>
    public IReadOnlyList<MemberCommune> Communes { get; init; } = [];

    /// <summary>
    /// Pôles de services outside the territory that its inhabitants can reach (the importer gives a commune the
    /// nearest pôle of the intermediate range and the pôles of the proximity range around it); empty when none.
    /// </summary>
    public IReadOnlyList<MemberCommune> Voisines { get; init; } = [];

    /// <summary>The same profile with other indicator values (explanations try changed profiles); every other field kept.</summary>
    public TerritoryProfile WithIndicators(IReadOnlyDictionary<string, IndicatorValue> indicators) => new()
    {
        Id = Id,
        Nom = Nom,
        Echelle = Echelle,
        Description = Description,
        Fichier = Fichier,
        Indicateurs = indicators,
        Besoins = Besoins,
        Communes = Communes,
        Voisines = Voisines,
    };
}
