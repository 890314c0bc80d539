using System.Buffers;
using System.Buffers.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Output;

namespace Cadrage.Rules.Worker.Batch.Compact;

/// <summary>Where a shared text goes in a line encoded by <see cref="CompactWriter.Encode"/>: the byte of its placeholder.</summary>
public readonly record struct TextSlot(int Position, string Text);

/// <summary>
/// Writes a result in the compact form: the output contract's structure and key names, each field left out when
/// the dictionary and the rest of the line predict it (labels, rule texts, explanation templates, texts of values,
/// certainties against competitors), shared texts replaced by their index in the dictionary.
/// <para>
/// Two ways to write. <see cref="Write"/> numbers the shared texts and sets the default provenances as it goes (one
/// writer, lines in input order). A batch instead encodes each line on the worker that evaluated it
/// (<see cref="Encode"/>: one <see cref="CompactWriter"/> per worker, default provenances frozen beforehand with
/// <see cref="CompactDictionary.SeedProvenances"/>), leaving a one-byte placeholder where each shared text goes; its
/// single writer then only numbers those texts, in input order, while copying the bytes (<see cref="Patch"/>). Both
/// give the same bytes for the same lines in the same order.
/// </para>
/// </summary>
public sealed class CompactWriter(CompactDictionary dictionary)
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = false };
    private readonly CompactDictionary d = dictionary;
    private readonly Scratch _scratch = new();
    private Utf8JsonWriter? _writer;

    public CompactDictionary Dictionary => d;

    /// <summary>Writes one result as one compact JSON object (no newline), numbering its shared texts at once.</summary>
    public void Write(IBufferWriter<byte> buffer, EvaluationResult result) => Run(buffer, result, null);

    /// <summary>
    /// Encodes one result as one compact JSON object (no newline) without touching the dictionary: each shared text
    /// is written as the placeholder <c>0</c> and added to <paramref name="texts"/> with its byte position (from the
    /// start of what this call writes). Thread-safe across writers sharing a dictionary whose provenances are seeded.
    /// </summary>
    public void Encode(IBufferWriter<byte> buffer, EvaluationResult result, List<TextSlot> texts) => Run(buffer, result, texts);

    private void Run(IBufferWriter<byte> buffer, EvaluationResult result, List<TextSlot>? texts)
    {
        if (_writer is null)
        {
            _writer = new Utf8JsonWriter(buffer, Options);
        }
        else
        {
            _writer.Reset(buffer);
        }
        new Line(d, _writer, result, texts, _scratch).Write();
        _writer.Flush();
    }

    /// <summary>The collections a line fills, kept from one line to the next by the writer (one writer per thread).</summary>
    private sealed class Scratch
    {
        public readonly Dictionary<string, PortraitEntry> Portrait = new(StringComparer.Ordinal);
        public readonly Dictionary<string, OptionNumbers> Numbers = new(StringComparer.Ordinal);
        public readonly HashSet<string> Excluded = new(StringComparer.Ordinal);
        public readonly Dictionary<string, IndicatorReading?> Readings = new(StringComparer.Ordinal);
        public readonly HashSet<string> Seen = new(StringComparer.Ordinal);
        public readonly HashSet<string> Chosen = new(StringComparer.Ordinal);

        /// <summary>The readings already compared with their prediction, by reference (the evaluation shares one per indicator and territory).</summary>
        public readonly Dictionary<IndicatorReading, bool> Predicted = new(ReferenceEqualityComparer.Instance);

        /// <summary>The positions of a line's portrait entries in the dictionary's order.</summary>
        public readonly List<int> Positions = [];

        /// <summary>The predictions of the analyse's questions met on the previous lines.</summary>
        public readonly AnalysePredictions Analyses = new();

        public void Clear()
        {
            Predicted.Clear();
            Portrait.Clear();
            Numbers.Clear();
            Excluded.Clear();
            Readings.Clear();
        }
    }

    /// <summary>
    /// Copies a line encoded by <see cref="Encode"/> to <paramref name="output"/>, each placeholder replaced by the
    /// index of its text (numbered here, in the order lines are patched) or, when the table of texts is full, by the
    /// text itself. Not thread-safe: the batch's single writer calls it in input order.
    /// </summary>
    public static void Patch(CompactDictionary d, ReadOnlySpan<byte> encoded, IReadOnlyList<TextSlot> texts, IBufferWriter<byte> output)
    {
        var last = 0;
        foreach (var (position, text) in texts)
        {
            output.Write(encoded[last..position]);
            if (d.Intern(text) is { } index)
            {
                var span = output.GetSpan(11);
                Utf8Formatter.TryFormat(index, span, out var written);
                output.Advance(written);
            }
            else
            {
                output.Write("\""u8);
                output.Write(JsonEncodedText.Encode(text, Options.Encoder).EncodedUtf8Bytes);
                output.Write("\""u8);
            }
            last = position + 1;
        }
        output.Write(encoded[last..]);
    }

    /// <summary>What a question of the analyse predicts: its answers, its certainty, the options a line lists and whether they are in order.</summary>
    private sealed record AnalysePrediction(Answer[] Predicted, string Certitude, List<int> Listed, bool InOrder);

    /// <summary>
    /// The predictions of the analyse's questions, by question evidence (the evaluation shares one per decision and
    /// set of stated indicators between territories) and the numbers the line read from it: the same evidence with
    /// the same numbers predicts the same, so a worker works each out once. A few thousand are kept.
    /// </summary>
    private sealed class AnalysePredictions
    {
        private const int Kept = 4096;
        private readonly Dictionary<QuestionEvidence, (OptionNumbers[] Numbers, AnalysePrediction Prediction)> _known = new(ReferenceEqualityComparer.Instance);

        public AnalysePrediction? Get(QuestionEvidence q, OptionNumbers[] numbers) =>
            _known.TryGetValue(q, out var known) && known.Numbers.AsSpan().SequenceEqual(numbers) ? known.Prediction : null;

        public AnalysePrediction Keep(QuestionEvidence q, OptionNumbers[] numbers, AnalysePrediction prediction)
        {
            if (_known.Count >= Kept)
            {
                _known.Clear();
            }
            _known[q] = (numbers, prediction);
            return prediction;
        }
    }

    /// <summary>One line being written: the predictions it shares with the reader.</summary>
    private sealed class Line
    {
        private readonly CompactDictionary d;
        private readonly Utf8JsonWriter w;
        private readonly EvaluationResult r;
        private readonly Dictionary<string, PortraitEntry> _portrait;
        private readonly IReadOnlyList<Priority>? _priorities;
        private readonly Dictionary<string, OptionNumbers> _numbers;
        private readonly HashSet<string> _excluded;
        private readonly List<TextSlot>? _texts;
        private readonly double[] _scores;
        private readonly Scratch _scratch;
        private string? _prioritiesText;

        public Line(CompactDictionary d, Utf8JsonWriter w, EvaluationResult r, List<TextSlot>? texts, Scratch scratch)
        {
            this.d = d;
            this.w = w;
            this.r = r;
            _texts = texts;
            _scratch = scratch;
            scratch.Clear();
            _portrait = scratch.Portrait;
            _numbers = scratch.Numbers;
            _excluded = scratch.Excluded;
            _scores = new double[r.Scenarios.Count];
            for (var i = 0; i < _scores.Length; i++)
            {
                _scores[i] = r.Scenarios[i].Score;
            }
            foreach (var entry in r.Portrait)
            {
                _portrait.TryAdd(entry.Id, entry);
            }
            _priorities = r.Scenarios.Count > 0 ? r.Scenarios[0].Priorites : null;
            foreach (var excluded in r.OptionsEcartees)
            {
                _excluded.Add(excluded.Option.Id);
            }
            foreach (var question in r.Analyse)
            {
                foreach (var a in question.Options)
                {
                    _numbers.TryAdd(a.Id, new OptionNumbers(a.Id, a.Soutien, a.Net, a.Indicateurs, _excluded.Contains(a.Id)));
                }
            }
        }

        public void Write()
        {
            w.WriteStartObject();
            w.WriteStartObject("territoire");
            w.WriteString("id", r.Territoire.Id);
            w.WriteString("nom", r.Territoire.Nom);
            w.WriteString("echelle", r.Territoire.Echelle);
            if (r.Territoire.Description is not null)
            {
                w.WriteString("description", r.Territoire.Description);
            }
            w.WriteEndObject();
            if (r.Referentiel.Regles == d.Referentiel.Regles)
            {
                w.WriteString("referentiel", r.Referentiel.Version);
            }
            else
            {
                w.WriteStartObject("referentiel");
                w.WriteString("version", r.Referentiel.Version);
                w.WriteNumber("regles", r.Referentiel.Regles);
                w.WriteEndObject();
            }
            Text("synthese", r.Synthese);
            if (r.Scenarios.Count > 0)
            {
                w.WriteStartArray("scenarios");
                for (var i = 0; i < r.Scenarios.Count; i++)
                {
                    Scenario(r.Scenarios[i], i);
                }
                w.WriteEndArray();
            }
            w.WriteStartArray("analyse");
            for (var i = 0; i < r.Analyse.Count; i++)
            {
                Analyse(r.Analyse[i], i);
            }
            w.WriteEndArray();
            if (r.BesoinsCroises.Count > 0)
            {
                w.WriteStartArray("besoinsCroises");
                foreach (var p in r.BesoinsCroises)
                {
                    Priority(p);
                }
                w.WriteEndArray();
            }
            if (!CompactPredictions.IsMissing(d, r.Territoire.Echelle, _portrait, r.IndicateursManquants))
            {
                w.WriteStartArray("indicateursManquants");
                foreach (var m in r.IndicateursManquants)
                {
                    if (d.IndicatorById.TryGetValue(m.Id, out var i) && m.Libelle == i.Libelle && Same.Strings(m.Regles, i.Regles))
                    {
                        w.WriteStringValue(m.Id);
                    }
                    else
                    {
                        w.WriteStartObject();
                        w.WriteString("id", m.Id);
                        w.WriteString("libelle", m.Libelle);
                        Strings("regles", m.Regles);
                        w.WriteEndObject();
                    }
                }
                w.WriteEndArray();
            }
            if (r.OptionsEcartees.Count > 0)
            {
                w.WriteStartArray("optionsEcartees");
                foreach (var e in r.OptionsEcartees)
                {
                    w.WriteStartObject();
                    w.WriteString("question", e.Question);
                    w.WritePropertyName("option");
                    ChoiceValue(e.Option);
                    Justifications("regles", e.Regles);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            var expected = CompactPredictions.MissingWarningsPrefix(d, r.IndicateursManquants, r.Avertissements);
            if (expected >= 0)
            {
                if (r.Avertissements.Count > expected)
                {
                    w.WriteStartArray("avertissements");
                    for (var i = expected; i < r.Avertissements.Count; i++)
                    {
                        TextValue(r.Avertissements[i]);
                    }
                    w.WriteEndArray();
                }
            }
            else
            {
                w.WriteStartObject("avertissements");
                w.WriteStartArray("liste");
                foreach (var warning in r.Avertissements)
                {
                    TextValue(warning);
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            if (!Same.List(r.Questions, d.Questions, Same.Question))
            {
                w.WriteStartArray("questions");
                foreach (var q in r.Questions)
                {
                    w.WriteStartObject();
                    w.WriteString("id", q.Id);
                    w.WriteNumber("numero", q.Numero);
                    w.WriteString("libelle", q.Libelle);
                    w.WriteString("intitule", q.Intitule);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            Portrait();
            if (r.Explications is not null)
            {
                w.WritePropertyName("explications");
                w.WriteRawValue(CompactExplanations.Serialize(r), skipInputValidation: true);
            }
            w.WriteEndObject();
        }

        // ---- scenarios -------------------------------------------------------------------------------------

        private void Scenario(Scenario s, int index)
        {
            w.WriteStartObject();
            if (s.Rang != index + 1)
            {
                w.WriteNumber("rang", s.Rang);
            }
            if (s.Statut != CompactPredictions.Status(index, _scores))
            {
                w.WriteString("statut", s.Statut);
            }
            if (s.Retenu != (s.Statut == "retenu"))
            {
                w.WriteBoolean("retenu", s.Retenu);
            }
            if (s.Intitule != CompactPredictions.Title(s.Pilotage, s.Lieux))
            {
                Text("intitule", s.Intitule);
            }
            if (!Same.Number(s.Score, CompactPredictions.Score(s.Pilotage, s.Modalites, s.Lieux, s.Objectifs)))
            {
                w.WriteNumber("score", s.Score);
            }
            if (s.Convergence != CompactPredictions.Convergence(s.Justifications, _scratch.Seen))
            {
                w.WriteNumber("convergence", s.Convergence);
            }
            w.WritePropertyName("pilotage");
            ScenarioAnswer(s.Pilotage, CompactPredictions.ScenarioAnswer(d, QuestionIds.Pilotage, s.Pilotage.Id, _numbers, []));
            var prev = index > 0 ? r.Scenarios[index - 1] : null;
            if (prev is null ? s.Modalites.Count > 0 : !Same.Answers(s.Modalites, prev.Modalites))
            {
                var chosen = Ids(s.Modalites);
                w.WriteStartArray("modalites");
                foreach (var m in s.Modalites)
                {
                    ScenarioAnswer(m, CompactPredictions.ScenarioAnswer(d, QuestionIds.Modalites, m.Id, _numbers, chosen));
                }
                w.WriteEndArray();
            }
            if (prev is null || !Same.Geometry(s.Lieux, prev.Lieux))
            {
                Geometry(s.Lieux);
            }
            if (!Same.Priorities(s.Priorites, prev?.Priorites ?? r.BesoinsCroises))
            {
                w.WriteStartArray("priorites");
                foreach (var p in s.Priorites)
                {
                    var at = IndexOf(r.BesoinsCroises, p);
                    if (at >= 0)
                    {
                        w.WriteNumberValue(at);
                    }
                    else
                    {
                        Priority(p);
                    }
                }
                w.WriteEndArray();
            }
            if (prev is null ? s.Objectifs.Count > 0 : !Same.Answers(s.Objectifs, prev.Objectifs))
            {
                var chosen = Ids(s.Objectifs);
                w.WriteStartArray("objectifs");
                foreach (var o in s.Objectifs)
                {
                    ScenarioAnswer(o, CompactPredictions.ScenarioAnswer(d, QuestionIds.Objectifs, o.Id, _numbers, chosen));
                }
                w.WriteEndArray();
            }
            var besoins = r.Analyse.FirstOrDefault(a => a.Question == QuestionIds.Besoins)?.Certitude ?? Certitudes.NonTranchee;
            if (!Same.Certainties(s.Certitudes, CompactPredictions.Certainties(s.Pilotage, s.Modalites, s.Lieux, besoins, s.Objectifs)))
            {
                w.WriteStartObject("certitudes");
                w.WriteString("pilotage", s.Certitudes.Pilotage);
                w.WriteString("modalites", s.Certitudes.Modalites);
                w.WriteString("lieux", s.Certitudes.Lieux);
                w.WriteString("besoins", s.Certitudes.Besoins);
                w.WriteString("objectifs", s.Certitudes.Objectifs);
                w.WriteEndObject();
            }
            Justifications("justifications", s.Justifications, prev?.Justifications);
            Justifications("vigilances", s.Vigilances, prev?.Vigilances);
            if (prev is null ? s.Coherence.Count > 0 : !Same.List(s.Coherence, prev.Coherence, Same.Coherence))
            {
                w.WriteStartArray("coherence");
                foreach (var c in s.Coherence)
                {
                    Coherence(c);
                }
                w.WriteEndArray();
            }
            var noCoverage = new Coverage([], []);
            if (!Same.Coverage(s.Couverture, prev?.Couverture ?? noCoverage))
            {
                w.WriteStartObject("couverture");
                if (s.Couverture.Servies.Count > 0)
                {
                    w.WriteStartArray("servies");
                    foreach (var served in s.Couverture.Servies)
                    {
                        w.WriteStartObject();
                        Text("priorite", served.Priorite);
                        w.WriteStartArray("par");
                        foreach (var c in served.Par)
                        {
                            ChoiceValue(c);
                        }
                        w.WriteEndArray();
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                }
                if (s.Couverture.NonCouvertes.Count > 0)
                {
                    w.WriteStartArray("nonCouvertes");
                    foreach (var text in s.Couverture.NonCouvertes)
                    {
                        TextValue(text);
                    }
                    w.WriteEndArray();
                }
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }

        /// <summary>The ids of some answers, in the writer's reused set (valid until the next call).</summary>
        private HashSet<string> Ids(IReadOnlyList<Answer> answers)
        {
            var ids = _scratch.Chosen;
            ids.Clear();
            foreach (var a in answers)
            {
                ids.Add(a.Id);
            }
            return ids;
        }

        private static int IndexOf(IReadOnlyList<Priority> list, Priority p)
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (Same.Priority(list[i], p))
                {
                    return i;
                }
            }
            return -1;
        }

        private void Geometry(Geometry g)
        {
            w.WriteStartObject("lieux");
            if (g.Id != g.Principale.Id)
            {
                w.WriteString("id", g.Id);
            }
            if (g.Libelle != g.Principale.Libelle)
            {
                w.WriteString("libelle", g.Libelle);
            }
            if (g.Certitude != Cadrage.Rules.Output.Geometry.CertaintyOf(g.Principale, g.Complements))
            {
                w.WriteString("certitude", g.Certitude);
            }
            w.WritePropertyName("principale");
            ScenarioAnswer(g.Principale, CompactPredictions.ScenarioAnswer(d, QuestionIds.Lieux, g.Principale.Id, _numbers, []));
            if (g.Complements.Count > 0)
            {
                var taken = Ids(g.Complements);
                taken.Add(g.Principale.Id);
                w.WriteStartArray("complements");
                foreach (var c in g.Complements)
                {
                    ScenarioAnswer(c, CompactPredictions.ScenarioAnswer(d, QuestionIds.Lieux, c.Id, _numbers, taken));
                }
                w.WriteEndArray();
            }
            if (g.LieuxNommes.Count > 0)
            {
                w.WriteStartArray("lieuxNommes");
                foreach (var role in g.LieuxNommes)
                {
                    w.WriteStartObject();
                    w.WriteString("role", role.Role);
                    Text("libelle", role.Libelle);
                    w.WriteStartArray("communes");
                    foreach (var c in role.Communes)
                    {
                        w.WriteStartObject();
                        w.WriteString("code", c.Code);
                        w.WriteString("nom", c.Nom);
                        if (c.Population is { } population)
                        {
                            w.WriteNumber("population", population);
                        }
                        if (c.DistanceKm is { } km)
                        {
                            w.WriteNumber("distanceKm", km);
                        }
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            if (!CompactPredictions.IsGeometryDescription(g, r.Territoire, _portrait, g.Description))
            {
                Text("description", g.Description);
            }
            w.WriteEndObject();
        }

        /// <summary>An answer of a scenario: its id and certainty always, the rest when it differs from the prediction.</summary>
        private void ScenarioAnswer(Answer a, Answer predicted)
        {
            w.WriteStartObject();
            w.WriteString("id", a.Id);
            w.WriteString("certitude", a.Certitude);
            AnswerFields(a, predicted, numbers: true);
            w.WriteEndObject();
        }

        private void AnswerFields(Answer a, Answer predicted, bool numbers)
        {
            if (a.Libelle != predicted.Libelle)
            {
                w.WriteString("libelle", a.Libelle);
            }
            if (numbers)
            {
                if (!Same.Number(a.Soutien, predicted.Soutien))
                {
                    w.WriteNumber("soutien", a.Soutien);
                }
                if (!Same.Number(a.Net, predicted.Net))
                {
                    w.WriteNumber("net", a.Net);
                }
                if (a.Indicateurs != predicted.Indicateurs)
                {
                    w.WriteNumber("indicateurs", a.Indicateurs);
                }
            }
            if (!Same.Number(a.Marge, predicted.Marge))
            {
                w.WriteNumber("marge", a.Marge);
            }
            if (!Same.Choices(a.ExAequo, predicted.ExAequo))
            {
                w.WriteStartArray("exAequo");
                foreach (var c in a.ExAequo)
                {
                    ChoiceValue(c);
                }
                w.WriteEndArray();
            }
            if (!Same.Choice(a.Concurrente, predicted.Concurrente))
            {
                w.WritePropertyName("concurrente");
                ChoiceValue(a.Concurrente);
            }
            if (a.ExigeePar != predicted.ExigeePar)
            {
                w.WriteString("exigeePar", a.ExigeePar);
            }
            // Read as null when absent, as the full form leaves them out.
            OptionalIndicatorChoices("illustratifs", a.Illustratifs, predicted.Illustratifs);
            OptionalIndicatorChoices("donneesAbsentes", a.DonneesAbsentes, predicted.DonneesAbsentes);
        }

        /// <summary>A list of indicators that may be absent, written (null when absent) unless equal to its prediction.</summary>
        private void OptionalIndicatorChoices(string name, IReadOnlyList<Choice>? actual, IReadOnlyList<Choice>? predicted)
        {
            if (Same.OptionalChoices(actual, predicted))
            {
                return;
            }
            w.WritePropertyName(name);
            if (actual is null)
            {
                w.WriteNullValue();
                return;
            }
            w.WriteStartArray();
            IndicatorChoices(actual);
            w.WriteEndArray();
        }

        private void IndicatorChoices(IEnumerable<Choice> choices)
        {
            foreach (var c in choices)
            {
                if (d.IndicatorById.TryGetValue(c.Id, out var indicator) && indicator.Libelle == c.Libelle)
                {
                    w.WriteStringValue(c.Id);
                }
                else
                {
                    w.WriteStartObject();
                    w.WriteString("id", c.Id);
                    w.WriteString("libelle", c.Libelle);
                    w.WriteEndObject();
                }
            }
        }

        // ---- analyse ---------------------------------------------------------------------------------------

        private void Analyse(QuestionEvidence q, int index)
        {
            w.WriteStartObject();
            var predictedQuestion = index < d.Questions.Count ? d.Questions[index] : null;
            if (q.Question != predictedQuestion?.Id)
            {
                w.WriteString("question", q.Question);
            }
            if (q.Libelle != QuestionLabel(q.Question))
            {
                w.WriteString("libelle", q.Libelle);
            }
            var numbers = new OptionNumbers[q.Options.Count];
            for (var i = 0; i < numbers.Length; i++)
            {
                var a = q.Options[i];
                numbers[i] = new OptionNumbers(a.Id, a.Soutien, a.Net, a.Indicateurs, _excluded.Contains(a.Id));
            }
            // The Quoi is the territory's own (its certainty reads its priorities); the option questions are shared.
            var (predicted, certitude, listed, inOrder) = q.Question == QuestionIds.Besoins ? Predict(q, numbers)
                : _scratch.Analyses.Get(q, numbers) ?? _scratch.Analyses.Keep(q, numbers, Predict(q, numbers));
            if (q.Certitude != certitude)
            {
                w.WriteString("certitude", q.Certitude);
            }
            if (listed.Count > 0)
            {
                w.WriteStartArray("options");
                foreach (var i in listed)
                {
                    var a = q.Options[i];
                    var p = predicted[i];
                    w.WriteStartObject();
                    w.WriteString("id", a.Id);
                    if (a.Certitude != p.Certitude)
                    {
                        w.WriteString("certitude", a.Certitude);
                    }
                    if (a.Soutien != 0 || double.IsNegative(a.Soutien))
                    {
                        w.WriteNumber("soutien", a.Soutien);
                    }
                    if (!Same.Number(a.Net, a.Soutien))
                    {
                        w.WriteNumber("net", a.Net);
                    }
                    if (a.Indicateurs != 0)
                    {
                        w.WriteNumber("indicateurs", a.Indicateurs);
                    }
                    AnswerFields(a, p, numbers: false);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            if (!inOrder)
            {
                w.WriteString("ordre", "tel-quel");
            }
            if (!CompactPredictions.IsDataToCollect(d, q.Question, q.Certitude, r.Territoire.Echelle, _portrait, q.DonneesAReunir))
            {
                w.WriteStartArray("donneesAReunir");
                IndicatorChoices(q.DonneesAReunir);
                w.WriteEndArray();
            }
            Text("phrase", q.Phrase);
            w.WriteEndObject();
        }

        /// <summary>What a question of the analyse predicts from its options' numbers (and, for the Quoi, the line's priorities).</summary>
        private AnalysePrediction Predict(QuestionEvidence q, OptionNumbers[] numbers)
        {
            var predicted = CompactPredictions.Analyse(d, q.Question, numbers);
            var certitude = q.Question == QuestionIds.Besoins ? CompactPredictions.NeedsCertainty(r.BesoinsCroises.Count) : CompactPredictions.AnalyseCertainty(d, q.Question, numbers, q.Options);
            var (listed, inOrder) = Listed(q, predicted);
            return new AnalysePrediction(predicted, certitude, listed, inOrder);
        }

        private string? QuestionLabel(string id)
        {
            foreach (var x in d.Questions)
            {
                if (x.Id == id)
                {
                    return x.Libelle;
                }
            }
            return null;
        }

        /// <summary>
        /// The options of the analyse the line lists. When the options are those of the référentiel in the
        /// evaluation's order (net evidence, then référentiel), only those with evidence (or not as predicted) are
        /// listed: the reader adds the others and sorts. Otherwise every option is listed as it is.
        /// </summary>
        private (List<int> Listed, bool InOrder) Listed(QuestionEvidence q, Answer[] predicted)
        {
            var count = q.Options.Count;
            if (!d.Options.TryGetValue(q.Question, out var options) || options.Count != count)
            {
                return (All(count), options is null && count == 0);
            }
            var rank = d.OptionRanks[q.Question];
            var inOrder = true;
            for (var i = 0; i < count && inOrder; i++)
            {
                if (!rank.TryGetValue(q.Options[i].Id, out var current))
                {
                    return (All(count), false);
                }
                if (i > 0)
                {
                    var (a, b) = (q.Options[i - 1], q.Options[i]);
                    inOrder = !(a.Net < b.Net || a.Net == b.Net && rank[a.Id] > current);
                }
            }
            if (!inOrder)
            {
                return (All(count), false);
            }
            var listed = new List<int>();
            for (var i = 0; i < count; i++)
            {
                var a = q.Options[i];
                if (!(Same.Number(a.Soutien, 0) && Same.Number(a.Net, 0) && a.Indicateurs == 0 && Same.Answer(a, predicted[i])))
                {
                    listed.Add(i);
                }
            }
            return (listed, true);

            static List<int> All(int count)
            {
                var all = new List<int>(count);
                for (var i = 0; i < count; i++)
                {
                    all.Add(i);
                }
                return all;
            }
        }

        // ---- rules -----------------------------------------------------------------------------------------

        /// <summary>
        /// The justifications (or vigilances) of a scenario: left out when they are those of the previous scenario;
        /// otherwise each is written, or given as its index in the previous scenario's list when it is the same.
        /// </summary>
        private void Justifications(string name, IReadOnlyList<Justification> list, IReadOnlyList<Justification>? previous = null)
        {
            if (previous is null ? list.Count == 0 : Same.List(list, previous, Same.Justification))
            {
                return;
            }
            w.WriteStartArray(name);
            foreach (var j in list)
            {
                var at = -1;
                for (var k = 0; previous is not null && k < previous.Count && at < 0; k++)
                {
                    at = Same.Justification(j, previous[k]) ? k : -1;
                }
                if (at >= 0)
                {
                    w.WriteNumberValue(at);
                }
                else
                {
                    Justification(j);
                }
            }
            w.WriteEndArray();
        }

        private void Justification(Justification j)
        {
            // The usual case, compared field by field without building the prediction: the rule's name alone.
            var known = d.RuleByName.TryGetValue(j.Regle, out var rule);
            if (known && j.Compte && j.Question == rule!.Question && j.Option == rule.Option
                && j.LibelleOption == rule.LibelleOption && j.Effet == rule.Effet && Same.Number(j.Poids, rule.Poids) && j.Source == rule.Source
                && j.Statut == rule.Statut && j.Fichier == rule.Fichier && ReadingsAsPredicted(rule, j.Indicateurs) && IsPredictedExplanation(j, rule))
            {
                w.WriteStringValue(j.Regle);
                return;
            }
            // Otherwise what differs from the prediction (CompactPredictions.Justification: the rule as it says it, when every
            // value it reads is known), compared without building it nor rendering the texts the evaluation would render for it.
            var p = known && IsPredictable(rule!) ? rule : null;
            var readings = p is not null && ReadingsAsPredicted(p, j.Indicateurs);
            w.WriteStartObject();
            w.WriteString("regle", j.Regle);
            if (j.Question != p?.Question)
            {
                w.WriteString("question", j.Question);
            }
            if (j.Option != p?.Option)
            {
                w.WriteString("option", j.Option);
            }
            if (j.LibelleOption != p?.LibelleOption)
            {
                w.WriteString("libelleOption", j.LibelleOption);
            }
            if (j.Effet != p?.Effet)
            {
                w.WriteString("effet", j.Effet);
            }
            if (p is null || !Same.Number(j.Poids, p.Poids))
            {
                w.WriteNumber("poids", j.Poids);
            }
            if (!j.Compte)
            {
                w.WriteBoolean("compte", false);
            }
            if (p is null ? j.Explication is not null : !(readings && IsPredictedExplanation(j, p)))
            {
                Text("explication", j.Explication);
            }
            if (j.Source != p?.Source)
            {
                Text("source", j.Source);
            }
            if (j.Statut != p?.Statut)
            {
                w.WriteString("statut", j.Statut);
            }
            if (j.Fichier != p?.Fichier)
            {
                w.WriteString("fichier", j.Fichier);
            }
            if (!readings)
            {
                w.WriteStartArray("indicateurs");
                foreach (var reading in j.Indicateurs)
                {
                    if (IsPredicted(reading, reading.Id))
                    {
                        w.WriteStringValue(reading.Id);
                    }
                    else
                    {
                        w.WriteStartObject();
                        w.WriteString("id", reading.Id);
                        w.WriteString("libelle", reading.Libelle);
                        w.WritePropertyName("valeur");
                        Value(reading.Valeur);
                        w.WriteString("texte", reading.Texte);
                        w.WriteString("unite", reading.Unite);
                        w.WriteString("source", reading.Source);
                        w.WriteString("millesime", reading.Millesime);
                        w.WriteEndObject();
                    }
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }

        /// <summary>
        /// Whether a justification's explanation is its rule's, as predicted for this territory, its readings being as
        /// predicted: known by its provenance (the rule's template with those readings, rendered or not), else compared.
        /// </summary>
        private bool IsPredictedExplanation(Justification j, DictionaryRule rule) =>
            d.Source is { } kb && TextProvenance.IsRuleTemplate(j, kb)
            || CompactPredictions.IsExplanation(d, rule, _portrait, _priorities, ref _prioritiesText, j.Explication);

        /// <summary>Whether the line predicts the rule's justification: every value it reads is known (<see cref="CompactPredictions.Justification"/> not null).</summary>
        private bool IsPredictable(DictionaryRule rule)
        {
            foreach (var id in rule.Indicateurs)
            {
                if (!d.IndicatorById.TryGetValue(id, out var definition) || (definition.Calcule ? _priorities is null : !_portrait.ContainsKey(id)))
                {
                    return false;
                }
            }
            return true;
        }

        /// <summary>Whether a rule's readings are those the dictionary and the portrait predict (every one known).</summary>
        private bool ReadingsAsPredicted(DictionaryRule rule, IReadOnlyList<IndicatorReading> readings)
        {
            if (readings.Count != rule.Indicateurs.Count)
            {
                return false;
            }
            for (var i = 0; i < readings.Count; i++)
            {
                if (!IsPredicted(readings[i], rule.Indicateurs[i]))
                {
                    return false;
                }
            }
            return true;
        }

        /// <summary>
        /// Whether a reading is what the dictionary and the portrait predict for indicator <paramref name="id"/>
        /// (<see cref="Same.Reading"/> with <see cref="Reading"/>), compared with the portrait entry without building the
        /// prediction: a text the evaluation shares between the reading and the portrait is the same unrendered.
        /// </summary>
        private bool IsPredicted(IndicatorReading reading, string id)
        {
            if (reading.Id != id)
            {
                return false;
            }
            if (!_scratch.Predicted.TryGetValue(reading, out var predicted))
            {
                predicted = IsPredicted(reading);
                _scratch.Predicted[reading] = predicted;
            }
            return predicted;
        }

        private bool IsPredicted(IndicatorReading reading)
        {
            var id = reading.Id;
            if (!d.IndicatorById.TryGetValue(id, out var definition))
            {
                return false;
            }
            if (definition.Calcule)
            {
                return Reading(id) is { } predicted && Same.Reading(reading, predicted);
            }
            return _portrait.TryGetValue(id, out var entry)
                && reading.Libelle == definition.Libelle && Same.Value(reading.Valeur, entry.Valeur) && reading.Unite == definition.Unite
                && reading.Source == entry.Source && reading.Millesime == entry.Millesime && TextProvenance.SameText(reading, entry);
        }

        /// <summary>What a rule read, as predicted: computed once per indicator and line.</summary>
        private IndicatorReading? Reading(string id)
        {
            if (!_scratch.Readings.TryGetValue(id, out var reading))
            {
                reading = CompactPredictions.Reading(d, id, _portrait, _priorities);
                _scratch.Readings[id] = reading;
            }
            return reading;
        }

        private void Coherence(Coherence c)
        {
            var p = CompactPredictions.Coherence(d, c.Regle, _portrait, _priorities);
            if (p is not null && c.Effet == p.Effet && Same.Choice(c.Posture, p.Posture) && Same.Choice(c.Option, p.Option) && c.Role == p.Role
                && c.Explication == p.Explication && c.Source == p.Source && c.Statut == p.Statut)
            {
                w.WriteStringValue(c.Regle);
                return;
            }
            w.WriteStartObject();
            w.WriteString("regle", c.Regle);
            if (c.Effet != p?.Effet)
            {
                w.WriteString("effet", c.Effet);
            }
            if (!Same.Choice(c.Posture, p?.Posture))
            {
                w.WritePropertyName("posture");
                ChoiceValue(c.Posture);
            }
            if (!Same.Choice(c.Option, p?.Option))
            {
                w.WritePropertyName("option");
                ChoiceValue(c.Option);
            }
            if (c.Role != p?.Role)
            {
                w.WriteString("role", c.Role);
            }
            if (c.Explication != p?.Explication)
            {
                Text("explication", c.Explication);
            }
            if (c.Source != p?.Source)
            {
                Text("source", c.Source);
            }
            if (c.Statut != p?.Statut)
            {
                w.WriteString("statut", c.Statut);
            }
            w.WriteEndObject();
        }

        private void Priority(Priority p)
        {
            w.WriteStartObject();
            if (CompactPredictions.PriorityAxes(d, p.Regles) is not { } axes
                || !Same.Choice(p.Service, axes.Service) || !Same.Choice(p.Public, axes.Public) || !Same.Choice(p.Critere, axes.Critere))
            {
                w.WritePropertyName("service");
                ChoiceValue(p.Service);
                w.WritePropertyName("public");
                ChoiceValue(p.Public);
                w.WritePropertyName("critere");
                ChoiceValue(p.Critere);
            }
            w.WriteNumber("score", p.Score);
            if (p.IntensiteDiagnostic is { } intensity)
            {
                w.WriteNumber("intensiteDiagnostic", intensity);
            }
            if (p.SourceDiagnostic is not null)
            {
                Text("sourceDiagnostic", p.SourceDiagnostic);
            }
            Strings("regles", p.Regles);
            w.WriteEndObject();
        }

        // ---- portrait --------------------------------------------------------------------------------------

        /// <summary>
        /// The portrait as an array of values in the dictionary's <see cref="CompactDictionary.PortraitOrder"/> (null
        /// where the profile gives no value, trailing nulls left out); as an object by indicator id when the entries
        /// are not in that order (a result this rule set did not produce).
        /// </summary>
        private void Portrait()
        {
            var positions = _scratch.Positions;
            if (!InPortraitOrder(positions))
            {
                w.WriteStartObject("portrait");
                foreach (var e in r.Portrait)
                {
                    w.WritePropertyName(e.Id);
                    PortraitValue(e, -1);
                }
                w.WriteEndObject();
                return;
            }
            w.WriteStartArray("portrait");
            var next = 0;
            for (var i = 0; i < r.Portrait.Count; i++)
            {
                for (var position = positions[i]; next < position; next++)
                {
                    w.WriteNullValue();
                }
                PortraitValue(r.Portrait[i], positions[i]);
                next++;
            }
            w.WriteEndArray();
        }

        /// <summary>Whether the entries are in the dictionary's portrait order (their positions in <paramref name="positions"/>).</summary>
        private bool InPortraitOrder(List<int> positions)
        {
            positions.Clear();
            var last = -1;
            foreach (var e in r.Portrait)
            {
                if (!d.PortraitPosition.TryGetValue(e.Id, out var position) || position <= last)
                {
                    return false;
                }
                positions.Add(position);
                last = position;
            }
            return true;
        }

        /// <summary>An entry's value alone when the dictionary predicts the rest, else the object of what differs.</summary>
        /// <param name="position">The entry's position in the dictionary's portrait order (-1 when not in that order).</param>
        private void PortraitValue(PortraitEntry e, int position)
        {
            // Encoding on a worker reads the seeded provenances only; writing in order sets them as it goes.
            var provenance = _texts is null ? d.DefaultProvenance(e.Id, e.Source, e.Millesime) : d.Provenance(e.Id) ?? (null, null);
            // The usual case, compared field by field without building the prediction (nor rendering a text the evaluation
            // renders from the dictionary's own catalogue definition).
            DictionaryIndicator? definition;
            var known = position >= 0 ? (definition = d.PortraitIndicators[position]) is not null : d.IndicatorById.TryGetValue(e.Id, out definition);
            var catalogueText = known && (position < 0 ? d.DefinitionOf(e.Id) : position < d.PortraitDefinitions.Length ? d.PortraitDefinitions[position] : null) is { } catalogue
                && TextProvenance.IsValueText(e, catalogue);
            if (known && e.Libelle == definition!.Libelle && e.Theme == definition.Theme
                && e.Source == provenance.Source && e.Millesime == provenance.Millesime && !e.Illustratif && e.Levier == definition.Levier
                && (catalogueText || e.Texte == definition.Text(e.Valeur)))
            {
                Value(e.Valeur);
                return;
            }
            var p = CompactPredictions.Portrait(d, e.Id, e.Valeur, provenance);
            var sameSource = e.Source == p.Source;
            var sameYear = e.Millesime == p.Millesime;
            var sameText = catalogueText || e.Texte == p.Texte;
            if (e.Libelle == p.Libelle && e.Theme == p.Theme && sameText && sameSource && sameYear && e.Illustratif == p.Illustratif && e.Levier == p.Levier)
            {
                Value(e.Valeur);
                return;
            }
            w.WriteStartObject();
            w.WritePropertyName("valeur");
            Value(e.Valeur);
            if (!sameText)
            {
                Text("texte", e.Texte);
            }
            if (!sameSource)
            {
                if (e.Source is null)
                {
                    w.WriteNull("source");
                }
                else
                {
                    Text("source", e.Source);
                }
            }
            if (!sameYear)
            {
                w.WriteString("millesime", e.Millesime);
            }
            if (e.Illustratif)
            {
                w.WriteBoolean("illustratif", true);
            }
            if (e.Libelle != p.Libelle)
            {
                w.WriteString("libelle", e.Libelle);
            }
            if (e.Theme != p.Theme)
            {
                w.WriteString("theme", e.Theme);
            }
            if (e.Levier != p.Levier)
            {
                w.WriteBoolean("levier", e.Levier);
            }
            w.WriteEndObject();
        }

        // ---- values ----------------------------------------------------------------------------------------

        /// <summary>A text: its index among the dictionary's shared texts, or the text itself when the table is full.</summary>
        private void Text(string name, string text)
        {
            if (_texts is not null)
            {
                w.WriteNumber(name, 0);
                Placeholder(text);
            }
            else if (d.Intern(text) is { } index)
            {
                w.WriteNumber(name, index);
            }
            else
            {
                w.WriteString(name, text);
            }
        }

        private void TextValue(string text)
        {
            if (_texts is not null)
            {
                w.WriteNumberValue(0);
                Placeholder(text);
            }
            else if (d.Intern(text) is { } index)
            {
                w.WriteNumberValue(index);
            }
            else
            {
                w.WriteStringValue(text);
            }
        }

        /// <summary>Notes the text whose placeholder <c>0</c> was just written (its byte: the last one written).</summary>
        private void Placeholder(string text) => _texts!.Add(new TextSlot(checked((int)(w.BytesCommitted + w.BytesPending)) - 1, text));

        /// <summary>A choice: its id when the dictionary gives its label, else the object.</summary>
        private void ChoiceValue(Choice? c)
        {
            if (c is null)
            {
                w.WriteNullValue();
            }
            else if (d.OptionLabels.TryGetValue(c.Id, out var label) && label == c.Libelle)
            {
                w.WriteStringValue(c.Id);
            }
            else
            {
                w.WriteStartObject();
                w.WriteString("id", c.Id);
                w.WriteString("libelle", c.Libelle);
                w.WriteEndObject();
            }
        }

        private void Strings(string name, IReadOnlyList<string> values)
        {
            w.WriteStartArray(name);
            foreach (var v in values)
            {
                w.WriteStringValue(v);
            }
            w.WriteEndArray();
        }

        /// <summary>An indicator value, written as the full form writes it.</summary>
        private void Value(object value)
        {
            switch (value)
            {
                case double x:
                    w.WriteNumberValue(x);
                    break;
                case bool b:
                    w.WriteBooleanValue(b);
                    break;
                case string s:
                    w.WriteStringValue(s);
                    break;
                case IEnumerable<string> list:
                    w.WriteStartArray();
                    foreach (var item in list)
                    {
                        w.WriteStringValue(item);
                    }
                    w.WriteEndArray();
                    break;
                default:
                    // Not produced by the evaluation (long, int): kept exactly by the full form only.
                    throw new CompactFormatException($"valeur d'indicateur d'un type inattendu : {value.GetType().Name}");
            }
        }
    }
}
