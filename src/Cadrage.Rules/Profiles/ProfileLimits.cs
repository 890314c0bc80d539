namespace Cadrage.Rules.Profiles;

/// <summary>
/// The documented bounds of the profile format: beyond them a profile is refused with a French error naming the
/// JSON path, so that no input, however written, makes the reader allocate without bound. Also written into the
/// generated profile schema (maxLength, maximum…). Nesting is bounded by <see cref="Json.JsonSyntax.MaxDepth"/>.
/// </summary>
public static class ProfileLimits
{
    /// <summary>Longest <c>id</c>, in characters: ids become file names in the service.</summary>
    public const int IdMaxLength = 128;

    /// <summary>Longest text (nom, source, millésime, text indicator, commune name), in characters.</summary>
    public const int TextMaxLength = 1_000;

    /// <summary>Longest <c>description</c>, in characters.</summary>
    public const int DescriptionMaxLength = 10_000;

    /// <summary>Longest commune <c>code</c> (an INSEE code has 5 characters), in characters.</summary>
    public const int CommuneCodeMaxLength = 16;

    /// <summary>Most items of a list indicator.</summary>
    public const int ListMaxItems = 1_000;

    /// <summary>Most needs in <c>besoins</c>.</summary>
    public const int NeedsMaxCount = 1_000;

    /// <summary>Most member communes (France has about 35,000).</summary>
    public const int CommunesMaxCount = 50_000;

    /// <summary>Largest profile file read by <see cref="ProfileReader.ReadFile"/>, in bytes (64 Mio).</summary>
    public const long FileMaxBytes = 64L * 1024 * 1024;

    /// <summary>A millésime given as a number is a year of four digits.</summary>
    public const int MillesimeMin = 1000;

    public const int MillesimeMax = 9999;

    /// <summary>Largest whole number in absolute value (2^53: beyond it a double no longer holds every integer).</summary>
    public const double LargestInteger = 9_007_199_254_740_992;

    /// <summary>Largest population of a member commune.</summary>
    public const long PopulationMax = 100_000_000;

    /// <summary>The INSEE communal density grid has 7 levels (1 very dense … 7 very sparsely populated).</summary>
    public const int DensiteMin = 1;

    public const int DensiteMax = 7;

    /// <summary>Most France Services in one commune.</summary>
    public const int FranceServicesMax = 1_000;
}
