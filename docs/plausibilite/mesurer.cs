#:project ../../src/Cadrage.Rules/Cadrage.Rules.csproj
#:property PublishAot=false
#:property InvariantGlobalization=false
#:property TreatWarningsAsErrors=true

// Measures the rule set against real territories for docs/plausibilite-epci.md (issue 11). Reads one or more JSONL
// batches of profiles, evaluates each with the real evaluator, and writes the measures as Markdown: on stdout, or
// between the markers <!-- mesures:debut --> and <!-- mesures:fin --> of the document given with --doc.
//
//   dotnet run docs/plausibilite/mesurer.cs -- --regles rules --doc docs/plausibilite-epci.md \
//       "EPCI=examples/france-epci.jsonl" "Communes=/tmp/communes.jsonl" "Exemples=examples"
//
// Each batch is NAME=PATH, PATH a JSONL file or a folder of JSON profiles. The script only reads: rules, profiles and
// results are never changed.

using System.Globalization;
using System.Text;
using Cadrage.Rules.Evaluation;
using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Output;

var rulesFolder = "rules";
string? doc = null;
var batches = new List<(string Name, string Path)>();
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--regles":
            rulesFolder = args[++i];
            break;
        case "--doc":
            doc = args[++i];
            break;
        default:
            var parts = args[i].Split('=', 2);
            batches.Add(parts.Length == 2 ? (parts[0], parts[1]) : (Path.GetFileNameWithoutExtension(args[i]), args[i]));
            break;
    }
}
if (batches.Count == 0)
{
    Console.Error.WriteLine("usage : dotnet run docs/plausibilite/mesurer.cs -- [--regles rules] [--doc docs/plausibilite-epci.md] NOM=lot.jsonl…");
    return 1;
}

var kb = RuleSet.Load(rulesFolder);
var service = new EvaluationService();
var text = new StringBuilder();
var fr = CultureInfo.GetCultureInfo("fr-FR");
string N(double v) => v.ToString("#,0", fr).Replace('\u202f', '\u00a0');
string P(double part, double total) => total == 0 ? "–" : (100.0 * part / total).ToString("0.0", fr) + "\u00a0%";
string Label(string option) => kb.Referentiel.Questions.SelectMany(q => q.Options).FirstOrDefault(o => o.Id == option)?.Libelle ?? option;

text.AppendLine($"Mesuré avec la base de règles `{kb.Version}` ({N(kb.Rules.Count)} règles).");
text.AppendLine();
foreach (var (name, path) in batches)
{
    var m = new Measures
    {
        ChomageTresEleve = kb.Parameters["seuil_chomage_tres_eleve"].Value,
        PopulationTauxChomage = kb.Parameters["seuil_population_taux_chomage"].Value,
        DistanceFranceServices = kb.Parameters["seuil_distance_france_services"].Value,
        DistanceFranceServicesCommune = kb.Parameters["seuil_distance_france_services_commune"].Value,
    };
    // A JSONL batch (one profile a line) or a folder of JSON profiles (examples/).
    var profiles = Directory.Exists(path)
        ? Directory.EnumerateFiles(path, "*.json").Order(StringComparer.Ordinal).Select(f => (Text: File.ReadAllText(f), Where: f))
        : File.ReadLines(path).Select((json, i) => (Text: json, Where: $"{path}:{i + 1}"));
    foreach (var (json, where) in profiles)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            continue;
        }
        var outcome = service.Evaluate(kb, ProfileSource.FromText(json, where));
        if (!outcome.Succeeded)
        {
            m.Failures.Add($"{where} : {outcome.Failure!.Message}");
            continue;
        }
        m.Add(outcome.Profile!, outcome.Result!);
    }
    m.Write(text, name, path, N, P, Label);
}

