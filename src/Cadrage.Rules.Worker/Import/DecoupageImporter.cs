using System.Globalization;
using System.IO.Compression;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Cadrage.Rules.Profiles;

namespace Cadrage.Rules.Worker.Import;

/// <summary>What the importer found but could not join: reported, never silently dropped.</summary>
public sealed class ImportReport
{
    public int Profils { get; set; }
    public List<string> Remarques { get; } = [];

    public void Note(string message) => Remarques.Add(message);

    public string Render()
    {
        var text = new StringBuilder();
        text.AppendLine($"{Profils} profils écrits.");
        foreach (var remark in Remarques)
        {
            text.AppendLine("- " + remark);
        }
        return text.ToString();
    }
}

/// <summary>
/// Builds territory profiles from <c>@etalab/decoupage-administratif</c> (EPCI with their member communes and,
/// for the Métropole du Grand Paris, its établissements publics territoriaux; or communes), optionally enriched
/// with the INSEE/ANCT files of examples/donnees-ouvertes (README-insee-anct.md), aggregated to the EPCI from its
/// members as that README prescribes. Each profile lists its member communes (name, population, level of the
/// INSEE density grid, position, France Services, service offer per range of the equipment base), so that scenarios
/// can name their places and say on what ground. Input files may be
/// gzip-compressed (<c>.gz</c>).
/// </summary>
public sealed class DecoupageImporter
{
    public const string DecoupageSource = "INSEE, populations légales, via @etalab/decoupage-administratif 6.0.0";
    public const string DecoupageMillesime = "2026";
    private const string EptSource = "INSEE, établissements publics territoriaux 2025, via @etalab/decoupage-administratif 6.0.0";
    private const string GridSource = "INSEE, grille communale de densité 2024 (pondérée par la population)";
    private const string BpeSource = "INSEE, BPE 2021 (types présents / types calculables, moyenne pondérée par la population)";
    private const string CensusSource = "INSEE, recensement de la population 2021";
    private const string AreaSource = "INSEE, comparateur de territoires (superficie, géographie 2024)";
    private const string FranceServicesSource = "ANCT, liste des structures France Services (01/08/2024)";
    private const string DistanceSource = "ANCT, liste des structures France Services (01/08/2024) ; distance à vol d'oiseau depuis le point représentatif de chaque commune, moyenne pondérée par la population";

    private const string PoleSource = "INSEE, BPE 2021 (pôle de services : commune qui réunit au moins la moitié des types d'équipements calculables de la gamme) ; distance à vol d'oiseau entre les points représentatifs des communes";

    /// <summary>Indicator counting the communes of at least <see cref="Communes2000PlusFrom"/> inhabitants.</summary>
    public const string Communes2000Plus = "communes_2000_plus";

    /// <summary>Population from which a commune counts in <see cref="Communes2000Plus"/>, inclusive (its label in rules/indicateurs.json: « Communes de 2 000 habitants ou plus »).</summary>
    public const long Communes2000PlusFrom = 2_000;

    /// <summary>Indicator counting the communes of at least <see cref="Communes5000PlusFrom"/> inhabitants.</summary>
    public const string Communes5000Plus = "communes_5000_plus";

    /// <summary>Population from which a commune counts in <see cref="Communes5000Plus"/>, inclusive (its label in rules/indicateurs.json: « Communes de 5 000 habitants ou plus »).</summary>
    public const long Communes5000PlusFrom = 5_000;

    /// <summary>
    /// Indicator counting the member communes a specialised pôle can be given to: of <see cref="Communes2000PlusFrom"/>
    /// inhabitants or more, other than the most populated, pôles de services of the intermediate or superior range (half of
    /// the range's types) or holding <see cref="Cadrage.Rules.Evaluation.ServicePoles.SpecialtyShare"/> % of the superior
    /// range's types: the communes the naming of places makes specialised pôles (practitioner review: « Pôles spécialisés
    /// complémentaires » proposed for the CA du Grand Verdun, where no commune but Verdun can be one).
    /// </summary>
    public const string SecondaryPoles = "poles_secondaires";

    private const string SecondaryPolesSource = "INSEE, BPE 2021 (pôle de services : commune qui réunit au moins la moitié des types d'équipements calculables de la gamme, ou le quart de ceux de la gamme supérieure) ; INSEE, populations légales";

