using Cadrage.Rules.Worker.Cli;

namespace Cadrage.Rules.Worker.RuleTools;

/// <summary><c>cadrage rules coverage</c>: how often each rule fires and each option is retained over a batch.</summary>
public sealed class CoverageCommand : CadrageCommand
{
    private readonly Argument<string> _batch = RuleToolArguments.Batch();
    private readonly Option<string?> _rules = RulesOption();
    private readonly Option<string?> _output = RuleToolArguments.Out("couverture-regles.csv et couverture-options.csv");
    private readonly Option<string> _csv = RuleToolArguments.CsvFormat();

    public CoverageCommand(CliContext context)
        : base("coverage", "Couverture d'une base de règles sur un lot : déclenchements de chaque règle (jamais, presque toujours), fréquence de chaque option dans le scénario retenu.", context)
    {
        Arguments.Add(_batch);
        Options.Add(_rules);
        Options.Add(_output);
        Options.Add(_csv);
        Aliases.Add("couverture");
        SetAction(parse => WithRules(parse.GetValue(_rules), "Cadrage.Rules.Outils", (host, logger, kb, rulesDirectory) =>
        {
            if (TerritoryBatch.Open(parse.GetValue(_batch)!, kb, Error) is not { } territories)
            {
                return ExitCodes.InvalidProfile;
            }
            var (ruleLines, optionLines, evaluated, errors) = Coverage.Compute(kb, territories.Evaluate(kb));
            Out.Write(Coverage.Render(kb, ruleLines, optionLines, evaluated, errors));
            if (parse.GetValue(_output) is { } directory)
            {
                Coverage.WriteCsv(directory, ruleLines, optionLines, Import.Csv.ParseDialect(parse.GetValue(_csv)));
            }
            return ExitCodes.Success;
        }));
    }
}
