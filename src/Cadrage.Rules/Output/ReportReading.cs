using Cadrage.Rules.Evaluation;
using Cadrage.Rules.KnowledgeBase;

namespace Cadrage.Rules.Output;

/// <summary>
/// One answer of a scenario to a question, in words: the labels of the options it retains, its certainty, and the
/// illustrative values its lead rests on (the labels of those indicators; empty when it rests on none).
/// </summary>
public sealed record AnswerReading(ReportQuestion Question, IReadOnlyList<string> Items, string? Certitude = null, IReadOnlyList<string>? Illustratifs = null, string? Reason = null)
{
    /// <summary>The labels of the indicators with illustrative values the answer's lead rests on.</summary>
    public IReadOnlyList<string> IllustrativeValues => Illustratifs ?? [];

    /// <summary>The certainty in words, and why when it is fragile for want of measured data: « fragile, son avance repose sur des valeurs illustratives : Conventions en cours et Démarches en préparation ».</summary>
    public string? CertaintyText => Certitude is null ? null
        : IllustrativeValues.Count == 0 ? Reason is null ? Certitude : $"{Certitude}, {Reason}"
        : $"{Certitude}, son avance repose sur {(IllustrativeValues.Count >= 2 ? "des valeurs illustratives" : "une valeur illustrative")} : {FrenchFormat.Join(IllustrativeValues)}";

    /// <summary>The certainty in a table cell, where the scenario above already names the illustrative values: « fragile, valeurs illustratives ».</summary>
    public string? ShortCertaintyText => Certitude is null ? null
        : IllustrativeValues.Count == 0 ? Certitude
        : $"{Certitude}, {(IllustrativeValues.Count >= 2 ? "valeurs illustratives" : "valeur illustrative")} (détail dans la synthèse)";

    /// <summary>The items in a sentence: « Accompagner, piloter via une gouvernance partagée et gérer en interne ».</summary>
    public string Sentence => Items.Count == 0 ? "aucune réponse" : FrenchFormat.Capitalized(FrenchFormat.Join(Items.Select((item, i) => i == 0 ? item : FrenchFormat.InSentence(item))));
}

/// <summary>
/// A fired rule as a reader sees it: the question and option in words, the explanation, weight, status, source.
/// <paramref name="NotCounted"/>: a rule of a fact group where only the strongest counts, said so beside its weight
/// (« ne compte pas : même fait que la règle de poids 3 (« Part de la première commune ») »), so that the weights a
/// reader adds up are the net evidence shown; null for a rule that counts.
/// </summary>
public sealed record ReasonReading(ReportQuestion Question, string Option, Justification Justification, string? NotCounted = null)
{
    /// <summary>Weight and status, and why the weight does not count when it does not: « poids 2, à valider ; ne compte pas : … ».</summary>
    public string WeightText => $"poids {FrenchFormat.Number(Justification.Poids)}, {Justification.Statut}{(NotCounted is null ? "" : " ; " + NotCounted)}";
}

/// <summary>One group of reasons: the rules behind one question of a scenario.</summary>
public sealed record ReasonGroup(ReportQuestion Question, IReadOnlyList<ReasonReading> Reasons, IReadOnlyList<ReasonReading> Vigilances)
{
    public double Support => Reasons.Sum(r => r.Justification.Poids);

    public double Opposition => Vigilances.Sum(r => r.Justification.Poids);
}

/// <summary>A scenario read for a person: its name, its answers in words, its reasons grouped by question.</summary>
public sealed record ScenarioReading(
    Scenario Scenario,
    IReadOnlyList<AnswerReading> Answers,
    IReadOnlyList<ReasonGroup> Groups,
    IReadOnlyList<ReasonReading> MainReasons,
    IReadOnlyList<string> Places)
{
    public int Rang => Scenario.Rang;

    public string Nom => Scenario.Intitule;

    public bool Retenu => Scenario.Retenu;

    /// <summary>
    /// Whether the scenario can be called « retenu »: ranked first alone, with its posture and the main form of its
    /// geometry both established. A scenario first alone on fragile or illustrative evidence « arrive en tête ».
    /// </summary>
    public bool Established => Scenario.Retenu && Scenario.Pilotage.Certitude == Certitudes.Etablie && Scenario.Lieux.Principale.Certitude == Certitudes.Etablie;

    /// <summary>The badge of a scenario ranked first alone: « retenu » when established, « en tête » otherwise; null for the others.</summary>
    public string? Badge => !Scenario.Retenu ? null : Established ? "retenu" : "en tête";

    public AnswerReading Answer(string questionId) => Answers.First(a => a.Question.Id == questionId);

    public ReasonGroup Group(string questionId) => Groups.First(g => g.Question.Id == questionId);

    /// <summary>The consistency statements that bind the answers together: a combination required, an affinity, an option the posture rules out.</summary>
    public IReadOnlyList<Coherence> Accords => Scenario.Coherence.Where(c => !ReportReading.IsTension(c)).ToList();

    /// <summary>The tensions between the posture and another answer: objections to arbitrate, never agreements.</summary>
    public IReadOnlyList<Coherence> Tensions => Scenario.Coherence.Where(ReportReading.IsTension).ToList();
}