    private static int SecondaryPolesOf(IReadOnlyList<(Member m, IReadOnlyDictionary<string, string>? Row)> rows)
    {
        var first = rows.Select(r => r.m).OrderByDescending(m => m.Population).ThenBy(m => m.Code, StringComparer.Ordinal).First();
        return rows.Count(r => r.m != first && r.m.Population >= Communes2000PlusFrom && r.Row is { } row
            && (Ratio(row, "intermediaire") >= PoleShare || Ratio(row, "superieure") >= Cadrage.Rules.Evaluation.ServicePoles.SpecialtyShare));
    }

    /// <summary>The share of a range's types (in %) a commune holds to be a pôle de services of that range.</summary>
    private const double PoleShare = 50;

    /// <summary>Radius within which the proximity pôles around a commune are counted and named (km, straight line).</summary>
    public const double ProximityRadiusKm = 10;

    /// <summary>How many centres-bourgs (proximity pôles in a petite ville or bourg rural) a commune profile names among its neighbours.</summary>
    private const int NamedProximityPoles = 3;

    private static readonly string[] Additive = ["superficie_km2", "actifs_15_64_2021", "chomeurs_15_64_2021", "france_services", "france_services_itinerantes"];

    private sealed record Member(string Code, string Nom, long Population);
    private sealed record Epci(string Code, string Nom, string Type, string Fiscalite, long Population, IReadOnlyList<Member> Membres);
    private sealed record Commune(string Code, string Nom, string Type, long? Population, string? ChefLieu);
    private readonly record struct Point(double Latitude, double Longitude);

    private readonly List<Epci> _epci;
    private readonly Dictionary<string, Commune> _actuelles;
    private readonly Dictionary<string, string> _chefLieu;
    private Dictionary<string, IReadOnlyDictionary<string, string>>? _rows;
    private Dictionary<string, (int Total, int Itinerantes)>? _franceServices;
    private List<Point>? _franceServicesPoints;
    private List<(string Code, string Nom, HashSet<string> Membres)>? _ept;

    public ImportReport Report { get; } = new();

    public DecoupageImporter(string epciJson, string communesJson)
    {
        _epci = JArray.Parse(epciJson).Select(e => new Epci(
            (string)e["code"]!, (string)e["nom"]!, (string)e["type"]!, (string)e["modeFinancement"]!, (long)e["populationMunicipale"]!,
            e["membres"]!.Select(m => new Member((string)m["code"]!, (string)m["nom"]!, (long?)m["populationMunicipale"] ?? 0)).ToList())).ToList();
        var communes = JArray.Parse(communesJson).Select(c => new Commune((string)c["code"]!, (string)c["nom"]!, (string)c["type"]!, (long?)c["population"], (string?)c["chefLieu"])).ToList();
        _actuelles = communes.Where(c => c.Type == "commune-actuelle").GroupBy(c => c.Code).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        _chefLieu = communes.Where(c => c.Type is "commune-deleguee" or "commune-associee" && c.ChefLieu is not null)
            .GroupBy(c => c.Code).ToDictionary(g => g.Key, g => g.First().ChefLieu!, StringComparer.Ordinal);
    }

    /// <summary>A text file, decompressed on the fly when its name ends with <c>.gz</c> (UTF-8).</summary>
    public static TextReader OpenText(string path)
    {
        var file = File.OpenRead(path);
        Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
        return new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
    }

    /// <summary>The whole text of a file, decompressed when its name ends with <c>.gz</c>.</summary>
    public static string ReadAllText(string path)
    {
        using var reader = OpenText(path);
        return reader.ReadToEnd();
    }

    /// <summary>The current code of a 2024 code: itself if current, else its chef-lieu; null if unknown.</summary>
    private string? Current(string code) => _actuelles.ContainsKey(code) ? code : _chefLieu.GetValueOrDefault(code);

    public void AddIndicators(TextReader csv)
    {
        _rows = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        var unknown = new List<string>();
        foreach (var row in Csv.Read(csv, "communes-indicateurs.csv"))
        {
            if (row.Error is not null)
            {
                Report.Note(row.Error);
                continue;
            }
            var code = row["code_insee"];
            _rows[code] = row.Values;
            if (Current(code) is null)
            {
                unknown.Add($"{code} {row["nom"]}");
            }
        }
        Report.Note($"communes-indicateurs.csv : {_rows.Count} lignes ; {unknown.Count} codes sans commune actuelle ni chef-lieu dans le découpage, non rattachés : {string.Join(", ", unknown)}");
    }

