using Cadrage.Rules.Evaluation;
using Cadrage.Rules.Explanations;
using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Output;

namespace Cadrage.Rules.Worker.Cli;

/// <summary><c>cadrage explain</c>: why not the other option, what would change the recommendation, how robust it is.</summary>
public sealed class ExplainCommand : CadrageCommand
{
    private readonly Argument<string> _profile = new("profil") { Description = "Fichier JSON du profil de territoire." };
    private readonly Option<string?> _rules = RulesOption();
    private readonly Option<string[]> _options = new("--option")
    {
        Description = "Option sur laquelle vous interroger, écrite question:option (ex. pilotage:faire-faire, lieux:itinerance) ; répétable.",
        HelpName = "question:option",
        AllowMultipleArgumentsPerToken = false,
    };
    private readonly Option<string?> _format = new("--format") { Description = "Format : text (par défaut) ou json (l'objet « explications » du contrat de sortie)." };

    public ExplainCommand(CliContext context) : base("explain", "Explique une évaluation : pourquoi pas l'autre option, ce qui ferait changer la recommandation, seuils les plus proches, robustesse aux données.", context)
    {
        _format.AcceptOnlyFromAmong("text", "json");
        Arguments.Add(_profile);
        Options.Add(_rules);
        Options.Add(_options);
        Options.Add(_format);
        Aliases.Add("expliquer");
        SetAction((parse, cancellation) => File.Exists(parse.GetValue(_profile))
            ? WithRulesAsync(parse.GetValue(_rules), "Cadrage.Rules.Cli", (host, logger, kb, rulesDirectory) => Task.FromResult(Run(parse, host, kb)))
            : Task.FromResult(Usage(parse.GetValue(_profile)!)));
    }

    private int Usage(string path)
    {
        Error.WriteLine($"Profil illisible : {path} (fichier introuvable).");
        Error.WriteLine("Utilisation : cadrage explain <profil.json> [--option question:option] ; aide : cadrage explain --help");
        return ExitCodes.Unexpected;
    }

    private int Run(ParseResult parse, IHost host, RuleSet kb)
    {
        var request = ExplanationRequest.Parse(ExplanationLevels.Completes, parse.GetValue(_options) ?? [], kb, out var errors);
        if (errors.Count > 0)
        {
            foreach (var error in errors)
            {
                Error.WriteLine(error);
            }
            return ExitCodes.Unexpected;
        }
        var outcome = host.Services.GetRequiredService<EvaluationService>().Evaluate(kb, ProfileSource.FromFile(parse.GetValue(_profile)!), explanations: request);
        if (outcome.Failure is { } failure)
        {
            Error.WriteLine(failure.Message);
            return failure.Kind == EvaluationFailureKind.ProfilInvalide ? ExitCodes.InvalidProfile : ExitCodes.Unexpected;
        }
        Out.Write(parse.GetValue(_format) == "json"
            ? ResultJson.Serialize(outcome.Result!) + "\n"
            : ExplanationReport.Render(outcome.Result!));
        return ExitCodes.Success;
    }
}