/// <summary>An option ruled out, in words.</summary>
public sealed record ExclusionReading(ReportQuestion Question, string Option, IReadOnlyList<Justification> Rules, IReadOnlyList<string>? Illustratifs = null)
{
    /// <summary>« Sous réserve » when the exclusion reads values the profile marks as illustrative: it is not established.</summary>
    public string Reserve => Illustratifs is not { Count: > 0 } values ? ""
        : $" Sous réserve : {(values.Count >= 2 ? "ces valeurs sont illustratives" : "cette valeur est illustrative")} ({FrenchFormat.Join(values)}), à vérifier avant d'écarter l'option.";
}

/// <summary>
/// A result read for a person: what the text report and the note de cadrage both say, in the same words. Ids stay
/// inside: every string here is a label of the référentiel or the catalogue, or text written for readers.
/// </summary>
public sealed class ReportReading
{
    /// <summary>The compatibility workflow, shown as the scenario's internal consistency.</summary>
    public static readonly ReportQuestion Coherence = new(QuestionIds.Compatibilite, 6, "Cohérence", "Les réponses vont-elles ensemble ?");

    private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _services = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _publics = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _criteres = new(StringComparer.Ordinal);
    private readonly CommuneWording? _commune;

    public ReportReading(EvaluationResult result, ReportContext context)
    {
        Result = result;
        Context = context;
        Questions = context.Questions;
        _commune = CommuneWording.For(result);
        foreach (var s in result.Scenarios)
        {
            _options.TryAdd(s.Pilotage.Id, s.Pilotage.Libelle);
            _options.TryAdd(s.Lieux.Id, s.Lieux.Libelle);
            foreach (var complement in s.Lieux.Complements)
            {
                _options.TryAdd(complement.Id, complement.Libelle);
            }
            foreach (var (id, label) in s.Modalites.Select(m => (m.Id, m.Libelle)).Concat(s.Objectifs.Select(o => (o.Id, o.Libelle))))
            {
                _options.TryAdd(id, label);
            }
        }
        foreach (var e in result.OptionsEcartees)
        {
            _options.TryAdd(e.Option.Id, e.Option.Libelle);
        }
        foreach (var need in result.BesoinsCroises.Concat(result.Scenarios.SelectMany(s => s.Priorites)))
        {
            _services.TryAdd(need.Service.Id, need.Service.Libelle);
            _publics.TryAdd(need.Public.Id, need.Public.Libelle);
            _criteres.TryAdd(need.Critere.Id, need.Critere.Libelle);
        }
        Scenarios = result.Scenarios.Select(Read).ToList();
        CommonQuestions = Questions.Where(q => Scenarios.Count > 1 && Scenarios.Select(s => string.Join("|", s.Answer(q.Id).Items) + "|" + s.Answer(q.Id).Certitude).Distinct().Count() == 1).Select(q => q.Id).ToHashSet();
        var illustrative = result.Portrait.Where(p => p.Illustratif).ToDictionary(p => p.Id, p => p.Libelle, StringComparer.Ordinal);
        Exclusions = result.OptionsEcartees.Select(e => new ExclusionReading(QuestionOf(e.Question), e.Option.Libelle, e.Regles.Select(Read).ToList(),
            e.Regles.SelectMany(r => r.Indicateurs).Select(i => illustrative.GetValueOrDefault(i.Id)).OfType<string>().Distinct().ToList())).ToList();
        var missingLabels = result.IndicateursManquants.Select(m => m.Libelle).ToList();
        // Warnings about each missing indicator are said once, from the structured list (IndicateursManquants).
        // Typography: a result journalled before the no-break spaces inside guillemets reads the same.
        Warnings = result.Avertissements.Where(w => !missingLabels.Any(label => FrenchFormat.Typography(w).StartsWith(FrenchFormat.Typography($"Indicateur manquant {FrenchFormat.Quote(label)}"), StringComparison.Ordinal))).ToList();
        UnevaluatedRules = result.IndicateursManquants.SelectMany(m => m.Regles).Distinct().Count();
    }

    public EvaluationResult Result { get; }

    public ReportContext Context { get; }

    public IReadOnlyList<ReportQuestion> Questions { get; }

    /// <summary>The five questions and the consistency between answers.</summary>
    public IEnumerable<ReportQuestion> QuestionsAndCoherence => Questions.Append(Coherence);

    public IReadOnlyList<ScenarioReading> Scenarios { get; }

    /// <summary>Questions every scenario answers the same way (said once, not repeated per scenario).</summary>
    public IReadOnlySet<string> CommonQuestions { get; }

    public IReadOnlyList<ExclusionReading> Exclusions { get; }

    /// <summary>Warnings of the evaluation, except those about missing indicators (see <see cref="EvaluationResult.IndicateursManquants"/>).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>How many rules could not be evaluated for lack of an indicator.</summary>
    public int UnevaluatedRules { get; }

    public string TerritoryKind => Result.Territoire.Echelle switch
    {
        "epci" => "Intercommunalité (EPCI)",
        "commune" => "Commune",
        "departement" => "Département",
        _ => "Territoire",
    };

