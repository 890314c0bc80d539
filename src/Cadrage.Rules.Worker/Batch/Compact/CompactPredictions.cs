using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Evaluation;
using Cadrage.Rules.Output;

namespace Cadrage.Rules.Worker.Batch.Compact;

/// <summary>The evidence numbers of one option of a question, all a prediction of its answer needs.</summary>
public readonly record struct OptionNumbers(string Id, double Soutien, double Net, int Indicateurs, bool Excluded)
{
    /// <summary>As the evaluation says: not excluded, supported by at least one rule, net evidence above zero.</summary>
    public bool Supported => !Excluded && Soutien > 0 && Net > 0;
}

/// <summary>
/// What the writer and the reader of the compact form both derive from a line and its dictionary: a field equal to
/// its prediction is left out of the line, any other is written as it is. The predictions follow the evaluation's
/// own rules (certainty against the best competitor, labels by id, explanation templates, texts of values); when
/// one is wrong for some result, the field is simply written, so the rebuild stays exact whatever the prediction.
/// </summary>
public static class CompactPredictions
{
    /// <summary>
    /// An answer against the options of <paramref name="all"/> marked in <paramref name="competitor"/>, in their order
    /// (the first best wins; ties listed in order). Allocates only the answer and, when there are ties, their list.
    /// </summary>
    private static Answer Single(CompactDictionary d, OptionNumbers option, ReadOnlySpan<OptionNumbers> all, ReadOnlySpan<bool> competitor, string? requiredBy)
    {
        var best = -1;
        List<Choice>? tied = null;
        for (var i = 0; i < all.Length; i++)
        {
            if (!competitor[i] || all[i].Excluded)
            {
                continue;
            }
            var other = all[i];
            if (best < 0 || other.Net > all[best].Net)
            {
                best = i;
            }
            if (option.Supported && other.Supported && other.Net == option.Net)
            {
                (tied ??= []).Add(d.ChoiceOf(other.Id));
            }
        }
        var bestNet = best < 0 ? 0 : all[best].Net;
        var margin = Math.Round(option.Net - Math.Max(0, bestNet), 2);
        var certitude = !option.Supported ? Certitudes.NonTranchee : margin > d.ToleranceFragile ? Certitudes.Etablie : Certitudes.Fragile;
        return new Answer(option.Id, Label(d, option.Id), certitude, option.Soutien, option.Net, margin, option.Indicateurs, (IReadOnlyList<Choice>?)tied ?? [],
            best >= 0 && bestNet > 0 ? d.ChoiceOf(all[best].Id) : null, requiredBy);
    }

    /// <summary>The answers of a question of the analyse, its options in the order of the list.</summary>
    public static Answer[] Analyse(CompactDictionary d, string question, IReadOnlyList<OptionNumbers> options)
    {
        var size = HeldMax(d, question);
        var all = options as OptionNumbers[] ?? [.. options];
        Span<bool> held = all.Length <= 64 ? stackalloc bool[all.Length] : new bool[all.Length];
        for (var i = 0; i < all.Length && size > 0; i++)
        {
            if (all[i].Supported)
            {
                held[i] = true;
                size--;
            }
        }
        Span<bool> competitor = all.Length <= 64 ? stackalloc bool[all.Length] : new bool[all.Length];
        // Whether an option of each one's id is held (ids compared as a set), worked out once per question.
        Span<bool> heldId = all.Length <= 64 ? stackalloc bool[all.Length] : new bool[all.Length];
        for (var k = 0; k < all.Length; k++)
        {
            heldId[k] = HeldId(all, held, all[k].Id);
        }
        var answers = new Answer[all.Length];
        for (var i = 0; i < all.Length; i++)
        {
            // The options held compete with those left out; any other option with every option but itself (by id).
            var heldHere = heldId[i];
            for (var k = 0; k < all.Length; k++)
            {
                competitor[k] = heldHere ? !heldId[k] : all[k].Id != all[i].Id;
            }
            answers[i] = Single(d, all[i], all, competitor, null);
        }
        return answers;
    }

    /// <summary>How many options a scenario holds for a question (Comment and Pourquoi hold several).</summary>
    private static int HeldMax(CompactDictionary d, string question) => question switch
    {
        QuestionIds.Modalites => d.ModalitesMax,
        QuestionIds.Objectifs => d.ObjectifsMax,
        _ => 1,
    };

