using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Output;
using Cadrage.Rules.Profiles;

namespace Cadrage.Rules.Evaluation;

/// <summary>
/// Names the places of a geometry from the member communes of the profile (name, population, level of the INSEE
/// density grid, position): the pôle and its relays, the centres-bourgs, the specialised pôles, the communes
/// itinérance should reach first (the farthest from the main town, in the sparsely populated levels 6 and 7).
/// Its thresholds are parameters of rules/parametres.json.
/// </summary>
internal sealed class PlaceNamer(RuleSet kb, TerritoryProfile profile)
{
    public const string RelayThreshold = "seuil_commune_relais";
    public const string SpecialisedThreshold = "seuil_commune_pole_specialise";
    public const string MaxNamed = "nombre_communes_nommees";
    public const string PoleThreshold = "seuil_pole_de_services";
    public const string NeighbourPoleDistance = "seuil_pole_voisin";
    public const string FarPoleDistance = "seuil_pole_eloigne";

    /// <summary>The radius within which the importer counts a commune's centres-bourgs (centres_bourgs_10km).</summary>
    private const double BourgRadiusKm = 10;

    private readonly IReadOnlyList<MemberCommune> _communes = profile.Communes
        .OrderByDescending(c => c.Population ?? -1).ThenBy(c => c.Code, StringComparer.Ordinal).ToList();

    public (IReadOnlyList<PlaceRole> Roles, string Description) Name(GeometryDraft geometry)
    {
        var forms = new[] { geometry.Main }.Concat(geometry.Complements).Select(f => f.Option).ToList();
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
        var roles = new List<PlaceRole>();
        var main = _communes[0];
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var form in forms)
        {
            var role = form.Id switch
            {
                "pole-agglomeration" => Pole(main, taken),
                "centres-bourgs" => Bourgs(main, taken),
                "poles-specialises" => Specialised(taken),
                "itinerance" => Itinerance(main, form == geometry.Main.Option),
                _ => [],
            };
            roles.AddRange(role);
        }
        var description = string.Join(" ; ", roles.Where(r => r.Communes.Count > 0).Select(r => $"{r.Libelle} : {Names(r)}"));
        return (roles, description.Length > 0 ? description : French.List(forms.Select(f => f.Libelle).ToList()));
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
                    var pole = profile.Voisines.Where(v => v.Pole == Poles.Intermediaire).Select(v => (Commune: v, Km: Distance(home, v))).OrderBy(v => v.Km ?? double.MaxValue).FirstOrDefault();
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
                    var bourgs = profile.Voisines
                        .Select(v => (Commune: v, Km: Distance(home, v)))
                        .Where(v => !taken.Contains(v.Commune.Code) && (v.Commune.Pole == Poles.Proximite || v.Commune.NiveauDensite is 3 or 5 && v.Km <= BourgRadiusKm))
                        .OrderBy(v => v.Km ?? double.MaxValue).Take(Max - (itselfBourg ? 1 : 0))
                        .Select(v => Named(v.Commune, v.Km)).ToList();
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

    private IEnumerable<PlaceRole> Pole(MemberCommune main, HashSet<string> taken)
    {
        taken.Add(main.Code);
        var threshold = Parameter(RelayThreshold, 2000);
        var relays = _communes.Skip(1)
            .Where(c => !taken.Contains(c.Code) && (c.FranceServices is > 0 || c.Population >= threshold))
            .Take(Max)
            .ToList();
        taken.UnionWith(relays.Select(c => c.Code));
        yield return new PlaceRole("pole", "pôle", [Named(main)]);
        if (relays.Count > 0)
        {
            yield return new PlaceRole("relais", "relais", relays.Select(c => Named(c)).ToList());
        }
    }

    private IEnumerable<PlaceRole> Bourgs(MemberCommune main, HashSet<string> taken)
    {
        var threshold = Parameter(RelayThreshold, 2000);
        // Centres of the INSEE grid (centres urbains intermédiaires, petites villes, bourgs ruraux), else by size. The
        // method's centres-bourgs are secondary: a main town that is an urban centre (grid level 1 or 2) is the pôle,
        // not one of them.
        var bourgs = _communes
            .Where(c => !taken.Contains(c.Code) && !(c == main && main.NiveauDensite is 1 or 2)
                && (c.NiveauDensite is 2 or 3 or 5 || c.NiveauDensite is null && c.Population >= threshold))
            .Take(Max)
            .ToList();
        taken.UnionWith(bourgs.Select(c => c.Code));
        if (bourgs.Count > 0)
        {
            yield return new PlaceRole("centres-bourgs", "centres-bourgs", bourgs.Select(c => Named(c)).ToList());
        }
    }

    private IEnumerable<PlaceRole> Specialised(HashSet<string> taken)
    {
        var threshold = Parameter(SpecialisedThreshold, 5000);
        var candidates = _communes.Where(c => !taken.Contains(c.Code)).ToList();
        var poles = candidates.Where(c => c.Population >= threshold).Take(Max).ToList();
        if (poles.Count < 2)
        {
            poles = candidates.Take(Math.Min(3, Max)).ToList();
        }
        taken.UnionWith(poles.Select(c => c.Code));
        if (poles.Count > 0)
        {
            yield return new PlaceRole("poles-specialises", "pôles spécialisés (une spécialité par pôle, à répartir)", poles.Select(c => Named(c)).ToList());
        }
    }

    private IEnumerable<PlaceRole> Itinerance(MemberCommune main, bool isMain)
    {
        if (isMain)
        {
            yield return _tourBase ??= TourBase(main);
        }
        if ((_itinerance ??= Far(main, _tourBase ??= TourBase(main))) is { Communes.Count: > 0 } far)
        {
            yield return far;
        }
    }

    // The same in every scenario of the territory (the main town is always the most populated commune): computed once.
    private PlaceRole? _tourBase;
    private PlaceRole? _itinerance;

    private PlaceRole TourBase(MemberCommune main)
    {
        var bases = _communes.Where(c => c.FranceServices is > 0).Take(Math.Min(2, Max)).ToList();
        return new PlaceRole("base", "base des tournées", (bases.Count > 0 ? bases : [main]).Select(c => Named(c)).ToList());
    }

    private PlaceRole Far(MemberCommune main, PlaceRole tourBase)
    {
        // The communes to reach first: sparsely populated (grid levels 6 and 7), the farthest from the main town; a
        // base of the tours (it has a France Services) is where they start, not where they go.
        var far = _communes.Skip(1)
            .Where(c => c.NiveauDensite is null or 6 or 7 && !tourBase.Communes.Any(b => b.Code == c.Code))
            .Select(c => (Commune: c, Km: Distance(main, c)))
            .OrderByDescending(x => x.Km ?? -1).ThenBy(x => x.Commune.Population ?? 0)
            .Take(Max)
            .Select(x => Named(x.Commune, x.Km))
            .ToList();
        var dispersed = _communes.Count(c => c.NiveauDensite is 6 or 7);
        var label = dispersed > 0
            ? $"itinérance vers les communes éloignées ({French.Count(dispersed, "commune rurale dispersée", "communes rurales dispersées")} en tout)"
            : "itinérance vers les communes éloignées";
        return new PlaceRole("itinerance", label, far);
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