    /// <summary>
    /// « 4 scénarios contrastés » when every pair of scenarios differs both in posture and in geometry (main form and
    /// complements); otherwise what actually varies: « 4 scénarios : 2 géométries ; pour « Itinérance », 3 postures ».
    /// </summary>
    public string ScenarioCount => (_scenarioCount ??= CountScenarios()).Text;

    /// <summary>Whether <see cref="ScenarioCount"/> lists what varies (« 4 scénarios : … ») rather than naming a number.</summary>
    private bool ScenarioCountListsWhatVaries => (_scenarioCount ??= CountScenarios()).ListsWhatVaries;

    private (string Text, bool ListsWhatVaries)? _scenarioCount;

    private (string Text, bool ListsWhatVaries) CountScenarios()
    {
        if (Scenarios.Count <= 1)
        {
            return (Scenarios.Count == 0 ? "aucun scénario" : "un seul scénario", false);
        }
        var count = FrenchFormat.Count(Scenarios.Count, "scénario", "scénarios");
        var geometries = Scenarios.GroupBy(s => GeometryOf(s.Scenario), StringComparer.Ordinal).ToList();
        var postures = Scenarios.Select(s => s.Scenario.Pilotage.Id).Distinct(StringComparer.Ordinal).Count();
        if (geometries.Count == Scenarios.Count && postures == Scenarios.Count)
        {
            return (count + " contrastés", false);
        }
        var parts = new List<string>
        {
            (geometries.Count == 1 ? $"une seule géométrie ({FrenchFormat.Quote(geometries[0].Key)})" : FrenchFormat.Count(geometries.Count, "géométrie", "géométries"))
            + (postures == 1 ? $", une seule posture ({FrenchFormat.Quote(Scenarios[0].Scenario.Pilotage.Libelle)})" : geometries.Count == 1 ? $", {FrenchFormat.Count(postures, "posture", "postures")}" : ""),
        };
        if (geometries.Count > 1 && postures > 1)
        {
            var shared = geometries.Where(g => g.Count() > 1).Select(g => $"pour {FrenchFormat.Quote(g.Key)}, {FrenchFormat.Count(g.Select(s => s.Scenario.Pilotage.Id).Distinct(StringComparer.Ordinal).Count(), "posture", "postures")}").ToList();
            parts.AddRange(shared.Count > 0 ? shared : [FrenchFormat.Count(postures, "posture", "postures")]);
        }
        return ($"{count} : {string.Join(" ; ", parts)}", true);
    }

    /// <summary>A scenario's geometry in words, its main form then its complements: « Pôle de services type agglomération + Itinérance ».</summary>
    public static string GeometryOf(Scenario s) => string.Join(" + ", new[] { s.Lieux.Principale.Libelle }.Concat(s.Lieux.Complements.Select(c => c.Libelle)));

    /// <summary>
    /// For a scenario after the first, the questions it answers as scenario 1 does (the same options held) for the
    /// same reasons (the same rules, explanations and weights): said in one line, « mêmes réponses, mêmes raisons que
    /// le scénario 1 », rather than copied. A question answered the same way for other reasons is not among them.
    /// Empty for scenario 1, or when there is only one scenario.
    /// </summary>
    public IReadOnlyList<ReportQuestion> SameReasonsAsFirst(ScenarioReading s)
    {
        if (Scenarios.Count < 2 || ReferenceEquals(s, Scenarios[0]))
        {
            return [];
        }
        var first = Scenarios[0];
        return Questions.Where(q => s.Group(q.Id).Reasons.Count > 0
                && s.Answer(q.Id).Items.SequenceEqual(first.Answer(q.Id).Items, StringComparer.Ordinal)
                && s.Group(q.Id).Reasons.Select(ReasonKey).SequenceEqual(first.Group(q.Id).Reasons.Select(ReasonKey), StringComparer.Ordinal))
            .ToList();
    }

    /// <summary>
    /// Whether a scenario after the first gives, to a question other than those that define a scenario (qui pilote,
    /// où), the very answer of scenario 1, options and certainty alike: its line then reads « comme au scénario 1 ».
    /// </summary>
    public bool AnswersAsFirst(ScenarioReading s, AnswerReading answer)
    {
        if (Scenarios.Count < 2 || ReferenceEquals(s, Scenarios[0]) || answer.Question.Id is QuestionIds.Pilotage or QuestionIds.Lieux)
        {
            return false;
        }
        var first = Scenarios[0].Answer(answer.Question.Id);
        return answer.Items.Count > 0 && first.Items.SequenceEqual(answer.Items, StringComparer.Ordinal) && first.CertaintyText == answer.CertaintyText;
    }

    /// <summary>Whether a scenario after the first names the very places of scenario 1.</summary>
    public bool PlacesAsFirst(ScenarioReading s) =>
        Scenarios.Count > 1 && !ReferenceEquals(s, Scenarios[0]) && s.Places.Count > 0 && s.Places.SequenceEqual(Scenarios[0].Places, StringComparer.Ordinal);

