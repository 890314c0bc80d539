using Cadrage.Rules.Evaluation;
using Cadrage.Rules.Output;
using Cadrage.Rules.Profiles;

namespace Cadrage.Rules.Worker.Cli;

public static partial class CadrageCli
{
    private static Command EvaluateCommand(TextWriter stdout, TextWriter stderr, IReadOnlyDictionary<string, string?>? settings)
    {
        var profile = new Argument<string>("profil") { Description = "Fichier JSON du profil de territoire." };
        var rules = RulesOption();
        var format = new Option<string>("--format") { Description = "Format de sortie : text (synthèse lisible), json (contrat de sortie) ou html (note de cadrage).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json", "html");
        var output = new Option<string?>("--out", "-o") { Description = "Écrire le résultat dans ce fichier plutôt que sur la sortie standard." };
        var command = new Command("evaluate", "Évalue un profil de territoire et affiche les scénarios expliqués.") { profile, rules, format, output };
        command.Aliases.Add("evaluer");
        command.SetAction((parse, cancellation) => WithRulesAsync(settings, stderr, parse.GetValue(rules), "Cadrage.Rules.Cli", (host, logger, kb, rulesDirectory) =>
        {
            var path = parse.GetValue(profile)!;
            var outcome = host.Services.GetRequiredService<EvaluationService>().Evaluate(kb, ProfileSource.FromFile(path));
            if (outcome.Failure is { } failure)
            {
                stderr.WriteLine(failure.Message);
                return Task.FromResult(failure.Kind == EvaluationFailureKind.ProfilInvalide ? ExitCodes.InvalidProfile : ExitCodes.Unexpected);
            }
            var result = outcome.Result!;
            var territory = outcome.Profile!;
            var text = parse.GetValue(format) switch
            {
                "json" => ResultJson.Serialize(result) + "\n",
                "html" => NoteDeCadrage.Render(result, territory, kb, TimeProvider.System.GetUtcNow()),
                _ => TextReport.Render(result),
            };
            if (parse.GetValue(output) is { } file)
            {
                AtomicFile.Write(file, text);
                stderr.WriteLine($"Résultat écrit dans {file}");
            }
            else
            {
                stdout.Write(text);
            }
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }
}