var markdown = text.ToString();
if (doc is null)
{
    Console.Write(markdown);
    return 0;
}
const string Start = "<!-- mesures:debut -->";
const string End = "<!-- mesures:fin -->";
var current = File.ReadAllText(doc);
var from = current.IndexOf(Start, StringComparison.Ordinal);
var to = current.IndexOf(End, StringComparison.Ordinal);
if (from < 0 || to < from)
{
    Console.Error.WriteLine($"{doc} : marqueurs {Start} et {End} introuvables");
    return 1;
}
File.WriteAllText(doc, current[..(from + Start.Length)] + "\n" + markdown + current[to..]);
Console.WriteLine($"{doc} : mesures réécrites ({batches.Count} lots).");
return 0;

/// <summary>Counts over one batch.</summary>
internal sealed class Measures
{
    private static readonly string[] Questions = [QuestionIds.Pilotage, QuestionIds.Modalites, QuestionIds.Lieux, QuestionIds.Besoins, QuestionIds.Objectifs];
    private static readonly string[] CertaintyOrder = [Certitudes.Etablie, Certitudes.Fragile, Certitudes.NonTranchee];

    public List<string> Failures { get; } = [];
    private int _territories;
    private readonly SortedDictionary<int, int> _scenarioCounts = [];
    private readonly SortedDictionary<int, int> _supportedForms = [];
    private int _withScenario;
    private int _oneGeometry;
    private int _severalScenarios;
    private int _severalScenariosOneGeometry;
    private int _exAequoFirst;
    private int _answersWithTies;
    private int _tiesNotShown;
    private int _etablieWithoutEvidence;
    private int _fragileWithoutEvidence;
    private int _answersOffered;
    private int _unsupportedPosture;
    private int _unsupportedGeometry;
    private int _scenarios;
    private int _scenariosNamed;
    private int _scenariosServing;
    private int _territoriesWithPriorities;
    private int _withComplement;
    private readonly Dictionary<string, Dictionary<string, int>> _certainty = [];
    private readonly Dictionary<string, Dictionary<string, int>> _firstCertainty = [];
    private readonly Dictionary<string, int> _firstOption = [];
    private readonly Dictionary<string, int> _anyOption = [];
    private readonly Dictionary<string, Dictionary<string, int>> _postureByType = [];
    private readonly Dictionary<string, Dictionary<string, int>> _geometryByType = [];
    private readonly Dictionary<string, int> _noScenarioWhy = [];
    private readonly Dictionary<string, int> _dataToCollect = [];
    private readonly Dictionary<string, int> _priorities = [];
    private readonly Dictionary<string, int> _geometries = [];
    private readonly Dictionary<string, int> _tiePairs = [];
    private int _laisserFaireOffered;
    private int _laisserFaireHighUnemployment;
    private int _laisserFaireNoFranceServices;
    private int _laisserFaireNoFranceServicesWithoutVigilance;
    private int _severalForms;
    private int _severalFormsOneGeometry;
    private readonly Dictionary<string, int> _firstGeometry = [];

    /// <summary>Thresholds of the rule set, read from rules/parametres.json (the measure follows the rules).</summary>
    public double ChomageTresEleve { get; init; } = 15;

    public double DistanceFranceServices { get; init; } = 8;
    public double DistanceFranceServicesCommune { get; init; } = 15;
    public double PopulationTauxChomage { get; init; } = 500;

