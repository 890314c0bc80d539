using Cadrage.Rules.Evaluation;
using Cadrage.Rules.Worker.Cli;

namespace Cadrage.Rules.Worker.RuleTools;

/// <summary><c>cadrage rules validate</c>: loads, checks and compiles the whole rule set; prints its warnings (mirrored pairs of rules) after the summary.</summary>
public sealed class ValidateCommand : CadrageCommand
{
    private readonly Argument<string?> _directory = new("dossier") { Description = "Dossier de la base de règles (par défaut : rules).", Arity = ArgumentArity.ZeroOrOne };

    public ValidateCommand(CliContext context) : base("validate", "Charge, vérifie et compile toute la base de règles ; rapport en français.", context)
    {
        Arguments.Add(_directory);
        Aliases.Add("valider");
        SetAction(parse => WithRules(parse.GetValue(_directory), "Cadrage.Rules.Cli", (host, logger, kb, path) =>
        {
            Out.WriteLine($"Base de règles valide : {path}");
            Out.WriteLine($"  version {kb.Version}");
            Out.WriteLine($"  {kb.Indicators.Count} indicateurs, {kb.Parameters.Count} paramètres, {kb.Rules.Count} règles");
            foreach (var group in kb.Rules.GroupBy(r => r.Workflow))
            {
                var statuses = string.Join(", ", group.GroupBy(r => r.Properties.Statut).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}"));
                Out.WriteLine($"  - {group.Key} : {group.Count()} règles ({statuses}) — {group.First().File}");
            }
            // Warnings do not make the rule set invalid: the exit code stays 0.
            var warnings = kb.Warnings();
            if (warnings.Count > 0)
            {
                Out.WriteLine();
                Out.WriteLine($"Avertissements ({warnings.Count}) :");
                foreach (var warning in warnings)
                {
                    Out.WriteLine($"  - {warning}");
                }
            }
            return ExitCodes.Success;
        }));
    }
}
