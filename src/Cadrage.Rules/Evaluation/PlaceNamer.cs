using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Output;
using Cadrage.Rules.Profiles;

namespace Cadrage.Rules.Evaluation;

/// <summary>
/// Names the places of a geometry from the member communes of the profile (name, population, level of the INSEE
/// density grid, France Services, position): the pôle and its relays, the centres-bourgs, the specialised pôles, the
/// communes itinérance should reach first (in the sparsely populated levels 6 and 7, the farthest from the nearest
/// place the scenario names). Each name must satisfy what the rules that justify its role say. Its thresholds are
/// parameters of rules/parametres.json.
/// </summary>
internal sealed class PlaceNamer(RuleSet kb, TerritoryProfile profile)
{
    public const string RelayThreshold = "seuil_commune_relais";

    /// <summary>The share of the population in the main town from which it is the territory's pôle (its ville-centre).</summary>
    public const string StrongPolarisation = "seuil_polarisation_forte";
    public const string SpecialisedThreshold = "seuil_commune_pole_specialise";
    public const string MaxNamed = "nombre_communes_nommees";
    public const string PoleThreshold = "seuil_pole_de_services";
    public const string NeighbourPoleDistance = "seuil_pole_voisin";
    public const string FarPoleDistance = "seuil_pole_eloigne";

    /// <summary>The radius within which the importer counts a commune's centres-bourgs (centres_bourgs_10km).</summary>
    private const double BourgRadiusKm = 10;

    private readonly IReadOnlyList<MemberCommune> _communes = profile.Communes
        .OrderByDescending(c => c.Population ?? -1).ThenBy(c => c.Code, StringComparer.Ordinal).ToList();

    /// <summary>The places already named, by geometry (the scenarios of a territory often share one).</summary>
    private readonly Dictionary<string, (IReadOnlyList<PlaceRole> Roles, string Description)> _named = new(StringComparer.Ordinal);

    /// <summary>The places of a geometry: named once per territory and geometry (its forms, whose evidence is the territory's).</summary>
    public (IReadOnlyList<PlaceRole> Roles, string Description) Name(GeometryDraft geometry)
    {
        var key = geometry.Complements.Count == 0 ? geometry.Main.Option.Id : string.Join('+', [geometry.Main.Option.Id, .. geometry.Complements.Select(c => c.Option.Id)]);
        if (!_named.TryGetValue(key, out var named))
        {
            named = NameAfresh(geometry);
            _named[key] = named;
        }
        return named;
    }

