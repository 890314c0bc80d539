using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Output;

namespace Cadrage.Rules.Evaluation;

/// <summary>
/// How firmly the evidence supports each answer: its net evidence against the best other option (the margin),
/// the independent indicators behind it, ties, and — when the tool cannot decide — the data to collect.
/// </summary>
/// <param name="postures">The postures on the table (the retained scenario's, or those of the leaders when they are
/// tied): an option every one of them excludes (« Faire » excludes « Déléguer ») is no answer of the analysis.</param>
internal sealed class AnswerFactory(RuleSet kb, ScoreBoard board, ProfileFacts facts, IReadOnlyList<OptionScore>? postures = null)
{
    private readonly double _tolerance = kb.Scenarios.ToleranceFragile;
    private readonly Dictionary<string, QuestionEvidence> _questions = new(StringComparer.Ordinal);
    private readonly IllustrativeEvidence? _illustrative = IllustrativeEvidence.Of(kb, board, facts);
    private AbsentEvidence? _absent;
    private bool _absentKnown;

    /// <summary>Built on the first established answer to check: most answers are not established.</summary>
    private AbsentEvidence? Absent
    {
        get
        {
            if (!_absentKnown)
            {
                _absent = AbsentEvidence.Of(kb, board, facts);
                _absentKnown = true;
            }
            return _absent;
        }
    }

    /// <summary>
    /// An option against its competitors: the options of <paramref name="all"/> it was chosen over, that is all but
    /// <paramref name="except"/> and those in <paramref name="notIn"/>, in their order.
    /// </summary>
    public Answer Single(OptionScore option, IReadOnlyList<OptionScore> all, OptionScore? except, IReadOnlyList<OptionScore>? notIn = null, string? requiredBy = null)
    {
        OptionScore? best = null;
        List<Choice>? tied = null;
        foreach (var other in all)
        {
            if (other.Excluded || other == except || notIn is not null && Contains(notIn, other))
            {
                continue;
            }
            if (best is null || other.Net > best.Net)
            {
                best = other;
            }
            if (option.Supported && other.Supported && other.Net == option.Net)
            {
                (tied ??= []).Add(other.Option.AsChoice);
            }
        }
        var margin = Math.Round(option.Net - Math.Max(0, best?.Net ?? 0), 2);
        var certitude = !option.Supported ? Certitudes.NonTranchee : margin > _tolerance ? Certitudes.Etablie : Certitudes.Fragile;
        IReadOnlyList<Choice>? illustrative = null;
        if (certitude == Certitudes.Etablie && _illustrative is not null)
        {
            // Established on the board; is it still ahead without the rules that read illustrative values?
            illustrative = _illustrative.LeadResting(option, all, except, notIn, _tolerance);
            if (illustrative is not null)
            {
                certitude = Certitudes.Fragile;
            }
        }
        IReadOnlyList<Choice>? absent = null;
        if (certitude == Certitudes.Etablie && Absent is { } missing)
        {
            // Established on the data the profile gives; could the data it lacks overturn it?
            absent = missing.LeadAtRisk(option, all, except, notIn);
            if (absent is not null)
            {
                certitude = Certitudes.Fragile;
            }
        }
        return new Answer(
            option.Option.Id,
            option.Option.Libelle,
            certitude,
            option.Support,
            option.Net,
            margin,
            option.Indicators,
            (IReadOnlyList<Choice>?)tied ?? [],
            best is { Net: > 0 } ? best.Option.AsChoice : null,
            requiredBy,
            illustrative,
            absent);
    }

