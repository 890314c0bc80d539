using System.CommandLine;
using Cadrage.Rules.Evaluation;
using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Output;
using Cadrage.Rules.Profiles;
using Cadrage.Rules.Worker.Service;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cadrage.Rules.Worker.Cli;

/// <summary>The <c>cadrage</c> command line.</summary>
public static class CadrageCli
{
    /// <param name="settings">Configuration overrides (tests, embedding), applied after appsettings and environment.</param>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var root = Build(stdout, stderr, settings);
        // The generic host handles SIGINT/SIGTERM itself (graceful shutdown finishes the files in hand):
        // System.CommandLine must not kill the process 2 s after Ctrl+C.
        var configuration = new InvocationConfiguration { Output = stdout, Error = stderr, ProcessTerminationTimeout = null };
        return root.Parse(args).InvokeAsync(configuration);
    }

    internal static RootCommand Build(TextWriter stdout, TextWriter stderr, IReadOnlyDictionary<string, string?>? settings)
    {
        var root = new RootCommand("Cadrage.Rules : d'un profil de territoire à des scénarios de cadre stratégique expliqués (qui pilote, comment, où, quoi, pourquoi).");
        root.Subcommands.Add(EvaluateCommand(stdout, stderr, settings));
        root.Subcommands.Add(RulesCommand(stdout, stderr, settings));
        root.Subcommands.Add(ServeCommand(stderr, settings));
        root.Subcommands.Add(ImportCommand(stdout, stderr));
        root.Subcommands.Add(BatchCommand(stdout, stderr, settings));
        foreach (var help in root.Options.OfType<System.CommandLine.Help.HelpOption>())
        {
            help.Description = "Afficher l'aide et l'utilisation";
        }
        return root;
    }

    private static Option<string?> RulesOption() => new("--rules", "--regles")
    {
        Description = "Dossier de la base de règles (par défaut : réglage Cadrage:Regles, soit « rules »).",
    };

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

    private static Command RulesCommand(TextWriter stdout, TextWriter stderr, IReadOnlyDictionary<string, string?>? settings)
    {
        var directory = new Argument<string?>("dossier") { Description = "Dossier de la base de règles (par défaut : rules).", Arity = ArgumentArity.ZeroOrOne };
        var validate = new Command("validate", "Charge, vérifie et compile toute la base de règles ; rapport en français.") { directory };
        validate.Aliases.Add("valider");
        validate.SetAction(parse => WithRules(settings, stderr, parse.GetValue(directory), "Cadrage.Rules.Cli", (host, logger, kb, path) =>
        {
            stdout.WriteLine($"Base de règles valide : {path}");
            stdout.WriteLine($"  version {kb.Version}");
            stdout.WriteLine($"  {kb.Indicators.Count} indicateurs, {kb.Parameters.Count} paramètres, {kb.Rules.Count} règles");
            foreach (var group in kb.Rules.GroupBy(r => r.Workflow))
            {
                var statuses = string.Join(", ", group.GroupBy(r => r.Properties.Statut).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}"));
                stdout.WriteLine($"  - {group.Key} : {group.Count()} règles ({statuses}) — {group.First().File}");
            }
            return ExitCodes.Success;
        }));
        var command = new Command("rules", "Outils des méthodologistes sur la base de règles.") { validate, TestCommand(stdout, stderr, settings), SchemasCommand(stdout, stderr, settings), CoverageCommand(stdout, stderr, settings), DiffCommand(stdout, stderr, settings), SweepCommand(stdout, stderr, settings) };
        command.Aliases.Add("regles");
        return command;
    }

    private static Command ServeCommand(TextWriter stderr, IReadOnlyDictionary<string, string?>? settings)
    {
        var rules = RulesOption();
        var inbox = new Option<string?>("--entree") { Description = "Boîte d'entrée surveillée (réglage Cadrage:Service:Entree, par défaut data/inbox)." };
        var outbox = new Option<string?>("--sortie") { Description = "Dossier des résultats (Cadrage:Service:Sortie, par défaut data/outbox)." };
        var parallel = new Option<int?>("--parallelisme") { Description = "Évaluations simultanées (Cadrage:Service:Parallelisme)." };
        var command = new Command("serve", "Lance le service : évalue chaque profil déposé dans la boîte d'entrée, recharge les règles à chaud. Tout réglage se passe aussi en --Section:Cle=valeur.")
        {
            rules, inbox, outbox, parallel,
        };
        command.Aliases.Add("servir");
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellation) =>
        {
            var overrides = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
            if (parse.GetValue(inbox) is { } e) overrides["Cadrage:Service:Entree"] = e;
            if (parse.GetValue(outbox) is { } o) overrides["Cadrage:Service:Sortie"] = o;
            if (parse.GetValue(parallel) is { } p) overrides["Cadrage:Service:Parallelisme"] = p.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var rulesOption = parse.GetValue(rules);
            var commandLine = parse.UnmatchedTokens.ToArray();
            await using var host = CadrageHost.BuildService(overrides, rulesOption, commandLine);
            return await Service.ServiceHost.RunAsync(host, stderr, cancellation);
        });
        return command;
    }

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
            var runner = new Batch.BatchRunner(kb, new Evaluator(options: host.Services.GetRequiredService<Evaluator>().Options), parallelism);
            using var progress = new Batch.BatchProgress(stderr, total, interactive: ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected);
            var summary = await runner.RunAsync(Batch.BatchInput.Read(path, kb), parse.GetValue(output)!, progress, cancellation);
            progress.Finish();
            stdout.Write(summary.Render());
            logger.LogInformation("Lot {Entree} : {Territoires} territoires, {Erreurs} erreurs, {DureeS} s, base de règles {RuleSetVersion}", path, summary.Territoires, summary.Erreurs, summary.Duree.TotalSeconds, kb.Version);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command ImportCommand(TextWriter stdout, TextWriter stderr)
    {
        var epci = new Option<string>("--epci") { Description = "epci.json de @etalab/decoupage-administratif 6.0.0.", Required = true };
        var communes = new Option<string>("--communes") { Description = "communes.json du même paquet.", Required = true };
        var echelle = new Option<string>("--echelle") { Description = "epci (un profil par EPCI) ou commune (un par commune actuelle).", DefaultValueFactory = _ => "epci" };
        echelle.AcceptOnlyFromAmong("epci", "commune");
        var output = new Option<string>("--out", "-o") { Description = "Fichier JSONL à écrire (un profil par ligne).", Required = true };
        var indicators = new Option<string?>("--indicateurs") { Description = "communes-indicateurs.csv (INSEE) : superficie, densité, grille, BPE, chômage, France Services." };
        var franceServices = new Option<string?>("--france-services") { Description = "france-services.csv (ANCT) : France Services et itinérantes." };
        var decoupage = new Command("decoupage", "Construit des profils depuis le découpage administratif, enrichis si demandé des données INSEE/ANCT ; rapport des codes non rattachés.")
        {
            epci, communes, echelle, output, indicators, franceServices,
        };
        decoupage.SetAction(parse =>
        {
            try
            {
                var importer = new Import.DecoupageImporter(File.ReadAllText(parse.GetValue(epci)!), File.ReadAllText(parse.GetValue(communes)!));
                if (parse.GetValue(indicators) is { } csv)
                {
                    using var reader = new StreamReader(csv);
                    importer.AddIndicators(reader);
                }
                if (parse.GetValue(franceServices) is { } fs)
                {
                    using var reader = new StreamReader(fs);
                    importer.AddFranceServices(reader);
                }
                var writer = new StringWriter { NewLine = "\n" };
                if (parse.GetValue(echelle) == "commune")
                {
                    importer.WriteCommunes(writer);
                }
                else
                {
                    importer.WriteEpci(writer);
                }
                AtomicFile.Write(parse.GetValue(output)!, writer.ToString());
                stderr.Write(importer.Report.Render());
                stdout.WriteLine($"{importer.Report.Profils} profils écrits dans {parse.GetValue(output)}");
                return ExitCodes.Success;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Newtonsoft.Json.JsonException or KeyNotFoundException or InvalidCastException or ArgumentException or FormatException or NullReferenceException)
            {
                stderr.WriteLine($"Import impossible : {ex.Message}");
                return ExitCodes.Unexpected;
            }
        });
        var command = new Command("import", "Importe des profils depuis des données ouvertes.") { decoupage };
        return command;
    }

    private static Command TestCommand(TextWriter stdout, TextWriter stderr, IReadOnlyDictionary<string, string?>? settings)
    {
        var directory = new Argument<string?>("dossier") { Description = "Dossier des cas de test (par défaut : <règles>/tests).", Arity = ArgumentArity.ZeroOrOne };
        var rules = RulesOption();
        var examples = new Option<string?>("--exemples") { Description = "Dossier des profils d'exemple cités par les cas (par défaut : examples)." };
        var command = new Command("test", "Exécute les cas de test des méthodologistes (rules/tests/*.json) ; rapport en français, code 0 si tout passe, 1 sinon.") { directory, rules, examples };
        command.SetAction(parse => WithRules(settings, stderr, parse.GetValue(rules), "Cadrage.Rules.Cli", (host, logger, kb, rulesDirectory) =>
        {
            var testsDirectory = parse.GetValue(directory) ?? Path.Combine(rulesDirectory, RuleTests.RuleTestRunner.Folder);
            var examplesDirectory = parse.GetValue(examples) ?? "examples";
            var (tests, errors) = RuleTests.RuleTestRunner.Load(testsDirectory);
            foreach (var error in errors)
            {
                stderr.WriteLine(error);
            }
            var evaluator = host.Services.GetRequiredService<Evaluator>();
            var failed = 0;
            foreach (var test in tests)
            {
                var result = RuleTests.RuleTestRunner.Run(kb, test, examplesDirectory, evaluator);
                if (result.Reussi)
                {
                    continue;
                }
                failed++;
                stdout.WriteLine($"ÉCHEC {test}");
                foreach (var failure in result.Echecs)
                {
                    stdout.WriteLine($"  - {failure}");
                }
                if (result.Resultat?.Scenarios.FirstOrDefault() is { } retenu)
                {
                    stdout.WriteLine($"  scénario retenu : {string.Join(", ", RuleTests.RuleTestRunner.Answers(retenu))}");
                    stdout.WriteLine($"  règles décisives : {string.Join(", ", retenu.Justifications.OrderByDescending(j => j.Poids).Take(5).Select(j => $"{j.Regle} ({j.Poids})"))}");
                }
            }
            stdout.WriteLine($"{tests.Count - failed} cas réussis, {failed} en échec, {errors.Count} fichier(s) invalide(s) — base de règles {kb.Version}");
            return failed == 0 && errors.Count == 0 ? ExitCodes.Success : ExitCodes.Unexpected;
        }));
        return command;
    }

    private static Argument<string> BatchArgument() => new("lot") { Description = "Lot de territoires : JSONL, CSV ou dossier de profils (par exemple examples/france-epci.jsonl)." };

    private static Option<string?> OutOption(string what) => new("--out", "-o") { Description = $"Dossier où écrire {what}." };

    private static Command CoverageCommand(TextWriter stdout, TextWriter stderr, IReadOnlyDictionary<string, string?>? settings)
    {
        var batch = BatchArgument();
        var rules = RulesOption();
        var output = OutOption("couverture-regles.csv et couverture-options.csv");
        var command = new Command("coverage", "Couverture d'une base de règles sur un lot : déclenchements de chaque règle (jamais, presque toujours), fréquence de chaque option dans le scénario retenu.") { batch, rules, output };
        command.Aliases.Add("couverture");
        command.SetAction(parse => WithRules(settings, stderr, parse.GetValue(rules), "Cadrage.Rules.Outils", (host, logger, kb, rulesDirectory) =>
        {
            if (ReadBatch(parse.GetValue(batch)!, kb, stderr) is not { } territories)
            {
                return ExitCodes.InvalidProfile;
            }
            var (ruleLines, optionLines, evaluated, errors) = RuleTools.Coverage.Compute(kb, territories.Evaluate(kb));
            stdout.Write(RuleTools.Coverage.Render(kb, ruleLines, optionLines, evaluated, errors));
            if (parse.GetValue(output) is { } directory)
            {
                RuleTools.Coverage.WriteCsv(directory, ruleLines, optionLines);
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command DiffCommand(TextWriter stdout, TextWriter stderr, IReadOnlyDictionary<string, string?>? settings)
    {
        var batch = BatchArgument();
        var before = new Option<string>("--avant") { Description = "Base de règles avant la modification : un dossier, ou une révision git (HEAD, main~1…) du dossier --apres.", Required = true };
        var after = new Option<string?>("--apres") { Description = "Base de règles après la modification (par défaut : rules)." };
        var output = OutOption("diff.json et diff.csv");
        var command = new Command("diff", "Impact d'une modification des règles sur un lot : territoires dont le scénario retenu change, réponses touchées, règles en cause.") { batch, before, after, output };
        command.SetAction(parse =>
        {
            using var host = CadrageHost.Build(settings);
            var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Cadrage.Rules.Outils");
            var afterDirectory = CadrageHost.ResolveRules(host, parse.GetValue(after));
            var beforeDirectory = parse.GetValue(before)!;
            if (!Directory.Exists(beforeDirectory))
            {
                try
                {
                    beforeDirectory = RuleTools.RuleDiff.FromGit(beforeDirectory, afterDirectory);
                }
                catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or IOException)
                {
                    stderr.WriteLine($"--avant : ni un dossier ni une révision git lisible ({ex.Message})");
                    return ExitCodes.InvalidRules;
                }
            }
            var kbBefore = LoadRules(beforeDirectory, logger, stderr);
            var kbAfter = LoadRules(afterDirectory, logger, stderr);
            if (kbBefore is null || kbAfter is null)
            {
                return ExitCodes.InvalidRules;
            }
            if (ReadBatch(parse.GetValue(batch)!, kbAfter, stderr) is not { } territories)
            {
                return ExitCodes.InvalidProfile;
            }
            var changes = RuleTools.RuleDiff.Compute(territories.Evaluate(kbBefore), territories.Evaluate(kbAfter));
            stdout.Write(RuleTools.RuleDiff.Render(kbBefore.Version, kbAfter.Version, territories.Count, changes));
            if (parse.GetValue(output) is { } directory)
            {
                RuleTools.RuleDiff.Write(directory, kbBefore.Version, kbAfter.Version, changes);
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command SweepCommand(TextWriter stdout, TextWriter stderr, IReadOnlyDictionary<string, string?>? settings)
    {
        var batch = BatchArgument();
        var rules = RulesOption();
        var parameter = new Option<string>("--parametre") { Description = "Nom du paramètre (GlobalParams) à faire varier, par exemple seuil_polarisation_forte.", Required = true };
        var from = new Option<double>("--de") { Description = "Première valeur.", Required = true };
        var to = new Option<double>("--a") { Description = "Dernière valeur.", Required = true };
        var step = new Option<double>("--pas") { Description = "Pas entre deux valeurs.", Required = true };
        var output = OutOption("balayage.csv");
        var command = new Command("sweep", "Balaye un seuil nommé sur un intervalle et compte, pour chaque valeur, les territoires dont le scénario retenu bascule.") { batch, rules, parameter, from, to, step, output };
        command.Aliases.Add("balayage");
        command.SetAction(parse => WithRules(settings, stderr, parse.GetValue(rules), "Cadrage.Rules.Outils", (host, logger, kb, directory) =>
        {
            var name = parse.GetValue(parameter)!;
            if (!kb.Parameters.TryGetValue(name, out var info))
            {
                stderr.WriteLine($"Paramètre « {name} » inconnu. Paramètres : {string.Join(", ", kb.Parameters.Keys.Order(StringComparer.Ordinal))}");
                return ExitCodes.InvalidRules;
            }
            IReadOnlyList<double> values;
            try
            {
                values = RuleTools.Sweep.Values(parse.GetValue(from), parse.GetValue(to), parse.GetValue(step));
            }
            catch (ArgumentException ex)
            {
                stderr.WriteLine(ex.Message);
                return ExitCodes.Unexpected;
            }
            if (ReadBatch(parse.GetValue(batch)!, kb, stderr) is not { } territories)
            {
                return ExitCodes.InvalidProfile;
            }
            try
            {
                var steps = RuleTools.Sweep.Run(directory, name, values, territories, territories.Evaluate(kb));
                stdout.Write(RuleTools.Sweep.Render(name, info.Expression, steps, territories.Count));
                if (parse.GetValue(output) is { } folder)
                {
                    RuleTools.Sweep.WriteCsv(folder, steps);
                }
            }
            catch (RuleSetException ex)
            {
                stderr.WriteLine(ex.Message);
                return ExitCodes.InvalidRules;
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    private static RuleTools.TerritoryBatch? ReadBatch(string path, KnowledgeBase.KnowledgeBase kb, TextWriter stderr)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            stderr.WriteLine($"Lot introuvable : {path}");
            return null;
        }
        return new RuleTools.TerritoryBatch(path, kb);
    }

    private static Command SchemasCommand(TextWriter stdout, TextWriter stderr, IReadOnlyDictionary<string, string?>? settings)
    {
        var directory = new Argument<string?>("dossier") { Description = "Dossier de la base de règles (par défaut : rules).", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("schemas", "Régénère les schémas JSON (rules/schemas) depuis le modèle du code, le catalogue et le référentiel.") { directory };
        command.SetAction(parse => WithRules(settings, stderr, parse.GetValue(directory), "Cadrage.Rules.Cli", (host, logger, kb, path) =>
        {
            foreach (var file in Schemas.SchemaGenerator.Write(kb, path))
            {
                stdout.WriteLine($"écrit : {file}");
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>The frame of every command that works on one rule set: host, logger, rules loaded (or exit code 3).</summary>
    private static async Task<int> WithRulesAsync(
        IReadOnlyDictionary<string, string?>? settings, TextWriter stderr, string? rulesOption, string category,
        Func<IHost, ILogger, KnowledgeBase.KnowledgeBase, string, Task<int>> body)
    {
        using var host = CadrageHost.Build(settings);
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(category);
        var directory = CadrageHost.ResolveRules(host, rulesOption);
        var kb = LoadRules(directory, logger, stderr);
        return kb is null ? ExitCodes.InvalidRules : await body(host, logger, kb, directory);
    }

    private static int WithRules(
        IReadOnlyDictionary<string, string?>? settings, TextWriter stderr, string? rulesOption, string category,
        Func<IHost, ILogger, KnowledgeBase.KnowledgeBase, string, int> body) =>
        WithRulesAsync(settings, stderr, rulesOption, category, (h, l, k, d) => Task.FromResult(body(h, l, k, d))).GetAwaiter().GetResult();

    private static KnowledgeBase.KnowledgeBase? LoadRules(string directory, ILogger logger, TextWriter stderr)
    {
        try
        {
            var kb = KnowledgeBase.KnowledgeBase.Load(directory);
            logger.LogInformation("Base de règles {RuleSetVersion} chargée depuis {Dossier} : {NombreRegles} règles", kb.Version, directory, kb.Rules.Count);
            return kb;
        }
        catch (RuleSetException ex)
        {
            foreach (var error in ex.Errors)
            {
                logger.LogError("Règle invalide dans {Fichier} : {RuleName} {Erreur}", error.Fichier, error.Regle, error.ToString());
            }
            stderr.WriteLine(ex.Message);
            return null;
        }
    }
}
