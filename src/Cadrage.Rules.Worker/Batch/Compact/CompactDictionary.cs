using System.Text.Encodings.Web;
using System.Text.Json;
using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Evaluation;
using Cadrage.Rules.Output;

namespace Cadrage.Rules.Worker.Batch.Compact;

/// <summary>An option or axis value: id and label.</summary>
public sealed record DictionaryOption(string Id, string Libelle);

/// <summary>What the dictionary knows of an indicator: its labels, unit and provenance by default, the rules that read it.</summary>
public sealed record DictionaryIndicator(
    string Id,
    string Libelle,
    string? Theme,
    string? Unite,
    string? UnitePluriel,
    bool Levier,
    bool Calcule,
    string Source,
    double? ValeurMasquee,
    string? LibelleValeurMasquee,
    IReadOnlyList<DictionaryOption>? Valeurs,
    IReadOnlyList<string> Regles,
    string? Avertissement,
    IReadOnlyList<string>? Echelles = null)
{
    /// <summary>Whether the indicator exists for a territory of this scale (as the catalogue says).</summary>
    public bool AppliesTo(string echelle) => Echelles is null || Echelles.Contains(echelle, StringComparer.Ordinal);

    /// <summary>The label of an allowed value, or the value itself (as the catalogue does).</summary>
    public string LabelOf(string value)
    {
        if (Valeurs is { } values)
        {
            foreach (var v in values)
            {
                if (v.Id == value)
                {
                    return v.Libelle;
                }
            }
        }
        return value;
    }

    /// <summary>An indicator value as a reader sees it (the evaluation's own wording: labels, unit agreed in number, masked value).</summary>
    public string Text(object value) => value switch
    {
        double d when ValeurMasquee is { } masked && d == masked => LibelleValeurMasquee!,
        string id => LabelOf(id),
        string[] ids => ids.Length == 0 ? "aucune" : string.Join(", ", ids.Select(LabelOf)),
        _ => FrenchFormat.WithUnit(value, Unite, UnitePluriel),
    };
}

/// <summary>A piece of a rule's explanation: literal text, or the text of an indicator value (parameters are already written in).</summary>
public readonly record struct ExplanationSegment(string? Text, string? Indicateur);

/// <summary>What every justification or consistency statement of a rule says, whatever the territory.</summary>
public sealed record DictionaryRule(
    string Nom,
    string Question,
    string Option,
    string LibelleOption,
    string Effet,
    double Poids,
    IReadOnlyList<ExplanationSegment> Explication,
    string Source,
    string Statut,
    string Fichier,
    IReadOnlyList<string> Indicateurs,
    string? Posture,
    string? Cible);

/// <summary>
/// The dictionary of a compact batch (<c>regles.json</c>, format <see cref="Format"/> version
/// <see cref="FormatVersion"/>): everything a compact result line leaves out because it is the same for every
/// territory of the batch — the labels of the questions, options, axes and indicators, each rule's explanation
/// template, source, status and file (stamped with the rule-set version) — and the batch's own shared texts and
/// default provenances. With it, <see cref="CompactReader"/> rebuilds each full result exactly.
/// </summary>
public sealed class CompactDictionary
{
    public const string Format = "cadrage-lot-compact";
    public const int FormatVersion = 3;

    /// <summary>The oldest format version read (version 2 writes the portrait as an object by indicator id).</summary>
    public const int OldestFormatVersion = 2;
    public const string FileName = "regles.json";

    /// <summary>Most shared texts kept (beyond, texts stay in their line): bounds the memory of a batch.</summary>
    public const int MaxTexts = 200_000;

    private readonly Dictionary<string, int> _textIndex = new(StringComparer.Ordinal);
    private readonly List<string> _texts = [];
    private readonly Dictionary<string, (string? Source, string? Millesime)> _provenances = new(StringComparer.Ordinal);