    private (IReadOnlyList<PlaceRole> Roles, string Description) NameAfresh(GeometryDraft geometry)
    {
        var scores = new[] { geometry.Main }.Concat(geometry.Complements).ToList();
        var forms = scores.Select(f => f.Option).ToList();
        if (_communes.Count == 1 && profile.Voisines.Count > 0)
        {
            var around = Neighbourhood(_communes[0], forms).ToList();
            if (around.Count > 0)
            {
                return (around, string.Join(" ; ", around.Select(r => $"{r.Libelle} : {Names(r)}")));
            }
        }
        if (_communes.Count < 2)
        {
            var labels = French.List(forms.Select(f => f.Libelle).ToList());
            return ([], _communes.Count == 1 ? $"{labels} : un territoire d'une seule commune ({_communes[0].Nom})" : $"{labels} (communes membres non renseignées dans le profil : les lieux ne peuvent pas être nommés)");
        }
        // The places are chosen in an order of precedence, then listed in the order of the geometry: the pôle (the
        // main town), the bases of the tours when itinérance is the main form, the centres-bourgs and the specialised
        // pôles (in the order of the geometry), the relays of the pôle among the communes left, and last the communes
        // itinérance should reach, measured from the nearest place the scenario names.
        var main = _communes[0];
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var byForm = new Dictionary<string, List<PlaceRole>>(StringComparer.Ordinal);
        var hasPole = forms.Any(f => f.Id == "pole-agglomeration");
        var itineranceMain = geometry.Main.Option.Id == "itinerance";
        if (hasPole)
        {
            taken.Add(main.Code);
            byForm["pole-agglomeration"] = [new PlaceRole("pole", "pôle", [Named(main)])];
        }
        if (itineranceMain)
        {
            var bases = TourBase(main);
            taken.UnionWith(bases.Communes.Select(c => c.Code));
            byForm["itinerance"] = [bases];
        }
        foreach (var score in scores)
        {
            switch (score.Option.Id)
            {
                case "centres-bourgs":
                    byForm["centres-bourgs"] = Bourgs(main, taken).ToList();
                    break;
                case "poles-specialises":
                    byForm["poles-specialises"] = Specialised(score, taken).ToList();
                    break;
            }
        }
        if (hasPole)
        {
            byForm["pole-agglomeration"].AddRange(Relays(taken));
        }
        if (forms.Any(f => f.Id == "itinerance"))
        {
            var roles = byForm.TryGetValue("itinerance", out var existing) ? existing : byForm["itinerance"] = [];
            var origins = _communes.Where(c => taken.Contains(c.Code)).ToList();
            if (origins.Count == 0)
            {
                // Nothing named by the other forms: the tours start from their base, which the scenario then names.
                var bases = TourBase(main);
                roles.Add(bases);
                taken.UnionWith(bases.Communes.Select(c => c.Code));
                origins = _communes.Where(c => taken.Contains(c.Code)).ToList();
            }
            roles.AddRange(Far(origins, taken));
        }
        var named = forms.SelectMany(f => byForm.TryGetValue(f.Id, out var r) ? r : []).ToList();
        var description = string.Join(" ; ", named.Where(r => r.Communes.Count > 0).Select(r => $"{r.Libelle} : {Names(r)}"));
        return (named, description.Length > 0 ? description : French.List(forms.Select(f => f.Libelle).ToList()));
    }