    /// <summary>« Comment ?, Où ? et Pourquoi ? : mêmes réponses, mêmes raisons que le scénario 1. »; null when no question is in that case.</summary>
    public string? SameReasonsSentence(ScenarioReading s)
    {
        var same = SameReasonsAsFirst(s);
        return same.Count == 0 ? null
            : $"{FrenchFormat.Join(same.Select(q => q.Libelle))} : {(same.Count == 1 ? "même réponse" : "mêmes réponses")}, mêmes raisons que le scénario 1.";
    }

    /// <summary>
    /// Whether, after scenario 1, the reasons a scenario gives for one option of a question (« Itinérance », here a
    /// complement) are word for word those scenario 1 gives for the same option: said « mêmes raisons que le scénario 1 ».
    /// </summary>
    public bool OptionReasonsAsFirst(ScenarioReading s, string question, string option)
    {
        if (Scenarios.Count < 2 || ReferenceEquals(s, Scenarios[0]))
        {
            return false;
        }
        var mine = s.Group(question).Reasons.Where(r => r.Option == option).Select(ReasonKey).ToList();
        var first = Scenarios[0].Group(question).Reasons.Where(r => r.Option == option).Select(ReasonKey).ToList();
        return mine.Count > 0 && mine.SequenceEqual(first, StringComparer.Ordinal);
    }

    /// <summary>Whether a point de vigilance of a scenario is said word for word among scenario 1's.</summary>
    public bool SaidForFirst(ScenarioReading s, ReasonReading r) =>
        Scenarios.Count > 1 && !ReferenceEquals(s, Scenarios[0])
        && Scenarios[0].Groups.SelectMany(g => g.Vigilances).Any(f => ReasonKey(f) == ReasonKey(r));

    /// <summary>Whether a consistency statement of a scenario is said word for word in scenario 1.</summary>
    public bool SaidForFirst(ScenarioReading s, Coherence c) =>
        Scenarios.Count > 1 && !ReferenceEquals(s, Scenarios[0])
        && Scenarios[0].Scenario.Coherence.Any(f => f.Regle == c.Regle && f.Role == c.Role && f.Explication == c.Explication);

    private static string ReasonKey(ReasonReading r) => $"{r.Option}\u001f{r.Justification.Regle}\u001f{r.Justification.Explication}\u001f{r.WeightText}";

    /// <summary>A certainty in words: « établie », « fragile », « non tranchée ».</summary>
    public static string CertaintyLabel(string certitude) => certitude switch
    {
        Certitudes.Etablie => "établie",
        Certitudes.Fragile => "fragile",
        Certitudes.NonTranchee => "non tranchée",
        _ => "indéterminée",
    };

    /// <summary>The questions the evidence leaves open, each with its sentence and the data to collect.</summary>
    public IReadOnlyList<QuestionEvidence> OpenQuestions => Result.Analyse.Where(a => a.Certitude == Certitudes.NonTranchee).ToList();

    /// <summary>
    /// The questions whose answer would be established but whose lead rests on illustrative values of the profile,
    /// each with its sentence (which names them): fragile until they are replaced by measured data.
    /// </summary>
    public IReadOnlyList<QuestionEvidence> IllustrativeQuestions => Result.Analyse.Where(a => a.Options.Any(o => o.Illustratifs is not null)).ToList();

    /// <summary>Whether some answer of some scenario, or of the analyse, is fragile because its lead rests on illustrative values.</summary>
    public bool RestsOnIllustrativeValues =>
        IllustrativeQuestions.Count > 0 || Scenarios.Any(s => s.Answers.Any(a => a.IllustrativeValues.Count > 0));

    /// <summary>The opening sentences of the synthèse.</summary>
    /// <summary>
    /// What the posture of the first scenario rests on when it is not the data measured on the territory: said at the
    /// head of the synthèse, not only under « Robustesse des réponses » at the end (a posture that would change without
    /// the illustrative values of the profil, or that absent data would change).
    /// </summary>
    private string? PostureCaveat(ScenarioReading reading)
    {
        var first = reading.Scenario;
        var posture = Result.Explications?.Sensibilite.FirstOrDefault(s => s.Question == QuestionIds.Pilotage);
        if (posture is null || posture.Robustesse != "sensible")
        {
            return null;
        }
        var which = reading.Established ? "retenue" : "en tête";
        if (posture.TientSansIllustratifs == false)
        {
            return $"À lire avant tout : la posture {which} ({FrenchFormat.Quote(first.Pilotage.Libelle)}) repose sur des valeurs illustratives du profil, pas sur des données mesurées ; sans elles, elle changerait (voir plus bas la robustesse des réponses aux données). À confirmer par les données de la collectivité avant de la présenter en comité de pilotage.";
        }
        var absent = posture.DonneesAbsentes.Select(d => d.Libelle).Distinct(StringComparer.Ordinal).ToList();
        return absent.Count == 0 ? null
            : $"À lire avant tout : la posture {which} ({FrenchFormat.Quote(first.Pilotage.Libelle)}) changerait selon des données que le profil ne donne pas ({FrenchFormat.Join(absent.Select(FrenchFormat.Quote))} ; voir plus bas la robustesse des réponses aux données) : à réunir avant de la présenter en comité de pilotage.";
    }

