namespace Cadrage.Rules.Evaluation;

/// <summary>
/// What makes a commune a pôle a specialty can be given to: read by the naming of places (PlaceNamer) and by the
/// importer that counts such communes (indicator « poles_secondaires »), one definition for both.
/// </summary>
public static class ServicePoles
{
    /// <summary>
    /// The share of the types of the superior range (in %) a commune that is not a pôle de services of the intermediate or
    /// superior range must hold to be named a specialised pôle: a quarter, about ten of the 39 types (a lycée, a
    /// hospital, a cinema…). Below, three or four equipment of the range do not make a pôle a specialty can be given to
    /// (practitioner review: Garchizy, 12.8 %, and Coulanges-lès-Nevers, 7.7 %, were named specialised pôles of Nevers).
    /// </summary>
    public const double SpecialtyShare = 25;
}