    public void Add(Cadrage.Rules.Profiles.TerritoryProfile profile, EvaluationResult result)
    {
        _territories++;
        var scenarios = result.Scenarios;
        Inc(_scenarioCounts, scenarios.Count);
        var type = profile.Indicateurs.TryGetValue("type_epci", out var t) ? t.Valeur?.ToString() ?? "?" : "commune";
        Inc(_supportedForms, result.Analyse.First(a => a.Question == QuestionIds.Lieux).Options.Count(Supported));
        foreach (var q in result.Analyse)
        {
            Inc(_certainty, q.Question, q.Certitude);
            if (q.Certitude == Certitudes.NonTranchee && q.Question != QuestionIds.Besoins)
            {
                foreach (var d in q.DonneesAReunir)
                {
                    Inc(_dataToCollect, $"{q.Libelle} {d.Libelle}");
                }
            }
            // A tie between the two best supported options must be shown as a tie.
            if (q.Question is QuestionIds.Pilotage or QuestionIds.Lieux && q.Options.Count >= 2)
            {
                var top = q.Options.OrderByDescending(o => o.Net).Take(2).ToList();
                if (top[0].Certitude != Certitudes.NonTranchee && top[1].Certitude != Certitudes.NonTranchee && top[1].Net == top[0].Net && top[0].ExAequo.Count == 0)
                {
                    _tiesNotShown++;
                }
            }
        }
        if (result.BesoinsCroises.Count > 0)
        {
            _territoriesWithPriorities++;
        }
        if (scenarios.Count == 0)
        {
            var pilotage = result.Analyse.First(a => a.Question == QuestionIds.Pilotage).Certitude == Certitudes.NonTranchee;
            var lieux = result.Analyse.First(a => a.Question == QuestionIds.Lieux).Certitude == Certitudes.NonTranchee;
            Inc(_noScenarioWhy, pilotage && lieux ? "ni posture ni géométrie soutenue" : pilotage ? "aucune posture soutenue" : lieux ? "aucune géométrie soutenue" : "postures et géométries soutenues mais incompatibles");
            Inc(_postureByType, type, "(non tranché)");
            Inc(_geometryByType, type, "(non tranché)");
            return;
        }
        _withScenario++;
        var geometries = scenarios.Select(Geometry).Distinct().ToList();
        if (geometries.Count == 1)
        {
            _oneGeometry++;
        }
        // Forms an exclusion rule rules out (specialised pôles with no secondary pôle) are not forms the data support.
        var excluded = result.OptionsEcartees.Select(o => o.Option.Id).ToHashSet(StringComparer.Ordinal);
        if (result.Analyse.First(a => a.Question == QuestionIds.Lieux).Options.Count(o => Supported(o) && !excluded.Contains(o.Id)) >= 2)
        {
            _severalForms++;
            if (geometries.Count == 1)
            {
                _severalFormsOneGeometry++;
            }
        }
        Inc(_firstGeometry, Geometry(scenarios[0]));
        if (scenarios.Count > 1)
        {
            _severalScenarios++;
            if (geometries.Count == 1)
            {
                _severalScenariosOneGeometry++;
            }
        }
        if (scenarios[0].Statut == "ex-aequo")
        {
            _exAequoFirst++;
            var tied = scenarios.Where(x => x.Statut == "ex-aequo").ToList();
            Inc(_tiePairs, string.Join(" / ", tied.Select(x => x.Pilotage.Id).Distinct()) + " · " + string.Join(" / ", tied.Select(x => x.Lieux.Id).Distinct()));
        }
        var first = scenarios[0];
        Inc(_postureByType, type, first.Statut == "ex-aequo" ? "(ex aequo)" : first.Pilotage.Id);
        Inc(_geometryByType, type, first.Statut == "ex-aequo" ? "(ex aequo)" : first.Lieux.Id);
        foreach (var (question, certitude) in Certainties(first.Certitudes))
        {
            Inc(_firstCertainty, question, certitude);
        }
        foreach (var option in Options(first))
        {
            Inc(_firstOption, option);
        }
        foreach (var option in scenarios.SelectMany(Options).Distinct())
        {
            Inc(_anyOption, option);
        }
        foreach (var s in scenarios)
        {
            _scenarios++;
            Inc(_geometries, Geometry(s));
            if (s.Lieux.Complements.Count > 0)
            {
                _withComplement++;
            }
            if (s.Lieux.LieuxNommes.Any(r => r.Communes.Count > 0))
            {
                _scenariosNamed++;
            }
            if (s.Couverture.Servies.Count > 0)
            {
                _scenariosServing++;
            }
            foreach (var served in s.Couverture.Servies)
            {
                Inc(_priorities, served.Priorite);
            }
            if (!Supported(s.Pilotage))
            {
                _unsupportedPosture++;
            }
            if (!Supported(s.Lieux.Principale))
            {
                _unsupportedGeometry++;
            }
            foreach (var answer in new[] { s.Pilotage, s.Lieux.Principale }.Concat(s.Lieux.Complements).Concat(s.Modalites).Concat(s.Objectifs))
            {
                _answersOffered++;
                _answersWithTies += answer.ExAequo.Count > 0 ? 1 : 0;
                if (!Supported(answer))
                {
                    _etablieWithoutEvidence += answer.Certitude == Certitudes.Etablie ? 1 : 0;
                    _fragileWithoutEvidence += answer.Certitude == Certitudes.Fragile ? 1 : 0;
                }
            }
            if (s.Pilotage.Id == "laisser-faire")
            {
                _laisserFaireOffered++;
                // Under vigilance: the scenario says why laisser faire is risky here (an opposition rule of the posture).
                var vigilance = s.Vigilances.Any(v => v.Option == "laisser-faire");
                // The rate is read only where the population makes it more than noise (the rule's own guard).
                if (profile.Indicateurs.TryGetValue("taux_chomage", out var chomage) && Convert.ToDouble(chomage.Valeur, CultureInfo.InvariantCulture) >= ChomageTresEleve
                    && profile.Indicateurs.TryGetValue("population", out var population) && Convert.ToDouble(population.Valeur, CultureInfo.InvariantCulture) >= PopulationTauxChomage)
                {
                    _laisserFaireHighUnemployment++;
                }
                // An intercommunality: none in its communes, or its communes on average beyond the threshold; a commune: its
                // nearest France Services beyond the commune threshold (having none of its own is the usual case).
                var single = profile.Indicateurs.TryGetValue("nombre_communes", out var count) && Convert.ToDouble(count.Valeur, CultureInfo.InvariantCulture) == 1;
                var distance = profile.Indicateurs.TryGetValue("distance_france_services", out var d) ? Convert.ToDouble(d.Valeur, CultureInfo.InvariantCulture) : (double?)null;
                var noFranceServices = single
                    ? distance > DistanceFranceServicesCommune
                    : profile.Indicateurs.TryGetValue("france_services", out var fs) && Convert.ToDouble(fs.Valeur, CultureInfo.InvariantCulture) == 0 || distance > DistanceFranceServices;
                if (noFranceServices)
                {
                    _laisserFaireNoFranceServices++;
                    _laisserFaireNoFranceServicesWithoutVigilance += vigilance ? 0 : 1;
                }
            }
        }
    }