    /// <summary>
    /// What a certainty means, said once per document after the scenarios (a notice, not the synthèse élus read):
    /// « Chaque réponse porte sa certitude : établie, fragile … ou non tranchée … ». Null when there is no scenario.
    /// </summary>
    public string? CertaintyLegend
    {
        get
        {
            if (Scenarios.Count == 0)
            {
                return null;
            }
            List<string> fragile = ["une autre option est proche"];
            if (RestsOnIllustrativeValues)
            {
                fragile.Add("son avance repose sur des valeurs illustratives du profil, qui ne sont pas des données mesurées");
            }
            if (RestsOnMissingData)
            {
                fragile.Add("des données absentes du profil pourraient la renverser");
            }
            return $"Chaque réponse porte sa certitude : établie, fragile ({FrenchFormat.Join(fragile, ", ou ")}) ou non tranchée (les données ne la soutiennent pas).";
        }
    }

    /// <summary>Whether an answer of a scenario is fragile because data the profile lacks could overturn it.</summary>
    public bool RestsOnMissingData =>
        Result.Scenarios.Any(s => new[] { s.Pilotage, s.Lieux.Principale }.Concat(s.Lieux.Complements).Concat(s.Modalites).Concat(s.Objectifs).Any(a => a.DonneesAbsentes is not null));

    public IReadOnlyList<string> Introduction()
    {
        var sentences = new List<string>();
        if (Scenarios.Count == 0)
        {
            sentences.Add(Result.Synthese.Length > 0 ? Result.Synthese : "Aucun scénario n'est proposé.");
            return sentences;
        }
        var first = Scenarios[0];
        // The territory is named in the title: its name (« CA de Nevers », « Behonne ») takes no article in a sentence.
        sentences.Add(Scenarios.Count == 1
            ? $"Les règles expertes dessinent {ScenarioCount} pour ce territoire ; il répond aux cinq questions du cadre stratégique."
            : ScenarioCountListsWhatVaries
                ? $"Les règles expertes dessinent pour ce territoire {ScenarioCount}. Chacun répond aux cinq questions du cadre stratégique."
                : $"Les règles expertes dessinent {ScenarioCount} pour ce territoire, chacun répondant aux cinq questions du cadre stratégique.");
        if (Scenarios.Count > 1)
        {
            // What the evaluation decided, in its words: a scenario is retained when its posture and its geometry
            // rest on more net evidence than the next one; otherwise the leaders are tied and nothing is retained.
            var defining = Defining(first.Scenario);
            if (first.Scenario.Retenu)
            {
                // Every number recomputable from the ones beside it: posture + main form = what ranks, minus the next one's.
                var s1 = first.Scenario;
                var next = Defining(Scenarios[1].Scenario);
                sentences.Add($"Le scénario 1, {FrenchFormat.Quote(first.Nom)}, {(first.Established ? "est retenu" : "arrive en tête")} : sa posture ({FrenchFormat.Quote(s1.Pilotage.Libelle)}, {Points(s1.Pilotage.Net)}) "
                    + $"et la forme principale de son où ({FrenchFormat.Quote(s1.Lieux.Principale.Libelle)}, {Points(s1.Lieux.Principale.Net)}) réunissent {Points(defining)} de preuve nette, ce qui fixe le rang : "
                    + $"{Points(defining - next)} de plus que le scénario 2 ({Points(next)}).");
            }
            else
            {
                var tied = Scenarios.Where(s => s.Scenario.Statut == "ex-aequo").ToList();
                sentences.Add($"Non tranché : les scénarios {FrenchFormat.Join(tied.Select(s => $"{s.Scenario.Rang} ({FrenchFormat.Quote(s.Nom)})"))} ont autant de preuves sur ce qui définit un scénario, qui pilote et où ({FrenchFormat.Count(defining, "point", "points")} chacun) : le choix entre eux revient au comité de pilotage.");
            }
            sentences.Add(Ordering);
            // The Quoi does not rank: when another scenario serves more of its priorities, the reader is told.
            var priorities = first.Scenario.Priorites.Count;
            var best = Scenarios.Skip(1).MaxBy(s => s.Scenario.Couverture.Servies.Count);
            if (priorities > 0 && best is not null && best.Scenario.Couverture.Servies.Count > first.Scenario.Couverture.Servies.Count)
            {
                sentences.Add($"Le quoi ne compte pas dans ce rang : le scénario 1 sert {first.Scenario.Couverture.Servies.Count} des {FrenchFormat.Count(priorities, "priorité", "priorités")} du quoi, "
                    + $"le scénario {best.Scenario.Rang} en sert {best.Scenario.Couverture.Servies.Count} ; choisir entre eux, c'est aussi choisir des priorités.");
            }
        }
        else
        {
            sentences.Add($"Le scénario {FrenchFormat.Quote(first.Nom)} obtient {FrenchFormat.Count(first.Scenario.Score, "point", "points")}.");
        }
        if (PostureCaveat(first) is { } caveat)
        {
            sentences.Add(caveat);
        }
        if (Result.IndicateursManquants.Count > 0)
        {
            var missing = Result.IndicateursManquants.Count;
            sentences.Add($"Le profil est incomplet : {FrenchFormat.Count(missing, "indicateur manque", "indicateurs manquent")} et {FrenchFormat.Count(UnevaluatedRules, "règle n'a", "règles n'ont")} pas pu être {(UnevaluatedRules >= 2 ? "évaluées" : "évaluée")} ; {(Scenarios.Count == 1 ? "le scénario est à lire" : "les scénarios sont à lire")} avec cette réserve.");
        }
        var common = Questions.Where(q => CommonQuestions.Contains(q.Id)).ToList();
        if (common.Count > 0)
        {
            sentences.Add($"{FrenchFormat.Capitalized(FrenchFormat.Join(common.Select(q => FrenchFormat.Quote(q.Libelle))))} {(common.Count == 1 ? "reçoit" : "reçoivent")} la même réponse dans tous les scénarios.");
        }
        if (PrioritiesTiedAtTheCut is { } tie)
        {
            sentences.Add($"Quoi ? {tie}");
        }
        return sentences;
    }