    public void AddFranceServices(TextReader csv)
    {
        _franceServices = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        _franceServicesPoints = [];
        var unknown = new List<string>();
        var count = 0;
        foreach (var row in Csv.Read(csv, "france-services.csv"))
        {
            if (row.Error is not null)
            {
                Report.Note(row.Error);
                continue;
            }
            count++;
            // Every structure is a place within reach, wherever its commune (a neighbouring EPCI's counts too).
            if (Number(row["latitude"]) is { } latitude && Number(row["longitude"]) is { } longitude)
            {
                _franceServicesPoints.Add(new Point(latitude, longitude));
            }
            var code = Current(row["code_insee"]);
            if (code is null)
            {
                unknown.Add($"{row["id_fs"]} ({row["code_insee"]})");
                continue;
            }
            var mobile = row["format_fs"] is "Bus_équivalent" or "Itinérante";
            var (total, itinerantes) = _franceServices.GetValueOrDefault(code);
            _franceServices[code] = (total + 1, itinerantes + (mobile ? 1 : 0));
        }
        Report.Note($"france-services.csv : {count} structures ; {unknown.Count} sans commune actuelle : {string.Join(", ", unknown)}");
    }

    /// <summary>The établissements publics territoriaux of the Métropole du Grand Paris (ept.json of the same package).</summary>
    public void AddEpt(string eptJson)
    {
        _ept = JArray.Parse(eptJson)
            .Select(e => ((string)e["code"]!, (string)e["nom"]!, e["membres"]!.Select(m => (string)m["code"]!).ToHashSet(StringComparer.Ordinal)))
            .ToList();
        Report.Note($"ept.json : {_ept.Count} établissements publics territoriaux, {_ept.Sum(e => e.Membres.Count)} communes membres");
    }

