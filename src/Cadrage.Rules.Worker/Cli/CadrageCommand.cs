using Cadrage.Rules.KnowledgeBase;
using Microsoft.Extensions.Configuration;

namespace Cadrage.Rules.Worker.Cli;

/// <summary>
/// Base of every <c>cadrage</c> command: its output streams and settings, and the frame of commands that work on
/// one rule set (host, logger, rules loaded, or exit code 3).
/// </summary>
public abstract class CadrageCommand : Command
{
    protected CadrageCommand(string name, string description, CliContext context) : base(name, description)
    {
        Context = context;
    }

    protected CliContext Context { get; }

    protected TextWriter Out => Context.Out;

    protected TextWriter Error => Context.Error;

    /// <summary>The <c>--rules</c> option, looked up by <see cref="RulesFolder"/>.</summary>
    protected static Option<string?> RulesOption() => new("--rules", "--regles")
    {
        HelpName = "dossier",
        Description = "Dossier de la base de règles (par défaut : réglage Cadrage:Regles, soit « rules »).",
    };

    /// <summary>The one-shot host, or null after printing the French reason of an invalid setting.</summary>
    protected IHost? TryBuildHost()
    {
        try
        {
            return CadrageHost.Build(Context.Settings);
        }
        catch (InvalidSettingException ex)
        {
            Error.WriteLine("Réglage invalide : " + ex.Message);
            return null;
        }
    }

    protected async Task<int> WithRulesAsync(string? rulesOption, string category, Func<IHost, ILogger, RuleSet, string, Task<int>> body)
    {
        using var host = TryBuildHost();
        if (host is null)
        {
            return ExitCodes.InvalidConfiguration;
        }
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(category);
        var directory = RulesFolder.Resolve(rulesOption, host.Services.GetRequiredService<IConfiguration>());
        var kb = LoadRules(directory, logger, Error);
        return kb is null ? ExitCodes.InvalidRules : await body(host, logger, kb, directory);
    }

    protected int WithRules(string? rulesOption, string category, Func<IHost, ILogger, RuleSet, string, int> body) =>
        WithRulesAsync(rulesOption, category, (h, l, k, d) => Task.FromResult(body(h, l, k, d))).GetAwaiter().GetResult();

    /// <summary>Loads a rule set; on failure logs each error and prints the French message, and returns null.</summary>
    protected static RuleSet? LoadRules(string directory, ILogger logger, TextWriter stderr)
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
