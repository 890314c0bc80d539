using Cadrage.Rules.KnowledgeBase;

namespace Cadrage.Rules.Worker.Cli;

/// <summary>The <c>cadrage</c> command line.</summary>
public static partial class CadrageCli
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

    /// <summary>The frame of every command that works on one rule set: host, logger, rules loaded (or exit code 3).</summary>
    private static async Task<int> WithRulesAsync(
        IReadOnlyDictionary<string, string?>? settings, TextWriter stderr, string? rulesOption, string category,
        Func<IHost, ILogger, RuleSet, string, Task<int>> body)
    {
        using var host = CadrageHost.Build(settings);
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(category);
        var directory = CadrageHost.ResolveRules(host, rulesOption);
        var kb = LoadRules(directory, logger, stderr);
        return kb is null ? ExitCodes.InvalidRules : await body(host, logger, kb, directory);
    }

    private static int WithRules(
        IReadOnlyDictionary<string, string?>? settings, TextWriter stderr, string? rulesOption, string category,
        Func<IHost, ILogger, RuleSet, string, int> body) =>
        WithRulesAsync(settings, stderr, rulesOption, category, (h, l, k, d) => Task.FromResult(body(h, l, k, d))).GetAwaiter().GetResult();

    private static RuleSet? LoadRules(string directory, ILogger logger, TextWriter stderr)
    {
        try
        {
            var kb = RuleSet.Load(directory);
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