    /// <summary>Writes one profile per line (JSONL) for the EPCI.</summary>
    public void WriteEpci(TextWriter output)
    {
        var membersWithoutRow = new List<string>();
        var epciOf = _epci.SelectMany(e => e.Membres.Select(m => (m.Code, Epci: e))).GroupBy(x => x.Code).ToDictionary(g => g.Key, g => g.First().Epci, StringComparer.Ordinal);
        var additive = AggregateAdditive(epciOf);
        if (_franceServices is not null)
        {
            var outside = _franceServices.Where(f => !epciOf.ContainsKey(f.Key)).ToList();
            Report.Note($"France Services hors de tout EPCI (non comptées) : {outside.Sum(o => o.Value.Total)} ({string.Join(", ", outside.Select(o => o.Key))})");
        }
        var distances = NearestFranceServices();
        if (_ept is not null)
        {
            var orphans = _ept.Where(t => !_epci.Any(e => t.Membres.All(m => e.Membres.Any(x => x.Code == m)))).Select(t => t.Nom).ToList();
            if (orphans.Count > 0)
            {
                Report.Note($"EPT dont les communes ne sont pas toutes dans un même EPCI (non comptés) : {string.Join(", ", orphans)}");
            }
        }
        foreach (var e in _epci)
        {
            var indicators = new JObject();
            var populations = e.Membres.Select(m => m.Population).OrderDescending().ToList();
            Put(indicators, "type_epci", e.Type, DecoupageSource, DecoupageMillesime);
            Put(indicators, "regime_fiscal", e.Fiscalite, DecoupageSource, DecoupageMillesime);
            Put(indicators, "population", e.Population, DecoupageSource, DecoupageMillesime);
            Put(indicators, "nombre_communes", e.Membres.Count, DecoupageSource, DecoupageMillesime);
            if (e.Population > 0)
            {
                Put(indicators, "part_premiere_commune", Round(100.0 * populations[0] / e.Population), DecoupageSource, DecoupageMillesime);
            }
            Put(indicators, Communes2000Plus, populations.Count(p => p >= Communes2000PlusFrom), DecoupageSource, DecoupageMillesime);
            Put(indicators, Communes5000Plus, populations.Count(p => p >= Communes5000PlusFrom), DecoupageSource, DecoupageMillesime);
            Put(indicators, "part_communes_moins_500", Round(100.0 * populations.Count(p => p < 500) / e.Membres.Count), DecoupageSource, DecoupageMillesime);
            if (_ept is not null)
            {
                var members = e.Membres.Select(m => m.Code).ToHashSet(StringComparer.Ordinal);
                Put(indicators, "nombre_ept", _ept.Count(t => t.Membres.All(members.Contains)), EptSource, "2025");
            }

            if (_rows is not null)
            {
                var rows = e.Membres.Select(m => (m, Row: Row(m.Code))).ToList();
                membersWithoutRow.AddRange(rows.Where(r => r.Row is null).Select(r => $"{r.m.Code} ({e.Nom})"));
                var sums = additive.GetValueOrDefault(e.Code) ?? [];
                if (sums.TryGetValue("superficie_km2", out var area) && area > 0)
                {
                    Put(indicators, "superficie", Round(area), AreaSource, "2024");
                    Put(indicators, "densite", Round(e.Population / area), AreaSource, "2024");
                }
                var weighted = rows.Where(r => r.Row is not null).Select(r => (Pop: (double)r.m.Population, Row: r.Row!)).ToList();
                var withLevel = weighted.Where(w => w.Row["densite_niveau"].Length > 0).ToList();
                var levelPop = withLevel.Sum(w => w.Pop);
                if (levelPop > 0)
                {
                    for (var level = 1; level <= 7; level++)
                    {
                        var share = withLevel.Where(w => w.Row["densite_niveau"] == level.ToString(CultureInfo.InvariantCulture)).Sum(w => w.Pop) / levelPop;
                        Put(indicators, $"part_pop_densite_{level}", Round(100 * share), GridSource, "2024");
                    }
                }
                if (withLevel.Count > 0)
                {
                    Put(indicators, "communes_centres", withLevel.Count(w => IsCentre(w.Row)), GridSource, "2024");
                }
                WeightedMean(indicators, "part_pop_rurale", weighted, r => Number(r["part_pop_rurale"]) * 100, GridSource, "2024");
                WeightedMean(indicators, "bpe_proximite", weighted, r => Ratio(r, "proximite"), BpeSource, "2021");
                WeightedMean(indicators, "bpe_intermediaire", weighted, r => Ratio(r, "intermediaire"), BpeSource, "2021");
                WeightedMean(indicators, "bpe_superieure", weighted, r => Ratio(r, "superieure"), BpeSource, "2021");
                if (sums.TryGetValue("actifs_15_64_2021", out var actifs) && actifs > 0 && sums.TryGetValue("chomeurs_15_64_2021", out var chomeurs))
                {
                    Put(indicators, "taux_chomage", Round(100 * chomeurs / actifs), CensusSource, "2021");
                }
                if (rows.Count > 1 && rows.Any(r => r.Row is not null))
                {
                    Put(indicators, SecondaryPoles, SecondaryPolesOf(rows), SecondaryPolesSource, "2021");
                }
                if (_franceServices is null && sums.TryGetValue("france_services", out var fs))
                {
                    Put(indicators, "france_services", (long)fs, FranceServicesSource, "2024-08");
                    Put(indicators, "france_services_itinerantes", (long)sums.GetValueOrDefault("france_services_itinerantes"), FranceServicesSource, "2024-08");
                }
                if (distances is not null)
                {
                    WeightedMean(indicators, "distance_france_services", weighted, r => distances.TryGetValue(r["code_insee"], out var km) ? km : null, DistanceSource, "2024", digits: 1, max: 10000);
                }
            }
            if (_franceServices is not null)
            {
                var members = e.Membres.Select(m => _franceServices.GetValueOrDefault(m.Code)).ToList();
                Put(indicators, "france_services", members.Sum(m => m.Total), FranceServicesSource, "2024-08");
                Put(indicators, "france_services_itinerantes", members.Sum(m => m.Itinerantes), FranceServicesSource, "2024-08");
            }
            var communes = new JArray(e.Membres.Select(m => MemberCommune(m.Code, m.Nom, m.Population)));
            WriteProfile(output, e.Code, e.Nom, "epci", indicators, communes);
        }
        if (_rows is not null)
        {
            Report.Note($"membres d'EPCI sans ligne dans communes-indicateurs.csv (indicateurs agrégés sans eux) : {membersWithoutRow.Count} ({string.Join(", ", membersWithoutRow)})");
        }
    }

