using Cadrage.Rules.Evaluation;
using Cadrage.Rules.Worker.Cli;

namespace Cadrage.Rules.Worker.Batch;

/// <summary><c>cadrage batch</c>: a batch of territories on every core, results in input order, errors apart.</summary>
public sealed class BatchCommand : CadrageCommand
{
    private readonly Argument<string> _input = new("entree") { Description = "Fichier JSONL (un profil par ligne), CSV (une colonne par indicateur) ou dossier de profils JSON." };
    private readonly Option<string> _output = new("--out", "-o") { Description = "Dossier des résultats : resultats.jsonl (et son dictionnaire regles.json), synthese.csv, synthese.html, erreurs.jsonl.", Required = true, HelpName = "dossier" };
    private readonly Option<string> _form = Form();
    private readonly Option<bool> _notes = new("--notes") { Description = "Écrit aussi la note de cadrage de chaque territoire (dossier notes/, liée depuis synthese.html)." };
    private readonly Option<bool> _explanations = new("--explications") { Description = "Calcule aussi les explications de chaque territoire (pourquoi pas, contrastes, contrefactuels, seuil le plus proche, sensibilité aux données), écrites dans resultats.jsonl ; synthese.html compte sur le lot les seuils qui feraient basculer le plus de territoires. Plus lent : désactivé par défaut." };
    private readonly Option<int> _parallel = new("--parallel", "--parallelisme") { Description = "Évaluations simultanées (par défaut : un par cœur).", HelpName = "n", DefaultValueFactory = _ => Environment.ProcessorCount };
    private readonly Option<string?> _rules = RulesOption();
    private readonly Option<string> _csv = RuleTools.RuleToolArguments.Csv("de synthese.csv");

    public BatchCommand(CliContext context)
        : base("batch", "Évalue un lot de territoires sur tous les cœurs ; résultats dans l'ordre d'entrée, erreurs à part, synthèse finale en français.", context)
    {
        Arguments.Add(_input);
        Options.Add(_output);
        Options.Add(_parallel);
        Options.Add(_rules);
        Options.Add(_csv);
        Options.Add(_form);
        Options.Add(_notes);
        Options.Add(_explanations);
        Aliases.Add("lot");
        SetAction((parse, cancellation) => WithRulesAsync(parse.GetValue(_rules), "Cadrage.Rules.Batch", (host, logger, kb, rulesDirectory) =>
            RunAsync(parse, host, logger, kb, cancellation)));
    }

    private async Task<int> RunAsync(ParseResult parse, IHost host, ILogger logger, KnowledgeBase.RuleSet kb, CancellationToken cancellation)
    {
        var path = parse.GetValue(_input)!;
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            Error.WriteLine($"Entrée introuvable : {path}");
            return ExitCodes.InvalidProfile;
        }
        var parallelism = Math.Clamp(parse.GetValue(_parallel), 1, 256);
        var total = BatchInput.Count(path);
        // The batch evaluates silently: its trace is resultats.jsonl; the log gets the summary.
        // Silent evaluator (no per-territory events); failures are still logged by the entry point.
        var evaluations = new EvaluationService(new Evaluator(options: host.Services.GetRequiredService<Evaluator>().Options), host.Services.GetRequiredService<ILogger<EvaluationService>>());
        var form = parse.GetValue(_form) == "complete" ? ResultForm.Complete : ResultForm.Compacte;
        Note.NoteRenderer renderer;
        try
        {
            renderer = host.Services.GetRequiredService<Note.NoteRenderer>();
        }
        catch (Note.NoteStyleException ex)
        {
            Error.WriteLine("Réglage invalide : " + ex.Message);
            return ExitCodes.InvalidConfiguration;
        }
        var runner = new BatchRunner(kb, evaluations, parallelism, Import.Csv.ParseDialect(parse.GetValue(_csv)), form, parse.GetValue(_notes))
        {
            NoteRenderer = renderer,
            Explanations = parse.GetValue(_explanations) ? Explanations.ExplanationRequest.Full : Explanations.ExplanationRequest.None,
        };
        using var progress = new BatchProgress(Error, total, interactive: ReferenceEquals(Error, Console.Error) && !Console.IsErrorRedirected);
        var summary = await runner.RunAsync(BatchInput.Read(path, kb), parse.GetValue(_output)!, progress, cancellation);
        progress.Finish();
        Out.Write(summary.Render());
        logger.LogInformation("Lot {Entree} : {Territoires} territoires, {Erreurs} erreurs, {DureeS} s, {OctetsResultats} octets de résultats, base de règles {RuleSetVersion}", path, summary.Territoires, summary.Erreurs, summary.Duree.TotalSeconds, summary.OctetsResultats, kb.Version);
        return summary.Erreurs == 0 ? ExitCodes.Success : ExitCodes.BatchWithErrors;
    }

    /// <summary>The <c>--forme</c> option: compact lines and their dictionary (default) or the full output contract on each line.</summary>
    private static Option<string> Form()
    {
        var option = new Option<string>("--forme")
        {
            Description = "Forme de resultats.jsonl : compacte (par défaut : structure et clés du contrat, textes partagés une fois dans regles.json, reconstruction exacte) ou complete (le contrat de sortie entier sur chaque ligne).",
            DefaultValueFactory = _ => "compacte",
            HelpName = "compacte|complete",
        };
        option.AcceptOnlyFromAmong("compacte", "complete");
        return option;
    }
}
