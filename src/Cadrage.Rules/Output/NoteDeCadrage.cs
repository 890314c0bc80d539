using System.Globalization;
using System.Text;
using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Profiles;

namespace Cadrage.Rules.Output;

/// <summary>
/// The note de cadrage: a self-contained, printable French HTML document for a COPIL — portrait of the
/// territory, scenarios side by side, a chart of each scenario's support per question, justifications and
/// points de vigilance, tableaux croisés of the needs.
/// </summary>
public static class NoteDeCadrage
{
    private static readonly (string Id, string Libelle)[] Questions =
    [
        (QuestionIds.Pilotage, "Qui pilote ?"),
        (QuestionIds.Modalites, "Comment ?"),
        (QuestionIds.Lieux, "Où ?"),
        (QuestionIds.Besoins, "Quoi ?"),
        (QuestionIds.Objectifs, "Pourquoi ?"),
        (QuestionIds.Compatibilite, "Compatibilité"),
    ];

    private static readonly string[] Palette = ["#1f5f8b", "#c0632b", "#4f8a3c", "#7a4f9a"];

    private static readonly Dictionary<string, string> Themes = new(StringComparer.Ordinal)
    {
        ["structure"] = "Structure du territoire",
        ["services"] = "Services et accessibilité",
        ["publics"] = "Publics",
        ["capacites"] = "Capacités et gouvernance",
    };