    /// <summary>
    /// A territory of one commune: its places are around it, among the pôles de services the profile names as its
    /// neighbours — the pôle of the intermediate range it relies on, within reach (or itself, when it is one), the neighbouring
    /// centres-bourgs (pôles of the proximity range). Itinérance goes to the commune itself: nothing more to name.
    /// </summary>
    private IEnumerable<PlaceRole> Neighbourhood(MemberCommune home, IReadOnlyList<OptionDefinition> forms)
    {
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var form in forms)
        {
            switch (form.Id)
            {
                case "pole-agglomeration":
                    var itself = profile.Indicateurs.TryGetValue("bpe_intermediaire", out var range) && range.Valeur is double share && share >= Parameter(PoleThreshold, 50);
                    // The nearest pôle of the intermediate range (the first listed of equally near ones).
                    (MemberCommune? Commune, double? Km) pole = (null, null);
                    foreach (var v in profile.Voisines)
                    {
                        if (v.Pole == Poles.Intermediaire && Distance(home, v) is var km && (pole.Commune is null || (km ?? double.MaxValue) < (pole.Km ?? double.MaxValue)))
                        {
                            pole = (v, km);
                        }
                    }
                    if (itself)
                    {
                        taken.Add(home.Code);
                        yield return new PlaceRole("pole", "pôle", [Named(home)]);
                    }
                    else if (pole.Commune is not null && pole.Km <= Parameter(NeighbourPoleDistance, 10))
                    {
                        taken.Add(pole.Commune.Code);
                        yield return new PlaceRole("pole", "pôle voisin", [Named(pole.Commune, pole.Km)]);
                    }
                    else if (pole.Commune is not null && pole.Km <= Parameter(FarPoleDistance, 15))
                    {
                        // Between the two distances (rule pole-a-portee-en-voiture): within reach by car, not next door.
                        taken.Add(pole.Commune.Code);
                        yield return new PlaceRole("pole", "pôle le plus proche, à portée en voiture", [Named(pole.Commune, pole.Km)]);
                    }
                    break;
                case "centres-bourgs":
                    // A commune that is itself a centre of the grid (petite ville, bourg rural) is one of the centres-bourgs.
                    // The neighbouring pôle of the intermediate range is one of them when it is itself a bourg within 10 km.
                    var itselfBourg = home.NiveauDensite is 3 or 5 && !taken.Contains(home.Code);
                    // The neighbouring bourgs, nearest first (equally near ones in the order listed): a handful, sorted in place.
                    var near = new List<(MemberCommune Commune, double? Km)>(profile.Voisines.Count);
                    foreach (var v in profile.Voisines)
                    {
                        var km = Distance(home, v);
                        if (!taken.Contains(v.Code) && (v.Pole == Poles.Proximite || v.NiveauDensite is 3 or 5 && km <= BourgRadiusKm))
                        {
                            var at = near.Count;
                            while (at > 0 && (near[at - 1].Km ?? double.MaxValue) > (km ?? double.MaxValue))
                            {
                                at--;
                            }
                            near.Insert(at, (v, km));
                        }
                    }
                    var bourgs = new List<NamedCommune>();
                    for (var i = 0; i < near.Count && i < Max - (itselfBourg ? 1 : 0); i++)
                    {
                        bourgs.Add(Named(near[i].Commune, near[i].Km));
                    }
                    if (itselfBourg)
                    {
                        yield return bourgs.Count > 0
                            ? new PlaceRole("centres-bourgs", "centres-bourgs (la commune et ses voisins)", [Named(home), .. bourgs])
                            : new PlaceRole("centres-bourgs", "centre-bourg (la commune elle-même, sans autre centre-bourg à moins de 10 km)", [Named(home)]);
                    }
                    else if (bourgs.Count > 0)
                    {
                        yield return new PlaceRole("centres-bourgs", "centres-bourgs voisins", bourgs);
                    }
                    break;
            }
        }
    }

    /// <summary>The relays of the pôle: the communes left that host a France Services or reach the population of a relay.</summary>
    private IEnumerable<PlaceRole> Relays(HashSet<string> taken)
    {
        var threshold = Parameter(RelayThreshold, 2000);
        var relays = _communes
            .Where(c => !taken.Contains(c.Code) && (c.FranceServices is > 0 || c.Population >= threshold))
            .Take(Max)
            .ToList();
        taken.UnionWith(relays.Select(c => c.Code));
        if (relays.Count > 0)
        {
            yield return new PlaceRole("relais", "relais", relays.Select(c => Named(c)).ToList());
        }
    }

    /// <summary>
    /// The centres-bourgs are secondary centres: the petites villes and bourgs ruraux of the INSEE grid (levels 3 and 5,
    /// those the rules « bourgs-ruraux-peuples » and « bourgs-reseau-de-centres » read), largest first.
    /// <list type="bullet">
    /// <item>A commune of the sparsely populated levels 6 and 7 that hosts a France Services and reaches the population of
    /// a relay is one of them: the grid measures the density of a vast commune, the France Services and its size make
    /// it the bourg where the surrounding communes already come (Rians, 4,245 inhabitants, in Provence Verdon).</item>
    /// <item>A centre urbain intermédiaire (level 2) is one only when it stands apart from an urban main town (beyond
    /// the reach of a neighbouring pôle, seuil_pole_voisin): within it, it is the main town's agglomeration, not a
    /// secondary centre (Varennes-Vauzelles, contiguous to Nevers). An urban main town (level 1 or 2) is the pôle,
    /// never one of them; the ceinture urbaine (level 4) and the grands centres urbains (level 1) are not bourgs.</item>
    /// <item>A commune the grid does not classify is one of them from the population of a relay.</item>
    /// </list>
    /// </summary>
    private IEnumerable<PlaceRole> Bourgs(MemberCommune main, HashSet<string> taken)
    {
        var threshold = Parameter(RelayThreshold, 2000);
        var reach = Parameter(NeighbourPoleDistance, 10);
        var urbanMain = main.NiveauDensite is 1 or 2;
        var bourgs = _communes
            .Where(c => !taken.Contains(c.Code) && IsBourg(c))
            .Take(Max)
            .ToList();
        taken.UnionWith(bourgs.Select(c => c.Code));
        if (bourgs.Count > 0)
        {
            // Secondary centres around an urban main town that gathers the territory (seuil_polarisation_forte) and that the
            // geometry does not name as its pôle: the town is said,
            // so that a schéma of centres-bourgs does not read as one without its ville-centre (CA de Nevers).
            var total = _communes.Sum(c => c.Population ?? 0);
            var villeCentre = urbanMain && !taken.Contains(main.Code) && total > 0 && 100.0 * (main.Population ?? 0) / total >= Parameter(StrongPolarisation, 40);
            var label = villeCentre ? $"centres-bourgs secondaires, autour de la ville-centre {main.Nom}" : "centres-bourgs";
            yield return new PlaceRole("centres-bourgs", label, bourgs.Select(c => Named(c)).ToList());
        }

        bool IsBourg(MemberCommune c) => c.NiveauDensite switch
        {
            3 or 5 => true,
            6 or 7 => c.FranceServices is > 0 && c.Population >= threshold,
            2 => c != main && !(urbanMain && (Distance(main, c) ?? 0) <= reach),
            null => c.Population >= threshold,
            _ => false,
        };
    }

    /// <summary>
    /// The specialised pôles must be the communes the rules that support them speak of: « 2 000 habitants ou plus »
    /// (the rules that count communes_2000_plus, threshold seuil_commune_relais), « 5 000 habitants ou plus » (those
    /// that count communes_5000_plus, threshold seuil_commune_pole_specialise). The highest threshold a supporting
    /// rule states is tried first and kept when it names at least two communes; a rule that counts no commune
    /// (a priority of the diagnostic) leaves the population of a relay as the floor. No commune below the lowest
    /// threshold is named: the rule would be contradicted by the names it justifies.
    /// </summary>
    private IEnumerable<PlaceRole> Specialised(OptionScore score, HashSet<string> taken)
    {
        var thresholds = score.For
            .SelectMany(r => r.Indicators.Select(i => kb.Indicators[i].Id))
            .Select(id => PopulationThresholds.TryGetValue(id, out var parameter) ? Parameter(parameter, double.NaN) : double.NaN)
            .Where(t => !double.IsNaN(t))
            .Distinct()
            .OrderDescending()
            .ToList();
        if (thresholds.Count == 0)
        {
            thresholds.Add(Parameter(RelayThreshold, 2000));
        }
        var candidates = _communes.Where(c => !taken.Contains(c.Code)).ToList();
        List<MemberCommune> poles = [];
        foreach (var threshold in thresholds)
        {
            poles = candidates.Where(c => c.Population >= threshold).Take(Max).ToList();
            if (poles.Count >= 2)
            {
                break;
            }
        }
        taken.UnionWith(poles.Select(c => c.Code));
        if (poles.Count > 0)
        {
            yield return new PlaceRole("poles-specialises", "pôles spécialisés (une spécialité par pôle, à répartir)", poles.Select(c => Named(c)).ToList());
        }
    }

    /// <summary>The indicators that count member communes from a population, and the parameter that holds that population.</summary>
    private static readonly Dictionary<string, string> PopulationThresholds = new(StringComparer.Ordinal)
    {
        ["communes_2000_plus"] = RelayThreshold,
        ["communes_5000_plus"] = SpecialisedThreshold,
    };

    // The same in every scenario of the territory (the main town is always the most populated commune): computed once.
    private PlaceRole? _tourBase;

    private PlaceRole TourBase(MemberCommune main)
    {
        return _tourBase ??= Compute();

        PlaceRole Compute()
        {
            var bases = _communes.Where(c => c.FranceServices is > 0).Take(Math.Min(2, Max)).ToList();
            return new PlaceRole("base", "base des tournées", (bases.Count > 0 ? bases : [main]).Select(c => Named(c)).ToList());
        }
    }

    /// <summary>
    /// The communes itinérance should reach first: sparsely populated (grid levels 6 and 7), named in no other role,
    /// neither the main town nor a commune with a France Services of its own (they are relays, not destinations), the
    /// farthest from the nearest place the scenario names (its pôle, relays, centres-bourgs, specialised pôles, bases of
    /// the tours). They are listed by the place they are measured from: « itinérance depuis Barjols … : Pontevès (8 km) ».
    /// </summary>
    private IEnumerable<PlaceRole> Far(IReadOnlyList<MemberCommune> origins, HashSet<string> taken)
    {
        var far = _communes.Skip(1)
            .Where(c => c.NiveauDensite is null or 6 or 7 && c.FranceServices is not > 0 && !taken.Contains(c.Code))
            .Select(c => (Commune: c, Nearest: Nearest(c, origins)))
            .OrderByDescending(x => x.Nearest.Km ?? -1).ThenBy(x => x.Commune.Population ?? 0).ThenBy(x => x.Commune.Code, StringComparer.Ordinal)
            .Take(Max)
            .ToList();
        var dispersed = _communes.Count(c => c.NiveauDensite is 6 or 7);
        var total = dispersed > 0 ? $" ({French.Count(dispersed, "commune rurale dispersée", "communes rurales dispersées")} dans le territoire)" : "";
        var first = true;
        foreach (var group in far.GroupBy(x => x.Nearest.From))
        {
            var from = group.Key is null ? "" : $" depuis {group.Key.Nom}";
            var label = first ? $"itinérance{from} vers les communes les plus éloignées des lieux nommés{total}" : $"itinérance{from}";
            first = false;
            yield return new PlaceRole("itinerance", label, group.Select(x => Named(x.Commune, x.Nearest.Km)).ToList());
        }
    }

    /// <summary>The named place nearest to a commune, and its distance (no place when no position is known).</summary>
    private static (MemberCommune? From, double? Km) Nearest(MemberCommune commune, IReadOnlyList<MemberCommune> origins)
    {
        (MemberCommune? From, double? Km) best = (null, null);
        foreach (var origin in origins)
        {
            if (Distance(origin, commune) is { } km && (best.Km is null || km < best.Km))
            {
                best = (origin, km);
            }
        }
        return best;
    }

    private int Max => (int)Parameter(MaxNamed, 5);

    private double Parameter(string name, double fallback) => kb.Parameters.TryGetValue(name, out var p) ? p.Value : fallback;

    private static NamedCommune Named(MemberCommune c) => new(c.Code, c.Nom, c.Population, null);

    private static NamedCommune Named(MemberCommune c, double? km) => new(c.Code, c.Nom, c.Population, km is null ? null : Math.Round(km.Value, 0));

    private static string Names(PlaceRole role) => string.Join(", ", role.Communes.Select(c => c.DistanceKm is { } km ? $"{c.Nom} ({FrenchFormat.Number(km)}\u00a0km)" : c.Nom));

    /// <summary>Great-circle distance in km, or null when a position is unknown.</summary>
    private static double? Distance(MemberCommune a, MemberCommune b)
    {
        if (a.Latitude is not { } lat1 || a.Longitude is not { } lon1 || b.Latitude is not { } lat2 || b.Longitude is not { } lon2)
        {
            return null;
        }
        const double radius = 6371;
        static double Rad(double d) => d * Math.PI / 180;
        var dLat = Rad(lat2 - lat1);
        var dLon = Rad(lon2 - lon1);
        var h = Math.Sin(dLat / 2) * Math.Sin(dLat / 2) + Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * radius * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }
}
