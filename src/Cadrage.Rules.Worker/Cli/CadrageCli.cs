using Cadrage.Rules.Worker.Batch;
using Cadrage.Rules.Worker.Import;
using Cadrage.Rules.Worker.RuleTools;
using Cadrage.Rules.Worker.Service;

namespace Cadrage.Rules.Worker.Cli;

/// <summary>The <c>cadrage</c> command line: one class per command, each in the folder of its feature.</summary>
public static class CadrageCli
{
    /// <param name="settings">Configuration overrides (tests, embedding), applied after appsettings and environment.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, IReadOnlyDictionary<string, string?>? settings = null)
    {
        // French messages, System.CommandLine's own included (the UI culture flows with this call only).
        CliCulture.UseFrenchHere();
        var root = Build(new CliContext(stdout, stderr, settings));
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is System.CommandLine.Invocation.ParseErrorAction)
        {
            return FrenchParseErrors.Report(parse, stderr);
        }
        // The generic host handles SIGINT/SIGTERM itself (graceful shutdown finishes the files in hand):
        // System.CommandLine must not kill the process 2 s after Ctrl+C.
        var configuration = new InvocationConfiguration { Output = stdout, Error = stderr, ProcessTerminationTimeout = null };
        return await parse.InvokeAsync(configuration);
    }

    internal static RootCommand Build(CliContext context)
    {
        var root = new RootCommand("Cadrage.Rules : d'un profil de territoire à des scénarios de cadre stratégique expliqués (qui pilote, comment, où, quoi, pourquoi).")
        {
            new EvaluateCommand(context),
            new ExplainCommand(context),
            new CompareCommand(context),
            new RulesCommand(context),
            new ServeCommand(context),
            new ImportCommand(context),
            new BatchCommand(context),
            new BatchNoteCommand(context),
            new Api.OpenApiCommand(context),
            new Api.HealthCommand(context),
        };
        foreach (var help in root.Options.OfType<System.CommandLine.Help.HelpOption>())
        {
            help.Description = "Afficher l'aide et l'utilisation";
            help.Action = new FrenchHelpAction();
        }
        return root;
    }
}