    /// <summary>
    /// « À égalité avec la dernière priorité retenue (2 points), 3 besoins ne sont pas retenus faute de place … : à
    /// arbitrer en comité de pilotage. », as the Quoi's analysis says it (the same words from a compact result).
    /// </summary>
    public string? PrioritiesTiedAtTheCut
    {
        get
        {
            var phrase = Result.Analyse.FirstOrDefault(a => a.Question == QuestionIds.Besoins)?.Phrase;
            var start = phrase?.IndexOf(Evaluation.AnswerFactory.TiedAtTheCutOpening, StringComparison.Ordinal) ?? -1;
            if (start < 0)
            {
                return null;
            }
            const string end = "comité de pilotage.";
            var stop = phrase!.IndexOf(end, start, StringComparison.Ordinal);
            return stop < 0 ? null : phrase[start..(stop + end.Length)];
        }
    }

    /// <summary>
    /// The net evidence of what defines a scenario, its posture and the main form of its geometry: what ranks the
    /// scenarios (ScenarioBuilder orders them by it, then by score) and what a tie is read on.
    /// </summary>
    public static double Defining(Scenario s) => s.Pilotage.Net + s.Lieux.Principale.Net;

    /// <summary>
    /// How the scenarios are ordered, as the evaluation orders them: by the net evidence of their posture and main
    /// form, not by their score, which also counts the Comment, the Pourquoi and the complementary forms of the Où.
    /// When a scenario further down has a higher score than one above it, the sentence names the first such pair.
    /// </summary>
    public string Ordering
    {
        get
        {
            var sentence = "Les scénarios sont rangés d'après les preuves nettes de ce qui les définit, leur posture (qui pilote) et la forme principale de leur géométrie (où) ; "
                + "leur score, qui compte aussi le comment, le pourquoi et les formes complémentaires du où, ne les départage qu'à égalité sur ces deux réponses";
            for (var i = 0; i < Scenarios.Count; i++)
            {
                for (var j = i + 1; j < Scenarios.Count; j++)
                {
                    var (above, below) = (Scenarios[i].Scenario, Scenarios[j].Scenario);
                    if (below.Score > above.Score)
                    {
                        return sentence + $" : le scénario {below.Rang} ({FrenchFormat.Count(below.Score, "point", "points")} de score, {FrenchFormat.Count(Defining(below), "point", "points")} pour sa posture et sa forme principale) "
                            + $"vient après le scénario {above.Rang} ({FrenchFormat.Count(above.Score, "point", "points")} de score, {FrenchFormat.Count(Defining(above), "point", "points")} pour sa posture et sa forme principale).";
                    }
                }
            }
            return sentence + ".";
        }
    }

    /// <summary>
    /// A scenario's score in words, with what it adds up and the part of it that ranks the scenario: « 42 points (qui pilote 11,
    /// comment 12, où 9, pourquoi 10 ; le quoi n'y compte pas), dont 18 points qui fixent le rang : la posture (11) et la forme
    /// principale du où (7 des 9 points du où) ». Each number is the net evidence the evaluation counts.
    /// </summary>
    public string ScoreText(ScenarioReading s)
    {
        var sc = s.Scenario;
        var parts = $"{FrenchFormat.Count(sc.Score, "point", "points")} ({string.Join(", ", ScoreParts(sc).Select(p => $"{p.Question} {FrenchFormat.Number(p.Points)}"))} ; le quoi n'y compte pas)";
        if (Scenarios.Count <= 1)
        {
            return parts;
        }
        var lieux = LieuxNet(sc);
        var main = sc.Lieux.Complements.Count == 0
            ? FrenchFormat.Number(sc.Lieux.Principale.Net)
            : $"{FrenchFormat.Number(sc.Lieux.Principale.Net)} des {FrenchFormat.Count(lieux, "point", "points")} du où";
        return $"{parts}, dont {Points(Defining(sc))} pour ce qui fixe le rang : la posture ({FrenchFormat.Number(sc.Pilotage.Net)}) et la forme principale du où ({main})";
    }

    /// <summary>
    /// What a scenario's score adds up, question by question, as the evaluation counts it: the net evidence of the posture,
    /// of the modalités (a modalité with more against than for counts 0), of the whole geometry and of the objectifs.
    /// </summary>
    public static IReadOnlyList<(string Question, double Points)> ScoreParts(Scenario s) =>
    [
        ("qui pilote", s.Pilotage.Net),
        ("comment", s.Modalites.Sum(m => Math.Max(0, m.Net))),
        ("où", LieuxNet(s)),
        ("pourquoi", s.Objectifs.Sum(o => o.Net)),
    ];

