using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Output;

namespace Cadrage.Rules.Worker.Batch;

/// <summary>
/// <c>synthese.html</c>: what a batch says, on one self-contained page (no script, no external asset), in French:
/// the distribution of each answer and of its certainty, maps of the lot (one point per territory, coloured by
/// posture, geometry and certainty), the territories the tool could not decide with the data that would decide them,
/// a link to each territory's note. Prints on A4.
/// </summary>
public sealed class SyntheseHtml(RuleSet kb, BatchOverview overview, BatchSummary summary, DateTimeOffset date, ResultForm form, bool notes)
{
    /// <summary>Most territories listed one by one among those to decide (the others are counted; synthese.csv has them all).</summary>
    public const int MaxListed = 1500;

    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>
    /// A fragile answer that would be established but whose lead rests on illustrative values of the profile (not
    /// measured): counted and coloured apart from the answers fragile because another option is close.
    /// </summary>
    public const string FragileIllustrative = "fragile-illustratif";

    private static readonly string[] CertaintyOrder = [Certitudes.Etablie, Certitudes.Fragile, FragileIllustrative, Certitudes.NonTranchee];

    /// <summary>Colour-blind-safe palette (Okabe–Ito), then greys.</summary>
    private static readonly string[] Palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];

    private const string NoScenarioColour = "#BBBBBB";

    private readonly StringBuilder _html = new(1 << 14);

    /// <summary>Whether the batch computed explanations (<c>--explications</c>): then the synthèse aggregates the seuils les plus proches.</summary>
    public bool Explained { get; init; }

    /// <summary>Most parameters listed among those that would flip territories.</summary>
    public const int MaxThresholds = 15;

    public string Render()
    {
        var territories = overview.Territories;
        _html.Append("<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        _html.Append("<title>Synthèse du lot — ").Append(Count(territories.Count, "territoire", "territoires")).Append("</title>\n<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n");
        Header(territories);
        // The sections read the lot and write their own text: on 35,000 communes they are rendered side by side on
        // the cores (the end of the batch waits on them), then joined in reading order.
        Sections(
            s => s.Maps(territories),
            s => s.Answers(territories),
            s =>
            {
                if (Explained)
                {
                    s.Thresholds(territories);
                }
            },
            s => s.Undecided(territories));
        Footer();
        _html.Append("</body>\n</html>\n");
        // No-break spaces inside guillemets and before « : ; ? ! » (the CSS is left as it is).
        return FrenchFormat.HtmlTypography(_html.ToString());
    }

    /// <summary>Renders each section into its own page part, in parallel, and appends the parts in the given order.</summary>
    private void Sections(params Action<SyntheseHtml>[] sections)
    {
        var parts = new StringBuilder[sections.Length];
        Parallel.For(0, sections.Length, i =>
        {
            var part = new SyntheseHtml(kb, overview, summary, date, form, notes) { Explained = Explained };
            sections[i](part);
            parts[i] = part._html;
        });
        foreach (var part in parts)
        {
            _html.Append(part);
        }
    }

    // ---- header --------------------------------------------------------------------------------------------

    private void Header(IReadOnlyList<TerritorySummary> territories)
    {
        var retained = territories.Count(t => t.Statut == "retenu");
        var tied = territories.Count(t => t.Statut == "ex-aequo");
        var none = territories.Count(t => t.Statut == TerritorySummary.SansScenario);
        var decided = territories.Count(t => t.Indecises.Count == 0);
        var illustrative = territories.Count(t => t.Illustratifs.Count > 0);
        _html.Append("<header>\n<h1>Synthèse du lot</h1>\n<p class=\"meta\">")
            .Append(E(FrenchFormat.Date(date))).Append(" · base de règles <code>").Append(E(kb.Version)).Append("</code> (")
            .Append(Count(kb.Rules.Count, "règle", "règles")).Append(") · ")
            .Append("évalué en ").Append(E(FrenchFormat.Number(Math.Round(summary.Duree.TotalSeconds, 1)))).Append("\u00a0s")
            .Append("</p>\n</header>\n");
        _html.Append("<section class=\"chiffres\">\n");
        Figure(territories.Count, "territoire évalué", "territoires évalués");
        Figure(summary.Erreurs, "profil en erreur", "profils en erreur", summary.Erreurs > 0 ? "erreurs.jsonl" : null);
        Figure(retained, "scénario retenu", "scénarios retenus");
        Figure(tied, "territoire à scénarios ex aequo", "territoires à scénarios ex aequo");
        Figure(none, "territoire sans scénario", "territoires sans scénario");
        Figure(decided, "territoire aux cinq réponses établies", "territoires aux cinq réponses établies");
        if (illustrative > 0)
        {
            Figure(illustrative, "territoire dont une réponse ne tient qu'à des valeurs illustratives", "territoires dont une réponse ne tient qu'à des valeurs illustratives");
        }
        _html.Append("</section>\n");
        _html.Append("<p class=\"lecture\">Chaque territoire reçoit les scénarios contrastés que ses données soutiennent, un seul, plusieurs ou aucun ; le premier est retenu quand il devance les autres. "
            + "Une réponse est <b>établie</b> quand les données la soutiennent nettement, <b>fragile</b> quand une autre option est proche "
            + "ou quand elle serait établie mais que son avance repose sur des valeurs illustratives du profil, qui ne sont pas des données mesurées (comptée à part : "
            + "<b>fragile, valeurs illustratives</b>), ou quand des données absentes du profil pourraient la renverser, "
            + "<b>non tranchée</b> quand rien ne la soutient : l'outil ne décide pas à la place des données.</p>\n");
    }

    private void Figure(long count, string singular, string plural, string? file = null)
    {
        _html.Append("<div><strong>").Append(E(FrenchFormat.Number(count))).Append("</strong> ").Append(E(count >= 2 ? plural : singular));
        if (file is not null)
        {
            _html.Append(" (<code>").Append(E(file)).Append("</code>)");
        }
        _html.Append("</div>\n");
    }

    // ---- maps ----------------------------------------------------------------------------------------------

    /// <summary>An area drawn on its own: metropolitan France, then the overseas départements as insets.</summary>
    private sealed record Area(string Nom, double LatMin, double LatMax, double LonMin, double LonMax, double X, double Y, double Width);

    private static readonly Area Metropole = new("France métropolitaine", 41.2, 51.2, -5.3, 9.7, 0, 0, 330);

    private static readonly Area[] Insets =
    [
        new("Guadeloupe", 15.8, 16.55, -61.85, -60.95, 0, 330, 52),
        new("Martinique", 14.35, 14.9, -61.25, -60.8, 58, 330, 40),
        new("Guyane", 2.1, 5.8, -54.65, -51.6, 104, 330, 46),
        new("La Réunion", -21.42, -20.85, 55.2, 55.85, 156, 330, 50),
        new("Mayotte", -13.05, -12.6, 44.98, 45.32, 212, 330, 34),
    ];

    private static (double X, double Y)? Project(double lat, double lon)
    {
        foreach (var area in Insets.Prepend(Metropole))
        {
            if (lat < area.LatMin || lat > area.LatMax || lon < area.LonMin || lon > area.LonMax)
            {
                continue;
            }
            var k = Math.Cos((area.LatMin + area.LatMax) / 2 * Math.PI / 180);
            var scale = area.Width / ((area.LonMax - area.LonMin) * k);
            return (area.X + (lon - area.LonMin) * k * scale, area.Y + (area.LatMax - lat) * scale);
        }
        return null;
    }

    private void Maps(IReadOnlyList<TerritorySummary> territories)
    {
        var placed = territories.Select(t => (Territory: t, Point: t.Latitude is { } la && t.Longitude is { } lo ? Project(la, lo) : null)).ToList();
        var onMap = placed.Count(p => p.Point is not null);
        _html.Append("<section id=\"carte\">\n<h2>Carte du lot</h2>\n");
        if (onMap == 0)
        {
            _html.Append("<p class=\"note\">Aucun territoire n'a de position : les profils ne listent pas leurs communes avec latitude et longitude "
                + "(champ <code>communes</code>). La carte s'affiche dès que les profils les donnent (<code>cadrage import decoupage</code>).</p>\n</section>\n");
            return;
        }
        var missing = territories.Count - onMap;
        _html.Append("<p class=\"lecture\">Un point par territoire, placé au centre de ses communes pondéré par leur population. ");
        if (missing > 0)
        {
            _html.Append(E(Count(missing, "territoire n'est pas placé", "territoires ne sont pas placés"))).Append(" (sans position dans le profil, ou hors des zones dessinées). ");
        }
        _html.Append("</p>\n<div class=\"cartes\">\n");
        var radius = onMap > 5000 ? 1.7 : onMap > 800 ? 3.2 : 5;
        Sections(
            s => s.Map("Posture de pilotage retenue", placed, t => t.Posture, Options(QuestionIds.Pilotage), radius),
            s => s.Map("Géométrie des lieux retenue", placed, t => t.Lieux, Options(QuestionIds.Lieux), radius),
            s => s.Map("Certitude du scénario retenu", placed, ScenarioCertainty,
                CertaintyOrder.Select(c => (c, LegendWord(c))).ToList(), radius, certainty: true));
        _html.Append("</div>\n</section>\n");
    }

    private IReadOnlyList<(string Id, string Libelle)> Options(string question) =>
        kb.Referentiel.Question(question).Options.Select(o => (o.Id, o.Libelle)).ToList();

    private void Map(string title, List<(TerritorySummary Territory, (double X, double Y)? Point)> placed, Func<TerritorySummary, string?> category,
        IReadOnlyList<(string Id, string Libelle)> categories, double radius, bool certainty = false)
    {
        var colours = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < categories.Count; i++)
        {
            colours[categories[i].Id] = certainty ? CertaintyColour(categories[i].Id) : Palette[i % Palette.Length];
        }
        var paths = new Dictionary<string, StringBuilder>(StringComparer.Ordinal);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (territory, point) in placed)
        {
            var key = category(territory) ?? "";
            counts[key] = counts.GetValueOrDefault(key) + 1;
            if (point is not { } p)
            {
                continue;
            }
            if (!paths.TryGetValue(key, out var d))
            {
                paths[key] = d = new StringBuilder();
            }
            d.Append('M').Append(Coordinate(p.X)).Append(' ').Append(Coordinate(p.Y)).Append("h0");
        }
        _html.Append("<figure class=\"carte\">\n<figcaption>").Append(E(title)).Append("</figcaption>\n");
        _html.Append("<svg viewBox=\"-4 -4 338 404\" role=\"img\" aria-label=\"").Append(E(title)).Append("\">\n");
        foreach (var inset in Insets)
        {
            var height = inset.Width * (inset.LatMax - inset.LatMin) / ((inset.LonMax - inset.LonMin) * Math.Cos((inset.LatMin + inset.LatMax) / 2 * Math.PI / 180));
            _html.Append("<rect class=\"encart\" x=\"").Append(Coordinate(inset.X - 2)).Append("\" y=\"").Append(Coordinate(inset.Y - 2))
                .Append("\" width=\"").Append(Coordinate(inset.Width + 4)).Append("\" height=\"").Append(Coordinate(height + 4)).Append("\"><title>")
                .Append(E(inset.Nom)).Append("</title></rect>\n<text class=\"encart\" x=\"").Append(Coordinate(inset.X + inset.Width / 2)).Append("\" y=\"")
                .Append(Coordinate(inset.Y + height + 10)).Append("\">").Append(E(inset.Nom)).Append("</text>\n");
        }
        // The most numerous classes first, the rarest last: on 35,000 communes the majority colour would hide the
        // minorities drawn before it (725 communes « Inciter à faire » under 20,000 others).
        var rank = categories.Select((c, i) => (c.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var order = paths.Keys.OrderByDescending(k => counts.GetValueOrDefault(k)).ThenBy(k => rank.GetValueOrDefault(k, -1)).ToList();
        foreach (var key in order)
        {
            if (paths.TryGetValue(key, out var d))
            {
                _html.Append("<path stroke=\"").Append(colours.GetValueOrDefault(key, NoScenarioColour)).Append("\" stroke-width=\"")
                    .Append(Coordinate(radius)).Append("\" d=\"").Append(d).Append("\"/>\n");
            }
        }
        _html.Append("</svg>\n<ul class=\"legende\">\n");
        foreach (var (id, libelle) in categories)
        {
            Legend(colours[id], libelle, counts.GetValueOrDefault(id));
        }
        if (counts.GetValueOrDefault("") > 0)
        {
            Legend(NoScenarioColour, "aucun scénario", counts[""]);
        }
        _html.Append("</ul>\n</figure>\n");
    }

    private void Legend(string colour, string label, int count) =>
        _html.Append("<li><span class=\"pastille\" style=\"background:").Append(colour).Append("\"></span>").Append(E(label))
            .Append(" <span class=\"n\">").Append(E(FrenchFormat.Number(count))).Append("</span></li>\n");

    private static string Coordinate(double value) => Math.Round(value, 1).ToString(CultureInfo.InvariantCulture);

    // ---- answers -------------------------------------------------------------------------------------------

    private void Answers(IReadOnlyList<TerritorySummary> territories)
    {
        _html.Append("<section id=\"reponses\">\n<h2>Réponses retenues et leur certitude</h2>\n");
        _html.Append("<p class=\"lecture\">Pour chaque question, combien de territoires ont retenu chaque réponse dans leur premier scénario, "
            + "et avec quelle certitude. Les territoires sans scénario sont comptés à part.</p>\n<ul class=\"legende en-ligne\">\n");
        foreach (var c in CertaintyOrder)
        {
            _html.Append("<li><span class=\"pastille c-").Append(c).Append("\"></span>").Append(E(LegendWord(c))).Append("</li>\n");
        }
        _html.Append("</ul>\n<div class=\"questions\">\n");
        var withScenario = territories.Where(t => t.Statut != TerritorySummary.SansScenario).ToList();
        foreach (var question in kb.Referentiel.Questions.OrderBy(q => q.Numero))
        {
            var rows = new List<(string Libelle, Dictionary<string, int> ByCertainty)>();
            Func<TerritorySummary, IEnumerable<string>> answers;
            Func<TerritorySummary, string> certainty;
            switch (question.Id)
            {
                case QuestionIds.Pilotage:
                    answers = t => [t.Posture!];
                    certainty = t => t.Certitudes.Pilotage;
                    break;
                case QuestionIds.Lieux:
                    answers = t => [t.Lieux!];
                    certainty = t => t.Certitudes.Lieux;
                    break;
                case QuestionIds.Modalites:
                    answers = t => t.Modalites;
                    certainty = t => t.Certitudes.Modalites;
                    break;
                case QuestionIds.Objectifs:
                    answers = t => t.Objectifs;
                    certainty = t => t.Certitudes.Objectifs;
                    break;
                default:
                    answers = t => t.Priorites;
                    certainty = t => t.Certitudes.Besoins;
                    break;
            }
            var labels = question.Options.ToDictionary(o => o.Id, o => o.Libelle, StringComparer.Ordinal);
            var tally = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
            foreach (var t in withScenario)
            {
                var c = certainty(t);
                if (c == Certitudes.Fragile && t.RestsOnIllustrativeValues(question.Id))
                {
                    c = FragileIllustrative;
                }
                var any = false;
                foreach (var a in answers(t))
                {
                    any = true;
                    var byCertainty = tally.TryGetValue(a, out var x) ? x : tally[a] = new Dictionary<string, int>(StringComparer.Ordinal);
                    byCertainty[c] = byCertainty.GetValueOrDefault(c) + 1;
                }
                if (!any)
                {
                    var byCertainty = tally.TryGetValue("", out var x) ? x : tally[""] = new Dictionary<string, int>(StringComparer.Ordinal);
                    byCertainty[c] = byCertainty.GetValueOrDefault(c) + 1;
                }
            }
            var ordered = question.Options.Count > 0
                ? question.Options.Select(o => o.Id).Where(tally.ContainsKey).Concat(tally.Keys.Where(k => k != "" && !labels.ContainsKey(k)))
                : tally.Keys.Where(k => k != "").OrderByDescending(k => tally[k].Values.Sum()).ThenBy(k => k, StringComparer.Ordinal).Take(12);
            foreach (var key in ordered.Append(""))
            {
                if (tally.TryGetValue(key, out var byCertainty))
                {
                    rows.Add((key == "" ? (question.Id == QuestionIds.Besoins ? "aucune priorité" : "aucune option") : labels.GetValueOrDefault(key, key), byCertainty));
                }
            }
            var hidden = question.Options.Count == 0 ? Math.Max(0, tally.Keys.Count(k => k != "") - 12) : 0;
            Distribution(question, rows, withScenario.Count, territories.Count - withScenario.Count, hidden);
        }
        _html.Append("</div>\n</section>\n");
    }

    private void Distribution(QuestionDefinition question, List<(string Libelle, Dictionary<string, int> ByCertainty)> rows, int withScenario, int without, int hidden)
    {
        _html.Append("<figure class=\"question\">\n<figcaption><b>").Append(E(question.Libelle)).Append("</b> ").Append(E(question.Intitule)).Append("</figcaption>\n<table>\n");
        _html.Append("<thead><tr><th>Réponse</th><th class=\"n\">Territoires</th><th>Certitude</th></tr></thead>\n<tbody>\n");
        var max = Math.Max(1, rows.Count == 0 ? 1 : rows.Max(r => r.ByCertainty.Values.Sum()));
        foreach (var (libelle, byCertainty) in rows)
        {
            var total = byCertainty.Values.Sum();
            _html.Append("<tr><td>").Append(E(libelle)).Append("</td><td class=\"n\">").Append(E(FrenchFormat.Number(total))).Append("</td><td><div class=\"barre\" style=\"width:")
                .Append(Coordinate(100.0 * total / max)).Append("%\">");
            foreach (var c in CertaintyOrder)
            {
                var n = byCertainty.GetValueOrDefault(c);
                if (n > 0)
                {
                    _html.Append("<span class=\"c-").Append(c).Append("\" style=\"flex-grow:").Append(n).Append("\" title=\"")
                        .Append(E($"{LegendWord(c)} : {FrenchFormat.Number(n)}")).Append("\">");
                    // A number only where it fits (about 110 px for the longest bar, printed too): two narrow
                    // segments side by side would otherwise read as one number (« 20 » and « 79 » as « 2079 »).
                    var label = FrenchFormat.Number(n);
                    if (110.0 * n / max >= label.Length * 6.5 + 6)
                    {
                        _html.Append(E(label));
                    }
                    _html.Append("</span>");
                }
            }
            _html.Append("</div></td></tr>\n");
        }
        _html.Append("</tbody>\n</table>\n<p class=\"pied\">");
        if (question.Id is QuestionIds.Modalites or QuestionIds.Objectifs or QuestionIds.Besoins)
        {
            _html.Append("Plusieurs réponses par territoire ; certitude de l'ensemble. ");
        }
        if (hidden > 0)
        {
            _html.Append(E($"{Count(hidden, "autre priorité", "autres priorités")} moins fréquentes. "));
        }
        _html.Append(E($"Sur {Count(withScenario, "territoire", "territoires")} avec scénario"));
        if (without > 0)
        {
            _html.Append(E($" ; {Count(without, "territoire", "territoires")} sans scénario"));
        }
        _html.Append(".</p>\n</figure>\n");
    }

    // ---- seuils les plus proches, over the lot -------------------------------------------------------------

    /// <summary>
    /// Each territory's seuil le plus proche of each retained answer, counted per parameter over the lot: the
    /// parameters whose nearest value would flip the most territories (each territory once per parameter).
    /// </summary>
    private void Thresholds(IReadOnlyList<TerritorySummary> territories)
    {
        _html.Append("<section id=\"seuils\">\n<h2>Les seuils qui feraient basculer le plus de territoires</h2>\n");
        _html.Append("<p class=\"lecture\">Pour chaque territoire et chaque réponse retenue, l'outil a cherché la valeur de paramètre la plus proche qui la change, "
            + "dans l'écart plausible de ce paramètre (celui que déclare la base de règles, à défaut un quart de sa valeur ; ni seuil sourcé ni garde statistique) "
            + "(seuil le plus proche, vérifié en réévaluant le territoire). Comptés sur tout le lot, ces seuils disent quels paramètres des règles "
            + "feraient basculer le plus de territoires : ceux à examiner d'abord avec le méthodologiste ou en COPIL.</p>\n");
        var withFlip = territories.Count(t => t.Seuils.Count > 0);
        if (withFlip == 0)
        {
            _html.Append("<p>Aucune réponse retenue ne change dans l'écart plausible d'un paramètre : les réponses du lot ne tiennent à aucun seuil proche.</p>\n</section>\n");
            return;
        }
        var byParameter = territories.SelectMany(t => t.Seuils.Select(s => (Territory: t, Flip: s)))
            .GroupBy(x => x.Flip.Parametre, StringComparer.Ordinal)
            .Select(g => (Name: g.Key, Territories: g.Select(x => x.Territory.Index).Distinct().Count(), Flips: g.Select(x => x.Flip).ToList()))
            .OrderByDescending(g => g.Territories).ThenBy(g => g.Name, StringComparer.Ordinal).ToList();
        _html.Append("<p>").Append(E($"{Count(withFlip, "territoire a", "territoires ont")} au moins une réponse qui basculerait sur un paramètre "
            + $"({Percent(withFlip, territories.Count)} du lot) ; {Count(byParameter.Count, "paramètre est", "paramètres sont")} en cause.")).Append("</p>\n");
        _html.Append("<table class=\"seuils\">\n<thead><tr><th>Paramètre (valeur actuelle)</th><th class=\"n\">Territoires</th><th>Réponses qui basculeraient</th>"
            + "<th>Valeur de bascule</th><th>Elles deviendraient</th></tr></thead>\n<tbody>\n");
        foreach (var (name, count, flips) in byParameter.Take(MaxThresholds))
        {
            var parameter = kb.Parameters.GetValueOrDefault(name);
            var definition = parameter?.Definition;
            string Value(double v) => definition?.Format(v) ?? FrenchFormat.Number(v);
            _html.Append("<tr><td>").Append(E(definition?.Libelle ?? name));
            if (parameter is not null)
            {
                _html.Append(" <span class=\"note\">(").Append(E(parameter.Formatted)).Append(")</span>");
            }
            _html.Append("</td><td class=\"n\">").Append(E(FrenchFormat.Number(count))).Append("<br><span class=\"note\">")
                .Append(E(Percent(count, territories.Count))).Append("</span></td><td>");
            var questions = flips.GroupBy(f => f.Question, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ToList();
            _html.Append(string.Join("<br>", questions.Select(g => E($"{QuestionLabel(g.Key)} — {FrenchFormat.Number(g.Count())}"))));
            _html.Append("</td><td>");
            // Where the parameter would have to go: one value, or the range over the territories; lowered or raised,
            // and how many answers each way.
            var low = flips.Min(f => f.ValeurBascule);
            var high = flips.Max(f => f.ValeurBascule);
            var current = parameter?.Value;
            var lowered = current is { } c1 ? flips.Count(f => f.ValeurBascule < c1) : 0;
            var raised = current is { } c2 ? flips.Count(f => f.ValeurBascule > c2) : 0;
            var direction = lowered > 0 && raised > 0 ? $"abaissé ({FrenchFormat.Number(lowered)}) ou relevé ({FrenchFormat.Number(raised)})"
                : lowered > 0 ? "abaissé" : raised > 0 ? "relevé" : "";
            if (low == high)
            {
                _html.Append(E($"{direction} à {Value(low)}".Trim()));
            }
            else
            {
                _html.Append(E($"{direction} entre {Value(low)} et {Value(high)}".Trim())).Append(" <span class=\"note\">selon le territoire</span>");
            }
            _html.Append("</td><td>");
            var outcomes = flips.GroupBy(f => (f.Question, f.Nouvelle)).OrderByDescending(g => g.Count()).Take(3).ToList();
            _html.Append(string.Join("<br>", outcomes.Select(g => E($"{QuestionLabel(g.Key.Question)} {g.Key.Nouvelle} ({FrenchFormat.Number(g.Count())})"))));
            _html.Append("</td></tr>\n");
        }
        _html.Append("</tbody>\n</table>\n");
        if (byParameter.Count > MaxThresholds)
        {
            _html.Append("<p class=\"note\">").Append(E($"{Count(byParameter.Count - MaxThresholds, "autre paramètre", "autres paramètres")} font basculer moins de territoires ; "
                + "chaque ligne de resultats.jsonl donne les siens (explications, seuilsLesPlusProches).")).Append("</p>\n");
        }
        _html.Append("</section>\n");
    }

    private static string Percent(long part, long whole) => whole == 0 ? "0\u00a0%" : FrenchFormat.Number(Math.Round(100.0 * part / whole, part * 1000 < whole ? 1 : 0)) + "\u00a0%";

    // ---- undecided -----------------------------------------------------------------------------------------

    private void Undecided(IReadOnlyList<TerritorySummary> territories)
    {
        var undecided = territories.Where(t => t.Indecises.Count > 0).ToList();
        _html.Append("<section id=\"a-trancher\">\n<h2>Territoires à trancher</h2>\n");
        if (undecided.Count == 0)
        {
            _html.Append("<p>Toutes les réponses de tous les territoires sont établies.</p>\n</section>\n");
            return;
        }
        _html.Append("<p class=\"lecture\">").Append(E($"{Count(undecided.Count, "territoire a", "territoires ont")} au moins une réponse fragile ou non tranchée. "))
            .Append("Les données ci-dessous sont celles que lisent les règles de ces questions et que leurs profils ne donnent pas : les réunir peut trancher.</p>\n");

        var byData = new Dictionary<string, int>(StringComparer.Ordinal);
        var counted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in undecided)
        {
            counted.Clear();
            foreach (var q in t.Indecises)
            {
                foreach (var id in q.Donnees)
                {
                    if (counted.Add(id))
                    {
                        byData[id] = byData.GetValueOrDefault(id) + 1;
                    }
                }
            }
        }
        // Data every undecided territory lacks are said once; the table ranks the others.
        var everywhere = byData.Where(p => p.Value == undecided.Count).Select(p => p.Key).OrderBy(IndicatorLabel, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
        if (everywhere.Count > 0)
        {
            _html.Append("<p><b>Absentes de tous ces profils</b> : ").Append(E(string.Join(", ", everywhere.Select(IndicatorLabel).Order(StringComparer.Ordinal)))).Append(".</p>\n");
        }
        var ranked = byData.Where(p => !everywhere.Contains(p.Key)).OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(15).ToList();
        if (ranked.Count > 0)
        {
            _html.Append("<h3>Les données qui trancheraient le plus de territoires</h3>\n<table class=\"donnees\">\n<thead><tr><th>Donnée à réunir</th><th class=\"n\">Territoires</th></tr></thead>\n<tbody>\n");
            foreach (var (id, n) in ranked)
            {
                _html.Append("<tr><td>").Append(E(IndicatorLabel(id))).Append("</td><td class=\"n\">").Append(E(FrenchFormat.Number(n))).Append("</td></tr>\n");
            }
            _html.Append("</tbody>\n</table>\n");
        }

        _html.Append("<h3>Territoire par territoire</h3>\n");
        if (!notes)
        {
            _html.Append("<p class=\"note\">").Append(NotesOnDemand).Append("</p>\n");
        }
        var listed = undecided.OrderBy(t => t.Statut == TerritorySummary.SansScenario ? 0 : 1).ThenBy(t => t.Indecises.Count(q => q.Certitude == Certitudes.NonTranchee) * -1)
            .ThenByDescending(t => t.Population ?? 0).ThenBy(t => t.Index).Take(MaxListed).ToList();
        if (undecided.Count > listed.Count)
        {
            _html.Append("<p class=\"note\">").Append(E($"Les {FrenchFormat.Number(listed.Count)} premiers sont listés (sans scénario d'abord, puis les plus peuplés) ; "
                + $"les {FrenchFormat.Number(undecided.Count - listed.Count)} autres sont dans synthese.csv et resultats.jsonl.")).Append("</p>\n");
        }
        _html.Append("<table class=\"indecis\">\n<thead><tr><th>Territoire</th><th>Réponses à trancher</th><th>Données à réunir</th></tr></thead>\n<tbody>\n");
        foreach (var t in listed)
        {
            _html.Append("<tr><td>");
            if (t.Note is not null)
            {
                _html.Append("<a href=\"").Append(E(t.Note)).Append("\">").Append(E(t.Nom)).Append("</a>");
            }
            else
            {
                _html.Append(E(t.Nom));
            }
            _html.Append(" <span class=\"id\">").Append(E(t.Id)).Append("</span>");
            if (t.Statut == TerritorySummary.SansScenario)
            {
                _html.Append(" <span class=\"etiquette\">aucun scénario</span>");
            }
            _html.Append("</td><td>");
            var groups = t.Indecises.GroupBy(q => q.Certitude == Certitudes.Fragile && q.Illustratifs is not null ? FragileIllustrative : q.Certitude)
                .OrderByDescending(g => Array.IndexOf(CertaintyOrder, g.Key)).ToList();
            for (var g = 0; g < groups.Count; g++)
            {
                var plural = groups[g].Count() >= 2;
                _html.Append(g > 0 ? "<br>" : "").Append("<span class=\"c-").Append(groups[g].Key).Append(" mot\">")
                    .Append(E(groups[g].Key switch
                    {
                        Certitudes.NonTranchee => plural ? "non tranchées" : "non tranchée",
                        FragileIllustrative => plural ? "fragiles, valeurs illustratives" : "fragile, valeurs illustratives",
                        _ => plural ? "fragiles" : "fragile",
                    })).Append("</span> ")
                    .Append(E(string.Join(", ", groups[g].Select(q => QuestionLabel(q.Question)))));
            }
            _html.Append("</td><td>");
            var all = t.Indecises.SelectMany(q => q.Donnees).Distinct(StringComparer.Ordinal).ToList();
            var data = all.Where(id => !everywhere.Contains(id)).Select(IndicatorLabel).ToList();
            // Answers fragile for want of measured data: the illustrative values to replace by measured ones.
            var measure = t.Indecises.SelectMany(q => q.Illustratifs ?? []).Distinct(StringComparer.Ordinal).Select(IndicatorLabel).ToList();
            var open = t.Indecises.Any(q => q.Illustratifs is null);
            _html.Append(all.Count == 0
                ? (open ? "<span class=\"note\">aucune donnée manquante : ce sont les valeurs du profil qui laissent la réponse ouverte</span>" : "")
                : data.Count == 0 ? "<span class=\"note\">celles qui manquent partout</span>"
                : E(string.Join(", ", data)) + (everywhere.Count > 0 ? " <span class=\"note\">(et celles qui manquent partout)</span>" : ""));
            if (measure.Count > 0)
            {
                _html.Append(all.Count == 0 && !open ? "" : "<br>").Append("<span class=\"note\">à mesurer, valeurs illustratives du profil :</span> ").Append(E(string.Join(", ", measure)));
            }
            _html.Append("</td></tr>\n");
        }
        _html.Append("</tbody>\n</table>\n</section>\n");
    }

    // ---- footer --------------------------------------------------------------------------------------------

    private void Footer()
    {
        _html.Append("<footer>\n<p>Fichiers du lot : <code>").Append(BatchRunner.ResultsFile).Append("</code> ");
        _html.Append(form == ResultForm.Compacte
            ? $"(forme compacte, textes partagés dans <code>{BatchRunner.DictionaryFile}</code>)"
            : "(forme complète)");
        _html.Append(", <code>").Append(BatchRunner.SummaryFile).Append("</code> (tableur), <code>").Append(BatchRunner.ErrorsFile).Append("</code>.</p>\n<p>");
        _html.Append(notes
            ? "Chaque nom de territoire renvoie à sa note de cadrage (dossier <code>notes/</code>)."
            : NotesOnDemand);
        _html.Append("</p>\n");
        if (!Explained)
        {
            _html.Append("<p>Les seuils qui feraient basculer le plus de territoires : <code>cadrage batch … --explications</code> calcule les explications de chaque territoire et les compte sur le lot.</p>\n");
        }
        _html.Append("</footer>\n");
    }

    private const string NotesOnDemand = "Chaque nom renvoie à la note de cadrage du territoire, dans <code>notes/</code> : "
        + "<code>cadrage batch-note &lt;dossier du lot&gt; [id…]</code> l'écrit depuis les résultats du lot, sans réévaluer (toutes les notes sans identifiant) ; "
        + "<code>cadrage batch … --notes</code> les écrit pendant le lot.";

    // ---- words ---------------------------------------------------------------------------------------------

    private string QuestionLabel(string id) => kb.Referentiel.Questions.FirstOrDefault(q => q.Id == id)?.Libelle ?? id;

    private string IndicatorLabel(string id) => kb.FindIndicator(id)?.Libelle ?? id;

    public static string CertaintyWord(string certitude) => certitude switch
    {
        Certitudes.Etablie => "établie",
        Certitudes.Fragile => "fragile",
        FragileIllustrative => "fragile, valeurs illustratives",
        _ => "non tranchée",
    };

    /// <summary>A certainty as the legends say it, the two kinds of fragile apart.</summary>
    public static string LegendWord(string certitude) => certitude switch
    {
        Certitudes.Etablie => "établie",
        Certitudes.Fragile => "fragile : une autre option est proche, ou des données absentes pourraient la renverser",
        FragileIllustrative => "fragile : son avance repose sur des valeurs illustratives",
        _ => "non tranchée",
    };

    /// <summary>
    /// The certainty of the retained scenario as the map colours it: fragile because of illustrative values when
    /// each of its fragile answers among the posture and the geometry is fragile only for them.
    /// </summary>
    private static string ScenarioCertainty(TerritorySummary t)
    {
        var c = t.CertitudeScenario;
        if (c != Certitudes.Fragile || t.Statut == TerritorySummary.SansScenario)
        {
            return c;
        }
        var fragile = new[] { (QuestionIds.Pilotage, t.Certitudes.Pilotage), (QuestionIds.Lieux, t.Certitudes.Lieux) }.Where(x => x.Item2 == Certitudes.Fragile).ToList();
        return fragile.All(x => t.RestsOnIllustrativeValues(x.Item1)) ? FragileIllustrative : c;
    }

    private static string CertaintyColour(string certitude) => certitude switch
    {
        Certitudes.Etablie => "#009E73",
        Certitudes.Fragile => "#E69F00",
        FragileIllustrative => "#F0E442",
        _ => "#888888",
    };

    private static string Count(long n, string singular, string plural) => $"{FrenchFormat.Number(n)}\u00a0{(n >= 2 ? plural : singular)}";

    private static string E(string text) => Html.Encode(text);

    private const string Css = """
        :root { --encre: #1d2430; --gris: #5b6472; --filet: #d9dde3; }
        * { box-sizing: border-box; }
        body { font: 14px/1.45 system-ui, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--encre); margin: 0 auto; padding: 24px 32px; max-width: 1180px; }
        h1 { font-size: 26px; margin: 0 0 4px; }
        h2 { font-size: 19px; margin: 28px 0 8px; border-bottom: 2px solid var(--encre); padding-bottom: 3px; }
        h3 { font-size: 15px; margin: 18px 0 6px; }
        .meta, .pied, .note, .id { color: var(--gris); }
        .id { font-size: 12px; }
        .lecture { max-width: 860px; }
        code { font-size: 12.5px; background: #f2f4f7; padding: 0 3px; border-radius: 3px; }
        .chiffres { display: flex; flex-wrap: wrap; gap: 10px; margin: 14px 0; }
        .chiffres div { border: 1px solid var(--filet); border-radius: 6px; padding: 8px 12px; min-width: 150px; }
        .chiffres strong { display: block; font-size: 22px; }
        .cartes { display: grid; grid-template-columns: repeat(3, 1fr); gap: 14px; }
        .carte { margin: 0; }
        .carte figcaption, .question figcaption { font-weight: 600; margin-bottom: 4px; }
        .carte svg { width: 100%; height: auto; display: block; }
        .carte path { fill: none; stroke-linecap: round; }
        .carte rect.encart { fill: none; stroke: var(--filet); stroke-dasharray: 2 2; }
        .carte text.encart { font-size: 7px; fill: var(--gris); text-anchor: middle; }
        .legende { list-style: none; padding: 0; margin: 6px 0 0; font-size: 12.5px; }
        .legende li { display: flex; align-items: center; gap: 6px; }
        .legende .n { margin-left: auto; color: var(--gris); }
        .pastille { width: 11px; height: 11px; border-radius: 50%; display: inline-block; flex: none; }
        .questions { display: grid; grid-template-columns: repeat(2, 1fr); gap: 10px 28px; }
        .question { margin: 0; }
        .question figcaption b { margin-right: 4px; }
        table { border-collapse: collapse; width: 100%; font-size: 13px; }
        th { text-align: left; font-weight: 600; border-bottom: 1px solid var(--encre); padding: 3px 6px; }
        td { border-bottom: 1px solid var(--filet); padding: 3px 6px; vertical-align: top; }
        .n { text-align: right; white-space: nowrap; }
        .question td:first-child { width: 46%; }
        .question td:nth-child(2) { width: 12%; }
        .barre { display: flex; min-width: 2px; height: 17px; border-radius: 3px; overflow: hidden; }
        .barre span { display: block; font-size: 10.5px; line-height: 17px; color: #fff; text-align: center; overflow: hidden; white-space: nowrap; min-width: 1px; }
        .c-etablie { background: #009E73; }
        .c-fragile { background: #E69F00; }
        .c-fragile-illustratif { background: #F0E442; }
        .barre span.c-fragile-illustratif, .mot.c-fragile-illustratif { color: var(--encre); }
        .c-non-tranchee { background: #888888; }
        .legende.en-ligne { display: flex; flex-wrap: wrap; gap: 4px 18px; margin: 0 0 10px; }
        .legende.en-ligne .pastille { border-radius: 2px; }
        .mot { color: #fff; border-radius: 3px; padding: 0 4px; font-size: 12px; white-space: nowrap; }
        .etiquette { border: 1px solid var(--gris); border-radius: 3px; padding: 0 4px; font-size: 11.5px; color: var(--gris); white-space: nowrap; }
        table.donnees { max-width: 640px; }
        .seuils td:first-child { width: 30%; }
        .seuils td:nth-child(2) { width: 9%; }
        .indecis td:first-child { width: 28%; }
        .indecis td:nth-child(2) { width: 30%; }
        a { color: #0b57a4; }
        footer { margin-top: 30px; border-top: 1px solid var(--filet); color: var(--gris); font-size: 12.5px; }
        @media (max-width: 900px) { .cartes, .questions { grid-template-columns: 1fr; } }
        @page { size: A4; margin: 14mm 12mm; }
        @media print {
          body { padding: 0; max-width: none; font-size: 11px; }
          h2 { break-after: avoid; }
          .cartes { grid-template-columns: repeat(3, 1fr); gap: 8px; }
          .carte, .question, tr { break-inside: avoid; }
          .barre span, .mot, .pastille, .c-etablie, .c-fragile, .c-fragile-illustratif, .c-non-tranchee { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
          a { color: inherit; text-decoration: none; }
        }

        """;
}