    /// <summary>Writes one profile per line (JSONL) for the current communes.</summary>
    public void WriteCommunes(TextWriter output)
    {
        var withoutRow = new List<string>();
        var distances = NearestFranceServices();
        var poles = _rows is null ? null : new PoleIndex(PolesOfServices());
        foreach (var c in _actuelles.Values.OrderBy(c => c.Code, StringComparer.Ordinal))
        {
            JArray? voisines = null;
            var indicators = new JObject();
            if (c.Population is { } population)
            {
                Put(indicators, "population", population, DecoupageSource, DecoupageMillesime);
                Put(indicators, "nombre_communes", 1, DecoupageSource, DecoupageMillesime);
                Put(indicators, "part_premiere_commune", 100, DecoupageSource, DecoupageMillesime);
                Put(indicators, Communes2000Plus, population >= Communes2000PlusFrom ? 1 : 0, DecoupageSource, DecoupageMillesime);
                Put(indicators, Communes5000Plus, population >= Communes5000PlusFrom ? 1 : 0, DecoupageSource, DecoupageMillesime);
                Put(indicators, "part_communes_moins_500", population < 500 ? 100 : 0, DecoupageSource, DecoupageMillesime);
            }
            if (_rows is not null)
            {
                if (Row(c.Code) is { } row)
                {
                    var area = Number(row["superficie_km2"]);
                    if (area is > 0)
                    {
                        Put(indicators, "superficie", Round(area.Value), AreaSource, "2024");
                        if (c.Population is { } p)
                        {
                            Put(indicators, "densite", Round(p / area.Value), AreaSource, "2024");
                        }
                    }
                    if (row["densite_niveau"].Length > 0)
                    {
                        for (var level = 1; level <= 7; level++)
                        {
                            Put(indicators, $"part_pop_densite_{level}", row["densite_niveau"] == level.ToString(CultureInfo.InvariantCulture) ? 100 : 0, GridSource, "2024");
                        }
                    }
                    if (row["densite_niveau"].Length > 0)
                    {
                        Put(indicators, "communes_centres", IsCentre(row) ? 1 : 0, GridSource, "2024");
                    }
                    if (Number(row["part_pop_rurale"]) is { } rural)
                    {
                        Put(indicators, "part_pop_rurale", Round(rural * 100), GridSource, "2024");
                    }
                    foreach (var range in new[] { "proximite", "intermediaire", "superieure" })
                    {
                        if (Ratio(row, range) is { } ratio)
                        {
                            Put(indicators, "bpe_" + range, Round(ratio), BpeSource, "2021");
                        }
                    }
                    if (Number(row["actifs_15_64_2021"]) is > 0 and var actifs && Number(row["chomeurs_15_64_2021"]) is { } chomeurs)
                    {
                        Put(indicators, "taux_chomage", Round(100 * chomeurs / actifs), CensusSource, "2021");
                    }
                    if (distances is not null && distances.TryGetValue(row["code_insee"], out var km))
                    {
                        Put(indicators, "distance_france_services", Math.Round(km, 1), DistanceSource, "2024");
                    }
                    if (poles is not null && Number(row["latitude"]) is { } latitude && Number(row["longitude"]) is { } longitude)
                    {
                        voisines = Neighbours(poles, c.Code, latitude, longitude, indicators);
                    }
                }
                else
                {
                    withoutRow.Add(c.Code);
                }
            }
            if (_franceServices is not null)
            {
                var (total, itinerantes) = _franceServices.GetValueOrDefault(c.Code);
                Put(indicators, "france_services", total, FranceServicesSource, "2024-08");
                Put(indicators, "france_services_itinerantes", itinerantes, FranceServicesSource, "2024-08");
            }
            WriteProfile(output, c.Code, c.Nom, "commune", indicators, c.Population is { } pop ? new JArray(MemberCommune(c.Code, c.Nom, pop)) : null, voisines);
        }
        if (_rows is not null)
        {
            Report.Note($"communes actuelles sans ligne dans communes-indicateurs.csv : {withoutRow.Count} ({string.Join(", ", withoutRow)})");
        }
    }

