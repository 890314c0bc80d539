using System.Text.Json;
using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Output;

namespace Cadrage.Rules.Worker.Batch.Compact;

/// <summary>
/// Rebuilds the full result of a compact line with its dictionary: every field the line leaves out is the
/// prediction the writer checked, every field it holds is taken as written. Serialized by <see cref="ResultJson"/>,
/// the rebuilt result is the full form, byte for byte. Thread-safe once the dictionary is read.
/// </summary>
public sealed class CompactReader(CompactDictionary dictionary)
{
    public CompactDictionary Dictionary => dictionary;

    /// <summary>Rebuilds one line.</summary>
    /// <exception cref="CompactFormatException">When the line is not a compact result of this dictionary, in French.</exception>
    public EvaluationResult Read(ReadOnlySpan<byte> line)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line.ToArray());
        }
        catch (JsonException ex)
        {
            throw new CompactFormatException($"ligne compacte mal formée : {ex.Message}");
        }
        using (document)
        {
            return Read(document.RootElement);
        }
    }

    /// <exception cref="CompactFormatException">When the line is not a compact result of this dictionary, in French.</exception>
    public EvaluationResult Read(JsonElement line)
    {
        try
        {
            return new Line(dictionary, line).Read();
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException or IndexOutOfRangeException or ArgumentException or NullReferenceException)
        {
            throw new CompactFormatException($"ligne compacte illisible : {ex.Message}");
        }
    }

    private sealed class Line(CompactDictionary d, JsonElement e)
    {
        private readonly Dictionary<string, PortraitEntry> _portrait = new(StringComparer.Ordinal);
        private readonly Dictionary<string, OptionNumbers> _numbers = new(StringComparer.Ordinal);
        private HashSet<string> _excluded = [];
        private IReadOnlyList<Priority>? _priorities;
        private string _echelle = "";
        private int _needs;

        public EvaluationResult Read()
        {
            var t = e.GetProperty("territoire");
            var territoire = new TerritoryRef(Str(t, "id"), Str(t, "nom"), Str(t, "echelle"), OptStr(t, "description"));
            _echelle = territoire.Echelle;
            var referentiel = Referentiel(e.GetProperty("referentiel"));
            var portrait = Portrait(e.GetProperty("portrait"));
            var besoins = List(e, "besoinsCroises", Priority);
            var scenarioElements = e.TryGetProperty("scenarios", out var s) ? s.EnumerateArray().ToList() : [];
            _priorities = scenarioElements.Count > 0 ? Priorities(scenarioElements[0], besoins, besoins) : null;
            _needs = besoins.Count;
            var ecartees = List(e, "optionsEcartees", x => new ExcludedOption(Str(x, "question"), Choice(x.GetProperty("option")), List(x, "regles", Justification)));
            _excluded = ecartees.Select(x => x.Option.Id).ToHashSet(StringComparer.Ordinal);
            var analyse = e.GetProperty("analyse").EnumerateArray().Select(Analyse).ToList();
            var besoinsCertitude = analyse.FirstOrDefault(a => a.Question == QuestionIds.Besoins)?.Certitude ?? Certitudes.NonTranchee;
            var scenarios = new List<Scenario>(scenarioElements.Count);
            for (var i = 0; i < scenarioElements.Count; i++)
            {
                scenarios.Add(Scenario(scenarioElements[i], i, besoins, i == 0 ? null : scenarios[i - 1], territoire, besoinsCertitude));
            }
            // A status left out is predicted from the scores of every scenario (the next one's included).
            var scores = scenarios.Select(x => x.Score).ToList();
            for (var i = 0; i < scenarios.Count; i++)
            {
                if (scenarios[i].Statut.Length == 0)
                {
                    var statut = CompactPredictions.Status(i, scores);
                    var retenu = scenarioElements[i].TryGetProperty("retenu", out var r) ? r.GetBoolean() : statut == "retenu";
                    scenarios[i] = scenarios[i] with { Statut = statut, Retenu = retenu };
                }
            }
            var missing = e.TryGetProperty("indicateursManquants", out var m)
                ? m.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String
                    ? new MissingIndicator(x.GetString()!, d.IndicatorById[x.GetString()!].Libelle, d.IndicatorById[x.GetString()!].Regles)
                    : new MissingIndicator(Str(x, "id"), Str(x, "libelle"), Strings(x.GetProperty("regles")))).ToList()
                : CompactPredictions.Missing(d, _echelle, _portrait);
            var warnings = CompactPredictions.MissingWarnings(d, missing);
            if (e.TryGetProperty("avertissements", out var w))
            {
                if (w.ValueKind == JsonValueKind.Object)
                {
                    warnings = w.GetProperty("liste").EnumerateArray().Select(Text).ToList();
                }
                else
                {
                    warnings.AddRange(w.EnumerateArray().Select(Text));
                }
            }
            var questions = e.TryGetProperty("questions", out var q)
                ? q.EnumerateArray().Select(x => new QuestionLabel(Str(x, "id"), x.GetProperty("numero").GetInt32(), Str(x, "libelle"), Str(x, "intitule"))).ToList()
                : d.Questions;
            var result = new EvaluationResult(territoire, referentiel, Text(e.GetProperty("synthese")), scenarios, analyse, besoins, missing, ecartees, warnings, questions, portrait);
            return e.TryGetProperty("explications", out var explications) && explications.ValueKind != JsonValueKind.Null
                ? CompactExplanations.WithExplanations(result, explications)
                : result;
        }

        private RuleSetRef Referentiel(JsonElement r)
        {
            if (r.ValueKind == JsonValueKind.Object)
            {
                return new RuleSetRef(Str(r, "version"), r.GetProperty("regles").GetInt32());
            }
            var version = r.GetString()!;
            if (version != d.Version)
            {
                throw new CompactFormatException($"ligne produite par la base de règles {version}, dictionnaire de la base {d.Version}");
            }
            return d.Referentiel;
        }

        // ---- scenarios -------------------------------------------------------------------------------------

        private Scenario Scenario(JsonElement s, int index, IReadOnlyList<Priority> besoins, Scenario? prev, TerritoryRef territoire, string besoinsCertitude)
        {
            var statut = s.TryGetProperty("statut", out var st) ? st.GetString()! : "";
            var pilotage = ScenarioAnswer(s.GetProperty("pilotage"), QuestionIds.Pilotage, []);
            var modalites = Answers(s, "modalites", QuestionIds.Modalites, prev?.Modalites);
            var lieux = s.TryGetProperty("lieux", out var g) ? Geometry(g, territoire) : prev?.Lieux ?? throw new CompactFormatException("scénario sans « lieux »");
            var priorites = Priorities(s, besoins, prev?.Priorites ?? besoins);
            var objectifs = Answers(s, "objectifs", QuestionIds.Objectifs, prev?.Objectifs);
            var certitudes = s.TryGetProperty("certitudes", out var c)
                ? new AnswerCertainties(Str(c, "pilotage"), Str(c, "modalites"), Str(c, "lieux"), Str(c, "besoins"), Str(c, "objectifs"))
                : CompactPredictions.Certainties(pilotage, modalites, lieux, besoinsCertitude, objectifs);
            var couverture = s.TryGetProperty("couverture", out var cov)
                ? new Coverage(
                    List(cov, "servies", x => new ServedPriority(Text(x.GetProperty("priorite")), x.GetProperty("par").EnumerateArray().Select(Choice).ToList())),
                    List(cov, "nonCouvertes", Text))
                : prev?.Couverture ?? new Coverage([], []);
            var justifications = Justifications(s, "justifications", prev?.Justifications);
            return new Scenario(
                s.TryGetProperty("rang", out var rang) ? rang.GetInt32() : index + 1,
                s.TryGetProperty("retenu", out var retenu) ? retenu.GetBoolean() : statut == "retenu",
                statut,
                s.TryGetProperty("intitule", out var intitule) ? Text(intitule) : CompactPredictions.Title(pilotage, lieux),
                s.TryGetProperty("score", out var score) ? score.GetDouble() : CompactPredictions.Score(pilotage, modalites, lieux, objectifs),
                s.TryGetProperty("convergence", out var convergence) ? convergence.GetInt32() : CompactPredictions.Convergence(justifications),
                pilotage,
                modalites,
                lieux,
                priorites,
                objectifs,
                certitudes,
                justifications,
                Justifications(s, "vigilances", prev?.Vigilances),
                s.TryGetProperty("coherence", out var coherence) ? coherence.EnumerateArray().Select(Coherence).ToList() : prev?.Coherence ?? [],
                couverture);
        }

        /// <summary>A scenario's multi-option answer: as written, else those of the previous scenario (none for the first).</summary>
        private IReadOnlyList<Answer> Answers(JsonElement s, string name, string question, IReadOnlyList<Answer>? previous)
        {
            if (!s.TryGetProperty(name, out var list))
            {
                return previous ?? [];
            }
            var elements = list.EnumerateArray().ToList();
            var chosen = elements.Select(x => Str(x, "id")).ToHashSet(StringComparer.Ordinal);
            return elements.Select(x => ScenarioAnswer(x, question, chosen)).ToList();
        }

        /// <summary>Justifications as written (an index is the previous scenario's justification at that index), else the previous scenario's.</summary>
        private IReadOnlyList<Justification> Justifications(JsonElement s, string name, IReadOnlyList<Justification>? previous)
        {
            if (!s.TryGetProperty(name, out var list))
            {
                return previous ?? [];
            }
            return list.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.Number
                ? (previous ?? throw new CompactFormatException($"« {name} » : un renvoi au scénario précédent dans le premier scénario"))[x.GetInt32()]
                : Justification(x)).ToList();
        }

        private IReadOnlyList<Priority> Priorities(JsonElement s, IReadOnlyList<Priority> besoins, IReadOnlyList<Priority> previous) =>
            s.TryGetProperty("priorites", out var p)
                ? p.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.Number ? besoins[x.GetInt32()] : Priority(x)).ToList()
                : previous;

        private Geometry Geometry(JsonElement g, TerritoryRef territoire)
        {
            var principale = ScenarioAnswer(g.GetProperty("principale"), QuestionIds.Lieux, []);
            var complementElements = g.TryGetProperty("complements", out var c) ? c.EnumerateArray().ToList() : [];
            var taken = complementElements.Select(x => Str(x, "id")).Append(principale.Id).ToHashSet(StringComparer.Ordinal);
            var complements = complementElements.Select(x => ScenarioAnswer(x, QuestionIds.Lieux, taken)).ToList();
            var roles = List(g, "lieuxNommes", r => new PlaceRole(Str(r, "role"), Text(r.GetProperty("libelle")),
                r.GetProperty("communes").EnumerateArray().Select(n => new NamedCommune(Str(n, "code"), Str(n, "nom"),
                    n.TryGetProperty("population", out var pop) ? pop.GetInt64() : null,
                    n.TryGetProperty("distanceKm", out var km) ? km.GetDouble() : null)).ToList()));
            var geometry = new Geometry(
                g.TryGetProperty("id", out var id) ? id.GetString()! : principale.Id,
                g.TryGetProperty("libelle", out var libelle) ? libelle.GetString()! : principale.Libelle,
                g.TryGetProperty("certitude", out var certitude) ? certitude.GetString()! : Cadrage.Rules.Output.Geometry.CertaintyOf(principale, complements),
                principale,
                complements,
                roles,
                "");
            return geometry with
            {
                Description = g.TryGetProperty("description", out var description) ? Text(description) : CompactPredictions.GeometryDescription(geometry, territoire, _portrait),
            };
        }

        private Answer ScenarioAnswer(JsonElement a, string question, IReadOnlyCollection<string> notCompetitors)
        {
            var id = Str(a, "id");
            var predicted = CompactPredictions.ScenarioAnswer(d, question, id, _numbers, notCompetitors);
            return Answer(a, predicted with { Certitude = Str(a, "certitude") }, numbers: true);
        }

        /// <summary>The prediction, with what the line writes instead.</summary>
        private Answer Answer(JsonElement a, Answer p, bool numbers) => new(
            p.Id,
            a.TryGetProperty("libelle", out var libelle) ? libelle.GetString()! : p.Libelle,
            a.TryGetProperty("certitude", out var certitude) ? certitude.GetString()! : p.Certitude,
            numbers && a.TryGetProperty("soutien", out var soutien) ? soutien.GetDouble() : p.Soutien,
            numbers && a.TryGetProperty("net", out var net) ? net.GetDouble() : p.Net,
            a.TryGetProperty("marge", out var marge) ? marge.GetDouble() : p.Marge,
            numbers && a.TryGetProperty("indicateurs", out var indicateurs) ? indicateurs.GetInt32() : p.Indicateurs,
            a.TryGetProperty("exAequo", out var exAequo) ? exAequo.EnumerateArray().Select(Choice).ToList() : p.ExAequo,
            a.TryGetProperty("concurrente", out var concurrente) ? (concurrente.ValueKind == JsonValueKind.Null ? null : Choice(concurrente)) : p.Concurrente,
            a.TryGetProperty("exigeePar", out var exigeePar) ? exigeePar.GetString() : p.ExigeePar,
            a.TryGetProperty("illustratifs", out var illustratifs)
                ? illustratifs.ValueKind == JsonValueKind.Null ? null : illustratifs.EnumerateArray().Select(IndicatorChoice).ToList()
                : p.Illustratifs,
            a.TryGetProperty("donneesAbsentes", out var absentes)
                ? absentes.ValueKind == JsonValueKind.Null ? null : absentes.EnumerateArray().Select(IndicatorChoice).ToList()
                : p.DonneesAbsentes);

        /// <summary>An indicator named by its id (its label from the dictionary), or written in full.</summary>
        private Choice IndicatorChoice(JsonElement x) => x.ValueKind == JsonValueKind.String
            ? new Choice(x.GetString()!, d.IndicatorById.TryGetValue(x.GetString()!, out var i) ? i.Libelle : x.GetString()!)
            : new Choice(Str(x, "id"), Str(x, "libelle"));

        // ---- analyse ---------------------------------------------------------------------------------------

        private QuestionEvidence Analyse(JsonElement q, int index)
        {
            var question = q.TryGetProperty("question", out var id) ? id.GetString()! : d.Questions[index].Id;
            var label = q.TryGetProperty("libelle", out var l) ? l.GetString()! : d.Questions.First(x => x.Id == question).Libelle;
            var listed = q.TryGetProperty("options", out var o) ? o.EnumerateArray().ToList() : [];
            var numbers = new List<OptionNumbers>();
            foreach (var x in listed)
            {
                var soutien = x.TryGetProperty("soutien", out var sv) ? sv.GetDouble() : 0;
                var optionId = Str(x, "id");
                numbers.Add(new OptionNumbers(optionId, soutien, x.TryGetProperty("net", out var nv) ? nv.GetDouble() : soutien,
                    x.TryGetProperty("indicateurs", out var iv) ? iv.GetInt32() : 0, _excluded.Contains(optionId)));
            }
            if (!(q.TryGetProperty("ordre", out var order) && order.GetString() == "tel-quel") && d.Options.TryGetValue(question, out var all))
            {
                var rank = new Dictionary<string, int>(StringComparer.Ordinal);
                for (var i = 0; i < all.Count; i++)
                {
                    rank[all[i].Id] = i;
                    if (!numbers.Any(n => n.Id == all[i].Id))
                    {
                        numbers.Add(new OptionNumbers(all[i].Id, 0, 0, 0, _excluded.Contains(all[i].Id)));
                    }
                }
                // The evaluation's order: net evidence descending, then the référentiel's order; the listed options keep their written values.
                var sorted = numbers.Select((n, i) => (n, i)).OrderByDescending(x => x.n.Net).ThenBy(x => rank.GetValueOrDefault(x.n.Id, int.MaxValue)).ToList();
                var byId = listed.ToDictionary(x => Str(x, "id"), StringComparer.Ordinal);
                numbers = sorted.Select(x => x.n).ToList();
                listed = numbers.Select(n => byId.TryGetValue(n.Id, out var x) ? x : default).ToList();
            }
            var predicted = CompactPredictions.Analyse(d, question, numbers);
            var answers = new List<Answer>(numbers.Count);
            for (var i = 0; i < numbers.Count; i++)
            {
                answers.Add(i < listed.Count && listed[i].ValueKind == JsonValueKind.Object ? Answer(listed[i], predicted[i], numbers: false) : predicted[i]);
                _numbers.TryAdd(numbers[i].Id, numbers[i]);
            }
            var certitude = q.TryGetProperty("certitude", out var c) ? c.GetString()!
                : question == QuestionIds.Besoins ? CompactPredictions.NeedsCertainty(_needs) : CompactPredictions.AnalyseCertainty(d, question, numbers, answers);
            var data = q.TryGetProperty("donneesAReunir", out var dr)
                ? dr.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? new Choice(x.GetString()!, d.IndicatorById[x.GetString()!].Libelle) : new Choice(Str(x, "id"), Str(x, "libelle"))).ToList()
                : CompactPredictions.DataToCollect(d, question, certitude, _echelle, _portrait);
            return new QuestionEvidence(question, label, certitude, answers, data, Text(q.GetProperty("phrase")));
        }

        // ---- rules -----------------------------------------------------------------------------------------

        private Justification Justification(JsonElement j)
        {
            if (j.ValueKind == JsonValueKind.String)
            {
                return CompactPredictions.Justification(d, j.GetString()!, _portrait, _priorities)
                    ?? throw new CompactFormatException($"règle « {j.GetString()} » : ni dans le dictionnaire, ni écrite en entier");
            }
            var name = Str(j, "regle");
            var p = CompactPredictions.Justification(d, name, _portrait, _priorities);
            return new Justification(
                name,
                j.TryGetProperty("question", out var question) ? question.GetString()! : p!.Question,
                j.TryGetProperty("option", out var option) ? option.GetString()! : p!.Option,
                j.TryGetProperty("libelleOption", out var label) ? label.GetString()! : p!.LibelleOption,
                j.TryGetProperty("effet", out var effet) ? effet.GetString()! : p!.Effet,
                j.TryGetProperty("poids", out var poids) ? poids.GetDouble() : p!.Poids,
                !j.TryGetProperty("compte", out var compte) || compte.GetBoolean(),
                j.TryGetProperty("explication", out var explication) ? Text(explication) : p!.Explication,
                j.TryGetProperty("source", out var source) ? Text(source) : p!.Source,
                j.TryGetProperty("statut", out var statut) ? statut.GetString()! : p!.Statut,
                j.TryGetProperty("fichier", out var fichier) ? fichier.GetString()! : p!.Fichier,
                j.TryGetProperty("indicateurs", out var readings) ? readings.EnumerateArray().Select(Reading).ToList() : p!.Indicateurs);
        }

        private IndicatorReading Reading(JsonElement x)
        {
            if (x.ValueKind == JsonValueKind.String)
            {
                return CompactPredictions.Reading(d, x.GetString()!, _portrait, _priorities)
                    ?? throw new CompactFormatException($"indicateur lu « {x.GetString()} » : ni dans le portrait, ni écrit en entier");
            }
            return new IndicatorReading(Str(x, "id"), Str(x, "libelle"), Value(x.GetProperty("valeur"))!, Str(x, "texte"), OptStr(x, "unite"), OptStr(x, "source"), OptStr(x, "millesime"));
        }

        private Coherence Coherence(JsonElement c)
        {
            if (c.ValueKind == JsonValueKind.String)
            {
                return CompactPredictions.Coherence(d, c.GetString()!, _portrait, _priorities)
                    ?? throw new CompactFormatException($"règle de compatibilité « {c.GetString()} » : absente du dictionnaire");
            }
            var name = Str(c, "regle");
            var p = CompactPredictions.Coherence(d, name, _portrait, _priorities);
            return new Coherence(
                name,
                c.TryGetProperty("effet", out var effet) ? effet.GetString()! : p!.Effet,
                c.TryGetProperty("posture", out var posture) ? Choice(posture) : p!.Posture,
                c.TryGetProperty("option", out var option) ? Choice(option) : p!.Option,
                c.TryGetProperty("role", out var role) ? role.GetString()! : p!.Role,
                c.TryGetProperty("explication", out var explication) ? Text(explication) : p!.Explication,
                c.TryGetProperty("source", out var source) ? Text(source) : p!.Source,
                c.TryGetProperty("statut", out var statut) ? statut.GetString()! : p!.Statut);
        }

        private Priority Priority(JsonElement p)
        {
            var regles = Strings(p.GetProperty("regles"));
            var axes = p.TryGetProperty("service", out var service)
                ? (Choice(service), Choice(p.GetProperty("public")), Choice(p.GetProperty("critere")))
                : CompactPredictions.PriorityAxes(d, regles) ?? throw new CompactFormatException($"besoin croisé sans « service » ni règle de besoin unique qui le nomme ({string.Join(", ", regles)})");
            return new(
                axes.Item1,
                axes.Item2,
                axes.Item3,
                p.GetProperty("score").GetDouble(),
                p.TryGetProperty("intensiteDiagnostic", out var intensity) ? intensity.GetInt32() : null,
                p.TryGetProperty("sourceDiagnostic", out var source) ? Text(source) : null,
                regles);
        }

        // ---- portrait --------------------------------------------------------------------------------------

        /// <summary>The portrait: an array in the dictionary's portrait order (format 3) or an object by indicator id.</summary>
        private List<PortraitEntry> Portrait(JsonElement portrait)
        {
            var entries = new List<PortraitEntry>();
            if (portrait.ValueKind == JsonValueKind.Array)
            {
                var position = 0;
                foreach (var value in portrait.EnumerateArray())
                {
                    if (position >= d.PortraitOrder.Count)
                    {
                        throw new CompactFormatException($"portrait : {portrait.GetArrayLength()} valeurs pour {d.PortraitOrder.Count} indicateurs dans le dictionnaire");
                    }
                    if (value.ValueKind != JsonValueKind.Null)
                    {
                        Add(d.PortraitOrder[position], value);
                    }
                    position++;
                }
                return entries;
            }
            foreach (var property in portrait.EnumerateObject())
            {
                Add(property.Name, property.Value);
            }
            return entries;

            void Add(string id, JsonElement x)
            {
                var provenance = d.Provenance(id) ?? (null, null);
                PortraitEntry entry;
                if (x.ValueKind != JsonValueKind.Object)
                {
                    entry = CompactPredictions.Portrait(d, id, Value(x)!, provenance);
                }
                else
                {
                    var p = CompactPredictions.Portrait(d, id, Value(x.GetProperty("valeur"))!, provenance);
                    entry = p with
                    {
                        Texte = x.TryGetProperty("texte", out var texte) ? Text(texte) : p.Texte,
                        Source = x.TryGetProperty("source", out var source) ? (source.ValueKind == JsonValueKind.Null ? null : Text(source)) : p.Source,
                        Millesime = x.TryGetProperty("millesime", out var millesime) ? millesime.GetString() : p.Millesime,
                        Illustratif = x.TryGetProperty("illustratif", out var illustratif) && illustratif.GetBoolean(),
                        Libelle = x.TryGetProperty("libelle", out var libelle) ? libelle.GetString()! : p.Libelle,
                        Theme = x.TryGetProperty("theme", out var theme) ? theme.GetString() : p.Theme,
                        Levier = x.TryGetProperty("levier", out var levier) ? levier.GetBoolean() : p.Levier,
                    };
                }
                entries.Add(entry);
                _portrait.TryAdd(id, entry);
            }
        }

        // ---- values ----------------------------------------------------------------------------------------

        private string Text(JsonElement x) => x.ValueKind == JsonValueKind.Number ? d.Text(x.GetInt32()) : x.GetString()!;

        private Choice Choice(JsonElement x) => x.ValueKind == JsonValueKind.String
            ? CompactPredictions.Choice(d, x.GetString()!)
            : new Choice(Str(x, "id"), Str(x, "libelle"));

        private static object? Value(JsonElement x) => x.ValueKind switch
        {
            JsonValueKind.Number => x.GetDouble(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String => x.GetString(),
            JsonValueKind.Array => x.EnumerateArray().Select(i => i.GetString() ?? "").ToArray(),
            JsonValueKind.Null => null,
            _ => throw new CompactFormatException($"valeur d'indicateur inattendue : {x.ValueKind}"),
        };

        private static string Str(JsonElement x, string name) => x.GetProperty(name).GetString()
            ?? throw new CompactFormatException($"« {name} » : un texte est attendu");

        private static string? OptStr(JsonElement x, string name) => x.TryGetProperty(name, out var v) ? v.GetString() : null;

        private static IReadOnlyList<string> Strings(JsonElement x) => x.EnumerateArray().Select(s => s.GetString()!).ToList();

        private static List<T> List<T>(JsonElement x, string name, Func<JsonElement, T> read) =>
            x.TryGetProperty(name, out var list) ? list.EnumerateArray().Select(read).ToList() : [];
    }
}