    private static bool Supported(Answer a) => a.Soutien > 0 && a.Net > 0;

    private static string Geometry(Scenario s) =>
        string.Join(" + ", new[] { s.Lieux.Id }.Concat(s.Lieux.Complements.Select(c => c.Id)).Order(StringComparer.Ordinal));

    private static IEnumerable<string> Options(Scenario s) =>
        new[] { s.Pilotage.Id, s.Lieux.Id }.Concat(s.Lieux.Complements.Select(c => c.Id)).Concat(s.Modalites.Select(m => m.Id)).Concat(s.Objectifs.Select(o => o.Id));

    private static IEnumerable<(string, string)> Certainties(AnswerCertainties c) =>
        [(QuestionIds.Pilotage, c.Pilotage), (QuestionIds.Modalites, c.Modalites), (QuestionIds.Lieux, c.Lieux), (QuestionIds.Besoins, c.Besoins), (QuestionIds.Objectifs, c.Objectifs)];

    private static void Inc<T>(IDictionary<T, int> counts, T key) where T : notnull => counts[key] = counts.TryGetValue(key, out var n) ? n + 1 : 1;

    private static void Inc(Dictionary<string, Dictionary<string, int>> counts, string row, string column)
    {
        if (!counts.TryGetValue(row, out var line))
        {
            counts[row] = line = [];
        }
        Inc(line, column);
    }

