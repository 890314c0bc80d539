using Cadrage.Rules.Evaluation;
using Cadrage.Rules.KnowledgeBase;

namespace Cadrage.Rules.Worker.Cli;

public static partial class CadrageCli
{
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
            var evaluations = host.Services.GetRequiredService<EvaluationService>();
            var failed = 0;
            foreach (var test in tests)
            {
                var result = RuleTests.RuleTestRunner.Run(kb, test, examplesDirectory, evaluations);
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

    private static RuleTools.TerritoryBatch? ReadBatch(string path, RuleSet kb, TextWriter stderr)
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
}