    public static string Render(EvaluationResult result, TerritoryProfile profile, RuleSet kb, DateTimeOffset generatedAt)
    {
        var html = new StringBuilder();
        var t = result.Territoire;
        html.Append("<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>Note de cadrage — ").Append(E(t.Nom)).Append("</title>\n<style>").Append(Css).Append("</style>\n</head>\n<body>\n");
        html.Append("<header><p class=\"surtitre\">Note de cadrage · cadre stratégique des services au public</p>")
            .Append("<h1>").Append(E(t.Nom)).Append("</h1>")
            .Append("<p class=\"meta\">").Append(E(EchelleLabel(t.Echelle))).Append(" · ").Append(E(t.Id)).Append(" · ")
            .Append(result.Scenarios.Count).Append(" scénario(s) à géométrie variable</p></header>\n");

        Summary(html, result);
        Portrait(html, result, profile, kb);
        ScenarioTable(html, result);
        Chart(html, result);
        CrossTables(html, result, kb);
        Details(html, result);
        Others(html, result);

        html.Append("<footer>Base de règles <strong>").Append(E(result.Referentiel.Version)).Append("</strong> (")
            .Append(result.Referentiel.Regles).Append(" règles) · généré le ")
            .Append(E(generatedAt.ToUniversalTime().ToString("dd/MM/yyyy à HH:mm 'UTC'", CultureInfo.InvariantCulture)))
            .Append(" · généré par Cadrage.Rules</footer>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Summary(StringBuilder html, EvaluationResult result)
    {
        if (result.Scenarios.FirstOrDefault() is not { } retenu)
        {
            html.Append("<section id=\"synthese\"><h2>Synthèse</h2><p>Aucun scénario : toutes les combinaisons sont exclues par les règles.</p></section>\n");
            return;
        }
        html.Append("<section id=\"synthese\"><h2>Synthèse</h2><p class=\"retenu\">Scénario retenu : <strong>")
            .Append(E(retenu.Intitule)).Append("</strong> — score ").Append(N(retenu.Score)).Append(", convergence de ")
            .Append(retenu.Convergence).Append(" indicateurs, ").Append(retenu.Vigilances.Count).Append(" point(s) de vigilance.</p></section>\n");
    }

    private static void Portrait(StringBuilder html, EvaluationResult result, TerritoryProfile profile, RuleSet kb)
    {
        html.Append("<section id=\"portrait\"><h2>Portrait du territoire</h2>\n");
        var missing = result.IndicateursManquants.ToDictionary(m => m.Id, StringComparer.Ordinal);
        var groups = kb.Indicators.GroupBy(i => i.Theme ?? "autres");
        foreach (var group in groups)
        {
            html.Append("<h3>").Append(E(Themes.GetValueOrDefault(group.Key, "Autres indicateurs"))).Append("</h3>\n<table class=\"portrait\"><thead><tr><th>Indicateur</th><th>Valeur</th><th>Source</th><th>Millésime</th></tr></thead><tbody>\n");
            foreach (var indicator in group)
            {
                if (profile.Indicateurs.TryGetValue(indicator.Id, out var value))
                {
                    var shown = indicator.ValeurMasquee is { } masked && value.Valeur is double d && d == masked
                        ? indicator.LibelleValeurMasquee!
                        : FrenchFormat.WithUnit(value.Valeur, indicator.Unite);
                    html.Append("<tr><td>").Append(E(indicator.Libelle)).Append("</td><td class=\"num\">").Append(E(shown))
                        .Append("</td><td>").Append(E(value.Source ?? indicator.Source)).Append("</td><td>").Append(E(value.Millesime ?? "—")).Append("</td></tr>\n");
                }
                else if (missing.TryGetValue(indicator.Id, out var m))
                {
                    html.Append("<tr class=\"manquant\"><td>").Append(E(indicator.Libelle)).Append("</td><td colspan=\"3\">indicateur manquant : ")
                        .Append(m.Regles.Count).Append(" règle(s) non évaluée(s)</td></tr>\n");
                }
            }
            html.Append("</tbody></table>\n");
        }
        html.Append("</section>\n");
    }

    private static void ScenarioTable(StringBuilder html, EvaluationResult result)
    {
        html.Append("<section id=\"scenarios\"><h2>Les scénarios côte à côte</h2>\n<table class=\"multicritere\"><thead><tr><th></th>");
        foreach (var s in result.Scenarios)
        {
            html.Append("<th style=\"border-top:4px solid ").Append(Palette[(s.Rang - 1) % Palette.Length]).Append("\">Scénario ").Append(s.Rang)
                .Append(s.Retenu ? " <span class=\"badge\">retenu</span>" : "").Append("<br><small>").Append(E(s.Intitule)).Append("</small></th>");
        }
        html.Append("</tr></thead><tbody>\n");
        Row("1. Qui pilote ?", s => E(s.Pilotage.Libelle));
        Row("2. Comment ?", s => List(s.Modalites.Select(m => m.Libelle)));
        Row("3. Où ?", s => E(s.Lieux.Libelle));
        Row("4. Quoi ?", s => List(s.Priorites.Select(p => $"{p.Service.Libelle} × {p.Public.Libelle} × {p.Critere.Libelle}")));
        Row("5. Pourquoi ?", s => List(s.Objectifs.Select(o => o.Libelle)));
        Row("Score", s => N(s.Score));
        Row("Convergence", s => s.Convergence + " indicateurs");
        Row("Points de vigilance", s => s.Vigilances.Count.ToString(CultureInfo.InvariantCulture));
        html.Append("</tbody></table></section>\n");

        void Row(string label, Func<Scenario, string> cell)
        {
            html.Append("<tr><th scope=\"row\">").Append(E(label)).Append("</th>");
            foreach (var s in result.Scenarios)
            {
                html.Append("<td>").Append(cell(s)).Append("</td>");
            }
            html.Append("</tr>\n");
        }
    }

    /// <summary>Grouped horizontal bars: for each question, each scenario's support (sum of the weights of its justifications).</summary>
    private static void Chart(StringBuilder html, EvaluationResult result)
    {
        var support = result.Scenarios.Select(s => Questions.Select(q => s.Justifications.Where(j => j.Question == q.Id).Sum(j => j.Poids)).ToArray()).ToList();
        var max = Math.Max(1, support.SelectMany(x => x).DefaultIfEmpty(0).Max());
        const int labelWidth = 130, barArea = 480, barHeight = 12, gap = 10;
        var groupHeight = result.Scenarios.Count * (barHeight + 2) + gap;
        var height = Questions.Length * groupHeight + 40;
        html.Append("<section id=\"graphique\"><h2>Soutien de chaque scénario par question</h2>\n")
            .Append("<svg role=\"img\" aria-label=\"Somme des poids des règles favorables, par question et par scénario\" width=\"100%\" viewBox=\"0 0 ")
            .Append(labelWidth + barArea + 60).Append(' ').Append(height).Append("\" xmlns=\"http://www.w3.org/2000/svg\" font-family=\"sans-serif\" font-size=\"11\">\n");
        for (var q = 0; q < Questions.Length; q++)
        {
            var y0 = q * groupHeight + 10;
            html.Append("<text x=\"0\" y=\"").Append(y0 + groupHeight / 2 - 2).Append("\" fill=\"#222\">").Append(E(Questions[q].Libelle)).Append("</text>\n");
            for (var s = 0; s < result.Scenarios.Count; s++)
            {
                var value = support[s][q];
                var width = (int)Math.Round(barArea * value / max);
                var y = y0 + s * (barHeight + 2);
                html.Append("<rect x=\"").Append(labelWidth).Append("\" y=\"").Append(y).Append("\" width=\"").Append(Math.Max(width, 1)).Append("\" height=\"").Append(barHeight)
                    .Append("\" fill=\"").Append(Palette[s % Palette.Length]).Append("\"><title>Scénario ").Append(s + 1).Append(" : ").Append(N(value)).Append("</title></rect>")
                    .Append("<text x=\"").Append(labelWidth + width + 4).Append("\" y=\"").Append(y + barHeight - 2).Append("\" fill=\"#444\">").Append(N(value)).Append("</text>\n");
            }
        }
        var legendY = height - 12;
        for (var s = 0; s < result.Scenarios.Count; s++)
        {
            var x = labelWidth + s * 120;
            html.Append("<rect x=\"").Append(x).Append("\" y=\"").Append(legendY - 9).Append("\" width=\"10\" height=\"10\" fill=\"").Append(Palette[s % Palette.Length]).Append("\"/>")
                .Append("<text x=\"").Append(x + 14).Append("\" y=\"").Append(legendY).Append("\">Scénario ").Append(s + 1).Append("</text>\n");
        }
        html.Append("</svg></section>\n");
    }

    /// <summary>Tableaux croisés: services × publics, each cell the crossed needs with their accessibility criteria.</summary>
    private static void CrossTables(StringBuilder html, EvaluationResult result, RuleSet kb)
    {
        html.Append("<section id=\"tableaux-croises\"><h2>Tableaux croisés des besoins</h2>\n");
        var needs = result.BesoinsCroises;
        if (needs.Count == 0)
        {
            html.Append("<p>Aucun besoin croisé ne ressort du diagnostic ni du profil.</p></section>\n");
            return;
        }
        var priorities = result.Scenarios.FirstOrDefault()?.Priorites.Select(Key).ToHashSet() ?? [];
        var services = kb.Referentiel.Axes.Services.Where(s => needs.Any(n => n.Service.Id == s.Id)).ToList();
        var publics = kb.Referentiel.Axes.Publics.Where(p => needs.Any(n => n.Public.Id == p.Id)).ToList();
        html.Append("<p>Chaque case croise un service et un public ; elle donne le score du besoin (intensité du diagnostic, renforcée ou atténuée par les règles) et le critère d'accessibilité. En gras : les priorités retenues.</p>\n")
            .Append("<table class=\"croise\"><thead><tr><th>Services \\ publics</th>");
        foreach (var p in publics)
        {
            html.Append("<th>").Append(E(p.Libelle)).Append("</th>");
        }
        html.Append("</tr></thead><tbody>\n");
        var max = needs.Max(n => n.Score);
        foreach (var s in services)
        {
            html.Append("<tr><th scope=\"row\">").Append(E(s.Libelle)).Append("</th>");
            foreach (var p in publics)
            {
                var cell = needs.Where(n => n.Service.Id == s.Id && n.Public.Id == p.Id).ToList();
                if (cell.Count == 0)
                {
                    html.Append("<td></td>");
                    continue;
                }
                var alpha = (0.15 + 0.6 * cell.Max(n => n.Score) / max).ToString("0.00", CultureInfo.InvariantCulture);
                html.Append("<td style=\"background:rgba(31,95,139,").Append(alpha).Append(")\">");
                foreach (var n in cell)
                {
                    var text = $"{N(n.Score)} · {n.Critere.Libelle}";
                    html.Append(priorities.Contains(Key(n)) ? "<strong>" + E(text) + "</strong>" : E(text)).Append("<br>");
                }
                html.Append("</td>");
            }
            html.Append("</tr>\n");
        }
        html.Append("</tbody></table>\n<h3>Par critère d'accessibilité</h3>\n<table class=\"croise\"><thead><tr><th>Critère</th><th>Besoins</th><th>Score cumulé</th></tr></thead><tbody>\n");
        foreach (var group in needs.GroupBy(n => n.Critere.Id).OrderByDescending(g => g.Sum(n => n.Score)))
        {
            html.Append("<tr><th scope=\"row\">").Append(E(group.First().Critere.Libelle)).Append("</th><td>")
                .Append(List(group.Select(n => $"{n.Service.Libelle} × {n.Public.Libelle}"))).Append("</td><td class=\"num\">").Append(N(group.Sum(n => n.Score))).Append("</td></tr>\n");
        }
        html.Append("</tbody></table></section>\n");

        static string Key(Priority p) => p.Service.Id + "|" + p.Public.Id + "|" + p.Critere.Id;
    }

    private static void Details(StringBuilder html, EvaluationResult result)
    {
        html.Append("<section id=\"justifications\"><h2>Justifications et points de vigilance</h2>\n");
        foreach (var s in result.Scenarios)
        {
            html.Append("<article class=\"scenario\"><h3 style=\"border-left:6px solid ").Append(Palette[(s.Rang - 1) % Palette.Length]).Append("\">Scénario ").Append(s.Rang)
                .Append(s.Retenu ? " (retenu)" : "").Append(" — ").Append(E(s.Intitule)).Append("</h3>\n<h4>Pourquoi ce scénario</h4>\n");
            Table(s.Justifications, "justif");
            html.Append("<h4>Points de vigilance</h4>\n");
            if (s.Vigilances.Count == 0)
            {
                html.Append("<p>Aucune règle ne s'oppose aux réponses de ce scénario.</p>\n");
            }
            else
            {
                Table(s.Vigilances, "vigilance");
            }
            html.Append("</article>\n");
        }
        html.Append("</section>\n");

        void Table(IReadOnlyList<Justification> rows, string css)
        {
            html.Append("<table class=\"").Append(css).Append("\"><thead><tr><th>Règle</th><th>Question</th><th>Option</th><th>Poids</th><th>Explication</th><th>Indicateurs lus</th><th>Source</th><th>Statut</th></tr></thead><tbody>\n");
            foreach (var j in rows)
            {
                html.Append("<tr><td><code>").Append(E(j.Regle)).Append("</code></td><td>").Append(E(j.Question)).Append("</td><td>").Append(E(j.Option))
                    .Append("</td><td class=\"num\">").Append(N(j.Poids)).Append("</td><td>").Append(E(j.Explication)).Append("</td><td>")
                    .Append(List(j.Indicateurs.Select(i => $"{i.Libelle} : {FrenchFormat.WithUnit(i.Valeur, i.Unite)} ({i.Source}{(i.Millesime is null ? "" : ", " + i.Millesime)})")))
                    .Append("</td><td class=\"source\">").Append(E(j.Source)).Append("</td><td><span class=\"statut ").Append(j.Statut == RuleStatus.Source ? "source" : "avalider").Append("\">")
                    .Append(E(j.Statut)).Append("</span></td></tr>\n");
            }
            html.Append("</tbody></table>\n");
        }
    }

    private static void Others(StringBuilder html, EvaluationResult result)
    {
        if (result.OptionsEcartees.Count == 0 && result.Avertissements.Count == 0)
        {
            return;
        }
        html.Append("<section id=\"avertissements\"><h2>Options écartées et avertissements</h2>\n<ul>\n");
        foreach (var e in result.OptionsEcartees)
        {
            html.Append("<li><strong>").Append(E(e.Option.Libelle)).Append("</strong> écartée : ").Append(E(string.Join(" ; ", e.Regles.Select(r => r.Explication)))).Append("</li>\n");
        }
        foreach (var w in result.Avertissements)
        {
            html.Append("<li>").Append(E(w)).Append("</li>\n");
        }
        html.Append("</ul></section>\n");
    }

    private static string List(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count == 0 ? "—" : "<ul class=\"compact\">" + string.Concat(list.Select(i => "<li>" + E(i) + "</li>")) + "</ul>";
    }

    /// <summary>Escapes markup only: accented letters stay readable in the UTF-8 source.</summary>
    private static string E(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.AsSpan().IndexOfAny("&<>\"'") < 0)
        {
            return text ?? "";
        }
        return text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal).Replace("'", "&#39;", StringComparison.Ordinal);
    }

