using Cadrage.Rules.Evaluation;
using Cadrage.Rules.Explanations;
using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Note;
using Cadrage.Rules.Output;

namespace Cadrage.Rules.Worker.Cli;

/// <summary><c>cadrage evaluate</c>: one profile, its explained scenarios as text, JSON or note de cadrage.</summary>
public sealed class EvaluateCommand : CadrageCommand
{
    private readonly Argument<string> _profile = new("profil") { Description = "Fichier JSON du profil de territoire." };
    private readonly Option<string?> _rules = RulesOption();
    private readonly Option<string?> _format = new("--format")
    {
        Description = "Format de sortie : text (synthèse lisible), json (contrat de sortie) ou html (note de cadrage). Par défaut : d'après l'extension de --out (.html, .json), sinon text.",
    };
    private readonly Option<string?> _output = new("--out", "-o") { Description = "Écrire le résultat dans ce fichier plutôt que sur la sortie standard.", HelpName = "fichier" };
    private readonly Option<string> _explanations = new("--explications")
    {
        Description = "Explications : completes (par défaut : pourquoi pas, contraste, contrefactuels, seuils les plus proches, robustesse) ou aucune.",
        DefaultValueFactory = _ => ExplanationLevels.Completes,
    };

    public EvaluateCommand(CliContext context) : base("evaluate", "Évalue un profil de territoire et affiche les scénarios expliqués.", context)
    {
        _format.AcceptOnlyFromAmong("text", "json", "html");
        _explanations.AcceptOnlyFromAmong([.. ExplanationLevels.All]);
        Arguments.Add(_profile);
        Options.Add(_rules);
        Options.Add(_format);
        Options.Add(_output);
        Options.Add(_explanations);
        Aliases.Add("evaluer");
        SetAction((parse, cancellation) => File.Exists(parse.GetValue(_profile))
            ? WithRulesAsync(parse.GetValue(_rules), "Cadrage.Rules.Cli", (host, logger, kb, rulesDirectory) => Task.FromResult(Run(parse, host, kb)))
            : Task.FromResult(UsageError(parse.GetValue(_profile)!, "fichier introuvable")));
    }

    /// <summary>The profile named on the command line cannot be read: a usage error.</summary>
    private int UsageError(string path, string reason)
    {
        Error.WriteLine($"Profil illisible : {path} ({reason}).");
        Error.WriteLine("Utilisation : cadrage evaluate <profil.json> [--format text|json|html] [--out fichier] ; aide : cadrage evaluate --help");
        return ExitCodes.Unexpected;
    }

    /// <summary>The format asked for, else the one of the output file's extension, else text.</summary>
    public static string FormatFor(string? format, string? output) => format ?? Path.GetExtension(output ?? "").ToLowerInvariant() switch
    {
        ".html" or ".htm" => "html",
        ".json" => "json",
        _ => "text",
    };

    private int Run(ParseResult parse, IHost host, RuleSet kb)
    {
        var path = parse.GetValue(_profile)!;
        var explanations = new ExplanationRequest(parse.GetValue(_explanations) ?? ExplanationLevels.Completes, []);
        var outcome = host.Services.GetRequiredService<EvaluationService>().Evaluate(kb, ProfileSource.FromFile(path), explanations: explanations);
        if (outcome.Failure is { } failure)
        {
            if (failure.Kind == EvaluationFailureKind.FichierIllisible)
            {
                return UsageError(path, failure.Errors.FirstOrDefault()?.Message ?? failure.Message);
            }
            Error.WriteLine(failure.Message);
            return failure.Kind == EvaluationFailureKind.ProfilInvalide ? ExitCodes.InvalidProfile : ExitCodes.Unexpected;
        }
        var result = outcome.Result!;
        var territory = outcome.Profile!;
        var file = parse.GetValue(_output);
        var format = FormatFor(parse.GetValue(_format), file);
        NoteRenderer? note = null;
        try
        {
            note = format == "html" ? host.Services.GetRequiredService<NoteRenderer>() : null;
        }
        catch (NoteStyleException ex)
        {
            Error.WriteLine("Réglage invalide : " + ex.Message);
            return ExitCodes.InvalidConfiguration;
        }
        var text = format switch
        {
            "json" => ResultJson.Serialize(result) + "\n",
            "html" => note!.Render(result, TimeProvider.System.GetUtcNow()),
            _ => TextReport.Render(result),
        };
        if (file is not null)
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
