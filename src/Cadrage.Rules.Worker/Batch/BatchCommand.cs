using Cadrage.Rules.Evaluation;

namespace Cadrage.Rules.Worker.Cli;

public static partial class CadrageCli
{
    private static Command BatchCommand(TextWriter stdout, TextWriter stderr, IReadOnlyDictionary<string, string?>? settings)
    {
        var input = new Argument<string>("entree") { Description = "Fichier JSONL (un profil par ligne), CSV (une colonne par indicateur) ou dossier de profils JSON." };
        var output = new Option<string>("--out", "-o") { Description = "Dossier des résultats : resultats.jsonl, synthese.csv, erreurs.jsonl.", Required = true };
        var parallel = new Option<int>("--parallel", "--parallelisme") { Description = "Évaluations simultanées (par défaut : un par cœur).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var rules = RulesOption();
        var command = new Command("batch", "Évalue un lot de territoires sur tous les cœurs ; résultats dans l'ordre d'entrée, erreurs à part, synthèse finale en français.") { input, output, parallel, rules };
        command.Aliases.Add("lot");
        command.SetAction((parse, cancellation) => WithRulesAsync(settings, stderr, parse.GetValue(rules), "Cadrage.Rules.Batch", async (host, logger, kb, rulesDirectory) =>
        {
            var path = parse.GetValue(input)!;
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                stderr.WriteLine($"Entrée introuvable : {path}");
                return ExitCodes.InvalidProfile;
            }
            var parallelism = Math.Clamp(parse.GetValue(parallel), 1, 256);
            var total = Directory.Exists(path) ? Directory.EnumerateFiles(path, "*.json").LongCount()
                : Path.GetExtension(path).Equals(".csv", StringComparison.OrdinalIgnoreCase) ? Math.Max(0, File.ReadLines(path).LongCount() - 1)
                : File.ReadLines(path).LongCount(l => !string.IsNullOrWhiteSpace(l));
            // The batch evaluates silently: its trace is resultats.jsonl; the log gets the summary.
            // Silent evaluator (no per-territory events); failures are still logged by the entry point.
            var evaluations = new EvaluationService(new Evaluator(options: host.Services.GetRequiredService<Evaluator>().Options), host.Services.GetRequiredService<ILogger<EvaluationService>>());
            var runner = new Batch.BatchRunner(kb, evaluations, parallelism);
            using var progress = new Batch.BatchProgress(stderr, total, interactive: ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected);
            var summary = await runner.RunAsync(Batch.BatchInput.Read(path, kb), parse.GetValue(output)!, progress, cancellation);
            progress.Finish();
            stdout.Write(summary.Render());
            logger.LogInformation("Lot {Entree} : {Territoires} territoires, {Erreurs} erreurs, {DureeS} s, base de règles {RuleSetVersion}", path, summary.Territoires, summary.Erreurs, summary.Duree.TotalSeconds, kb.Version);
            return ExitCodes.Success;
        }));
        return command;
    }
}