    private static string N(double value) => FrenchFormat.Number(value);

    private static string EchelleLabel(string echelle) => echelle switch
    {
        "epci" => "EPCI",
        "commune" => "Commune",
        "departement" => "Département",
        _ => "Territoire",
    };

    private const string Css = """

        :root { --bleu: #1f5f8b; --gris: #f3f5f7; }
        body { font-family: "Marianne", "Helvetica Neue", Arial, sans-serif; color: #1e1e1e; margin: 2rem auto; max-width: 1180px; padding: 0 1rem; line-height: 1.4; }
        header { border-bottom: 3px solid var(--bleu); margin-bottom: 1rem; }
        .surtitre { text-transform: uppercase; letter-spacing: .08em; color: var(--bleu); font-size: .8rem; margin: 0; }
        h1 { margin: .2rem 0; } h2 { color: var(--bleu); border-bottom: 1px solid #ccd; padding-bottom: .2rem; margin-top: 2rem; }
        .meta { color: #555; margin-top: 0; }
        table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .85rem; }
        th, td { border: 1px solid #d5d9de; padding: .3rem .45rem; vertical-align: top; text-align: left; }
        thead th { background: var(--gris); }
        td.num { text-align: right; white-space: nowrap; }
        tr.manquant td { color: #a03000; font-style: italic; }
        .multicritere th[scope=row] { width: 11rem; background: var(--gris); }
        .badge { background: var(--bleu); color: #fff; border-radius: 3px; padding: 0 .3rem; font-size: .75rem; }
        ul.compact { margin: 0; padding-left: 1rem; }
        .retenu { font-size: 1.05rem; background: #eaf2f8; padding: .6rem .8rem; border-left: 5px solid var(--bleu); }
        .statut { border-radius: 3px; padding: 0 .3rem; font-size: .75rem; white-space: nowrap; }
        .statut.source { background: #dff0d8; } .statut.avalider { background: #fcf1d6; }
        table.vigilance td { background: #fff6f0; }
        td.source { font-size: .75rem; color: #555; }
        code { font-size: .8rem; }
        footer { margin-top: 2rem; border-top: 1px solid #ccd; padding-top: .5rem; color: #555; font-size: .8rem; }
        @media print { body { margin: 0; max-width: none; font-size: 10pt; } article.scenario, section#graphique { break-inside: avoid-page; } h2 { break-after: avoid; } }

        """;
}
