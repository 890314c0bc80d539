using Cadrage.Rules.Worker.Cli;

namespace Cadrage.Rules.Worker.Import;

/// <summary><c>cadrage import</c>: the group of commands that build profiles from open data.</summary>
public sealed class ImportCommand : CadrageCommand
{
    public ImportCommand(CliContext context) : base("import", "Importe des profils depuis des données ouvertes.", context)
    {
        Subcommands.Add(new DecoupageCommand(context));
    }
}