    /// <summary>« 11 + 12 + 9 + 10 »: the score's parts, in the order of <see cref="ScoreParts"/>.</summary>
    public static string ScoreSum(Scenario s) => string.Join(" + ", ScoreParts(s).Select(p => FrenchFormat.Number(p.Points)));

    /// <summary>« 11 + 7 »: the posture and the main form of the Où, what ranks the scenario.</summary>
    public static string DefiningSum(Scenario s) => $"{FrenchFormat.Number(s.Pilotage.Net)} + {FrenchFormat.Number(s.Lieux.Principale.Net)}";

    private static double LieuxNet(Scenario s) => s.Lieux.Principale.Net + s.Lieux.Complements.Sum(c => c.Net);

    private static string Points(double value) => FrenchFormat.Count(value, "point", "points");

    /// <summary>A fired rule's explanation as this territory's reader needs it (said of the commune when the territory is one).</summary>
    public string Explanation(Justification j) => _commune?.Rephrase(j) ?? j.Explication;

    /// <summary>How much evidence a scenario rests on, in one sentence.</summary>
    public string Support(ScenarioReading s)
    {
        var reasons = s.Scenario.Justifications.Count;
        var vigilance = s.Scenario.Vigilances.Count;
        return $"Il s'appuie sur {FrenchFormat.Count(reasons, "règle favorable", "règles favorables")} lisant {FrenchFormat.Count(s.Scenario.Convergence, "indicateur", "indicateurs")}"
            + (vigilance == 0 ? " ; aucune règle ne s'y oppose." : $" ; {FrenchFormat.Count(vigilance, "point de vigilance", "points de vigilance")}.");
    }

    /// <summary>A crossed need in a sentence: « santé pour les personnes âgées (critère : distance) ».</summary>
    public static string PriorityPhrase(Priority p) => CrossedNeed.RepeatsService(p.Service, p.Critere)
        ? $"{FrenchFormat.InSentence(p.Service.Libelle)} pour {Audience(p.Public.Libelle)}"
        : $"{FrenchFormat.InSentence(p.Service.Libelle)} pour {Audience(p.Public.Libelle)} (critère : {FrenchFormat.InSentence(p.Critere.Libelle)})";

    /// <summary>A crossed need in a table cell: « Santé × Personnes âgées × Distance ».</summary>
    public static string PriorityCell(Priority p) => CrossedNeed.LabelOf(p.Service, p.Public, p.Critere);

    /// <summary>Whether a consistency statement is a tension (an objection to arbitrate) rather than an agreement or an exclusion.</summary>
    public static bool IsTension(Coherence c) => c.Role == "tension";

    /// <summary>The role of a consistency statement in words, for a reader: « combinaison exigée », « affinité », « option écartée », « tension ».</summary>
    public static string CoherenceRoleLabel(string role) => role switch
    {
        "affinite" => "affinité",
        "exigence" => "combinaison exigée",
        "exclusion" => "combinaison exclue",
        "tension" => "tension à arbitrer",
        _ => "cohérence",
    };

    /// <summary>
    /// A consistency statement on one line of the text report: « = » binds two answers (required, affinity), « × » says why
    /// an option is absent (the posture excludes it, named), « ! » is a tension to arbitrate.
    /// </summary>
    public static string CoherenceLine(Coherence c) => c.Role switch
    {
        "tension" => $"! {c.Explication} ({c.Posture.Libelle} et {FrenchFormat.InSentence(c.Option.Libelle)} ; {c.Statut})",
        "exclusion" => $"× {c.Explication} (écarte {FrenchFormat.Quote(c.Option.Libelle)} ; {c.Statut})",
        _ => $"= {c.Explication} ({c.Statut})",
    };

    public ReportQuestion QuestionOf(string id) =>
        id == QuestionIds.Compatibilite ? Coherence : Questions.FirstOrDefault(q => q.Id == id) ?? new ReportQuestion(id, 99, "Autre question", "");

    private static string Audience(string publicLabel)
    {
        var lower = FrenchFormat.InSentence(publicLabel);
        return lower.StartsWith("tout", StringComparison.Ordinal) || lower.StartsWith("les ", StringComparison.Ordinal) || lower.StartsWith("la ", StringComparison.Ordinal)
            || lower.StartsWith("le ", StringComparison.Ordinal) || lower.StartsWith("l'", StringComparison.Ordinal)
            ? lower
            : "les " + lower;
    }

