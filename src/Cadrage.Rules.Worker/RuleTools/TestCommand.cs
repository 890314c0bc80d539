using Cadrage.Rules.Evaluation;
using Cadrage.Rules.RuleTests;
using Cadrage.Rules.Worker.Cli;

namespace Cadrage.Rules.Worker.RuleTools;

/// <summary><c>cadrage rules test</c>: the methodologists' test cases (rules/tests/*.json), a French report.</summary>
public sealed class TestCommand : CadrageCommand
{
    private readonly Argument<string?> _directory = new("dossier") { Description = "Dossier des cas de test (par défaut : <règles>/tests).", Arity = ArgumentArity.ZeroOrOne };
    private readonly Option<string?> _rules = RulesOption();
    private readonly Option<string?> _examples = new("--exemples") { Description = "Dossier des profils d'exemple cités par les cas (par défaut : le dossier examples à côté du dossier des règles).", HelpName = "dossier" };

    public TestCommand(CliContext context)
        : base("test", "Exécute les cas de test des méthodologistes (rules/tests/*.json) ; rapport en français, code 0 si tout passe, 1 sinon.", context)
    {
        Arguments.Add(_directory);
        Options.Add(_rules);
        Options.Add(_examples);
        SetAction(parse => WithRules(parse.GetValue(_rules), "Cadrage.Rules.Cli", (host, logger, kb, rulesDirectory) =>
        {
            var testsDirectory = parse.GetValue(_directory) ?? Path.Combine(rulesDirectory, RuleTestRunner.Folder);
            var examplesDirectory = parse.GetValue(_examples) ?? ExamplesBeside(rulesDirectory);
            var (tests, errors) = RuleTestRunner.Load(testsDirectory);
            foreach (var error in errors)
            {
                Error.WriteLine(error);
            }
            var evaluations = host.Services.GetRequiredService<EvaluationService>();
            var failed = 0;
            foreach (var test in tests)
            {
                var result = RuleTestRunner.Run(kb, test, examplesDirectory, evaluations);
                if (result.Reussi)
                {
                    continue;
                }
                failed++;
                Out.WriteLine($"ÉCHEC {test}");
                foreach (var failure in result.Echecs)
                {
                    Out.WriteLine($"  - {failure}");
                }
                if (result.Resultat?.Scenarios.FirstOrDefault() is { } retenu)
                {
                    Out.WriteLine($"  scénario retenu : {string.Join(", ", RuleTestRunner.Answers(retenu))}");
                    Out.WriteLine($"  règles décisives : {string.Join(", ", retenu.Justifications.OrderByDescending(j => j.Poids).Take(5).Select(j => $"{j.Regle} ({j.Poids})"))}");
                }
            }
            Out.WriteLine($"{tests.Count - failed} cas réussis, {failed} en échec, {errors.Count} fichier(s) invalide(s) — base de règles {kb.Version}");
            return failed == 0 && errors.Count == 0 ? ExitCodes.Success : ExitCodes.Unexpected;
        }));
    }

    /// <summary>The examples the cases cite: the <c>examples</c> folder beside the rules folder (not the current folder).</summary>
    public static string ExamplesBeside(string rulesDirectory) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(rulesDirectory).TrimEnd(Path.DirectorySeparatorChar)) ?? ".", "examples");
}