    /// <summary>
    /// The indicator row of a current commune: its own, or else the one row of 2024 re-keyed to it when the
    /// commune only changed its code (a new chef-lieu). A commune made of several 2024 communes has none: its
    /// density level cannot be recomputed from theirs (README-insee-anct.md §6.1).
    /// </summary>
    private IReadOnlyDictionary<string, string>? Row(string code)
    {
        if (_rows is null)
        {
            return null;
        }
        if (_rows.TryGetValue(code, out var row))
        {
            return row;
        }
        _recoded ??= _rows.Keys.Where(k => !_actuelles.ContainsKey(k) && Current(k) is not null).GroupBy(k => Current(k)!, StringComparer.Ordinal)
            .Where(g => g.Count() == 1).ToDictionary(g => g.Key, g => g.Single(), StringComparer.Ordinal);
        return _recoded.TryGetValue(code, out var old) ? _rows[old] : null;
    }

    private Dictionary<string, string>? _recoded;

    /// <summary>The ranges of the equipment base and the member commune field that holds the share of their types present.</summary>
    private static readonly (string Range, string Field)[] OfferFields = [("proximite", "bpeProximite"), ("intermediaire", "bpeIntermediaire"), ("superieure", "bpeSuperieure")];

    /// <summary>One member commune as profiles carry it: code, name, population, grid level, position, France Services, service offer.</summary>
    private JObject MemberCommune(string code, string nom, long population)
    {
        var commune = new JObject { ["code"] = code, ["nom"] = nom, ["population"] = population };
        if (Row(code) is { } row)
        {
            if (int.TryParse(row["densite_niveau"], NumberStyles.None, CultureInfo.InvariantCulture, out var level))
            {
                commune["densite"] = level;
            }
            if (Number(row["latitude"]) is { } latitude && Number(row["longitude"]) is { } longitude)
            {
                commune["latitude"] = latitude;
                commune["longitude"] = longitude;
            }
        }
        if (_franceServices is not null)
        {
            commune["franceServices"] = _franceServices.GetValueOrDefault(code).Total;
        }
        if (Row(code) is { } offer)
        {
            // The service offer: the share of each range's equipment types present (a pôle de services from half).
            foreach (var (range, field) in OfferFields)
            {
                if (Ratio(offer, range) is { } ratio)
                {
                    commune[field] = Round(ratio);
                }
            }
        }
        return commune;
    }

    /// <summary>A current commune that is a pôle de services of a range (at least half of its computable equipment types).</summary>
    private sealed record PoleOfServices(string Code, string Nom, long Population, double Latitude, double Longitude, bool Intermediaire, bool Proximite, bool Bourg);

    /// <summary>The current communes that are pôles de services of the intermediate or the proximity range, with their position.</summary>
    private List<PoleOfServices> PolesOfServices()
    {
        var poles = new List<PoleOfServices>();
        foreach (var c in _actuelles.Values)
        {
            if (Row(c.Code) is not { } row || Number(row["latitude"]) is not { } latitude || Number(row["longitude"]) is not { } longitude)
            {
                continue;
            }
            var intermediaire = Ratio(row, "intermediaire") >= PoleShare;
            var proximite = Ratio(row, "proximite") >= PoleShare;
            if (intermediaire || proximite)
            {
                poles.Add(new PoleOfServices(c.Code, c.Nom, c.Population ?? 0, latitude, longitude, intermediaire, proximite, row["densite_niveau"] is "3" or "5"));
            }
        }
        return poles;
    }