    /// <summary>Whether an option of this id is held (ids compared as a set, as the evaluation does).</summary>
    private static bool HeldId(ReadOnlySpan<OptionNumbers> all, ReadOnlySpan<bool> held, string id)
    {
        for (var i = 0; i < all.Length; i++)
        {
            if (held[i] && all[i].Id == id)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The warnings about missing indicators, in the order of the missing indicators.</summary>
    public static List<string> MissingWarnings(CompactDictionary d, IReadOnlyList<MissingIndicator> missing) => [.. ExpectedWarnings(d, missing)];

    private static IEnumerable<string> ExpectedWarnings(CompactDictionary d, IReadOnlyList<MissingIndicator> missing)
    {
        foreach (var m in missing)
        {
            if (d.IndicatorById.TryGetValue(m.Id, out var i) && i.Avertissement is { } warning)
            {
                yield return warning;
            }
        }
    }

    /// <summary>The certainty of a question of the analyse: the weakest of the options held, non tranchée when none is.</summary>
    public static string AnalyseCertainty(CompactDictionary d, string question, IReadOnlyList<OptionNumbers> options, IReadOnlyList<Answer> answers)
    {
        var held = 0;
        foreach (var o in options)
        {
            held += o.Supported ? 1 : 0;
        }
        held = Math.Min(held, HeldMax(d, question));
        if (held == 0)
        {
            return Certitudes.NonTranchee;
        }
        var weakest = answers[0].Certitude;
        for (var i = 1; i < held; i++)
        {
            weakest = Certitudes.Weakest(weakest, answers[i].Certitude);
        }
        return weakest;
    }

    /// <summary>The options of a question in the référentiel's order, with their numbers from the analyse.</summary>
    public static List<OptionNumbers> InReferentielOrder(CompactDictionary d, string question, IReadOnlyDictionary<string, OptionNumbers> numbers) =>
        d.Options.TryGetValue(question, out var options)
            ? options.Select(o => numbers.TryGetValue(o.Id, out var n) ? n : new OptionNumbers(o.Id, 0, 0, 0, false)).ToList()
            : [];

    /// <summary>The answers of a scenario, predicted from the analyse (pilotage and main geometry against every other option,
    /// complements against those left, multi-option answers against the options not chosen).</summary>
    public static Answer ScenarioAnswer(CompactDictionary d, string question, string id, IReadOnlyDictionary<string, OptionNumbers> numbers, IReadOnlyCollection<string> notCompetitors)
    {
        var option = numbers.TryGetValue(id, out var n) ? n : new OptionNumbers(id, 0, 0, 0, false);
        if (!d.Options.TryGetValue(question, out var options))
        {
            return Single(d, option, ReadOnlySpan<OptionNumbers>.Empty, ReadOnlySpan<bool>.Empty, null);
        }
        var all = System.Buffers.ArrayPool<OptionNumbers>.Shared.Rent(options.Count);
        try
        {
            Span<bool> competitor = options.Count <= 64 ? stackalloc bool[options.Count] : new bool[options.Count];
            for (var i = 0; i < options.Count; i++)
            {
                var o = options[i];
                all[i] = numbers.TryGetValue(o.Id, out var x) ? x : new OptionNumbers(o.Id, 0, 0, 0, false);
                competitor[i] = o.Id != id && !notCompetitors.Contains(o.Id);
            }
            return Single(d, option, all.AsSpan(0, options.Count), competitor, null);
        }
        finally
        {
            System.Buffers.ArrayPool<OptionNumbers>.Shared.Return(all, clearArray: true);
        }
    }

    public static string Label(CompactDictionary d, string id) => d.OptionLabels.TryGetValue(id, out var label) ? label : id;

    public static Choice Choice(CompactDictionary d, string id) => d.ChoiceOf(id);

    /// <summary>The title of a scenario: « posture · main geometry + complements ».</summary>
    public static string Title(Answer pilotage, Geometry lieux) =>
        $"{pilotage.Libelle} · {lieux.Principale.Libelle}{string.Concat(lieux.Complements.Select(c => " + " + c.Libelle))}";

    /// <summary>The certainties of a scenario's five answers.</summary>
    public static AnswerCertainties Certainties(Answer pilotage, IReadOnlyList<Answer> modalites, Geometry lieux, string besoins, IReadOnlyList<Answer> objectifs) => new(
        pilotage.Certitude,
        modalites.Count == 0 ? Certitudes.NonTranchee : modalites.Select(m => m.Certitude).Aggregate(Certitudes.Weakest),
        lieux.Certitude,
        besoins,
        objectifs.Count == 0 ? Certitudes.NonTranchee : objectifs.Select(o => o.Certitude).Aggregate(Certitudes.Weakest));

    /// <summary>The role a compatibility rule plays in a scenario's cohérence, from its effect.</summary>
    public static string? CoherenceRole(string effet) => effet switch
    {
        "requise" => "exigence",
        "affinite" => "affinite",
        "tension" => "tension",
        "incompatible" => "exclusion",
        _ => null,
    };

    /// <summary>« a, b et c ».</summary>
    public static string List(IReadOnlyList<string> items) => items.Count switch
    {
        0 => "",
        1 => items[0],
        _ => string.Join(", ", items.Take(items.Count - 1)) + " et " + items[^1],
    };

    /// <summary>The description of a geometry, as the evaluation writes it from its named places (or says why it names none).</summary>
    public static string GeometryDescription(Geometry g, TerritoryRef territoire, IReadOnlyDictionary<string, PortraitEntry> portrait)
    {
        var labels = List([g.Principale.Libelle, .. g.Complements.Select(c => c.Libelle)]);
        if (g.LieuxNommes.Count == 0)
        {
            var single = portrait.TryGetValue("nombre_communes", out var count) && count.Valeur is double c && c == 1;
            return single
                ? $"{labels} : un territoire d'une seule commune ({territoire.Nom})"
                : $"{labels} (communes membres non renseignées dans le profil : les lieux ne peuvent pas être nommés)";
        }
        var description = string.Join(" ; ", g.LieuxNommes.Select(r => r.Communes.Count == 0 ? r.Libelle :
            $"{r.Libelle} : {string.Join(", ", r.Communes.Select(n => n.DistanceKm is { } km ? $"{n.Nom} ({FrenchFormat.Number(km)}\u00a0km)" : n.Nom))}"));
        return description.Length > 0 ? description : labels;
    }

    /// <summary>
    /// Whether <paramref name="actual"/> is the <see cref="GeometryDescription"/> of <paramref name="g"/>, compared piece by
    /// piece without building it when the geometry names places.
    /// </summary>
    public static bool IsGeometryDescription(Geometry g, TerritoryRef territoire, IReadOnlyDictionary<string, PortraitEntry> portrait, string actual)
    {
        var at = 0;
        var any = false;
        foreach (var r in g.LieuxNommes)
        {
            // A role that names no commune is its label alone (it says why).
            if (any && !Take(actual, ref at, " ; ") || !Take(actual, ref at, r.Libelle) || r.Communes.Count > 0 && !Take(actual, ref at, " : "))
            {
                return false;
            }
            any = true;
            for (var i = 0; i < r.Communes.Count; i++)
            {
                var n = r.Communes[i];
                if (i > 0 && !Take(actual, ref at, ", ") || !Take(actual, ref at, n.Nom))
                {
                    return false;
                }
                if (n.DistanceKm is { } km && !(Take(actual, ref at, " (") && Take(actual, ref at, FrenchFormat.Number(km)) && Take(actual, ref at, "\u00a0km)")))
                {
                    return false;
                }
            }
        }
        return any ? at == actual.Length : actual == GeometryDescription(g, territoire, portrait);

        static bool Take(string actual, ref int at, string? piece)
        {
            if (piece is null)
            {
                return true; // written as nothing, as an interpolated null
            }
            if (!actual.AsSpan(at).StartsWith(piece, StringComparison.Ordinal))
            {
                return false;
            }
            at += piece.Length;
            return true;
        }
    }

    private const int PriorityKeysKept = 2_000;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string[]> KnownPriorityKeys = new(StringComparer.Ordinal);

    /// <summary>
    /// The keys the rules read as the calculated « priorites » indicator: built once per distinct list of priorities
    /// (a batch has a few hundred) and shared, read-only, as the evaluation shares them.
    /// </summary>
    public static string[] PriorityKeys(IReadOnlyList<Priority> priorities)
    {
        if (priorities.Count == 0)
        {
            return [];
        }
        var id = string.Join('|', priorities.Select(n => $"{n.Service.Id}/{n.Public.Id}/{n.Critere.Id}"));
        if (KnownPriorityKeys.TryGetValue(id, out var known))
        {
            return known;
        }
        known = BuildPriorityKeys(priorities);
        if (KnownPriorityKeys.Count < PriorityKeysKept)
        {
            KnownPriorityKeys.TryAdd(id, known);
        }
        return known;
    }

    private static string[] BuildPriorityKeys(IReadOnlyList<Priority> priorities)
    {
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var n in priorities)
        {
            var (s, p, c) = (n.Service.Id, n.Public.Id, n.Critere.Id);
            keys.Add("s:" + s);
            keys.Add("p:" + p);
            keys.Add("c:" + c);
            keys.Add($"s+p:{s}/{p}");
            keys.Add($"s+c:{s}/{c}");
            keys.Add($"p+c:{p}/{c}");
            keys.Add($"s+p+c:{s}/{p}/{c}");
        }
        return [.. keys];
    }

    /// <summary>The text of the calculated « priorites » indicator.</summary>
    public static string PrioritiesText(IReadOnlyList<Priority> priorities) => priorities.Count == 0
        ? "aucune priorité"
        : string.Join(" ; ", priorities.Select(n => CrossedNeed.LabelOf(n.Service, n.Public, n.Critere)));

    /// <summary>What a rule read, from the portrait (or the priorities for the calculated indicator).</summary>
    public static IndicatorReading? Reading(CompactDictionary d, string id, IReadOnlyDictionary<string, PortraitEntry> portrait, IReadOnlyList<Priority>? priorities)
    {
        if (!d.IndicatorById.TryGetValue(id, out var definition))
        {
            return null;
        }
        if (definition.Calcule)
        {
            return priorities is null ? null : new IndicatorReading(id, definition.Libelle, PriorityKeys(priorities), PrioritiesText(priorities), null, definition.Source, null);
        }
        return portrait.TryGetValue(id, out var entry)
            ? new IndicatorReading(id, definition.Libelle, entry.Valeur, entry.Texte, definition.Unite, entry.Source, entry.Millesime)
            : null;
    }

    /// <summary>A rule's explanation with the values of the territory written in (null when a value is unknown).</summary>
    public static string? Explanation(CompactDictionary d, DictionaryRule rule, IReadOnlyDictionary<string, PortraitEntry> portrait, IReadOnlyList<Priority>? priorities)
    {
        if (rule.Explication is [{ Text: { } only }])
        {
            return only;
        }
        string? prioritiesText = null;
        var text = new System.Text.StringBuilder();
        foreach (var segment in rule.Explication)
        {
            if (Piece(d, segment, portrait, priorities, ref prioritiesText) is not { } piece)
            {
                return null;
            }
            text.Append(piece);
        }
        return text.ToString();
    }

    /// <summary>
    /// Whether <paramref name="actual"/> is the rule's <see cref="Explanation"/> for this territory (or "" when a value
    /// is unknown, as a predicted justification says), compared piece by piece without building it.
    /// <paramref name="prioritiesText"/> keeps the text of the priorities once computed.
    /// </summary>
    public static bool IsExplanation(CompactDictionary d, DictionaryRule rule, IReadOnlyDictionary<string, PortraitEntry> portrait, IReadOnlyList<Priority>? priorities, ref string? prioritiesText, string actual)
    {
        if (rule.Explication is [{ Text: { } only }])
        {
            return actual == only;
        }
        foreach (var segment in rule.Explication)
        {
            if (Piece(d, segment, portrait, priorities, ref prioritiesText) is null)
            {
                return actual.Length == 0;
            }
        }
        var at = 0;
        foreach (var segment in rule.Explication)
        {
            var piece = Piece(d, segment, portrait, priorities, ref prioritiesText)!;
            if (!actual.AsSpan(at).StartsWith(piece, StringComparison.Ordinal))
            {
                return false;
            }
            at += piece.Length;
        }
        return at == actual.Length;
    }

    /// <summary>A piece of an explanation: its literal text, or the text of the indicator value it cites (null when unknown).</summary>
    private static string? Piece(CompactDictionary d, ExplanationSegment segment, IReadOnlyDictionary<string, PortraitEntry> portrait, IReadOnlyList<Priority>? priorities, ref string? prioritiesText)
    {
        if (segment.Text is not null)
        {
            return segment.Text;
        }
        if (d.IndicatorById.TryGetValue(segment.Indicateur!, out var definition) && definition.Calcule)
        {
            return priorities is null ? null : prioritiesText ??= PrioritiesText(priorities);
        }
        return portrait.TryGetValue(segment.Indicateur!, out var entry) ? entry.Texte : null;
    }

    /// <summary>A justification as the rule says it for this territory (compte: true).</summary>
    public static Justification? Justification(CompactDictionary d, string name, IReadOnlyDictionary<string, PortraitEntry> portrait, IReadOnlyList<Priority>? priorities)
    {
        if (!d.RuleByName.TryGetValue(name, out var rule))
        {
            return null;
        }
        var readings = new IndicatorReading[rule.Indicateurs.Count];
        for (var i = 0; i < readings.Length; i++)
        {
            if (Reading(d, rule.Indicateurs[i], portrait, priorities) is not { } reading)
            {
                return null;
            }
            readings[i] = reading;
        }
        return new Justification(rule.Nom, rule.Question, rule.Option, rule.LibelleOption, rule.Effet, rule.Poids, true,
            Explanation(d, rule, portrait, priorities) ?? "", rule.Source, rule.Statut, rule.Fichier, readings);
    }

    /// <summary>A consistency statement as the compatibility rule says it (its role from its effect).</summary>
    public static Coherence? Coherence(CompactDictionary d, string name, IReadOnlyDictionary<string, PortraitEntry> portrait, IReadOnlyList<Priority>? priorities)
    {
        if (!d.RuleByName.TryGetValue(name, out var rule) || rule.Posture is null || rule.Cible is null)
        {
            return null;
        }
        return new Coherence(rule.Nom, rule.Effet, Choice(d, rule.Posture), Choice(d, rule.Cible), CoherenceRole(rule.Effet) ?? "",
            Explanation(d, rule, portrait, priorities) ?? "", rule.Source, rule.Statut);
    }

    /// <summary>The data to collect for a question that is not established: the indicators its rules read that the profile lacks.</summary>
    public static List<Choice> DataToCollect(CompactDictionary d, string question, string certitude, string echelle, IReadOnlyDictionary<string, PortraitEntry> portrait)
    {
        var data = new List<Choice>();
        foreach (var i in DataOf(d, question, certitude, echelle))
        {
            if (!portrait.ContainsKey(i.Id))
            {
                data.Add(new Choice(i.Id, i.Libelle));
            }
        }
        return data;
    }

    /// <summary>Whether <paramref name="actual"/> is <see cref="DataToCollect"/> (compared without building it).</summary>
    public static bool IsDataToCollect(CompactDictionary d, string question, string certitude, string echelle, IReadOnlyDictionary<string, PortraitEntry> portrait, IReadOnlyList<Choice> actual)
    {
        var k = 0;
        foreach (var i in DataOf(d, question, certitude, echelle))
        {
            if (portrait.ContainsKey(i.Id))
            {
                continue;
            }
            if (k >= actual.Count || actual[k].Id != i.Id || actual[k].Libelle != i.Libelle)
            {
                return false;
            }
            k++;
        }
        return k == actual.Count;
    }

    /// <summary>The indicators of this scale the rules of a question read (none when it is established).</summary>
    private static DictionaryIndicator[] DataOf(CompactDictionary d, string question, string certitude, string echelle) =>
        certitude == Certitudes.Etablie || !d.ForScale(echelle).DataByQuestion.TryGetValue(question, out var data) ? [] : data;

    /// <summary>Whether <paramref name="actual"/> is <see cref="Missing"/> (compared without building it).</summary>
    public static bool IsMissing(CompactDictionary d, string echelle, IReadOnlyDictionary<string, PortraitEntry> portrait, IReadOnlyList<MissingIndicator> actual)
    {
        var k = 0;
        foreach (var i in d.ForScale(echelle).Missable)
        {
            if (portrait.ContainsKey(i.Id))
            {
                continue;
            }
            if (k >= actual.Count || actual[k].Id != i.Id || actual[k].Libelle != i.Libelle || !Same.Strings(actual[k].Regles, i.Regles))
            {
                return false;
            }
            k++;
        }
        return k == actual.Count;
    }

    private static IEnumerable<DictionaryIndicator> MissingFrom(CompactDictionary d, string echelle, IReadOnlyDictionary<string, PortraitEntry> portrait) =>
        d.ForScale(echelle).Missable.Where(i => !portrait.ContainsKey(i.Id));

    /// <summary>
    /// How many of <paramref name="warnings"/> are, at their start, the <see cref="MissingWarnings"/> of
    /// <paramref name="missing"/> (-1 when they do not start with them).
    /// </summary>
    public static int MissingWarningsPrefix(CompactDictionary d, IReadOnlyList<MissingIndicator> missing, IReadOnlyList<string> warnings)
    {
        var k = 0;
        foreach (var expected in ExpectedWarnings(d, missing))
        {
            if (k >= warnings.Count || warnings[k] != expected)
            {
                return -1;
            }
            k++;
        }
        return k;
    }

    /// <summary>The indicators some rules needed and the profile did not state.</summary>
    public static List<MissingIndicator> Missing(CompactDictionary d, string echelle, IReadOnlyDictionary<string, PortraitEntry> portrait) =>
        MissingFrom(d, echelle, portrait).Select(i => new MissingIndicator(i.Id, i.Libelle, i.Regles)).ToList();

    /// <summary>A portrait entry as the catalogue and the batch's default provenance say it.</summary>
    public static PortraitEntry Portrait(CompactDictionary d, string id, object valeur, (string? Source, string? Millesime) provenance)
    {
        if (d.IndicatorById.TryGetValue(id, out var definition))
        {
            return new PortraitEntry(id, definition.Libelle, definition.Theme, valeur, definition.Text(valeur), provenance.Source, provenance.Millesime, false, definition.Levier);
        }
        return new PortraitEntry(id, id, null, valeur, FrenchFormat.Value(valeur), provenance.Source, provenance.Millesime, false, false);
    }

    /// <summary>The certainty of the needs: none crossed, non tranchée; otherwise fragile (a line says so when it is not).</summary>
    public static string NeedsCertainty(int priorities) => priorities == 0 ? Certitudes.NonTranchee : Certitudes.Fragile;

    /// <summary>A scenario's score: the support of its answers, summed in the order the line lists them.</summary>
    public static double Score(Answer pilotage, IReadOnlyList<Answer> modalites, Geometry lieux, IReadOnlyList<Answer> objectifs)
    {
        var score = pilotage.Soutien;
        foreach (var m in modalites)
        {
            score += m.Soutien;
        }
        score += lieux.Principale.Soutien;
        foreach (var c in lieux.Complements)
        {
            score += c.Soutien;
        }
        foreach (var o in objectifs)
        {
            score += o.Soutien;
        }
        return score;
    }

    /// <summary>A scenario's convergence: the distinct indicators read by the justifications that count.</summary>
    public static int Convergence(IReadOnlyList<Justification> justifications) => Convergence(justifications, new HashSet<string>(StringComparer.Ordinal));

    /// <summary>A scenario's convergence, counted in a set the caller reuses (cleared first).</summary>
    public static int Convergence(IReadOnlyList<Justification> justifications, HashSet<string> seen)
    {
        seen.Clear();
        foreach (var j in justifications)
        {
            if (j.Compte)
            {
                foreach (var reading in j.Indicateurs)
                {
                    seen.Add(reading.Id);
                }
            }
        }
        return seen.Count;
    }

    /// <summary>A scenario's status from the scores: tied with the first, ex aequo; else the first is retenu, the others alternatives.</summary>
    public static string Status(int index, IReadOnlyList<double> scores)
    {
        var tied = index == 0 ? scores.Count > 1 && Same.Number(scores[1], scores[0]) : Same.Number(scores[index], scores[0]);
        return tied ? "ex-aequo" : index == 0 ? "retenu" : "alternative";
    }

    /// <summary>The service, public and critère of a crossed need found by one rule of the need question naming all three.</summary>
    public static (Choice Service, Choice Public, Choice Critere)? PriorityAxes(CompactDictionary d, IReadOnlyList<string> rules)
    {
        if (rules.Count != 1 || !d.RuleByName.TryGetValue(rules[0], out var rule) || rule.Question != QuestionIds.Besoins)
        {
            return null;
        }
        var parts = rule.Option.Split('×');
        if (parts.Length != 3 || !d.OptionLabels.TryGetValue(parts[0], out var service) || !d.OptionLabels.TryGetValue(parts[1], out var @public)
            || !d.OptionLabels.TryGetValue(parts[2], out var critere))
        {
            return null;
        }
        return (new Choice(parts[0], service), new Choice(parts[1], @public), new Choice(parts[2], critere));
    }
}
