using Cadrage.Rules.Evaluation;
using Cadrage.Rules.Output;

namespace Cadrage.Rules.Worker.Cli;

/// <summary><c>cadrage evaluate</c>: one profile, its explained scenarios as text, JSON or note de cadrage.</summary>
public sealed class EvaluateCommand : CadrageCommand
{
    private readonly Argument<string> _profile = new("profil") { Description = "Fichier JSON du profil de territoire." };
    private readonly Option<string?> _rules = RulesOption();
    private readonly Option<string> _format = new("--format") { Description = "Format de sortie : text (synthèse lisible), json (contrat de sortie) ou html (note de cadrage).", DefaultValueFactory = _ => "text" };
    private readonly Option<string?> _output = new("--out", "-o") { Description = "Écrire le résultat dans ce fichier plutôt que sur la sortie standard." };

    public EvaluateCommand(CliContext context) : base("evaluate", "Évalue un profil de territoire et affiche les scénarios expliqués.", context)
    {
        _format.AcceptOnlyFromAmong("text", "json", "html");
        Arguments.Add(_profile);
        Options.Add(_rules);
        Options.Add(_format);
        Options.Add(_output);
        Aliases.Add("evaluer");
        SetAction((parse, cancellation) => WithRulesAsync(parse.GetValue(_rules), "Cadrage.Rules.Cli", (host, logger, kb, rulesDirectory) =>
            Task.FromResult(Run(parse, host, kb))));
    }

    private int Run(ParseResult parse, IHost host, KnowledgeBase.RuleSet kb)
    {
        var path = parse.GetValue(_profile)!;
        var outcome = host.Services.GetRequiredService<EvaluationService>().Evaluate(kb, ProfileSource.FromFile(path));
        if (outcome.Failure is { } failure)
        {
            Error.WriteLine(failure.Message);
            return failure.Kind == EvaluationFailureKind.ProfilInvalide ? ExitCodes.InvalidProfile : ExitCodes.Unexpected;
        }
        var result = outcome.Result!;
        var territory = outcome.Profile!;
        var text = parse.GetValue(_format) switch
        {
            "json" => ResultJson.Serialize(result) + "\n",
            "html" => NoteDeCadrage.Render(result, territory, kb, TimeProvider.System.GetUtcNow()),
            _ => TextReport.Render(result),
        };
        if (parse.GetValue(_output) is { } file)
        {
            AtomicFile.Write(file, text);
            Error.WriteLine($"Résultat écrit dans {file}");
        }
        else
        {
            Out.Write(text);
        }
        return ExitCodes.Success;
    }
}