    public CompactDictionary(
        RuleSetRef referentiel,
        IReadOnlyList<QuestionLabel> questions,
        double toleranceFragile,
        int modalitesMax,
        int objectifsMax,
        IReadOnlyDictionary<string, IReadOnlyList<DictionaryOption>> options,
        IReadOnlyDictionary<string, IReadOnlyList<DictionaryOption>> axes,
        IReadOnlyList<DictionaryIndicator> indicators,
        IReadOnlyDictionary<string, IReadOnlyList<string>> dataByQuestion,
        IReadOnlyList<DictionaryRule> rules)
    {
        Referentiel = referentiel;
        Questions = questions;
        ToleranceFragile = toleranceFragile;
        ModalitesMax = modalitesMax;
        ObjectifsMax = objectifsMax;
        Options = options;
        Axes = axes;
        Indicators = indicators;
        DataByQuestion = dataByQuestion;
        Rules = rules;
        IndicatorById = indicators.ToDictionary(i => i.Id, StringComparer.Ordinal);
        PortraitOrder = indicators.Where(i => !i.Calcule).Select(i => i.Id).ToList();
        PortraitPosition = PortraitOrder.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i, StringComparer.Ordinal);
        PortraitIndicators = PortraitOrder.Select(id => IndicatorById[id]).ToArray();
        RuleByName = rules.ToDictionary(r => r.Nom, StringComparer.Ordinal);
        OptionLabels = options.Values.SelectMany(o => o).Concat(axes.Values.SelectMany(a => a))
            .GroupBy(o => o.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Libelle, StringComparer.Ordinal);
        OptionQuestion = options.SelectMany(q => q.Value.Select(o => (o.Id, q.Key)))
            .GroupBy(x => x.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Key, StringComparer.Ordinal);
        _choices = OptionLabels.ToDictionary(l => l.Key, l => new Choice(l.Key, l.Value), StringComparer.Ordinal);
        OptionRanks = options.ToDictionary(
            q => q.Key,
            q => (IReadOnlyDictionary<string, int>)q.Value.Select((o, i) => (o.Id, i)).GroupBy(x => x.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().i, StringComparer.Ordinal),
            StringComparer.Ordinal);
    }

    private readonly Dictionary<string, Choice> _choices;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ScaleIndicators> _byScale = new(StringComparer.Ordinal);

    /// <summary>
    /// What the predictions of a line read of the catalogue for a territory of one scale, computed once per scale:
    /// the indicators whose absence leaves rules unevaluated, and by question the indicators its rules read.
    /// </summary>
    internal sealed record ScaleIndicators(DictionaryIndicator[] Missable, IReadOnlyDictionary<string, DictionaryIndicator[]> DataByQuestion);

    /// <summary>The catalogue as it applies to a scale (thread-safe: workers encode lines in parallel).</summary>
    internal ScaleIndicators ForScale(string echelle) => _byScale.GetOrAdd(echelle, static (e, d) => new ScaleIndicators(
        d.Indicators.Where(i => !i.Calcule && i.Regles.Count > 0 && i.AppliesTo(e)).ToArray(),
        d.DataByQuestion.ToDictionary(q => q.Key, q => q.Value.Select(id => d.IndicatorById[id]).Where(i => i.AppliesTo(e)).ToArray(), StringComparer.Ordinal)), this);

    /// <summary>An option or axis value as a choice (one shared instance per id; the id itself as label when unknown).</summary>
    public Choice ChoiceOf(string id) => _choices.TryGetValue(id, out var choice) ? choice : new Choice(id, id);

    /// <summary>By question: the rank of each option in the référentiel's order (the last rank of an id listed twice).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> OptionRanks { get; }

    public RuleSetRef Referentiel { get; }

    public IReadOnlyList<QuestionLabel> Questions { get; }

    public double ToleranceFragile { get; }

    public int ModalitesMax { get; }

    public int ObjectifsMax { get; }

    /// <summary>By question (pilotage, modalites, lieux, objectifs): its options in the référentiel's order.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<DictionaryOption>> Options { get; }

    /// <summary>The three axes of the needs: services, publics, criteres.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<DictionaryOption>> Axes { get; }

    /// <summary>The catalogue, in its order (the order of a result's portrait).</summary>
    public IReadOnlyList<DictionaryIndicator> Indicators { get; }

    /// <summary>By question: the indicators its rules read (what to collect when it is not established).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> DataByQuestion { get; }

    public IReadOnlyList<DictionaryRule> Rules { get; }

    public IReadOnlyDictionary<string, DictionaryIndicator> IndicatorById { get; }

    /// <summary>
    /// The order of the values of a line's portrait (format 3): the indicators a profile gives (not computed), in
    /// catalogue order, as the full result lists them.
    /// </summary>
    public IReadOnlyList<string> PortraitOrder { get; }

    /// <summary>The position of each indicator in <see cref="PortraitOrder"/>.</summary>
    public IReadOnlyDictionary<string, int> PortraitPosition { get; }

    public IReadOnlyDictionary<string, DictionaryRule> RuleByName { get; }

    /// <summary>Option and axis labels by id (ids are unique across the référentiel).</summary>
    public IReadOnlyDictionary<string, string> OptionLabels { get; }

    /// <summary>The question of each option.</summary>
    public IReadOnlyDictionary<string, string> OptionQuestion { get; }

    /// <summary>The shared texts of the batch, referred to by their index from the lines.</summary>
    public IReadOnlyList<string> Texts => _texts;

    public string Version => Referentiel.Version;

    /// <summary>The index of a shared text, added when new (null when the table is full: the text then stays in its line).</summary>
    public int? Intern(string text)
    {
        if (_textIndex.TryGetValue(text, out var index))
        {
            return index;
        }
        if (_texts.Count >= MaxTexts)
        {
            return null;
        }
        _texts.Add(text);
        _textIndex[text] = _texts.Count - 1;
        return _texts.Count - 1;
    }

    /// <summary>The shared text at <paramref name="index"/>.</summary>
    /// <exception cref="CompactFormatException">When there is no such text.</exception>
    public string Text(int index) => (uint)index < (uint)_texts.Count
        ? _texts[index]
        : throw new CompactFormatException($"texte partagé n° {index} absent du dictionnaire ({_texts.Count} textes)");

    /// <summary>The provenance (source, millésime) of an indicator's values when a line does not say otherwise: the first one of the batch.</summary>
    public (string? Source, string? Millesime)? Provenance(string indicator) =>
        _provenances.TryGetValue(indicator, out var p) ? p : null;

    /// <summary>Sets the default provenance of an indicator, when it has none yet (writing, in input order).</summary>
    public (string? Source, string? Millesime) DefaultProvenance(string indicator, string? source, string? millesime)
    {
        if (!_provenances.TryGetValue(indicator, out var p))
        {
            p = (source, millesime);
            _provenances[indicator] = p;
        }
        return p;
    }

    /// <summary>
    /// Sets the default provenances from one result (a batch's first evaluated territory, in input order) before lines
    /// are encoded in parallel: encoding then only reads them; an indicator this result lacks gets none, and lines
    /// write its source and millésime.
    /// </summary>
    public void SeedProvenances(EvaluationResult result)
    {
        foreach (var e in result.Portrait)
        {
            DefaultProvenance(e.Id, e.Source, e.Millesime);
        }
    }

    /// <summary>The dictionary of a rule set (no shared text yet).</summary>
    public static CompactDictionary For(RuleSet kb)
    {
        var referentiel = kb.Referentiel;
        var options = QuestionIds.WithOptions.ToDictionary(
            q => q,
            q => (IReadOnlyList<DictionaryOption>)referentiel.Question(q).Options.Select(o => new DictionaryOption(o.Id, o.Libelle)).ToList(),
            StringComparer.Ordinal);
        var axes = new Dictionary<string, IReadOnlyList<DictionaryOption>>(StringComparer.Ordinal)
        {
            ["services"] = referentiel.Axes.Services.Select(o => new DictionaryOption(o.Id, o.Libelle)).ToList(),
            ["publics"] = referentiel.Axes.Publics.Select(o => new DictionaryOption(o.Id, o.Libelle)).ToList(),
            ["criteres"] = referentiel.Axes.Criteres.Select(o => new DictionaryOption(o.Id, o.Libelle)).ToList(),
        };
        var readers = kb.Indicators.Select(_ => new List<string>()).ToArray();
        foreach (var rule in kb.Rules)
        {
            foreach (var index in rule.Indicators)
            {
                readers[index].Add(rule.Name);
            }
        }
        var indicators = kb.Indicators.Select((d, i) => new DictionaryIndicator(
            d.Id, d.Libelle, d.Theme, d.Unite, d.UnitePluriel, d.Levier, d.Calcule, d.Source, d.ValeurMasquee, d.LibelleValeurMasquee,
            d.Valeurs?.Select(v => new DictionaryOption(v.Id, v.Libelle)).ToList(), readers[i],
            readers[i].Count == 0 ? null : $"Indicateur manquant {FrenchFormat.Quote(d.Libelle)} : {readers[i].Count}\u00a0{(readers[i].Count >= 2 ? "règles non évaluées" : "règle non évaluée")}.",
            d.Echelles)).ToList();
        var data = QuestionIds.All.ToDictionary(
            q => q,
            q => (IReadOnlyList<string>)kb.Rules.Where(r => r.Workflow == q).SelectMany(r => r.Indicators)
                .Where(i => !kb.Indicators[i].Calcule).Distinct().Order().Select(i => kb.Indicators[i].Id).ToList(),
            StringComparer.Ordinal);
        var rules = kb.Rules.Select(r => Rule(kb, r)).ToList();
        var questions = referentiel.Questions.OrderBy(q => q.Numero).Select(q => new QuestionLabel(q.Id, q.Numero, q.Libelle, q.Intitule)).ToList();
        return new CompactDictionary(new RuleSetRef(kb.Version, kb.Rules.Count), questions, kb.Scenarios.ToleranceFragile,
            kb.Scenarios.ModalitesMax, kb.Scenarios.ObjectifsMax, options, axes, indicators, data, rules).From(kb);
    }

    private CompactDictionary From(RuleSet kb)
    {
        Source = kb;
        _definitions = kb.Indicators.ToDictionary(i => i.Id, StringComparer.Ordinal);
        PortraitDefinitions = PortraitOrder.Select(id => _definitions.GetValueOrDefault(id)).ToArray();
        return this;
    }

    private Dictionary<string, IndicatorDefinition>? _definitions;

    /// <summary>By position in <see cref="PortraitOrder"/>: the dictionary's indicator.</summary>
    internal DictionaryIndicator[] PortraitIndicators { get; }

    /// <summary>By position in <see cref="PortraitOrder"/>: the catalogue definition it was made from (see <see cref="DefinitionOf"/>).</summary>
    internal IndicatorDefinition?[] PortraitDefinitions { get; private set; } = [];

    /// <summary>
    /// The rule set this dictionary was made from (<see cref="For"/>; null when read from a file): its results' texts
    /// are predicted by the dictionary by construction, which a writer checks on their provenance (<see cref="TextProvenance"/>)
    /// rather than by rendering and comparing them.
    /// </summary>
    internal RuleSet? Source { get; private set; }

    /// <summary>The catalogue definition an indicator of the dictionary was made from (null when read from a file or unknown).</summary>
    internal IndicatorDefinition? DefinitionOf(string id) => _definitions is not null && _definitions.TryGetValue(id, out var definition) ? definition : null;

    /// <summary>A rule as its justifications show it (the evaluation's wording for needs and compatibility targets).</summary>
    private static DictionaryRule Rule(RuleSet kb, CompiledRule rule)
    {
        var p = rule.Properties;
        var referentiel = kb.Referentiel;
        string Label(string question, string id) => referentiel.FindOption(question, id)?.Libelle ?? id;
        var (option, label) = rule.Workflow switch
        {
            QuestionIds.Besoins => ($"{p.Service ?? "*"}×{p.Public ?? "*"}×{p.Critere ?? "*"}", CrossedNeed.LabelOf(referentiel, p.Service, p.Public, p.Critere)),
            QuestionIds.Compatibilite when p.Posture is not null && p.Option is not null =>
                ($"{p.Posture}+{p.Option}", $"{Label(QuestionIds.Pilotage, p.Posture)} et {Label(referentiel.QuestionOf(p.Option) ?? "", p.Option)}"),
            _ => (p.Option ?? "", Label(rule.Workflow, p.Option ?? "")),
        };
        var segments = new List<ExplanationSegment>();
        var last = 0;
        var template = p.Explication;
        void Literal(string text)
        {
            if (text.Length == 0)
            {
                return;
            }
            if (segments.Count > 0 && segments[^1].Text is { } previous)
            {
                segments[^1] = new ExplanationSegment(previous + text, null);
            }
            else
            {
                segments.Add(new ExplanationSegment(text, null));
            }
        }
        foreach (System.Text.RegularExpressions.Match m in Names.Placeholder().Matches(template))
        {
            Literal(template[last..m.Index]);
            var key = m.Groups[1].Value;
            if (kb.IndicatorIndex.ContainsKey(key))
            {
                segments.Add(new ExplanationSegment(null, key));
            }
            else
            {
                Literal(kb.Parameters.TryGetValue(key, out var parameter) ? parameter.Formatted : m.Value);
            }
            last = m.Index + m.Length;
        }
        Literal(template[last..]);
        return new DictionaryRule(rule.Name, rule.Workflow, option, label, p.Effet.ToString(), p.Poids ?? 0, segments, p.Source, p.Statut, rule.File,
            rule.Indicators.Select(i => kb.Indicators[i].Id).ToList(), p.Posture, p.Option);
    }

    // ---- regles.json ---------------------------------------------------------------------------------------

    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, NewLine = "\n" };

    public void WriteTo(Stream stream)
    {
        using var w = new Utf8JsonWriter(stream, WriterOptions);
        w.WriteStartObject();
        w.WriteString("format", Format);
        w.WriteNumber("versionFormat", FormatVersion);
        w.WriteStartObject("referentiel");
        w.WriteString("version", Referentiel.Version);
        w.WriteNumber("regles", Referentiel.Regles);
        w.WriteEndObject();
        w.WriteStartArray("questions");
        foreach (var q in Questions)
        {
            w.WriteStartObject();
            w.WriteString("id", q.Id);
            w.WriteNumber("numero", q.Numero);
            w.WriteString("libelle", q.Libelle);
            w.WriteString("intitule", q.Intitule);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartObject("reglages");
        w.WriteNumber("toleranceFragile", ToleranceFragile);
        w.WriteNumber("modalitesMax", ModalitesMax);
        w.WriteNumber("objectifsMax", ObjectifsMax);
        w.WriteEndObject();
        WriteOptions(w, "options", Options);
        WriteOptions(w, "axes", Axes);
        w.WriteStartArray("indicateurs");
        foreach (var i in Indicators)
        {
            w.WriteStartObject();
            w.WriteString("id", i.Id);
            w.WriteString("libelle", i.Libelle);
            OptionalString(w, "theme", i.Theme);
            OptionalString(w, "unite", i.Unite);
            OptionalString(w, "unitePluriel", i.UnitePluriel);
            w.WriteBoolean("levier", i.Levier);
            w.WriteBoolean("calcule", i.Calcule);
            w.WriteString("source", i.Source);
            if (i.ValeurMasquee is { } masked)
            {
                w.WriteNumber("valeurMasquee", masked);
                w.WriteString("libelleValeurMasquee", i.LibelleValeurMasquee);
            }
            if (i.Valeurs is { } values)
            {
                WriteOptionList(w, "valeurs", values);
            }
            WriteStrings(w, "regles", i.Regles);
            OptionalString(w, "avertissement", i.Avertissement);
            if (i.Echelles is { } scales)
            {
                WriteStrings(w, "echelles", scales);
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartObject("donneesParQuestion");
        foreach (var (question, ids) in DataByQuestion)
        {
            WriteStrings(w, question, ids);
        }
        w.WriteEndObject();
        w.WriteStartObject("regles");
        foreach (var r in Rules)
        {
            w.WriteStartObject(r.Nom);
            w.WriteString("question", r.Question);
            w.WriteString("option", r.Option);
            w.WriteString("libelleOption", r.LibelleOption);
            w.WriteString("effet", r.Effet);
            w.WriteNumber("poids", r.Poids);
            w.WriteStartArray("explication");
            foreach (var s in r.Explication)
            {
                if (s.Text is not null)
                {
                    w.WriteStringValue(s.Text);
                }
                else
                {
                    w.WriteStartObject();
                    w.WriteString("indicateur", s.Indicateur);
                    w.WriteEndObject();
                }
            }
            w.WriteEndArray();
            w.WriteString("source", r.Source);
            w.WriteString("statut", r.Statut);
            w.WriteString("fichier", r.Fichier);
            WriteStrings(w, "indicateurs", r.Indicateurs);
            OptionalString(w, "posture", r.Posture);
            OptionalString(w, "cible", r.Cible);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteStartObject("lot");
        w.WriteStartObject("provenances");
        foreach (var (id, (source, millesime)) in _provenances.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            w.WriteStartObject(id);
            w.WriteString("source", source);
            w.WriteString("millesime", millesime);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        WriteStrings(w, "textes", _texts);
        w.WriteEndObject();
        w.WriteEndObject();
        w.Flush();
    }

    private static void OptionalString(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteStringValue(v);
        }
        w.WriteEndArray();
    }

    private static void WriteOptions(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, IReadOnlyList<DictionaryOption>> groups)
    {
        w.WriteStartObject(name);
        foreach (var (key, list) in groups)
        {
            WriteOptionList(w, key, list);
        }
        w.WriteEndObject();
    }

    private static void WriteOptionList(Utf8JsonWriter w, string name, IReadOnlyList<DictionaryOption> list)
    {
        w.WriteStartArray(name);
        foreach (var o in list)
        {
            w.WriteStartObject();
            w.WriteString("id", o.Id);
            w.WriteString("libelle", o.Libelle);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>Reads <c>regles.json</c>.</summary>
    /// <exception cref="CompactFormatException">When the file is not a dictionary of this format, in French.</exception>
    public static CompactDictionary Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CompactFormatException($"dictionnaire illisible : {path}");
        }
        try
        {
            using var document = JsonDocument.Parse(bytes);
            return Read(document.RootElement);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            throw new CompactFormatException($"{path} n'est pas un dictionnaire de lot compact lisible : {ex.Message}");
        }
    }

    public static CompactDictionary Read(JsonElement root)
    {
        if (!root.TryGetProperty("format", out var format) || format.GetString() != Format)
        {
            throw new CompactFormatException($"format « {Format} » attendu");
        }
        var version = root.GetProperty("versionFormat").GetInt32();
        if (version is < OldestFormatVersion or > FormatVersion)
        {
            throw new CompactFormatException($"version {version} du format compact : cette version de l'outil lit les versions {OldestFormatVersion} à {FormatVersion}");
        }
        var referentiel = root.GetProperty("referentiel");
        var settings = root.GetProperty("reglages");
        static IReadOnlyList<DictionaryOption> Options(JsonElement list) =>
            list.EnumerateArray().Select(o => new DictionaryOption(o.GetProperty("id").GetString()!, o.GetProperty("libelle").GetString()!)).ToList();
        static IReadOnlyDictionary<string, IReadOnlyList<DictionaryOption>> Groups(JsonElement obj) =>
            obj.EnumerateObject().ToDictionary(p => p.Name, p => Options(p.Value), StringComparer.Ordinal);
        static string? Optional(JsonElement obj, string name) => obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        static IReadOnlyList<string> Strings(JsonElement list) => list.EnumerateArray().Select(s => s.GetString()!).ToList();
        var indicators = root.GetProperty("indicateurs").EnumerateArray().Select(i => new DictionaryIndicator(
            i.GetProperty("id").GetString()!,
            i.GetProperty("libelle").GetString()!,
            Optional(i, "theme"),
            Optional(i, "unite"),
            Optional(i, "unitePluriel"),
            i.GetProperty("levier").GetBoolean(),
            i.GetProperty("calcule").GetBoolean(),
            i.GetProperty("source").GetString()!,
            i.TryGetProperty("valeurMasquee", out var masked) ? masked.GetDouble() : null,
            Optional(i, "libelleValeurMasquee"),
            i.TryGetProperty("valeurs", out var values) ? Options(values) : null,
            Strings(i.GetProperty("regles")),
            Optional(i, "avertissement"),
            i.TryGetProperty("echelles", out var scales) ? Strings(scales) : null)).ToList();
        var rules = root.GetProperty("regles").EnumerateObject().Select(r => new DictionaryRule(
            r.Name,
            r.Value.GetProperty("question").GetString()!,
            r.Value.GetProperty("option").GetString()!,
            r.Value.GetProperty("libelleOption").GetString()!,
            r.Value.GetProperty("effet").GetString()!,
            r.Value.GetProperty("poids").GetDouble(),
            r.Value.GetProperty("explication").EnumerateArray()
                .Select(s => s.ValueKind == JsonValueKind.String ? new ExplanationSegment(s.GetString(), null) : new ExplanationSegment(null, s.GetProperty("indicateur").GetString())).ToList(),
            r.Value.GetProperty("source").GetString()!,
            r.Value.GetProperty("statut").GetString()!,
            r.Value.GetProperty("fichier").GetString()!,
            Strings(r.Value.GetProperty("indicateurs")),
            Optional(r.Value, "posture"),
            Optional(r.Value, "cible"))).ToList();
        var dictionary = new CompactDictionary(
            new RuleSetRef(referentiel.GetProperty("version").GetString()!, referentiel.GetProperty("regles").GetInt32()),
            root.GetProperty("questions").EnumerateArray().Select(q => new QuestionLabel(
                q.GetProperty("id").GetString()!, q.GetProperty("numero").GetInt32(), q.GetProperty("libelle").GetString()!, q.GetProperty("intitule").GetString()!)).ToList(),
            settings.GetProperty("toleranceFragile").GetDouble(),
            settings.GetProperty("modalitesMax").GetInt32(),
            settings.GetProperty("objectifsMax").GetInt32(),
            Groups(root.GetProperty("options")),
            Groups(root.GetProperty("axes")),
            indicators,
            root.GetProperty("donneesParQuestion").EnumerateObject().ToDictionary(p => p.Name, p => Strings(p.Value), StringComparer.Ordinal),
            rules);
        var lot = root.GetProperty("lot");
        foreach (var p in lot.GetProperty("provenances").EnumerateObject())
        {
            dictionary._provenances[p.Name] = (Optional(p.Value, "source"), Optional(p.Value, "millesime"));
        }
        foreach (var text in lot.GetProperty("textes").EnumerateArray())
        {
            var value = text.GetString()!;
            dictionary._texts.Add(value);
            dictionary._textIndex.TryAdd(value, dictionary._texts.Count - 1);
        }
        return dictionary;
    }
}

/// <summary>A compact line or dictionary that cannot be read back, in French.</summary>
public sealed class CompactFormatException(string message) : Exception(message);
