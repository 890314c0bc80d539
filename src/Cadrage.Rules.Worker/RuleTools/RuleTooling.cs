using System.Formats.Tar;
using System.Globalization;
using System.Text;
using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Worker.Import;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Cadrage.Rules.Worker.RuleTools;

/// <summary>Coverage of a rule set over a batch: how often each rule fires, how often each option is retained.</summary>
public static class Coverage
{
    public const double NearlyAll = 0.95;

    public sealed record RuleLine(string Regle, string Question, int Declenchements, double Part, string Remarque);
    public sealed record OptionLine(string Question, string Option, int Retenue, double Part);

    public static (IReadOnlyList<RuleLine> Rules, IReadOnlyList<OptionLine> Options, int Evalues, int Erreurs) Compute(RuleSet kb, IReadOnlyList<TerritoryOutcome> outcomes)
    {
        var valid = outcomes.Where(o => o.Error is null).ToList();
        var n = Math.Max(1, valid.Count);
        var rules = kb.Rules.Select(rule =>
        {
            var count = valid.Count(o => o.Fired.ContainsKey(rule.Name));
            var share = (double)count / n;
            var remark = rule.Indicators.Count == 0 ? "sans condition sur le profil"
                : count == 0 ? "jamais déclenchée"
                : share >= NearlyAll ? "presque toujours déclenchée" : "";
            return new RuleLine(rule.Name, rule.Workflow, count, share, remark);
        }).ToList();
        var options = new List<OptionLine>();
        foreach (var question in QuestionIds.WithOptions)
        {
            foreach (var option in kb.Referentiel.Question(question).Options)
            {
                var count = valid.Count(o => question switch
                {
                    QuestionIds.Pilotage => o.Pilotage == option.Id,
                    QuestionIds.Lieux => o.Lieux == option.Id,
                    QuestionIds.Modalites => o.Modalites.Contains(option.Id),
                    _ => o.Objectifs.Contains(option.Id),
                });
                options.Add(new OptionLine(question, option.Id, count, (double)count / n));
            }
        }
        return (rules, options, valid.Count, outcomes.Count - valid.Count);
    }

    public static string Render(RuleSet kb, IReadOnlyList<RuleLine> rules, IReadOnlyList<OptionLine> options, int evaluated, int errors)
    {
        var text = new StringBuilder();
        text.AppendLine($"Couverture de la base de règles {kb.Version} sur {evaluated} territoires ({errors} en erreur)");
        text.AppendLine();
        text.AppendLine($"{"Règle",-48} {"Question",-14} {"Déclenchée",10} {"Part",7}  Remarque");
        foreach (var r in rules)
        {
            text.AppendLine($"{r.Regle,-48} {r.Question,-14} {r.Declenchements,10} {Percent(r.Part),7}  {r.Remarque}");
        }
        text.AppendLine();
        text.AppendLine($"{rules.Count(r => r.Remarque.StartsWith("jamais", StringComparison.Ordinal))} règle(s) jamais déclenchée(s), {rules.Count(r => r.Remarque.StartsWith("presque", StringComparison.Ordinal))} presque toujours déclenchée(s) (≥ {Percent(NearlyAll)}).");
        text.AppendLine();
        text.AppendLine($"{"Question",-14} {"Option",-30} {"Scénario retenu",16} {"Part",7}");
        foreach (var o in options)
        {
            text.AppendLine($"{o.Question,-14} {o.Option,-30} {o.Retenue,16} {Percent(o.Part),7}");
        }
        return text.ToString();
    }

    public static void WriteCsv(string directory, IReadOnlyList<RuleLine> rules, IReadOnlyList<OptionLine> options)
    {
        Directory.CreateDirectory(directory);
        var r = new StringBuilder("regle,question,declenchements,part,remarque\n");
        foreach (var line in rules)
        {
            r.Append(line.Regle).Append(',').Append(line.Question).Append(',').Append(line.Declenchements).Append(',')
                .Append(line.Part.ToString("0.####", CultureInfo.InvariantCulture)).Append(',').Append(Csv.Escape(line.Remarque)).Append('\n');
        }
        Cli.AtomicFile.Write(Path.Combine(directory, "couverture-regles.csv"), r.ToString());
        var o = new StringBuilder("question,option,retenue,part\n");
        foreach (var line in options)
        {
            o.Append(line.Question).Append(',').Append(line.Option).Append(',').Append(line.Retenue).Append(',')
                .Append(line.Part.ToString("0.####", CultureInfo.InvariantCulture)).Append('\n');
        }
        Cli.AtomicFile.Write(Path.Combine(directory, "couverture-options.csv"), o.ToString());
    }

    internal static string Percent(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture).Replace('.', ',') + " %";
}

/// <summary>The impact of a rule edit on a batch: which territories' scénario retenu changed, and why.</summary>
public static class RuleDiff
{
    public sealed record Change(
        string Id, string Nom, string Type, IReadOnlyList<string> Reponses, string Avant, string Apres,
        IReadOnlyList<string> NouvellementDeclenchees, IReadOnlyList<string> PlusDeclenchees, IReadOnlyList<string> PoidsModifies);

