using Cadrage.Rules.Worker.Cli;

namespace Cadrage.Rules.Worker.RuleTools;

/// <summary><c>cadrage rules</c>: the methodologists' tools on the rule set.</summary>
public sealed class RulesCommand : CadrageCommand
{
    public RulesCommand(CliContext context) : base("rules", "Outils des méthodologistes sur la base de règles.", context)
    {
        Aliases.Add("regles");
        Subcommands.Add(new ValidateCommand(context));
        Subcommands.Add(new TestCommand(context));
        Subcommands.Add(new SchemasCommand(context));
        Subcommands.Add(new CoverageCommand(context));
        Subcommands.Add(new DiffCommand(context));
        Subcommands.Add(new SweepCommand(context));
    }
}
