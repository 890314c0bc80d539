using System.Globalization;
using System.Text;
using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Output;
using Cadrage.Rules.Worker.Import;

namespace Cadrage.Rules.Worker.RuleTools;

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

    /// <summary>
    /// Decides the batch once per value: the same compiled rules, only the parameter value changes, and only the
    /// rules that read it run again (from the baseline's decisions).
    /// </summary>
    /// <exception cref="RuleSetException">A value outside the parameter's declared range (the message states the unit).</exception>
    public static IReadOnlyList<Step> Run(RuleSet rules, string parameter, IReadOnlyList<double> values, TerritoryBatch batch, IReadOnlyList<TerritoryOutcome> baseline)
    {
        // Every value checked before any work: a range error comes at once, with the unit.
        var sets = values.Select(value => rules.WithParameters(new Dictionary<string, double> { [parameter] = value })).ToList();
        var steps = new List<Step>();
        IReadOnlyList<TerritoryOutcome>? previous = null;
        for (var i = 0; i < values.Count; i++)
        {
            var value = values[i];
            var kb = sets[i];
            var outcomes = batch.Evaluate(kb);
            var changed = Differ(baseline, outcomes, rules);
            var flips = previous is null ? [] : Differ(previous, outcomes, rules);
            steps.Add(new Step(value, kb.Version, changed.Count, flips.Count, flips));
            previous = outcomes;
        }
        return steps;
    }

    /// <summary>The territories whose first scenario differs, each with what changed, in words.</summary>
    private static List<string> Differ(IReadOnlyList<TerritoryOutcome> a, IReadOnlyList<TerritoryOutcome> b, RuleSet rules) =>
        Enumerable.Range(0, Math.Min(a.Count, b.Count))
            .Where(i => !ReferenceEquals(a[i], b[i]) && a[i].Error is null && b[i].Error is null && b[i].DiffersFrom(a[i]))
            .Select(i => $"{b[i].Nom} ({b[i].Id}) : {b[i].ChangeFrom(a[i], rules.Referentiel)}")
            .ToList();

    public static string Render(NamedParameter parameter, IReadOnlyList<Step> steps, int territories)
    {
        var text = new StringBuilder();
        var d = parameter.Definition;
        var unit = d.Unite is null ? "" : $", en {d.UnitePluriel ?? d.Unite}";
        text.AppendLine($"Balayage du paramètre « {parameter.Name} » ({d.Description.TrimEnd('.')}{unit} ; valeur des fichiers : {d.Format(d.Valeur)}) sur {FrenchFormat.Count(territories, "territoire", "territoires")}");
        text.AppendLine($"{"Valeur",10} {"Premiers scénarios modifiés / base",36} {"Bascules / valeur précédente",30}");
        foreach (var s in steps)
        {
            text.AppendLine($"{FrenchFormat.Number(s.Valeur),10} {s.ModifiesDepuisBase,36} {s.BasculesDepuisPrecedent,30}");
        }
        var tipping = steps.Where(s => s.BasculesDepuisPrecedent > 0).ToList();
        text.AppendLine();
        text.AppendLine(tipping.Count == 0 ? "Aucun point de bascule dans cet intervalle." : "Points de bascule :");
        foreach (var s in tipping)
        {
            text.AppendLine($"  à {d.Format(s.Valeur)} : {FrenchFormat.Count(s.BasculesDepuisPrecedent, "territoire", "territoires")}");
            foreach (var territory in s.Territoires.Take(5))
            {
                text.AppendLine($"    - {territory}");
            }
            if (s.Territoires.Count > 5)
            {
                text.AppendLine($"    … et {FrenchFormat.Count(s.Territoires.Count - 5, "autre", "autres")} (balayage.csv avec --out)");
            }
        }
        return text.ToString();
    }

    public static void WriteCsv(string directory, IReadOnlyList<Step> steps, CsvDialect dialect = CsvDialect.Excel)
    {
        Directory.CreateDirectory(directory);
        Csv.WriteFile(Path.Combine(directory, "balayage.csv"), dialect,
            steps.Select(s => new object[] { s.Valeur, s.Version, s.ModifiesDepuisBase, s.BasculesDepuisPrecedent, string.Join('|', s.Territoires) }).Prepend(new object[] { "valeur", "version", "modifies_depuis_base", "bascules_depuis_precedent", "territoires" }));
    }
}