    private ScenarioReading Read(Scenario s)
    {
        var answers = new List<AnswerReading>();
        foreach (var q in Questions)
        {
            IReadOnlyList<string> items = q.Id switch
            {
                QuestionIds.Pilotage => [s.Pilotage.Libelle],
                QuestionIds.Modalites => s.Modalites.Select(m => m.Libelle).ToList(),
                QuestionIds.Lieux => [s.Lieux.Principale.Libelle, .. s.Lieux.Complements.Select(c => c.Libelle)],
                QuestionIds.Besoins => s.Priorites.Select(PriorityCell).ToList(),
                QuestionIds.Objectifs => s.Objectifs.Select(o => o.Libelle).ToList(),
                _ => [],
            };
            var certainty = QuestionIds.All.Contains(q.Id) ? s.Certitudes.Of(q.Id) : null;
            // The illustrative values the scenario's answers to this question rest on (the analyse names them too).
            IEnumerable<Answer> held = q.Id switch
            {
                QuestionIds.Pilotage => [s.Pilotage],
                QuestionIds.Modalites => s.Modalites,
                QuestionIds.Lieux => [s.Lieux.Principale, .. s.Lieux.Complements],
                QuestionIds.Objectifs => s.Objectifs,
                _ => [],
            };
            var illustrative = held.SelectMany(a => a.Illustratifs ?? []).DistinctBy(c => c.Id).Select(c => c.Libelle).ToList();
            // A fragile answer says what competes with it (for a geometry, the complement that weakens it).
            var reason = CertaintyReasons.Of(s, q.Id);
            answers.Add(new AnswerReading(q, items, certainty is null ? null : CertaintyLabel(certainty), illustrative.Count == 0 ? null : illustrative, reason));
        }
        var groups = Questions
            .Select(q => new ReasonGroup(q,
                Reasons(s.Justifications.Where(j => j.Question == q.Id).ToList()),
                Reasons(s.Vigilances.Where(j => j.Question == q.Id).ToList())))
            .ToList();
        // The strongest reason for the posture and for the place: what a reader hears first (one that counts).
        var main = new List<ReasonReading>();
        foreach (var question in new[] { QuestionIds.Pilotage, QuestionIds.Lieux })
        {
            var best = groups.First(g => g.Question.Id == question).Reasons.OrderBy(r => r.NotCounted is null ? 0 : 1).ThenByDescending(r => r.Justification.Poids).FirstOrDefault();
            if (best is not null)
            {
                main.Add(best);
            }
        }
        // A role that names no commune says why in its label (« itinérance : aucune commune à desservir n'est à plus de 10 km… »).
        var places = s.Lieux.LieuxNommes
            .Select(r => r.Communes.Count == 0 ? FrenchFormat.Capitalized(r.Libelle)
                : $"{FrenchFormat.Capitalized(r.Libelle)} : {FrenchFormat.Join(r.Communes.Select(c => c.DistanceKm is { } km ? $"{c.Nom} ({FrenchFormat.Number(km)}\u00a0km)" : c.Nom))}").ToList();
        return new ScenarioReading(s, answers, groups, main, places);
    }

    /// <summary>
    /// The rules of one question, each with, when it does not count, the rule of its option that counts for the same
    /// fact (the strongest one sharing an indicator with it): « ne compte pas : même fait que la règle de poids 3
    /// (« Part de la première commune ») ».
    /// </summary>
    private List<ReasonReading> Reasons(List<Justification> rules) =>
        rules.Select(j => new ReasonReading(QuestionOf(j.Question), OptionText(j), Read(j), j.Compte ? null : SameFact(j, rules))).ToList();

    private static string SameFact(Justification j, List<Justification> rules)
    {
        var read = j.Indicateurs.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        var counted = rules.Where(o => o.Compte && o.Option == j.Option && o.Effet == j.Effet && o.Indicateurs.Any(i => read.Contains(i.Id)))
            .OrderByDescending(o => o.Poids).FirstOrDefault();
        if (counted is null)
        {
            return "ne compte pas : même fait qu'une règle plus forte de cette option";
        }
        var shared = counted.Indicateurs.Where(i => read.Contains(i.Id)).Select(i => FrenchFormat.Quote(i.Libelle)).Distinct().ToList();
        return $"ne compte pas : même fait que la règle de poids {FrenchFormat.Number(counted.Poids)} ({FrenchFormat.Join(shared)})";
    }

    /// <summary>The rule as the reader reads it: its explanation said of the commune when the territory is one.</summary>
    private Justification Read(Justification j) => _commune is null ? j : j with { Explication = _commune.Rephrase(j) };

    /// <summary>The option a rule targets, in words (never its id).</summary>
    public string OptionText(Justification j)
    {
        switch (j.Question)
        {
            case QuestionIds.Besoins:
                // The option of a need rule is « service×public×critère » by ids, « * » for an axis it leaves open.
                var axes = j.Option.Split('×');
                if (axes.Length != 3)
                {
                    return "besoins croisés";
                }
                return CrossedNeed.LabelOf(Axis(_services, axes[0], "tous services"), Axis(_publics, axes[1], "tous publics"), Axis(_criteres, axes[2], "tout critère"));
            case QuestionIds.Compatibilite:
                var pair = j.Option.Split(" + ");
                return pair.Length == 2 ? $"{Option(pair[0])} et {FrenchFormat.InSentence(Option(pair[1]))}" : "cohérence des réponses";
            default:
                return Option(j.Option);
        }

        static Choice Axis(Dictionary<string, string> labels, string id, string any) =>
            new(id, id == "*" ? any : labels.GetValueOrDefault(id, "autre valeur"));
    }

    private string Option(string id) => _options.GetValueOrDefault(id, "autre option");
}