    public static IReadOnlyList<Change> Compute(IReadOnlyList<TerritoryOutcome> before, IReadOnlyList<TerritoryOutcome> after)
    {
        var changes = new List<Change>();
        for (var i = 0; i < Math.Min(before.Count, after.Count); i++)
        {
            var (a, b) = (before[i], after[i]);
            if (a.Error is not null || b.Error is not null)
            {
                continue;
            }
            var answers = TerritoryOutcome.Answers.Where(q => a.Answer(q) != b.Answer(q)).ToList();
            if (answers.Count == 0)
            {
                continue;
            }
            changes.Add(new Change(
                b.Id, b.Nom, b.Type, answers, a.Retenu, b.Retenu,
                b.Fired.Keys.Where(k => !a.Fired.ContainsKey(k)).Order(StringComparer.Ordinal).ToList(),
                a.Fired.Keys.Where(k => !b.Fired.ContainsKey(k)).Order(StringComparer.Ordinal).ToList(),
                b.Fired.Where(kv => a.Fired.TryGetValue(kv.Key, out var w) && w != kv.Value)
                    .Select(kv => $"{kv.Key} ({Number(a.Fired[kv.Key])} → {Number(kv.Value)})").Order(StringComparer.Ordinal).ToList()));
        }
        return changes;
    }

    public static string Render(string beforeVersion, string afterVersion, int territories, IReadOnlyList<Change> changes, int shown = 50)
    {
        var text = new StringBuilder();
        text.AppendLine($"Impact de la modification : base {beforeVersion} → {afterVersion}, {territories} territoires");
        text.AppendLine($"{changes.Count} territoire(s) dont le scénario retenu change.");
        foreach (var group in changes.GroupBy(c => c.Type).OrderByDescending(g => g.Count()))
        {
            text.AppendLine($"  {group.Key,-10} {group.Count(),6}");
        }
        foreach (var answer in TerritoryOutcome.Answers)
        {
            var count = changes.Count(c => c.Reponses.Contains(answer));
            if (count > 0)
            {
                text.AppendLine($"  réponse « {answer} » modifiée : {count}");
            }
        }
        text.AppendLine();
        foreach (var c in changes.Take(shown))
        {
            text.AppendLine($"{c.Id} {c.Nom} ({c.Type}) — {string.Join(", ", c.Reponses)}");
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
            text.AppendLine($"… et {changes.Count - shown} autre(s) : voir diff.csv / diff.json (--out).");
        }
        return text.ToString();
    }

    public static void Write(string directory, string beforeVersion, string afterVersion, IReadOnlyList<Change> changes)
    {
        Directory.CreateDirectory(directory);
        var json = new JObject
        {
            ["avant"] = beforeVersion,
            ["apres"] = afterVersion,
            ["changements"] = JArray.FromObject(changes.Select(c => new
            {
                id = c.Id, nom = c.Nom, type = c.Type, reponses = c.Reponses, avant = c.Avant, apres = c.Apres,
                nouvellementDeclenchees = c.NouvellementDeclenchees, plusDeclenchees = c.PlusDeclenchees, poidsModifies = c.PoidsModifies,
            })),
        };
        Cli.AtomicFile.Write(Path.Combine(directory, "diff.json"), json.ToString(Formatting.Indented) + "\n");
        var csv = new StringBuilder("id,nom,type,reponses,avant,apres,nouvellement_declenchees,plus_declenchees,poids_modifies\n");
        foreach (var c in changes)
        {
            csv.Append(Csv.Escape(c.Id)).Append(',').Append(Csv.Escape(c.Nom)).Append(',').Append(Csv.Escape(c.Type)).Append(',')
                .Append(Csv.Escape(string.Join('|', c.Reponses))).Append(',').Append(Csv.Escape(c.Avant)).Append(',').Append(Csv.Escape(c.Apres)).Append(',')
                .Append(Csv.Escape(string.Join('|', c.NouvellementDeclenchees))).Append(',').Append(Csv.Escape(string.Join('|', c.PlusDeclenchees))).Append(',')
                .Append(Csv.Escape(string.Join('|', c.PoidsModifies))).Append('\n');
        }
        Cli.AtomicFile.Write(Path.Combine(directory, "diff.csv"), csv.ToString());
    }