    public void Write(StringBuilder md, string name, string path, Func<double, string> n, Func<double, double, string> p, Func<string, string> label)
    {
        md.AppendLine($"### {name} (`{path}`)");
        md.AppendLine();
        md.AppendLine($"{n(_territories)} territoires évalués{(Failures.Count > 0 ? $", {n(Failures.Count)} profils illisibles" : "")} ; {n(_withScenario)} reçoivent au moins un scénario ({p(_withScenario, _territories)}), {n(_territories - _withScenario)} aucun (« non tranché »).");
        md.AppendLine();
        md.AppendLine("| Contrôle | Mesure | Attendu |");
        md.AppendLine("|---|---|---|");
        md.AppendLine($"| réponses de scénario présentées « établie » sans règle de soutien (net ≤ 0) | {n(_etablieWithoutEvidence)} sur {n(_answersOffered)} | 0 |");
        md.AppendLine($"| réponses de scénario présentées « fragile » sans règle de soutien | {n(_fragileWithoutEvidence)} | 0 |");
        md.AppendLine($"| scénarios proposés dont la posture n'est pas soutenue | {n(_unsupportedPosture)} sur {n(_scenarios)} | 0 |");
        md.AppendLine($"| scénarios proposés dont la forme principale de la géométrie n'est pas soutenue | {n(_unsupportedGeometry)} sur {n(_scenarios)} | 0 |");
        md.AppendLine($"| égalités de tête (posture, géométrie) non signalées comme ex aequo | {n(_tiesNotShown)} | 0 |");
        md.AppendLine($"| territoires dont les deux premiers scénarios sont ex aequo (affichés « non tranché entre… ») | {n(_exAequoFirst)} | montré |");
        md.AppendLine($"| réponses de scénario qui portent une égalité (ex aequo affiché) | {n(_answersWithTies)} sur {n(_answersOffered)} | montré |");
        md.AppendLine($"| territoires dont tous les scénarios proposés ont **une seule géométrie** | {n(_oneGeometry)} sur {n(_withScenario)} ({p(_oneGeometry, _withScenario)}) | ≤ 25 % |");
        md.AppendLine($"| … parmi ceux qui reçoivent au moins deux scénarios | {n(_severalScenariosOneGeometry)} sur {n(_severalScenarios)} ({p(_severalScenariosOneGeometry, _severalScenarios)}) | |");
        md.AppendLine($"| … parmi ceux dont les données soutiennent au moins deux formes du « Où ? » | {n(_severalFormsOneGeometry)} sur {n(_severalForms)} ({p(_severalFormsOneGeometry, _severalForms)}) | 0 |");
        var top = _firstGeometry.OrderByDescending(g => g.Value).FirstOrDefault();
        md.AppendLine($"| géométrie la plus fréquente du premier scénario : {string.Join(" + ", (top.Key ?? "").Split(" + ").Select(label))} | {n(top.Value)} sur {n(_withScenario)} ({p(top.Value, _withScenario)}) | |");
        md.AppendLine($"| scénarios dont la géométrie a au moins une forme complémentaire | {n(_withComplement)} sur {n(_scenarios)} ({p(_withComplement, _scenarios)}) | |");
        md.AppendLine($"| scénarios qui nomment leurs lieux (communes membres) | {n(_scenariosNamed)} sur {n(_scenarios)} ({p(_scenariosNamed, _scenarios)}) | |");
        md.AppendLine($"| territoires avec au moins une priorité croisée (Quoi) | {n(_territoriesWithPriorities)} ({p(_territoriesWithPriorities, _territories)}) | |");
        md.AppendLine($"| scénarios dont la géométrie ou les modalités servent au moins une priorité | {n(_scenariosServing)} sur {n(_scenarios)} ({p(_scenariosServing, _scenarios)}) | |");
        md.AppendLine($"| scénarios « laisser faire » proposés | {n(_laisserFaireOffered)} sur {n(_scenarios)} | peu |");
        md.AppendLine($"| … où le chômage atteint {n(ChomageTresEleve)} % (sur au moins {n(PopulationTauxChomage)} habitants) | {n(_laisserFaireHighUnemployment)} | écarté : 0 |");
        md.AppendLine($"| … sans France Services ou à plus de {n(DistanceFranceServices)} km en moyenne (intercommunalité), la plus proche à plus de {n(DistanceFranceServicesCommune)} km (commune) : tous / sans point de vigilance | {n(_laisserFaireNoFranceServices)} / {n(_laisserFaireNoFranceServicesWithoutVigilance)} | sous vigilance : 0 sans |");
        md.AppendLine();
        md.AppendLine("Scénarios proposés par territoire : " + string.Join(" ; ", _scenarioCounts.Select(c => $"{c.Key} : {n(c.Value)}")) + ".");
        md.AppendLine();
        md.AppendLine("Formes du « Où ? » soutenues par les données (net positif), par territoire : " + string.Join(" ; ", _supportedForms.Select(c => $"{c.Key} : {n(c.Value)}")) + ".");
        if (_noScenarioWhy.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("Sans scénario, parce que : " + string.Join(" ; ", _noScenarioWhy.OrderByDescending(w => w.Value).Select(w => $"{w.Key} ({n(w.Value)})")) + ".");
        }
        md.AppendLine();
        md.AppendLine("**Certitude de chaque question** (état des preuves, `analyse` du résultat), puis, entre parenthèses, dans le premier scénario proposé :");
        md.AppendLine();
        md.AppendLine("| Question | établie | fragile | non tranchée |");
        md.AppendLine("|---|---|---|---|");
        foreach (var q in Questions)
        {
            var all = _certainty.GetValueOrDefault(q) ?? [];
            var first = _firstCertainty.GetValueOrDefault(q) ?? [];
            md.AppendLine($"| {QuestionLabel(q)} | " + string.Join(" | ", CertaintyOrder.Select(c => $"{n(all.GetValueOrDefault(c))} ({n(first.GetValueOrDefault(c))})")) + " |");
        }
        md.AppendLine();
        md.AppendLine("**Chaque option de la méthode est-elle retenue quelque part ?** (nombre de territoires où elle figure dans le premier scénario / dans au moins un scénario proposé)");
        md.AppendLine();
        md.AppendLine("| Question | Option | 1er scénario | un scénario au moins |");
        md.AppendLine("|---|---|---|---|");
        foreach (var q in new[] { QuestionIds.Pilotage, QuestionIds.Modalites, QuestionIds.Lieux, QuestionIds.Objectifs })
        {
            foreach (var option in OptionIds(q))
            {
                md.AppendLine($"| {QuestionLabel(q)} | {label(option)} | {n(_firstOption.GetValueOrDefault(option))} | {n(_anyOption.GetValueOrDefault(option))} |");
            }
        }
        var never = Questions.Where(q => q != QuestionIds.Besoins).SelectMany(OptionIds).Where(o => _anyOption.GetValueOrDefault(o) == 0).Select(label).ToList();
        md.AppendLine();
        md.AppendLine(never.Count == 0 ? "Toutes les options sont proposées quelque part." : "Jamais proposées : " + string.Join(", ", never) + ".");
        md.AppendLine();
        Table(md, "Posture du premier scénario selon le type", _postureByType, OptionIds(QuestionIds.Pilotage).Append("(ex aequo)").Append("(non tranché)").ToList(), n, label);
        Table(md, "Forme principale de la géométrie du premier scénario selon le type", _geometryByType, OptionIds(QuestionIds.Lieux).Append("(ex aequo)").Append("(non tranché)").ToList(), n, label);
        md.AppendLine("Géométries les plus proposées (forme principale et formes complémentaires, tous scénarios) : "
            + string.Join(" ; ", _geometries.OrderByDescending(g => g.Value).Take(8).Select(g => $"{string.Join(" + ", g.Key.Split(" + ").Select(label))} ({n(g.Value)})")) + ".");
        md.AppendLine();
        if (_tiePairs.Count > 0)
        {
            md.AppendLine("Égalités de tête les plus fréquentes (postures · formes principales à égalité) : "
                + string.Join(" ; ", _tiePairs.OrderByDescending(x => x.Value).Take(6).Select(x => $"{string.Join(" · ", x.Key.Split(" · ").Select(part => string.Join(" / ", part.Split(" / ").Select(label))))} ({n(x.Value)})")) + ".");
            md.AppendLine();
        }
        if (_priorities.Count > 0)
        {
            md.AppendLine("Priorités servies par au moins un scénario (nombre de scénarios) : "
                + string.Join(" ; ", _priorities.OrderByDescending(x => x.Value).Take(8).Select(x => $"{x.Key} ({n(x.Value)})")) + ".");
            md.AppendLine();
        }
        if (_dataToCollect.Count > 0)
        {
            md.AppendLine("Données à réunir le plus souvent citées quand une question reste non tranchée : "
                + string.Join(" ; ", _dataToCollect.OrderByDescending(x => x.Value).Take(10).Select(x => $"{x.Key} ({n(x.Value)})")) + ".");
            md.AppendLine();
        }
        foreach (var failure in Failures.Take(5))
        {
            md.AppendLine($"- illisible : {failure}");
        }
    }