    /// <summary>
    /// The pôles de services around a commune: writes the distance to the nearest other pôle of the intermediate range
    /// and the number of centres-bourgs (other pôles of the proximity range that are petites villes or bourgs ruraux)
    /// within <see cref="ProximityRadiusKm"/>, and returns them as the profile's neighbours (the nearest intermediate
    /// pôle, then the nearest centres-bourgs).
    /// </summary>
    private JArray Neighbours(PoleIndex poles, string code, double latitude, double longitude, JObject indicators)
    {
        var around = poles.Around(latitude, longitude).Where(p => p.Pole.Code != code).ToList();
        var voisines = new JArray();
        var nearestIntermediate = around.Where(p => p.Pole.Intermediaire).OrderBy(p => p.Km).FirstOrDefault();
        if (nearestIntermediate.Pole is null || nearestIntermediate.Km > poles.Covered(latitude))
        {
            // Beyond the cells searched (islands, Guyane): the nearest of all, however far, but overseas only within the
            // same département (Mayotte's nearest pôle is not in La Réunion): none there, no distance.
            var overseas = code.StartsWith("97", StringComparison.Ordinal) ? code[..3] : null;
            nearestIntermediate = poles.All.Where(p => p.Intermediaire && p.Code != code && (overseas is null || p.Code.StartsWith(overseas, StringComparison.Ordinal)))
                .Select(p => (Pole: p, Km: GreatCircleKm(latitude, longitude, p.Latitude, p.Longitude))).OrderBy(p => p.Km).FirstOrDefault();
        }
        if (nearestIntermediate.Pole is { } pole)
        {
            Put(indicators, "distance_pole_intermediaire", Math.Round(nearestIntermediate.Km, 1), PoleSource, "2021");
            voisines.Add(Neighbour(pole, Poles.Intermediaire));
        }
        // Centres-bourgs: pôles of the proximity range that are petites villes or bourgs ruraux of the grid (a ville-centre
        // and its suburbs are not bourgs).
        var proximity = around.Where(p => p.Pole.Proximite && p.Pole.Bourg && p.Km <= ProximityRadiusKm).OrderBy(p => p.Km).ThenBy(p => p.Pole.Code, StringComparer.Ordinal).ToList();
        Put(indicators, "centres_bourgs_10km", proximity.Count, PoleSource, "2021");
        foreach (var (p, _) in proximity.Where(p => p.Pole.Code != nearestIntermediate.Pole?.Code).Take(NamedProximityPoles))
        {
            voisines.Add(Neighbour(p, Poles.Proximite));
        }
        return voisines;
    }

    private JObject Neighbour(PoleOfServices pole, string range)
    {
        var commune = MemberCommune(pole.Code, pole.Nom, pole.Population);
        commune["pole"] = range;
        return commune;
    }

    /// <summary>The pôles de services in cells of a fifth of a degree: a commune's search looks at the cells around its own.</summary>
    private sealed class PoleIndex(IEnumerable<PoleOfServices> poles)
    {
        private const double Cell = 0.2;

        /// <summary>Cells searched on each side: 0.2° of latitude is 22 km, so 4 cells reach beyond 80 km.</summary>
        private const int Reach = 4;

        public IReadOnlyList<PoleOfServices> All { get; } = poles.ToList();

        private ILookup<(int, int), PoleOfServices> Cells => _cells ??= All.ToLookup(p => Key(p.Latitude, p.Longitude));

        private ILookup<(int, int), PoleOfServices>? _cells;

        /// <summary>The distance (km) within which <see cref="Around"/> finds every pôle, at a latitude.</summary>
        public double Covered(double latitude) => Reach * Cell * 111 * Math.Cos(Math.Abs(latitude) * Math.PI / 180);

        private static (int, int) Key(double latitude, double longitude) => ((int)Math.Floor(latitude / Cell), (int)Math.Floor(longitude / Cell));

        public IEnumerable<(PoleOfServices Pole, double Km)> Around(double latitude, double longitude)
        {
            var (row, column) = Key(latitude, longitude);
            for (var i = row - Reach; i <= row + Reach; i++)
            {
                for (var j = column - Reach; j <= column + Reach; j++)
                {
                    foreach (var p in Cells[(i, j)])
                    {
                        yield return (p, GreatCircleKm(latitude, longitude, p.Latitude, p.Longitude));
                    }
                }
            }
        }
    }

    /// <summary>
    /// For each row of communes-indicateurs.csv with a position, the straight-line distance (km) from its point to
    /// the nearest France Services of france-services.csv, wherever that structure is; null without both files.
    /// </summary>
    private Dictionary<string, double>? NearestFranceServices()
    {
        if (_rows is null || _franceServicesPoints is not { Count: > 0 } points)
        {
            return null;
        }
        // Equirectangular projection is exact enough to find the nearest structure; the distance kept is the great circle's.
        var projected = points.Select(p => (p, X: p.Longitude * Math.Cos(p.Latitude * Math.PI / 180), Y: p.Latitude)).ToArray();
        var distances = new Dictionary<string, double>(_rows.Count, StringComparer.Ordinal);
        foreach (var (code, row) in _rows)
        {
            if (Number(row["latitude"]) is not { } latitude || Number(row["longitude"]) is not { } longitude)
            {
                continue;
            }
            var x = longitude * Math.Cos(latitude * Math.PI / 180);
            var best = double.MaxValue;
            var nearest = default(Point);
            foreach (var (p, px, py) in projected)
            {
                var d = (px - x) * (px - x) + (py - latitude) * (py - latitude);
                if (d < best)
                {
                    best = d;
                    nearest = p;
                }
            }
            distances[code] = GreatCircleKm(latitude, longitude, nearest.Latitude, nearest.Longitude);
        }
        return distances;
    }

