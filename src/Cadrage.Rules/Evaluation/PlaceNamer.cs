using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Output;
using Cadrage.Rules.Profiles;

namespace Cadrage.Rules.Evaluation;

/// <summary>
/// Names the places of a geometry from the member communes of the profile (name, population, level of the INSEE
/// density grid, France Services, position, service offer): the pôle and its relays, the centres-bourgs, the specialised
/// pôles, the communes itinérance should reach first (in the sparsely populated levels 6 and 7, the farthest from the
/// nearest place the scenario names). The pôle, the centres-bourgs and the specialised pôles are chosen by their
/// service offer (pôles de services of a range of the INSEE equipment base: at least half of its types), not by their
/// population alone, and each says on what ground in the words of the référentiel (« pôle (bourg rural, pôle de
/// services intermédiaire) : Châtillon-sur-Seine »). Each name must satisfy what the rules that justify its role say.
/// Its thresholds are parameters of rules/parametres.json.
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

    /// <inheritdoc cref="ServicePoles.SpecialtyShare"/>
    public const double SpecialtyShare = ServicePoles.SpecialtyShare;

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
        if (_communes.Count == 1)
        {
            var around = Neighbourhood(_communes[0], forms).ToList();
            if (around.Count > 0)
            {
                return (around, string.Join(" ; ", around.Select(Line)));
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
            var pole = PoleFor(scores.First(f => f.Option.Id == "pole-agglomeration"));
            taken.Add(pole.Code);
            byForm["pole-agglomeration"] = [new PlaceRole("pole", ReliedOn(pole, Rank(pole)), [Named(pole)])];
        }
        if (itineranceMain)
        {
            // An itinérance that relies on the pôle starts from it: the pôle is not named a second time as a base.
            var bases = TourBase();
            var others = bases.Communes.Where(c => !taken.Contains(c.Code)).ToList();
            taken.UnionWith(others.Select(c => c.Code));
            byForm["itinerance"] = others.Count == bases.Communes.Count ? [bases] : others.Count > 0 ? [bases with { Communes = others }] : [];
        }
        foreach (var score in scores)
        {
            switch (score.Option.Id)
            {
                case "centres-bourgs":
                    byForm["centres-bourgs"] = Bourgs(main, taken).ToList();
                    break;
                case "poles-specialises":
                    var specialised = new List<PlaceRole>();
                    if (VilleCentre is { } centre && !taken.Contains(centre.Code))
                    {
                        // Specialised pôles without the pôle form: the ville-centre is still the generalist pôle, said
                        // apart, not one pôle among others a specialty is given to (Rennes, Caen, Verdun).
                        taken.Add(centre.Code);
                        specialised.Add(new PlaceRole("pole-generaliste", Qualified("pôle généraliste, à part des pôles spécialisés", LevelWord(centre.NiveauDensite), OfferWord(Rank(centre), plural: false)), [Named(centre)]));
                    }
                    specialised.AddRange(Specialised(score, taken));
                    byForm["poles-specialises"] = specialised;
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
                var bases = TourBase();
                roles.Add(bases);
                taken.UnionWith(bases.Communes.Select(c => c.Code));
                origins = _communes.Where(c => taken.Contains(c.Code)).ToList();
            }
            roles.AddRange(Far(origins, taken));
        }
        var named = forms.SelectMany(f => byForm.TryGetValue(f.Id, out var r) ? r : []).ToList();
        var description = string.Join(" ; ", named.Select(Line));
        return (named, description.Length > 0 ? description : French.List(forms.Select(f => f.Libelle).ToList()));
    }

    /// <summary>
    /// A territory of one commune: its places are around it, among the pôles de services the profile names as its
    /// neighbours — the pôle of the intermediate range it relies on, within reach (or itself, when it is one), the neighbouring
    /// centres-bourgs (pôles of the proximity range). Itinérance is organised by the intercommunalité: the scenario says
    /// so, and names the nearest France Services when the profile gives it (<see cref="ToursOf"/>).
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
                        yield return new PlaceRole("pole", Qualified($"s'appuyer sur la commune elle-même, {OfferWord(Math.Max(Rank(home), Intermediate), plural: false) ?? "pôle de services"}", LevelWord(home.NiveauDensite)), [Named(home)]);
                    }
                    else if (pole.Commune is not null && pole.Km <= Parameter(NeighbourPoleDistance, 10))
                    {
                        taken.Add(pole.Commune.Code);
                        yield return new PlaceRole("pole", Qualified("s'appuyer sur le pôle voisin", LevelWord(pole.Commune.NiveauDensite), OfferWord(Rank(pole.Commune), plural: false)), [Named(pole.Commune, pole.Km)]);
                    }
                    else if (pole.Commune is not null && pole.Km <= Parameter(FarPoleDistance, 15))
                    {
                        // Between the two distances (rule pole-a-portee-en-voiture): within reach by car, not next door.
                        taken.Add(pole.Commune.Code);
                        yield return new PlaceRole("pole", Qualified("s'appuyer sur le pôle voisin, à portée en voiture", LevelWord(pole.Commune.NiveauDensite), OfferWord(Rank(pole.Commune), plural: false)), [Named(pole.Commune, pole.Km)]);
                    }
                    break;
                case "centres-bourgs":
                    // A commune that is itself a centre of the grid (petite ville, bourg rural) and a pôle de services is one of
                    // the centres-bourgs; so is a rural commune (levels 6 and 7) that is a pôle de services, the bourg its
                    // neighbours come to. The neighbouring pôle of the intermediate range is one of them when it is itself a
                    // bourg within 10 km.
                    var homeRank = Rank(home);
                    var itselfBourg = !taken.Contains(home.Code) && (homeRank == Unknown ? home.NiveauDensite is 3 or 5 : homeRank >= Proximity && home.NiveauDensite is 3 or 5 or 6 or 7);
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
                    if (itselfBourg)
                    {
                        var alone = near.Count == 0 ? "centre-bourg, la commune elle-même, sans autre centre-bourg à moins de 10 km" : "centre-bourg, la commune elle-même";
                        yield return new PlaceRole("centres-bourgs", Qualified(alone, LevelWord(home.NiveauDensite), OfferWord(homeRank, plural: false)), [Named(home)]);
                    }
                    // The neighbours by what they offer (nearest first within each offer), each group saying it.
                    var count = Math.Min(near.Count, Max - (itselfBourg ? 1 : 0));
                    foreach (var group in Grouped(near.Take(count).ToList(), n => Rank(n.Commune)))
                    {
                        yield return new PlaceRole("centres-bourgs", Qualified("centres-bourgs voisins", OfferWord(group.Key, plural: group.Items.Count > 1)), group.Items.Select(n => Named(n.Commune, n.Km)).ToList());
                    }
                    break;
                case "itinerance":
                    yield return ToursOf(home);
                    break;
            }
        }
    }

    /// <summary>
    /// The relays of the pôle: the communes left that host a France Services, or that reach the population of a relay and
    /// are pôles de services (any range; without the offer in the profile, the population alone), largest first. Their
    /// ground is not printed: « relais (France Services) » makes the note of the Châtillonnais one A4 page longer than
    /// the six its body holds (NotePrintTests).
    /// </summary>
    private IEnumerable<PlaceRole> Relays(HashSet<string> taken)
    {
        var threshold = Parameter(RelayThreshold, 2000);
        var relays = new List<MemberCommune>();
        foreach (var c in _communes)
        {
            if (relays.Count == Max)
            {
                break;
            }
            if (!taken.Contains(c.Code) && (c.FranceServices is > 0 || c.Population >= threshold && Rank(c) is Unknown or >= Proximity))
            {
                relays.Add(c);
            }
        }
        taken.UnionWith(relays.Select(c => c.Code));
        if (relays.Count > 0)
        {
            yield return new PlaceRole("relais", "relais", relays.Select(c => Named(c)).ToList());
        }
    }

    /// <summary>
    /// The centres-bourgs are secondary centres that hold services: pôles de services (at least half of the types of the
    /// proximity or the intermediate range), those of the intermediate range first, then by population. Among them:
    /// <list type="bullet">
    /// <item>the petites villes and bourgs ruraux of the INSEE grid (levels 3 and 5, those the rules « bourgs-ruraux-peuples »
    /// and « bourgs-reseau-de-centres » read);</item>
    /// <item>a commune of the sparsely populated levels 6 and 7: the grid measures the density of a vast commune, its
    /// services make it the bourg where the surrounding communes already come (Rians in Provence Verdon, Laignes in the
    /// Châtillonnais), but not within the reach of a ville-centre, whose periphery it is (Sermoise-sur-Loire by Nevers);</item>
    /// <item>a centre urbain intermédiaire (level 2) that is not the ville-centre of the territory (the urban main town
    /// that gathers it, seuil_polarisation_forte) nor within its reach (seuil_pole_voisin): within it, it is the
    /// ville-centre's agglomeration (Varennes-Vauzelles, contiguous to Nevers); elsewhere a secondary centre (Crolles,
    /// the first town of the Grésivaudan). The ceinture urbaine (level 4) and the grands centres urbains (level 1) are not bourgs.</item>
    /// </list>
    /// Without the service offer in the profile, the grid and the population decide as they did: levels 3 and 5; levels 6
    /// and 7 with a France Services and the population of a relay; an unclassified commune from the population of a relay.
    /// </summary>
    private IEnumerable<PlaceRole> Bourgs(MemberCommune main, HashSet<string> taken)
    {
        var threshold = Parameter(RelayThreshold, 2000);
        var reach = Parameter(NeighbourPoleDistance, 10);
        var total = 0L;
        foreach (var c in _communes)
        {
            total += c.Population ?? 0;
        }
        var gathers = total > 0 && 100.0 * (main.Population ?? 0) / total >= Parameter(StrongPolarisation, 40);
        var villeCentre = main.NiveauDensite is 1 or 2 && gathers;
        var bourgs = new List<(MemberCommune Commune, int Rank)>();
        foreach (var c in _communes)
        {
            if (!taken.Contains(c.Code) && IsBourg(c, Rank(c)) is var rank and >= Unknown)
            {
                bourgs.Add((c, rank));
            }
        }
        // The intermediate range first (a stable sort of the few candidates: equal ranks stay by population).
        var chosen = bourgs.OrderByDescending(b => b.Rank).Take(Max).ToList();
        taken.UnionWith(chosen.Select(b => b.Commune.Code));
        if (chosen.Count > 0)
        {
            // Secondary centres around an urban main town that gathers the territory and that the geometry does not name
            // as its pôle: the town is said, so that a schéma of centres-bourgs does not read as one without its
            // ville-centre (CA de Nevers).
            var around = villeCentre && !taken.Contains(main.Code);
            foreach (var group in Grouped(chosen, b => b.Rank))
            {
                var several = group.Items.Count > 1;
                var label = around ? $"{(several ? "centres-bourgs secondaires" : "centre-bourg secondaire")}, autour de la ville-centre {main.Nom}" : several ? "centres-bourgs" : "centre-bourg";
                yield return new PlaceRole("centres-bourgs", Qualified(label, OfferWord(group.Key, several)), group.Items.Select(b => Named(b.Commune)).ToList());
            }
        }

        // The commune's rank when it is a bourg, else below Unknown.
        int IsBourg(MemberCommune c, int rank)
        {
            var known = rank != Unknown;
            var bourg = c.NiveauDensite switch
            {
                3 or 5 => !known || rank >= Proximity,
                6 or 7 => known ? rank >= Proximity && !(villeCentre && (Distance(main, c) ?? 0) <= reach) : c.FranceServices is > 0 && c.Population >= threshold,
                2 => known
                    ? rank >= Proximity && !(villeCentre && (c == main || (Distance(main, c) ?? 0) <= reach))
                    : c != main && !(main.NiveauDensite is 1 or 2 && (Distance(main, c) ?? 0) <= reach),
                null => known ? rank >= Proximity : c.Population >= threshold,
                _ => false,
            };
            return bourg ? rank : Unknown - 1;
        }
    }

    /// <summary>
    /// The specialised pôles must be the communes the rules that support them speak of: « 2 000 habitants ou plus »
    /// (the rules that count communes_2000_plus, threshold seuil_commune_relais), « 5 000 habitants ou plus » (those
    /// that count communes_5000_plus, threshold seuil_commune_pole_specialise). The highest threshold a supporting
    /// rule states is tried first and kept when it names at least two communes; a rule that counts no commune
    /// (a priority of the diagnostic) leaves the population of a relay as the floor. No commune below the lowest
    /// threshold is named: the rule would be contradicted by the names it justifies.
    /// Among those communes, a specialised pôle holds what a specialty needs: it is a pôle de services of the superior or
    /// the intermediate range, or it holds a quarter of the types of the superior range (<see cref="SpecialtyShare"/>: a
    /// lycée, a hospital, a cinema… the base does not say which); the superior range first, then the most types of it,
    /// then the population. The ville-centre is the generalist pôle, never one of them. When no commune qualifies, the
    /// scenario says so. Without the service offer in the profile, the population alone decides, as it did.
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
        var candidates = new List<(MemberCommune Commune, int Ground)>();
        foreach (var c in _communes)
        {
            if (!taken.Contains(c.Code) && SpecialtyOf(c) is var ground and >= Unknown)
            {
                candidates.Add((c, ground));
            }
        }
        List<(MemberCommune Commune, int Ground)> poles = [];
        foreach (var threshold in thresholds)
        {
            poles = candidates.Where(c => c.Commune.Population >= threshold)
                .OrderByDescending(c => c.Ground).ThenByDescending(c => c.Commune.BpeSuperieure ?? 0)
                .Take(Max).ToList();
            if (poles.Count >= 2)
            {
                break;
            }
        }
        taken.UnionWith(poles.Select(c => c.Commune.Code));
        if (poles.Count == 0)
        {
            // None holds what a specialty needs: said, so that the complement does not read as forgotten (Verdun).
            var floor = FrenchFormat.Number(thresholds.Min());
            var offer = _communes.Any(c => c.OfferKnown)
                ? $" n'est pôle de services intermédiaire ou supérieur ni ne réunit {FrenchFormat.Number(SpecialtyShare)}\u00a0% des types d'équipements de la gamme supérieure"
                : "";
            yield return new PlaceRole("poles-specialises", $"pôles spécialisés : aucune {(taken.Count > 0 ? "autre " : "")}commune de {floor}\u00a0habitants ou plus{(offer.Length > 0 ? offer : " à qui confier une spécialité")}", []);
            yield break;
        }
        var first = true;
        foreach (var group in Grouped(poles, p => p.Ground))
        {
            var label = OfferWord(group.Key, group.Items.Count > 1) is { } word
                ? $"pôles spécialisés{(first ? ", une spécialité par pôle à répartir" : "")} ({word})"
                : "pôles spécialisés (une spécialité par pôle, à répartir)";
            first = false;
            yield return new PlaceRole("poles-specialises", label, group.Items.Select(c => Named(c.Commune)).ToList());
        }
    }

    /// <summary>
    /// What makes a commune a specialised pôle: a pôle de services of the superior or intermediate range (its rank), or
    /// a quarter of the types of the superior range (<see cref="Specialty"/>, <see cref="SpecialtyShare"/>); below <see cref="Unknown"/> when none; Unknown when the
    /// profile does not say its offer.
    /// </summary>
    private int SpecialtyOf(MemberCommune c)
    {
        var rank = Rank(c);
        return rank switch
        {
            Unknown => Unknown,
            >= Intermediate => rank,
            _ => c.BpeSuperieure >= SpecialtyShare ? Specialty : Unknown - 1,
        };
    }

    /// <summary>The indicators that count member communes from a population, and the parameter that holds that population.</summary>
    private static readonly Dictionary<string, string> PopulationThresholds = new(StringComparer.Ordinal)
    {
        ["communes_2000_plus"] = RelayThreshold,
        ["communes_5000_plus"] = SpecialisedThreshold,
    };

    // The same in every scenario of the territory: computed once.
    private PlaceRole? _tourBase;

    /// <summary>
    /// The bases of the tours: the ville-centre, or the pôle of the territory when none gathers it (<see cref="Pole"/>),
    /// always the first base (practitioner review: CC Decazeville Communauté toured from Saint-Santin, a village of 517
    /// inhabitants at its edge that hosts its France Services, and Decazeville was set aside); then the commune that
    /// hosts a France Services, the most populated first, when it stands beyond the reach of the first base
    /// (seuil_pole_voisin): the tours of another part of the territory can start from it (Recey-sur-Ource, 30 km from
    /// Châtillon-sur-Seine). A France Services next door to the first base adds no base.
    /// </summary>
    private PlaceRole TourBase()
    {
        return _tourBase ??= Compute();

        PlaceRole Compute()
        {
            var first = VilleCentre ?? Pole;
            var reach = Parameter(NeighbourPoleDistance, 10);
            var bases = new List<MemberCommune> { first };
            foreach (var c in _communes)
            {
                if (bases.Count >= Math.Min(2, Max))
                {
                    break;
                }
                if (c != first && c.FranceServices is > 0 && (Distance(first, c) ?? double.MaxValue) > reach)
                {
                    bases.Add(c);
                }
            }
            return new PlaceRole("base", "base des tournées", bases.Select(c => Named(c)).ToList());
        }
    }

    /// <summary>
    /// The communes itinérance should reach first: sparsely populated (grid levels 6 and 7), named in no other role,
    /// neither the main town, nor a commune with a France Services of its own, nor a pôle de services of the proximity
    /// range (they are relays, not destinations: Aubin, the second town of Decazeville, was one), beyond the reach of
    /// the nearest place the scenario names (its pôle, relays, centres-bourgs, specialised pôles, bases of the tours):
    /// seuil_pole_voisin, the distance under which a commune relies on a pôle next door — a commune 3 km from a pôle is
    /// not remote (Flagnac). The farthest first. They are listed by the place they are measured from: « itinérance
    /// depuis Barjols … : Fox-Amphoux (13 km) ». When none is that far, the scenario says so.
    /// </summary>
    private IEnumerable<PlaceRole> Far(IReadOnlyList<MemberCommune> origins, HashSet<string> taken)
    {
        var reach = Parameter(NeighbourPoleDistance, 10);
        var far = _communes.Skip(1)
            .Where(c => c.NiveauDensite is null or 6 or 7 && c.FranceServices is not > 0 && !taken.Contains(c.Code) && !(c.OfferKnown && Rank(c) >= Proximity))
            .Select(c => (Commune: c, Nearest: Nearest(c, origins)))
            .Where(x => x.Nearest.Km is not { } km || km > reach)
            .OrderByDescending(x => x.Nearest.Km ?? -1).ThenBy(x => x.Commune.Population ?? 0).ThenBy(x => x.Commune.Code, StringComparer.Ordinal)
            .Take(Max)
            .ToList();
        var dispersed = _communes.Count(c => c.NiveauDensite is 6 or 7);
        var total = dispersed > 0 ? $" ({French.Count(dispersed, "commune rurale dispersée", "communes rurales dispersées")} dans le territoire)" : "";
        if (far.Count == 0)
        {
            yield return new PlaceRole("itinerance", $"itinérance : aucune commune à desservir n'est à plus de {FrenchFormat.Number(reach)}\u00a0km d'un lieu nommé{total}", []);
            yield break;
        }
        var first = true;
        foreach (var group in far.GroupBy(x => x.Nearest.From))
        {
            var from = group.Key is null ? "" : $" depuis {group.Key.Nom}";
            var label = first ? $"itinérance{from} vers les communes les plus éloignées des lieux nommés{total}" : $"itinérance{from}";
            first = false;
            yield return new PlaceRole("itinerance", label, group.Select(x => Named(x.Commune, x.Nearest.Km)).ToList());
        }
    }

    /// <summary>
    /// Itinérance for a territory of one commune: the tours are organised at the scale of its intercommunalité (the
    /// profile of a commune does not name it), the commune is one of their stops; the France Services nearest to it
    /// is named when the profile gives it among its neighbours (at the distance distance_france_services says, within a
    /// kilometre), or the commune's own; else its distance alone.
    /// </summary>
    private PlaceRole ToursOf(MemberCommune home)
    {
        const string Scale = "itinérance organisée à l'échelle de l'intercommunalité";
        if (home.FranceServices is > 0)
        {
            return new PlaceRole("itinerance", $"{Scale}, depuis la France Services de la commune", [Named(home)]);
        }
        var said = Indicator("distance_france_services");
        (MemberCommune? Commune, double? Km) nearest = (null, null);
        foreach (var v in profile.Voisines)
        {
            if (v.FranceServices is > 0 && Distance(home, v) is { } km && (nearest.Km is null || km < nearest.Km))
            {
                nearest = (v, km);
            }
        }
        if (nearest.Commune is not null && (said is null || Math.Abs(nearest.Km!.Value - said.Value) <= 1))
        {
            return new PlaceRole("itinerance", $"{Scale}, avec la France Services la plus proche", [Named(nearest.Commune, nearest.Km)]);
        }
        return new PlaceRole("itinerance", said is { } d
            ? $"{Scale} ; la France Services la plus proche est à {FrenchFormat.Number(Math.Round(d, 0))}\u00a0km de la commune"
            : $"{Scale}, dont la commune est une étape des tournées", []);
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

    // The ranks of a commune's service offer: the highest range it is a pôle de services for (at least half of its types).
    private const int Unknown = -1;
    private const int NoPole = 0;
    private const int Proximity = 1;
    private const int Specialty = 2;
    private const int Intermediate = 3;
    private const int Superior = 4;

    /// <summary>
    /// The highest range a commune is a pôle de services for (seuil_pole_de_services, half of the range's types), NoPole
    /// when none, Unknown when the profile does not say its offer. A neighbouring pôle without its offer is a pôle of the
    /// range the profile gives it; a territory of one commune says its own offer by its indicators (bpe_*).
    /// </summary>
    private int Rank(MemberCommune c)
    {
        double? proximity = c.BpeProximite, intermediate = c.BpeIntermediaire, superior = c.BpeSuperieure;
        if (!c.OfferKnown)
        {
            if (c.Pole is not null)
            {
                return c.Pole == Poles.Intermediaire ? Intermediate : Proximity;
            }
            if (_communes.Count != 1 || !ReferenceEquals(c, _communes[0]))
            {
                return Unknown;
            }
            proximity = Indicator("bpe_proximite");
            intermediate = Indicator("bpe_intermediaire");
            superior = Indicator("bpe_superieure");
            if (proximity is null && intermediate is null && superior is null)
            {
                return Unknown;
            }
        }
        var pole = Parameter(PoleThreshold, 50);
        return superior >= pole ? Superior : intermediate >= pole ? Intermediate : proximity >= pole ? Proximity : NoPole;
    }

    private double? Indicator(string id) => profile.Indicateurs.TryGetValue(id, out var v) && v.Valeur is double d ? d : null;

    /// <summary>
    /// The pôle of the territory: its most populated pôle de services of the intermediate range or above, else its most
    /// populated pôle of the proximity range, else its most populated commune (the offer unknown, or none a pôle).
    /// </summary>
    /// <summary>
    /// The pôle a geometry names: the commune its supporting rules speak of when they read the share of the first
    /// commune (« la première commune regroupe 48 % de la population : un pôle de services y serait au plus près du
    /// plus grand nombre »), else the most populated commune that is a pôle de services of the highest range.
    /// </summary>
    private MemberCommune PoleFor(OptionScore pole) =>
        pole.For.Any(r => r.Indicators.Any(i => kb.Indicators[i].Id == FirstCommuneShare)) ? _communes[0] : Pole;

    private const string FirstCommuneShare = "part_premiere_commune";

    /// <summary>
    /// What the geometry does with its pôle, in the référentiel's words: « s'appuyer sur le pôle de services intermédiaire
    /// (bourg rural) ». The option keeps the methodology's label (« Pôle de services type agglomération »); the place
    /// says what the commune is, and a bourg rural is not called an agglomération.
    /// </summary>
    private string ReliedOn(MemberCommune c, int rank) =>
        Qualified(OfferWord(rank, plural: false) is { } offer ? $"s'appuyer sur le {offer}" : "s'appuyer sur le pôle", LevelWord(c.NiveauDensite));

    /// <summary>
    /// The ville-centre, the generalist pôle of the territory: its most populated commune, a pôle de services of the
    /// intermediate or superior range (or its offer unknown), when it gathers the territory (seuil_polarisation_forte:
    /// Rennes, Verdun), when no other commune has half its population (the INSEE's definition of a sole ville-centre of
    /// an unité urbaine: Caen, 39 % of Caen la Mer, five times Hérouville-Saint-Clair) or when it stands alone in the
    /// highest range of services any commune reaches (Decazeville, the only pôle of the superior range of its bassin);
    /// null when the first commune is one town among others (Crolles in the Grésivaudan, Rians in Provence Verdon).
    /// </summary>
    private MemberCommune? VilleCentre => _villeCentreKnown ? _villeCentre : ComputeVilleCentre();

    private MemberCommune? _villeCentre;
    private bool _villeCentreKnown;

    private MemberCommune? ComputeVilleCentre()
    {
        _villeCentreKnown = true;
        if (_communes.Count < 2)
        {
            return null;
        }
        var main = _communes[0];
        var rank = Rank(main);
        if (rank is not Unknown and < Intermediate)
        {
            return null;
        }
        var total = 0L;
        foreach (var c in _communes)
        {
            total += c.Population ?? 0;
        }
        var gathers = total > 0 && 100.0 * (main.Population ?? 0) / total >= Parameter(StrongPolarisation, 40);
        var sole = main.Population is { } first && _communes[1].Population is { } second && second < first / 2.0;
        var alone = rank >= Intermediate && _communes.Skip(1).All(c => Rank(c) is not Unknown && Rank(c) < rank);
        return gathers || sole || alone ? _villeCentre = main : null;
    }

    private MemberCommune Pole => _pole ??= _communes.FirstOrDefault(c => Rank(c) >= Intermediate) ?? _communes.FirstOrDefault(c => Rank(c) == Proximity) ?? _communes[0];

    private MemberCommune? _pole;

    private PlaceWording? Wording => kb.Referentiel.Question(QuestionIds.Lieux).LieuxNommes;

    /// <summary>The référentiel's word for a level of the density grid (« bourg rural »), or null.</summary>
    private string? LevelWord(int? level) => Wording?.Level(level)?.Libelle;

    /// <summary>The référentiel's word for a rank of the service offer (« pôle de services intermédiaire »), or null.</summary>
    private string? OfferWord(int rank, bool plural)
    {
        var id = rank switch
        {
            Superior => "superieure",
            Intermediate => "intermediaire",
            Specialty => "specialite",
            Proximity => "proximite",
            _ => null,
        };
        return Wording?.Offer(id) is { } word ? plural ? word.Pluriel : word.Libelle : null;
    }

    /// <summary>« label (word, word) », or the label alone when no word applies.</summary>
    private static string Qualified(string label, params string?[] words)
    {
        var said = words.Where(w => w is not null).ToList();
        return said.Count == 0 ? label : $"{label} ({string.Join(", ", said)})";
    }

    /// <summary>Items grouped by a key, the groups in the order of their first item, the items in their order.</summary>
    private static List<(int Key, List<T> Items)> Grouped<T>(IReadOnlyList<T> items, Func<T, int> key)
    {
        var groups = new List<(int Key, List<T> Items)>();
        foreach (var item in items)
        {
            var k = key(item);
            var at = groups.FindIndex(g => g.Key == k);
            if (at < 0)
            {
                groups.Add((k, [item]));
            }
            else
            {
                groups[at].Items.Add(item);
            }
        }
        return groups;
    }

    private int Max => (int)Parameter(MaxNamed, 5);

    private double Parameter(string name, double fallback) => kb.Parameters.TryGetValue(name, out var p) ? p.Value : fallback;

    private static NamedCommune Named(MemberCommune c) => new(c.Code, c.Nom, c.Population, null);

    private static NamedCommune Named(MemberCommune c, double? km) => new(c.Code, c.Nom, c.Population, km is null ? null : Math.Round(km.Value, 0));

    /// <summary>« label : names », or the label alone for a role that names no commune (it says why: « aucune commune… »).</summary>
    private static string Line(PlaceRole role) => role.Communes.Count == 0 ? role.Libelle : $"{role.Libelle} : {Names(role)}";

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
