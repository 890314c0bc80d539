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
            TerritoryProfile territory;
            try
            {
                territory = ProfileReader.ReadFile(path, kb);
            }
            catch (ProfileException ex)
            {
                logger.LogError("Profil {Fichier} invalide : {Erreurs}", ex.Fichier, ex.Errors.Select(e => e.ToString()).ToArray());
                stderr.WriteLine(ex.Message);
                return Task.FromResult(ExitCodes.InvalidProfile);
            }
            EvaluationResult result;
            try
            {
                result = host.Services.GetRequiredService<Evaluator>().Evaluate(kb, territory);
            }
            catch (EvaluationBudgetExceededException ex)
            {
                logger.LogError("Évaluation interrompue pour {TerritoireId} : {Erreur}", ex.Territoire, ex.Message);
                stderr.WriteLine(ex.Message);
                return Task.FromResult(ExitCodes.Unexpected);
            }
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
