using Cadrage.Rules.Worker.Cli;
using Microsoft.Extensions.Configuration;

namespace Cadrage.Rules.Worker.RuleTools;

/// <summary><c>cadrage rules diff</c>: the territories whose scénario retenu a rule edit changes, and why.</summary>
public sealed class DiffCommand : CadrageCommand
{
    private readonly Argument<string> _batch = RuleToolArguments.Batch();
    private readonly Option<string> _before = new("--avant") { Description = "Base de règles avant la modification : un dossier, ou une révision git (HEAD, main~1…) du dossier --apres.", Required = true, HelpName = "dossier|révision" };
    private readonly Option<string?> _after = new("--apres") { Description = "Base de règles après la modification (par défaut : rules).", HelpName = "dossier" };
    private readonly Option<string?> _output = RuleToolArguments.Out("diff.json et diff.csv");
    private readonly Option<string> _csv = RuleToolArguments.CsvFormat();

    public DiffCommand(CliContext context)
        : base("diff", "Impact d'une modification des règles sur un lot : territoires dont le scénario retenu change, réponses touchées, règles en cause.", context)
    {
        Arguments.Add(_batch);
        Options.Add(_before);
        Options.Add(_after);
        Options.Add(_output);
        Options.Add(_csv);
        SetAction(Run);
    }

    private int Run(ParseResult parse)
    {
        using var host = TryBuildHost();
        if (host is null)
        {
            return ExitCodes.InvalidConfiguration;
        }
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Cadrage.Rules.Outils");
        var afterDirectory = RulesFolder.Resolve(parse.GetValue(_after), host.Services.GetRequiredService<IConfiguration>());
        var beforeDirectory = parse.GetValue(_before)!;
        if (!Directory.Exists(beforeDirectory))
        {
            try
            {
                beforeDirectory = GitRevision.Extract(beforeDirectory, afterDirectory);
            }
            catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or IOException)
            {
                Error.WriteLine($"--avant : ni un dossier ni une révision git lisible ({ex.Message})");
                return ExitCodes.InvalidRules;
            }
        }
        var kbBefore = LoadRules(beforeDirectory, logger, Error);
        var kbAfter = LoadRules(afterDirectory, logger, Error);
        if (kbBefore is null || kbAfter is null)
        {
            return ExitCodes.InvalidRules;
        }
        if (TerritoryBatch.Open(parse.GetValue(_batch)!, kbAfter, Error) is not { } territories)
        {
            return ExitCodes.InvalidProfile;
        }
        var changes = RuleDiff.Compute(territories.Evaluate(kbBefore), territories.Evaluate(kbAfter), kbAfter.Referentiel);
        Out.Write(RuleDiff.Render(kbBefore.Version, kbAfter.Version, territories.Count, changes, kbAfter.Referentiel));
        if (parse.GetValue(_output) is { } directory)
        {
            RuleDiff.Write(directory, kbBefore.Version, kbAfter.Version, changes, Import.Csv.ParseDialect(parse.GetValue(_csv)));
        }
        return ExitCodes.Success;
    }
}