    internal static bool Contains(IReadOnlyList<OptionScore> list, OptionScore option)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == option)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The options chosen for a multi-option answer, each against the best option left out.</summary>
    public List<Answer> Multiple(OptionScore posture, IReadOnlyList<OptionScore> chosen, IReadOnlyList<OptionScore> all, IReadOnlyList<OptionScore> required)
    {
        var left = all.Where(o => !Contains(chosen, o) && !board.Compatibility(posture, o).Incompatible).ToList();
        var answers = new List<Answer>(chosen.Count);
        foreach (var o in chosen)
        {
            answers.Add(Single(o, left, null, null, Contains(required, o) ? posture.Option.Libelle : null));
        }
        return answers;
    }

    /// <summary>The state of the evidence on one question, whatever the scenarios.</summary>
    public QuestionEvidence Question(string question)
    {
        if (_questions.TryGetValue(question, out var cached))
        {
            return cached;
        }
        var label = kb.Referentiel.Question(question).Libelle;
        QuestionEvidence evidence;
        if (question == QuestionIds.Besoins)
        {
            evidence = Needs(label);
        }
        else
        {
            // Single-answer questions compare each option with all the others; multi-answer questions (Comment,
            // Pourquoi) compare the options a scenario would hold (the best supported, up to the maximum) with those left out.
            var options = board.Of(question).OrderByDescending(o => o.Net).ThenBy(o => o.Order).ToList();
            var size = question switch
            {
                QuestionIds.Modalites => kb.Scenarios.ModalitesMax,
                QuestionIds.Objectifs => kb.Scenarios.ObjectifsMax,
                _ => 1,
            };
            // An option the posture on the table excludes is not held, whatever its evidence, and competes with none.
            var ruledOut = RuledOut(question, options);
            var held = options.Where(o => o.Supported && !Contains(ruledOut, o)).Take(size).ToList();
            var taken = ruledOut.Count == 0 ? held : [.. held, .. ruledOut];
            var answers = new List<Answer>(options.Count);
            foreach (var o in options)
            {
                answers.Add(Contains(held, o) ? Single(o, options, null, taken) : Single(o, options, o));
            }
            var heldAnswers = answers.Where((a, i) => Contains(held, options[i])).ToList();
            var certitude = held.Count == 0 ? Certitudes.NonTranchee : heldAnswers.Select(a => a.Certitude).Aggregate(Certitudes.Weakest);
            var data = certitude == Certitudes.Etablie ? [] : DataToCollect(question);
            // Said when the posture sets aside an option the evidence alone would have held.
            var setAside = ruledOut.Count == 0 ? [] : options.Where(o => o.Supported).Take(size).Where(o => Contains(ruledOut, o)).ToList();
            // The set-aside options are said after the answers, before the data to collect.
            var said = setAside.Count == 0 ? data : [];
            var sentence = size == 1
                ? Sentence(label, [.. heldAnswers, .. answers.Where(a => !heldAnswers.Contains(a))], said)
                : Sentence(label, heldAnswers, certitude, said);
            evidence = new QuestionEvidence(question, label, certitude, answers, data, setAside.Count == 0 ? sentence : WithSetAside(sentence, setAside) + DataTail(data));
        }
        _questions[question] = evidence;
        return evidence;
    }

    /// <summary>The options of a question every posture on the table excludes (none for the Qui, which holds the posture).</summary>
    private List<OptionScore> RuledOut(string question, IReadOnlyList<OptionScore> options)
    {
        if (postures is not { Count: > 0 } || question == QuestionIds.Pilotage)
        {
            return [];
        }
        return options.Where(o => !o.Excluded && postures.All(p => board.Compatibility(p, o).Incompatible)).ToList();
    }

    /// <summary>
    /// « « Déléguer » (3 points) n'en fait pas partie : la posture retenue « Faire » l'exclut. », before the data to collect: the option
    /// the evidence alone would have held is not presented as an answer, and the reader learns why it is missing.
    /// </summary>
    private string WithSetAside(string head, IReadOnlyList<OptionScore> setAside)
    {
        var options = French.List(setAside.Select(o => $"{French.Quote(o.Option.Libelle)} ({Points(o.Net)})").ToList());
        var by = postures!.Count == 1
            ? $"la posture retenue {French.Quote(postures[0].Option.Libelle)}"
            : $"chacune des postures en tête ({French.List(postures.Select(p => French.Quote(p.Option.Libelle)).ToList())})";
        return setAside.Count == 1
            ? $"{head} {options} n'en fait pas partie : {by} l'exclut."
            : $"{head} {options} n'en font pas partie : {by} les exclut.";
    }

    /// <summary>« Données à réunir : … », closing the sentence of a question that is not established.</summary>
    private static string DataTail(IReadOnlyList<Choice> data) =>
        data.Count > 0 ? $" Données à réunir : {French.List(data.Select(d => d.Libelle).ToList())}." : "";

    /// <summary>
    /// The Quoi: established when a priority rests on two independent sources (the diagnostic and a rule, or two rules);
    /// a diagnostic given for illustration is not a source (it says what a diagnostic could say, not what it says).
    /// </summary>
    private QuestionEvidence Needs(string label)
    {
        var priorities = facts.Priorities;
        var single = priorities.Count == 0 || priorities.All(n => Sources(n, measuredOnly: true) < 2);
        var data = single ? DataToCollect(QuestionIds.Besoins) : [];
        string certitude;
        string phrase;
        if (priorities.Count == 0)
        {
            certitude = Certitudes.NonTranchee;
            phrase = $"{label} Non tranché : ni le diagnostic ni le profil ne font ressortir de besoin croisé.";
        }
        else if (single && priorities.Any(n => Sources(n, measuredOnly: false) >= 2))
        {
            certitude = Certitudes.Fragile;
            phrase = $"{label} {French.Count(priorities.Count, "priorité", "priorités")} à confirmer par le diagnostic partagé : aucune ne repose sur deux sources mesurées (le diagnostic ou les valeurs qui les fondent sont donnés à titre d'exemple).";
        }
        else if (single)
        {
            certitude = Certitudes.Fragile;
            phrase = priorities.Count == 1
                ? $"{label} 1 priorité, fondée sur une seule source (le diagnostic ou une règle) : à confirmer."
                : $"{label} {French.Count(priorities.Count, "priorité", "priorités")}, chacune fondée sur une seule source (le diagnostic ou une règle) : à confirmer.";
        }
        else
        {
            certitude = Certitudes.Etablie;
            phrase = $"{label} {French.Count(priorities.Count, "priorité croisée", "priorités croisées")}, dont {French.Count(priorities.Count(n => Sources(n, measuredOnly: true) >= 2), "fondée", "fondées")} sur au moins deux sources.";
        }
        if (TiedAtTheCut(priorities) is { Count: > 0 } tied)
        {
            // Needs with the same score and diagnostic intensity as the last priority kept are left out by the
            // référentiel's order only: said as a tie, not hidden behind the maximum.
            var last = priorities[^1];
            phrase += $" {TiedAtTheCutOpening} ({Points(last.Score)}), {French.Count(tied.Count, "besoin n'est pas retenu", "besoins ne sont pas retenus")} faute de place ({kb.Scenarios.PrioritesMax} priorités au plus) : {string.Join(" ; ", tied.Select(n => n.Label(kb.Referentiel)))} ; à arbitrer en comité de pilotage.";
        }
        phrase += DataTail(data);
        return new QuestionEvidence(QuestionIds.Besoins, label, certitude, [], data, phrase);

        // The diagnostic and each rule that raised the need; with measuredOnly, neither an illustrative diagnostic nor a
        // rule that reads illustrative values counts.
        int Sources(CrossedNeed n, bool measuredOnly)
        {
            var sources = n.DiagnosticIntensity is > 0 && !(measuredOnly && n.DiagnosticIllustrative) ? 1 : 0;
            foreach (var rule in n.Raised)
            {
                sources += measuredOnly && IllustrativeEvidence.Reads(rule, facts.Illustrative) ? 0 : 1;
            }
            return sources;
        }
    }

    /// <summary>How the Quoi's sentence on needs tied at the cut opens (the reports find it by these words).</summary>
    public const string TiedAtTheCutOpening = "À égalité avec la dernière priorité retenue";

    /// <summary>The needs left out of the priorities with the same score and diagnostic intensity as the last one kept.</summary>
    private List<CrossedNeed> TiedAtTheCut(IReadOnlyList<CrossedNeed> priorities)
    {
        if (priorities.Count == 0 || facts.Needs.Count <= priorities.Count)
        {
            return [];
        }
        var last = priorities[^1];
        return facts.Needs.Skip(priorities.Count)
            .TakeWhile(n => n.Score == last.Score && n.DiagnosticIntensity == last.DiagnosticIntensity)
            .ToList();
    }

    /// <summary>The catalogue indicators the question's rules read that the profile does not state, among those of its scale.</summary>
    private IReadOnlyList<Choice> DataToCollect(string question) =>
        kb.Derived.QuestionIndicators[question]
            .Where(i => facts.Lacking[i])
            .Select(i => new Choice(kb.Indicators[i].Id, kb.Indicators[i].Libelle))
            .ToList();

    /// <summary>A multi-answer question: the options held, each with its evidence.</summary>
    private static string Sentence(string label, IReadOnlyList<Answer> held, string certitude, IReadOnlyList<Choice> data)
    {
        string text;
        if (held.Count == 0)
        {
            text = $"{label} Non tranché : aucune option n'est soutenue par les données du profil.";
        }
        else
        {
            text = $"{label} {French.List(held.Select(a => $"{French.Quote(a.Libelle)} ({Points(a.Net)})").ToList())}";
            var resting = held.Where(a => a.Illustratifs is not null).ToList();
            var atRisk = held.Where(a => a.DonneesAbsentes is not null).ToList();
            if (resting.Count == 0 && atRisk.Count > 0 && held.All(a => a.Certitude == Certitudes.Etablie || a.DonneesAbsentes is not null))
            {
                // Fragile only because data the profile lacks could overturn a lead.
                var whose = atRisk.Count == held.Count && held.Count == 1 ? "son avance" : $"l'avance de {French.List(atRisk.Select(a => French.Quote(a.Libelle)).ToList())}";
                text += $", mais des données absentes du profil pourraient renverser {whose} ({AbsentNames(atRisk)}) : réponse fragile tant qu'elles ne sont pas connues.";
            }
            else if (resting.Count == 0)
            {
                text += certitude == Certitudes.Etablie ? "." : " : réponse fragile, d'autres options sont proches.";
            }
            else
            {
                // Fragile because a lead rests on illustrative values, and perhaps also because other options are close.
                var close = held.Any(a => a.Certitude != Certitudes.Etablie && a.Illustratifs is null);
                var whose = resting.Count == held.Count && held.Count == 1 ? "son avance" : $"l'avance de {French.List(resting.Select(a => French.Quote(a.Libelle)).ToList())}";
                text += close
                    ? $" : réponse fragile, d'autres options sont proches ; {whose} repose en outre sur {IllustrativeValues(resting)}."
                    : $", mais {whose} repose sur {IllustrativeValues(resting)} : {UntilMeasured(resting)}.";
            }
        }
        return text + DataTail(data);
    }

    /// <summary>« des valeurs illustratives (Conventions en cours et Démarches en préparation) », « une valeur illustrative (…) ».</summary>
    private static string IllustrativeValues(IReadOnlyList<Answer> answers)
    {
        var names = Names(answers);
        return $"{(names.Count >= 2 ? "des valeurs illustratives" : "une valeur illustrative")} ({French.List(names)})";
    }

    /// <summary>« réponse fragile tant qu'elles ne sont pas remplacées par des données mesurées ».</summary>
    private static string UntilMeasured(IReadOnlyList<Answer> answers) => Names(answers).Count >= 2
        ? "réponse fragile tant qu'elles ne sont pas remplacées par des données mesurées"
        : "réponse fragile tant qu'elle n'est pas remplacée par une donnée mesurée";

    /// <summary>The labels of the missing indicators that could overturn the answers, once each: « Compétences exercées et Conventions en cours ».</summary>
    private static string AbsentNames(IReadOnlyList<Answer> answers) =>
        French.List(CertaintyReasons.FirstOf(answers.SelectMany(a => a.DonneesAbsentes ?? []).DistinctBy(c => c.Id).Select(c => c.Libelle).ToList()));

    private static List<string> Names(IReadOnlyList<Answer> answers) =>
        answers.SelectMany(a => a.Illustratifs ?? []).DistinctBy(c => c.Id).Select(c => c.Libelle).ToList();

    private static string Points(double net) => $"{FrenchFormat.Number(net)}\u00a0{(Math.Abs(net) >= 2 ? "points" : "point")}";

    private static string Sentence(string label, IReadOnlyList<Answer> answers, IReadOnlyList<Choice> data)
    {
        var leader = answers[0];
        var second = leader.Concurrente is { } rival ? answers.First(a => a.Id == rival.Id) : null;
        string text;
        if (leader.Certitude == Certitudes.NonTranchee)
        {
            text = $"{label} Non tranché : aucune option n'est soutenue par les données du profil.";
        }
        else if (leader.ExAequo.Count > 0)
        {
            text = $"{label} Non tranché : {French.List([French.Quote(leader.Libelle), .. leader.ExAequo.Select(c => French.Quote(c.Libelle))])} sont à égalité ({Points(leader.Net)} chacune).";
        }
        else if (leader.Illustratifs is not null)
        {
            var against = second is { Net: > 0 } ? $" contre {Points(second.Net)} pour {French.Quote(second.Libelle)}" : "";
            text = $"{label} {French.Quote(leader.Libelle)} l'emporte ({Points(leader.Net)}{against}), mais son avance repose sur {IllustrativeValues([leader])} : {UntilMeasured([leader])}.";
        }
        else if (leader.DonneesAbsentes is not null)
        {
            var against = second is { Net: > 0 } ? $" contre {Points(second.Net)} pour {French.Quote(second.Libelle)}" : "";
            text = $"{label} {French.Quote(leader.Libelle)} l'emporte sur les données du profil ({Points(leader.Net)}{against}), mais des données absentes pourraient renverser son avance ({AbsentNames([leader])}) : réponse fragile tant qu'elles ne sont pas connues.";
        }
        else if (leader.Certitude == Certitudes.Fragile)
        {
            text = second is null
                ? $"{label} {French.Quote(leader.Libelle)} n'est soutenu que par {Points(leader.Net)} : réponse fragile."
                : $"{label} {French.Quote(leader.Libelle)} l'emporte de peu ({Points(leader.Net)} contre {Points(second.Net)} pour {French.Quote(second.Libelle)}) : réponse fragile.";
        }
        else
        {
            var against = second is { Net: > 0 } ? $" contre {Points(second.Net)} pour {French.Quote(second.Libelle)}" : "";
            text = $"{label} {French.Quote(leader.Libelle)} est établi : {Points(leader.Net)}{against}, sur {French.Count(leader.Indicateurs, "indicateur indépendant", "indicateurs indépendants")}.";
        }
        return text + DataTail(data);
    }
}