    private static double GreatCircleKm(double lat1, double lon1, double lat2, double lon2)
    {
        static double Rad(double d) => d * Math.PI / 180;
        var h = Math.Pow(Math.Sin(Rad(lat2 - lat1) / 2), 2) + Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Pow(Math.Sin(Rad(lon2 - lon1) / 2), 2);
        return 2 * 6371 * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }

    /// <summary>Sums the additive columns per EPCI, re-keying 2024 codes to current ones (README §6.1).</summary>
    private Dictionary<string, Dictionary<string, double>> AggregateAdditive(Dictionary<string, Epci> epciOf)
    {
        var sums = new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
        if (_rows is null)
        {
            return sums;
        }
        var outside = new List<string>();
        foreach (var (code, row) in _rows)
        {
            var current = Current(code);
            if (current is null)
            {
                continue; // already reported
            }
            if (!epciOf.TryGetValue(current, out var epci))
            {
                outside.Add(code);
                continue;
            }
            if (!sums.TryGetValue(epci.Code, out var sum))
            {
                sums[epci.Code] = sum = new Dictionary<string, double>(StringComparer.Ordinal);
            }
            foreach (var column in Additive)
            {
                if (Number(row[column]) is { } value)
                {
                    sum[column] = sum.GetValueOrDefault(column) + value;
                }
            }
        }
        Report.Note($"lignes de communes-indicateurs.csv rattachées à aucun EPCI (îles, Saint-Martin) : {outside.Count} ({string.Join(", ", outside)})");
        return sums;
    }

    private static void WeightedMean(JObject indicators, string id, List<(double Pop, IReadOnlyDictionary<string, string> Row)> rows, Func<IReadOnlyDictionary<string, string>, double?> value, string source, string millesime, int digits = 2, double max = 100)
    {
        double weighted = 0, population = 0;
        foreach (var (pop, row) in rows)
        {
            if (value(row) is { } v)
            {
                weighted += pop * v;
                population += pop;
            }
        }
        if (population > 0)
        {
            Put(indicators, id, Math.Round(Math.Clamp(weighted / population, 0, max), digits), source, millesime);
        }
    }

    /// <summary>A centre of the INSEE density grid: centre urbain intermédiaire (2), petite ville (3) or bourg rural (5).</summary>
    private static bool IsCentre(IReadOnlyDictionary<string, string> row) => row["densite_niveau"] is "2" or "3" or "5";

    private static double? Ratio(IReadOnlyDictionary<string, string> row, string range) =>
        Number(row[$"bpe_{range}_types_presents"]) is { } present && Number(row[$"bpe_{range}_types_calculables"]) is > 0 and var total
            ? 100 * present / total
            : null;

    private static double? Number(string text) =>
        text.Length == 0 ? null : double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static double Round(double value) => Math.Round(value, 2);

    private static void Put(JObject indicators, string id, object value, string source, string millesime) =>
        indicators[id] = new JObject { ["valeur"] = JToken.FromObject(value), ["source"] = source, ["millesime"] = millesime };

    private void WriteProfile(TextWriter output, string id, string nom, string echelle, JObject indicators, JArray? communes, JArray? voisines = null)
    {
        var profile = new JObject { ["id"] = id, ["nom"] = nom, ["echelle"] = echelle, ["indicateurs"] = indicators };
        if (communes is { Count: > 0 })
        {
            profile["communes"] = communes;
        }
        if (voisines is { Count: > 0 })
        {
            profile["voisines"] = voisines;
        }
        output.Write(profile.ToString(Formatting.None));
        output.Write('\n');
        Report.Profils++;
    }
}
