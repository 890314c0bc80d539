using Cadrage.Rules.Schemas;
using Cadrage.Rules.Worker.Cli;

namespace Cadrage.Rules.Worker.RuleTools;

/// <summary><c>cadrage rules schemas</c>: regenerates rules/schemas from the code's model, the catalogue and the référentiel.</summary>
public sealed class SchemasCommand : CadrageCommand
{
    private readonly Argument<string?> _directory = new("dossier") { Description = "Dossier de la base de règles (par défaut : rules).", Arity = ArgumentArity.ZeroOrOne };

    public SchemasCommand(CliContext context)
        : base("schemas", "Régénère les schémas JSON (rules/schemas) depuis le modèle du code, le catalogue et le référentiel.", context)
    {
        Arguments.Add(_directory);
        SetAction(parse => WithRules(parse.GetValue(_directory), "Cadrage.Rules.Cli", (host, logger, kb, path) =>
        {
            foreach (var file in SchemaGenerator.Write(kb, path))
            {
                Out.WriteLine($"écrit : {file}");
            }
            return ExitCodes.Success;
        }));
    }
}
