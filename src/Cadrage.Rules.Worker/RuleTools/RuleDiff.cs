using System.Globalization;
using System.Text;
using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Output;
using Cadrage.Rules.Worker.Import;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Cadrage.Rules.Worker.RuleTools;

/// <summary>The impact of a rule edit on a batch: which territories' scénario retenu changed, and why.</summary>
public static class RuleDiff
{
    /// <summary>
    /// One territory whose first scenario changed (<see cref="Ecart"/> says how, in words), or that fails under one
    /// rule set only (<see cref="Erreur"/>: the message of the side that fails; nothing is compared).
    /// </summary>
    public sealed record Change(
        string Id, string Nom, string Type, IReadOnlyList<string> Reponses, string Avant, string Apres,
        IReadOnlyList<string> NouvellementDeclenchees, IReadOnlyList<string> PlusDeclenchees, IReadOnlyList<string> PoidsModifies,
        string Ecart = "", string? Erreur = null);

    public static IReadOnlyList<Change> Compute(IReadOnlyList<TerritoryOutcome> before, IReadOnlyList<TerritoryOutcome> after, Referentiel referentiel)
    {
        var changes = new List<Change>();
        for (var i = 0; i < Math.Min(before.Count, after.Count); i++)
        {
            var (a, b) = (before[i], after[i]);
            if (a.Error is not null || b.Error is not null)
            {
                // In error under both: the profile, not the edit (the batch reports it). Under one only: the edit.
                if ((a.Error is null) != (b.Error is null))
                {
                    var (ok, failed) = a.Error is null ? (a, b) : (b, a);
                    changes.Add(new Change(ok.Id, ok.Nom, ok.Type, [], a.Error is null ? a.Retenu : "en erreur", b.Error is null ? b.Retenu : "en erreur", [], [], [],
                        Erreur: $"{(b.Error is null ? "avant" : "après")} la modification : {failed.Error}"));
                }
                continue;
            }
            if (!b.DiffersFrom(a))
            {
                continue;
            }
            var answers = TerritoryOutcome.Answers.Where(q => a.Answer(q) != b.Answer(q)).ToList();
            changes.Add(new Change(
                b.Id, b.Nom, b.Type, answers, a.Retenu, b.Retenu,
                b.Fired.Keys.Where(k => !a.Fired.ContainsKey(k)).Order(StringComparer.Ordinal).ToList(),
                a.Fired.Keys.Where(k => !b.Fired.ContainsKey(k)).Order(StringComparer.Ordinal).ToList(),
                b.Fired.Where(kv => a.Fired.TryGetValue(kv.Key, out var w) && w != kv.Value)
                    .Select(kv => $"{kv.Key} ({Number(a.Fired[kv.Key])} → {Number(kv.Value)})").Order(StringComparer.Ordinal).ToList(),
                b.ChangeFrom(a, referentiel)));
        }
        return changes;
    }

    public static string Render(string beforeVersion, string afterVersion, int territories, IReadOnlyList<Change> changes, Referentiel referentiel, int shown = 50)
    {
        var text = new StringBuilder();
        var failures = changes.Count(c => c.Erreur is not null);
        text.AppendLine($"Impact de la modification : base {beforeVersion} → {afterVersion}, {FrenchFormat.Count(territories, "territoire", "territoires")}");
        text.AppendLine($"{FrenchFormat.Count(changes.Count - failures, "territoire dont le premier scénario change", "territoires dont le premier scénario change")}{(failures > 0 ? $", {FrenchFormat.Count(failures, "territoire", "territoires")} en erreur d'un côté seulement" : "")}.");
        foreach (var group in changes.GroupBy(c => c.Type).OrderByDescending(g => g.Count()))
        {
            text.AppendLine($"  {group.Key,-10} {group.Count(),6}");
        }
        foreach (var answer in TerritoryOutcome.Answers)
        {
            var count = changes.Count(c => c.Reponses.Contains(answer));
            if (count > 0)
            {
                text.AppendLine($"  réponse « {referentiel.Question(answer).Libelle} » modifiée : {FrenchFormat.Count(count, "territoire", "territoires")}");
            }
        }
        text.AppendLine();
        foreach (var c in changes.Take(shown))
        {
            text.AppendLine($"{c.Id} {c.Nom} ({c.Type}) — {(c.Erreur is not null ? "en erreur d'un côté" : string.Join(", ", c.Reponses.Select(r => referentiel.Question(r).Libelle)))}");
            if (c.Erreur is not null)
            {
                text.AppendLine($"  {c.Erreur}");
                continue;
            }
            text.AppendLine($"  ce qui change : {c.Ecart}");
            text.AppendLine($"  avant : {c.Avant}");
            text.AppendLine($"  après : {c.Apres}");
            if (c.NouvellementDeclenchees.Count > 0)
            {
                text.AppendLine($"  règles désormais déclenchées : {string.Join(", ", c.NouvellementDeclenchees)}");
            }
            if (c.PlusDeclenchees.Count > 0)
            {
                text.AppendLine($"  règles qui ne se déclenchent plus : {string.Join(", ", c.PlusDeclenchees)}");
            }
            if (c.PoidsModifies.Count > 0)
            {
                text.AppendLine($"  poids modifiés : {string.Join(", ", c.PoidsModifies)}");
            }
        }
        if (changes.Count > shown)
        {
            text.AppendLine($"… et {FrenchFormat.Count(changes.Count - shown, "autre", "autres")} : voir diff.csv et diff.json (--out).");
        }
        return text.ToString();
    }

    public static void Write(string directory, string beforeVersion, string afterVersion, IReadOnlyList<Change> changes, CsvDialect dialect = CsvDialect.Excel)
    {
        Directory.CreateDirectory(directory);
        var json = new JObject
        {
            ["avant"] = beforeVersion,
            ["apres"] = afterVersion,
            ["changements"] = JArray.FromObject(changes.Select(c => new
            {
                id = c.Id, nom = c.Nom, type = c.Type, reponses = c.Reponses, ecart = c.Ecart, erreur = c.Erreur, avant = c.Avant, apres = c.Apres,
                nouvellementDeclenchees = c.NouvellementDeclenchees, plusDeclenchees = c.PlusDeclenchees, poidsModifies = c.PoidsModifies,
            })),
        };
        Cli.AtomicFile.Write(Path.Combine(directory, "diff.json"), json.ToString(Formatting.Indented) + "\n");
        Csv.WriteFile(Path.Combine(directory, "diff.csv"), dialect,
            changes.Select(c => new object[]
            {
                c.Id, c.Nom, c.Type, string.Join('|', c.Reponses), c.Ecart, c.Erreur ?? "", c.Avant, c.Apres,
                string.Join('|', c.NouvellementDeclenchees), string.Join('|', c.PlusDeclenchees), string.Join('|', c.PoidsModifies),
            }).Prepend(new object[] { "id", "nom", "type", "reponses", "ecart", "erreur", "avant", "apres", "nouvellement_declenchees", "plus_declenchees", "poids_modifies" }));
    }

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
