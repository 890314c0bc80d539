using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Output;
using Cadrage.Rules.Worker.Service;

namespace Cadrage.Rules.Worker.Atelier;

/// <summary>A change tried in the sandbox: named parameters set to other values, rule weights set to others.</summary>
public sealed record SandboxChange(IReadOnlyDictionary<string, double> Parametres, IReadOnlyDictionary<string, double> Poids)
{
    public bool IsEmpty => Parametres.Count == 0 && Poids.Count == 0;

    public string Key => string.Join(";", Poids.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value.ToString("R", CultureInfo.InvariantCulture)));
}

/// <summary>A territory whose retained scenario changes, with the answers that change and why.</summary>
public sealed record Flip(int Index, string Id, string Nom, IReadOnlyList<string> Questions, string Avant, string Apres, IReadOnlyList<string> Raisons);

/// <summary>A file of the rules folder as the change rewrites it.</summary>
public sealed record RuleFileEdit(string Fichier, string Avant, string Apres);

/// <summary>Thrown for a change the sandbox cannot make (unknown rule, a rule without weight…), in French.</summary>
public sealed class SandboxException(string message) : Exception(message);

/// <summary>
/// The methodologists' sandbox: a change of named parameters (no recompilation, <see cref="RuleSet.WithParameters"/>)
/// or of rule weights (the rules recompiled once from an edited copy, then cached) re-evaluated over the whole batch
/// against the cached outcomes of the rule set in service. Never writes the rules folder: it exports the change as
/// files and a patch; <see cref="Apply"/> writes only when the setting allows it.
/// </summary>
public sealed partial class Sandbox(EpciBatch batch, RuleSetHolder holder)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, RuleSet> _weightVariants = new(StringComparer.Ordinal);
    private string _variantsOf = "";

    public EpciBatch Batch => batch;

    /// <summary>The rule set the change gives. Parameters: no recompilation; weights: an edited copy compiled once and cached.</summary>
    /// <exception cref="RuleSetException">A parameter unknown or out of its range, an edited copy that does not validate.</exception>
    /// <exception cref="SandboxException">An unknown rule or a rule without weight.</exception>
    public RuleSet Variant(RuleSet kb, SandboxChange change)
    {
        var rules = kb;
        if (change.Poids.Count > 0)
        {
            rules = WeightVariant(kb, change);
        }
        return change.Parametres.Count > 0 ? rules.WithParameters(change.Parametres) : rules;
    }

    private RuleSet WeightVariant(RuleSet kb, SandboxChange change)
    {
        lock (_lock)
        {
            if (_variantsOf != kb.Version)
            {
                _weightVariants.Clear();
                _variantsOf = kb.Version;
            }
            if (_weightVariants.TryGetValue(change.Key, out var cached))
            {
                return cached;
            }
        }
        var edits = Edits(kb, change with { Parametres = new Dictionary<string, double>() });
        var variant = LoadEdited(kb, edits);
        lock (_lock)
        {
            if (_weightVariants.Count >= 16)
            {
                _weightVariants.Clear();
            }
            _weightVariants[change.Key] = variant;
        }
        return variant;
    }

    /// <summary>The outcome of a change over the batch, against the rule set in service.</summary>
    public SandboxRun Run(RuleSet kb, SandboxChange change)
    {
        var clock = Stopwatch.StartNew();
        var before = batch.Baseline(kb);
        var variant = Variant(kb, change);
        var after = change.IsEmpty ? before : batch.EvaluateChanged(kb, variant, before, change.Parametres.Keys.ToList(), change.Poids.Keys.ToList());
        var territories = batch.Territories(kb);
        var flips = new List<Flip>();
        for (var i = 0; i < before.Length; i++)
        {
            var (a, b) = (before[i], after[i]);
            if (a.Error is not null || b.Error is not null)
            {
                continue;
            }
            var questions = a.Differences(b);
            if (questions.Count > 0)
            {
                flips.Add(new Flip(i, territories[i].Id, territories[i].Nom, questions, a.Intitule, b.Intitule, Reasons(kb, variant, a, b, change)));
            }
        }
        return new SandboxRun(variant, before, after, flips, clock.Elapsed);
    }

    /// <summary>Why a territory's outcome changed: the rules whose condition now holds or no longer holds, and changed weights of rules that fire.</summary>
    private static List<string> Reasons(RuleSet kb, RuleSet variant, Retained a, Retained b, SandboxChange change)
    {
        var reasons = new List<string>();
        for (var r = 0; r < variant.Rules.Count && r < a.Fired.Length && r < b.Fired.Length; r++)
        {
            if (a.Fired[r] == b.Fired[r])
            {
                continue;
            }
            var rule = variant.Rules[r];
            var condition = RuleText.Condition(variant, rule.Expression);
            var target = $"{RuleText.Effect(rule.Properties.Effet)} de {RuleText.Target(variant, rule)}";
            reasons.Add(b.Fired[r] ? $"désormais vérifiée : {condition} ({target})" : $"n'est plus vérifiée : {condition} ({target})");
        }
        foreach (var (name, weight) in change.Poids)
        {
            if (kb.RulesByName.TryGetValue(name, out var rule) && (a.Fired[rule.Index] || b.Fired[rule.Index]))
            {
                reasons.Add($"poids {FrenchFormat.Number(rule.Weight)} → {FrenchFormat.Number(weight)} : {RuleText.Effect(rule.Properties.Effet)} de {RuleText.Target(kb, rule)} quand {Lower(RuleText.Condition(kb, rule.Expression))}");
            }
        }
        if (reasons.Count == 0)
        {
            reasons.Add("mêmes règles déclenchées : l'équilibre des scores entre scénarios a changé");
        }
        return reasons;
    }

    private static string Lower(string text) => text.Length > 0 && !(text.Length > 1 && char.IsUpper(text[1])) ? char.ToLowerInvariant(text[0]) + text[1..] : text;

    /// <summary>A parameter swept over a range: how many retained scenarios differ from the rule set in service at each value.</summary>
    /// <exception cref="RuleSetException">A value outside the parameter's range (its unit in the message).</exception>
    public IReadOnlyList<(double Valeur, int Modifies)> Sweep(RuleSet kb, string parameter, double from, double to, int points, SandboxChange? weights = null)
    {
        if (!kb.Parameters.TryGetValue(parameter, out var named))
        {
            throw new SandboxException($"paramètre « {parameter} » inconnu");
        }
        points = Math.Clamp(points, 2, 41);
        var d = named.Definition;
        from = Math.Clamp(from, d.Min, d.Max);
        to = Math.Clamp(to, d.Min, d.Max);
        var before = batch.Baseline(kb);
        var basis = weights is { Poids.Count: > 0 } ? WeightVariant(kb, weights) : kb;
        var result = new List<(double, int)>();
        for (var i = 0; i < points; i++)
        {
            var value = Math.Round(from + (to - from) * i / (points - 1), 6);
            var after = batch.EvaluateChanged(kb, basis.WithParameters(new Dictionary<string, double> { [parameter] = value }), before, [parameter], weights?.Poids.Keys.ToList() ?? []);
            var changed = 0;
            for (var t = 0; t < before.Length; t++)
            {
                if (before[t].Error is null && after[t].Error is null && before[t].Differences(after[t]).Count > 0)
                {
                    changed++;
                }
            }
            result.Add((value, changed));
        }
        return result;
    }

    /// <summary>The files of the rules folder the change rewrites (values replaced in place, layout kept).</summary>
    /// <exception cref="SandboxException">An unknown parameter or rule, a rule without weight.</exception>
    public IReadOnlyList<RuleFileEdit> Edits(RuleSet kb, SandboxChange change)
    {
        var directory = holder.Directory;
        var edits = new Dictionary<string, (string Before, string After)>(StringComparer.Ordinal);
        string Text(string relative) => edits.TryGetValue(relative, out var e) ? e.After : File.ReadAllText(Path.Combine(directory, relative));
        foreach (var (name, value) in change.Parametres.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!kb.Parameters.ContainsKey(name))
            {
                throw new SandboxException($"paramètre « {name} » inconnu : il n'est pas déclaré dans {ParameterFile.FileName}");
            }
            var relative = ParameterFile.FileName;
            var before = edits.TryGetValue(relative, out var e) ? e.Before : File.ReadAllText(Path.Combine(directory, relative));
            edits[relative] = (before, Replace(Text(relative), NameKey().Replace("{0}", Regex.Escape(name)), "valeur", value, $"paramètre « {name} »"));
        }
        foreach (var (name, value) in change.Poids.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!kb.RulesByName.TryGetValue(name, out var rule))
            {
                throw new SandboxException($"règle « {name} » inconnue");
            }
            if (rule.Properties.Poids is null)
            {
                throw new SandboxException($"la règle « {name} » n'a pas de poids ({RuleText.Effect(rule.Properties.Effet)})");
            }
            if (!double.IsFinite(value) || value <= 0 || value > 100)
            {
                throw new SandboxException($"poids {FrenchFormat.Number(value)} refusé pour la règle « {name} » : un poids est dans ]0 ; 100]");
            }
            var relative = rule.File;
            var before = edits.TryGetValue(relative, out var e) ? e.Before : File.ReadAllText(Path.Combine(directory, relative));
            edits[relative] = (before, Replace(Text(relative), RuleKey().Replace("{0}", Regex.Escape(name)), "poids", value, $"règle « {name} »"));
        }
        return edits.Select(e => new RuleFileEdit(e.Key, e.Value.Before, e.Value.After)).ToList();
    }

    private static string NameKey() => "\"nom\"\\s*:\\s*\"{0}\"";

    private static string RuleKey() => "\"RuleName\"\\s*:\\s*\"{0}\"";

    /// <summary>Replaces the number of <paramref name="field"/> in the object that <paramref name="anchor"/> starts, and nowhere else.</summary>
    private static string Replace(string text, string anchor, string field, double value, string what)
    {
        var found = Regex.Match(text, anchor);
        if (!found.Success)
        {
            throw new SandboxException($"{what} introuvable dans les fichiers de règles");
        }
        // The object of the anchor ends where the next object of the same kind starts.
        var nextAnchor = Regex.Match(text[(found.Index + found.Length)..], anchor.Split(':')[0]);
        var end = nextAnchor.Success ? found.Index + found.Length + nextAnchor.Index : text.Length;
        var number = new Regex($"\"{field}\"\\s*:\\s*(-?[0-9][0-9.eE+-]*)");
        var m = number.Match(text, found.Index, end - found.Index);
        if (!m.Success)
        {
            throw new SandboxException($"{what} : champ « {field} » introuvable");
        }
        var group = m.Groups[1];
        return text[..group.Index] + value.ToString("R", CultureInfo.InvariantCulture) + text[(group.Index + group.Length)..];
    }

    /// <summary>Loads a copy of the rules folder with <paramref name="edits"/> applied: the validation a hand edit gets.</summary>
    /// <exception cref="RuleSetException">The edited rules do not validate.</exception>
    public RuleSet LoadEdited(RuleSet kb, IReadOnlyList<RuleFileEdit> edits)
    {
        var copy = Path.Combine(Path.GetTempPath(), "cadrage-atelier", Guid.NewGuid().ToString("N"), Path.GetFileName(Path.GetFullPath(holder.Directory).TrimEnd(Path.DirectorySeparatorChar)));
        try
        {
            var source = Path.GetFullPath(holder.Directory);
            foreach (var file in Directory.EnumerateFiles(source, "*.json", SearchOption.AllDirectories))
            {
                var target = Path.Combine(copy, Path.GetRelativePath(source, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
            foreach (var edit in edits)
            {
                File.WriteAllText(Path.Combine(copy, edit.Fichier), edit.Apres, new UTF8Encoding(false));
            }
            return RuleSet.Load(copy, kb);
        }
        finally
        {
            try
            {
                Directory.Delete(Path.GetDirectoryName(copy)!, recursive: true);
            }
            catch (IOException)
            {
                // A temporary copy left behind is harmless.
            }
        }
    }

    /// <summary>The change as a unified diff, paths relative to the folder above the rules (git apply from the repository root).</summary>
    public string Patch(IReadOnlyList<RuleFileEdit> edits)
    {
        var folder = Path.GetFileName(Path.GetFullPath(holder.Directory).TrimEnd(Path.DirectorySeparatorChar));
        var patch = new StringBuilder();
        foreach (var edit in edits)
        {
            patch.Append(UnifiedDiff.Create($"{folder}/{edit.Fichier}", edit.Avant, edit.Apres));
        }
        return patch.ToString();
    }

    /// <summary>Writes the change into the rules folder, after the edited copy validated; the hot reload then serves it.</summary>
    /// <exception cref="RuleSetException">The edited rules do not validate: nothing is written.</exception>
    public string Apply(RuleSet kb, SandboxChange change)
    {
        var edits = Edits(kb, change);
        LoadEdited(kb, edits);
        foreach (var edit in edits)
        {
            Cli.AtomicFile.Write(Path.Combine(holder.Directory, edit.Fichier), edit.Apres);
        }
        holder.Reload();
        return holder.Current.Version;
    }
}

/// <summary>The result of a sandbox change over the batch.</summary>
public sealed record SandboxRun(RuleSet Variant, Retained[] Before, Retained[] After, IReadOnlyList<Flip> Flips, TimeSpan Duree);

/// <summary>A minimal unified diff of two texts with the same lines but a few replaced (three lines of context).</summary>
public static class UnifiedDiff
{
    public static string Create(string path, string before, string after)
    {
        var a = Lines(before);
        var b = Lines(after);
        var text = new StringBuilder();
        text.Append("--- a/").Append(path).Append('\n').Append("+++ b/").Append(path).Append('\n');
        if (a.Length != b.Length)
        {
            // Not produced by the sandbox (it replaces numbers in place); a whole-file hunk stays correct.
            text.Append($"@@ -1,{a.Length} +1,{b.Length} @@\n");
            foreach (var line in a) text.Append('-').Append(line).Append('\n');
            foreach (var line in b) text.Append('+').Append(line).Append('\n');
            return text.ToString();
        }
        var changed = Enumerable.Range(0, a.Length).Where(i => a[i] != b[i]).ToList();
        var i0 = 0;
        while (i0 < changed.Count)
        {
            var start = Math.Max(0, changed[i0] - 3);
            var j = i0;
            while (j + 1 < changed.Count && changed[j + 1] - changed[j] <= 6)
            {
                j++;
            }
            var end = Math.Min(a.Length - 1, changed[j] + 3);
            var count = end - start + 1;
            text.Append(CultureInfo.InvariantCulture, $"@@ -{start + 1},{count} +{start + 1},{count} @@\n");
            for (var k = start; k <= end; k++)
            {
                if (a[k] == b[k])
                {
                    text.Append(' ').Append(a[k]).Append('\n');
                }
                else
                {
                    text.Append('-').Append(a[k]).Append('\n');
                    text.Append('+').Append(b[k]).Append('\n');
                }
            }
            i0 = j + 1;
        }
        return text.ToString();
    }

    private static string[] Lines(string text) => (text.EndsWith('\n') ? text[..^1] : text).Split('\n');
}