    /// <summary>
    /// The rules folder as it was at a git revision: <paramref name="revision"/> is read with <c>git archive</c> from
    /// the repository holding <paramref name="currentRules"/>, into a temporary folder.
    /// </summary>
    /// <exception cref="InvalidOperationException">In French, when git cannot give that revision.</exception>
    public static string FromGit(string revision, string currentRules)
    {
        var full = Path.GetFullPath(currentRules);
        var top = Git(full, "rev-parse", "--show-toplevel").Trim();
        var relative = Path.GetRelativePath(top, full).Replace('\\', '/');
        var target = Path.Combine(Path.GetTempPath(), "cadrage-regles-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(target);
        var start = new System.Diagnostics.ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = top };
        foreach (var argument in new[] { "archive", "--format=tar", revision, "--", relative })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("git introuvable");
        using (var tar = new MemoryStream())
        {
            process.StandardOutput.BaseStream.CopyTo(tar);
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"révision git « {revision} » illisible pour {relative} : {error.Trim()}");
            }
            tar.Position = 0;
            TarFile.ExtractToDirectory(tar, target, overwriteFiles: true);
        }
        return Path.Combine(target, relative);
    }

    private static string Git(string directory, params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Directory.Exists(directory) ? directory : Path.GetDirectoryName(directory)! };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("git introuvable");
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"git {string.Join(' ', arguments)} : {error.Trim()}");
    }

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}

/// <summary>A threshold swept over a range: where the scénario retenu tips, and for which territories.</summary>
public static class Sweep
{
    public sealed record Step(double Valeur, string Version, int ModifiesDepuisBase, int BasculesDepuisPrecedent, IReadOnlyList<string> Territoires);

    public static IReadOnlyList<double> Values(double from, double to, double step)
    {
        if (step <= 0 || to < from || (to - from) / step > 1000)
        {
            throw new ArgumentException("balayage invalide : il faut --pas > 0, --a ≥ --de et au plus 1 000 valeurs");
        }
        var values = new List<double>();
        for (var i = 0; from + i * step <= to + step * 1e-9; i++)
        {
            values.Add(Math.Round(from + i * step, 10));
        }
        return values;
    }

    public static IReadOnlyList<Step> Run(string rulesDirectory, string parameter, IReadOnlyList<double> values, TerritoryBatch batch, IReadOnlyList<TerritoryOutcome> baseline)
    {
        var steps = new List<Step>();
        IReadOnlyList<TerritoryOutcome>? previous = null;
        foreach (var value in values)
        {
            var kb = RuleSet.Load(rulesDirectory, new Dictionary<string, string> { [parameter] = value.ToString("R", CultureInfo.InvariantCulture) });
            var outcomes = batch.Evaluate(kb);
            var changed = Differ(baseline, outcomes);
            var flips = previous is null ? [] : Differ(previous, outcomes);
            steps.Add(new Step(value, kb.Version, changed.Count, flips.Count, flips));
            previous = outcomes;
        }
        return steps;
    }

    private static List<string> Differ(IReadOnlyList<TerritoryOutcome> a, IReadOnlyList<TerritoryOutcome> b) =>
        Enumerable.Range(0, Math.Min(a.Count, b.Count))
            .Where(i => a[i].Error is null && b[i].Error is null && TerritoryOutcome.Answers.Any(q => a[i].Answer(q) != b[i].Answer(q)))
            .Select(i => $"{b[i].Id} ({a[i].Retenu} → {b[i].Retenu})")
            .ToList();

    public static string Render(string parameter, string baseValue, IReadOnlyList<Step> steps, int territories)
    {
        var text = new StringBuilder();
        text.AppendLine($"Balayage du paramètre « {parameter} » (valeur des fichiers : {baseValue}) sur {territories} territoires");
        text.AppendLine($"{"Valeur",10} {"Retenus modifiés / base",24} {"Bascules / valeur précédente",30}");
        foreach (var s in steps)
        {
            text.AppendLine($"{s.Valeur.ToString("0.###", CultureInfo.InvariantCulture),10} {s.ModifiesDepuisBase,24} {s.BasculesDepuisPrecedent,30}");
        }
        var tipping = steps.Where(s => s.BasculesDepuisPrecedent > 0).ToList();
        text.AppendLine();
        text.AppendLine(tipping.Count == 0 ? "Aucun point de bascule dans cet intervalle." : "Points de bascule :");
        foreach (var s in tipping)
        {
            text.AppendLine($"  à {s.Valeur.ToString("0.###", CultureInfo.InvariantCulture)} : {s.BasculesDepuisPrecedent} territoire(s) — {string.Join(" ; ", s.Territoires.Take(5))}{(s.Territoires.Count > 5 ? " ; …" : "")}");
        }
        return text.ToString();
    }

    public static void WriteCsv(string directory, IReadOnlyList<Step> steps)
    {
        Directory.CreateDirectory(directory);
        var csv = new StringBuilder("valeur,version,modifies_depuis_base,bascules_depuis_precedent,territoires\n");
        foreach (var s in steps)
        {
            csv.Append(s.Valeur.ToString("R", CultureInfo.InvariantCulture)).Append(',').Append(s.Version).Append(',').Append(s.ModifiesDepuisBase).Append(',')
                .Append(s.BasculesDepuisPrecedent).Append(',').Append(Csv.Escape(string.Join('|', s.Territoires))).Append('\n');
        }
        Cli.AtomicFile.Write(Path.Combine(directory, "balayage.csv"), csv.ToString());
    }
}