    private static string QuestionLabel(string q) => q switch
    {
        QuestionIds.Pilotage => "Qui pilote ?",
        QuestionIds.Modalites => "Comment ?",
        QuestionIds.Lieux => "Où ?",
        QuestionIds.Besoins => "Quoi ?",
        _ => "Pourquoi ?",
    };

    private static IEnumerable<string> OptionIds(string question) => question switch
    {
        QuestionIds.Pilotage => ["faire", "faire-faire", "faire-avec", "inciter-a-faire", "laisser-faire"],
        QuestionIds.Modalites => ["gerer-en-interne", "deleguer", "accompagner", "impulser", "gouvernance-partagee", "experimenter", "diversifier"],
        QuestionIds.Lieux => ["pole-agglomeration", "centres-bourgs", "poles-specialises", "itinerance"],
        QuestionIds.Objectifs => ["politique-sociale-de-service", "analyse-besoins-sociaux", "financement-actions", "accessibilite-mutualisation"],
        _ => [],
    };

    private static void Table(StringBuilder md, string title, Dictionary<string, Dictionary<string, int>> counts, IReadOnlyList<string> columns, Func<double, string> n, Func<string, string> label)
    {
        var used = columns.Where(c => counts.Values.Any(r => r.GetValueOrDefault(c) > 0)).ToList();
        md.AppendLine($"**{title}**");
        md.AppendLine();
        md.AppendLine("| Type | " + string.Join(" | ", used.Select(c => c.StartsWith('(') ? c : label(c))) + " | total |");
        md.AppendLine("|---" + string.Concat(Enumerable.Repeat("|---", used.Count + 1)) + "|");
        foreach (var type in new[] { "CC", "CA", "CU", "METRO", "MET69", "commune" }.Where(counts.ContainsKey).Concat(counts.Keys.Where(k => k is not ("CC" or "CA" or "CU" or "METRO" or "MET69" or "commune"))))
        {
            var row = counts[type];
            md.AppendLine($"| {type} | " + string.Join(" | ", used.Select(c => n(row.GetValueOrDefault(c)))) + $" | {n(row.Values.Sum())} |");
        }
        md.AppendLine();
    }
}
