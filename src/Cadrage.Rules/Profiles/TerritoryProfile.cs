namespace Cadrage.Rules.Profiles;

/// <summary>A sourced indicator value. <see cref="Valeur"/> is a double, bool, string or string[] per the catalogue.</summary>
public sealed record IndicatorValue(object Valeur, string? Source, string? Millesime);

/// <summary>A need stated by the diagnostic: a service, for a public, under an accessibility criterion.</summary>
public sealed record DiagnosticNeed(string Service, string Public, string Critere, int Intensite, string? Source);

/// <summary>A territory profile: who it is and its sourced indicators. Built by <see cref="ProfileReader"/>.</summary>
public sealed class TerritoryProfile
{
    public required string Id { get; init; }

    public required string Nom { get; init; }

    public required string Echelle { get; init; }

    /// <summary>Where the profile came from (file name), for messages; may be null for API input.</summary>
    public string? Fichier { get; init; }

    /// <summary>Indicator values by catalogue id, in the order they were written.</summary>
    public required IReadOnlyDictionary<string, IndicatorValue> Indicateurs { get; init; }

    public required IReadOnlyList<DiagnosticNeed> Besoins { get; init; }
}
