using System.Globalization;
using System.Text;
using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Worker.Import;

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
            text.AppendLine($"{r.Regle,-48} {QuestionLabel(kb, r.Question),-14} {r.Declenchements,10} {Percent(r.Part),7}  {r.Remarque}");
        }
        text.AppendLine();
        text.AppendLine($"{rules.Count(r => r.Remarque.StartsWith("jamais", StringComparison.Ordinal))} règle(s) jamais déclenchée(s), {rules.Count(r => r.Remarque.StartsWith("presque", StringComparison.Ordinal))} presque toujours déclenchée(s) (≥ {Percent(NearlyAll)}).");
        text.AppendLine();
        text.AppendLine($"{"Question",-14} {"Option",-48} {"Premier scénario",16} {"Part",7}");
        foreach (var o in options)
        {
            text.AppendLine($"{QuestionLabel(kb, o.Question),-14} {kb.Referentiel.FindOption(o.Question, o.Option)?.Libelle ?? o.Option,-48} {o.Retenue,16} {Percent(o.Part),7}");
        }
        return text.ToString();
    }

    public static void WriteCsv(string directory, IReadOnlyList<RuleLine> rules, IReadOnlyList<OptionLine> options, CsvDialect dialect = CsvDialect.Excel)
    {
        Directory.CreateDirectory(directory);
        Csv.WriteFile(Path.Combine(directory, "couverture-regles.csv"), dialect,
            rules.Select(l => new object[] { l.Regle, l.Question, l.Declenchements, l.Part, l.Remarque })
                .Prepend(new object[] { "regle", "question", "declenchements", "part", "remarque" }));
        Csv.WriteFile(Path.Combine(directory, "couverture-options.csv"), dialect,
            options.Select(l => new object[] { l.Question, l.Option, l.Retenue, l.Part })
                .Prepend(new object[] { "question", "option", "retenue", "part" }));
    }

    /// <summary>A workflow in words: its question (« Qui pilote ? »…), or « Cohérence » for the compatibility rules.</summary>
    private static string QuestionLabel(RuleSet kb, string workflow) =>
        workflow == QuestionIds.Compatibilite ? "Cohérence" : kb.Referentiel.Questions.FirstOrDefault(q => q.Id == workflow)?.Libelle ?? workflow;

    internal static string Percent(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture).Replace('.', ',') + " %";
}
