using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Worker.Cli;

namespace Cadrage.Rules.Worker.RuleTools;

/// <summary><c>cadrage rules sweep</c>: a named threshold swept over a range, and where the scénario retenu tips.</summary>
public sealed class SweepCommand : CadrageCommand
{
    private readonly Argument<string> _batch = RuleToolArguments.Batch();
    private readonly Option<string?> _rules = RulesOption();
    private readonly Option<string> _parameter = new("--parametre") { Description = "Nom du paramètre (GlobalParams) à faire varier, par exemple seuil_polarisation_forte.", Required = true, HelpName = "nom" };
    private readonly Option<double> _from = new("--de") { Description = "Première valeur.", Required = true, HelpName = "valeur" };
    private readonly Option<double> _to = new("--a") { Description = "Dernière valeur.", Required = true, HelpName = "valeur" };
    private readonly Option<double> _step = new("--pas") { Description = "Pas entre deux valeurs.", Required = true, HelpName = "valeur" };
    private readonly Option<string?> _output = RuleToolArguments.Out("balayage.csv");
    private readonly Option<string> _csv = RuleToolArguments.CsvFormat();

    public SweepCommand(CliContext context)
        : base("sweep", "Balaye un seuil nommé sur un intervalle et compte, pour chaque valeur, les territoires dont le scénario retenu bascule.", context)
    {
        Arguments.Add(_batch);
        Options.Add(_rules);
        Options.Add(_parameter);
        Options.Add(_from);
        Options.Add(_to);
        Options.Add(_step);
        Options.Add(_output);
        Options.Add(_csv);
        Aliases.Add("balayage");
        SetAction(parse => WithRules(parse.GetValue(_rules), "Cadrage.Rules.Outils", (host, logger, kb, directory) => Run(parse, kb, directory)));
    }

    private int Run(ParseResult parse, RuleSet kb, string directory)
    {
        var name = parse.GetValue(_parameter)!;
        if (!kb.Parameters.TryGetValue(name, out var info))
        {
            Error.WriteLine($"Paramètre « {name} » inconnu. Paramètres : {string.Join(", ", kb.Parameters.Keys.Order(StringComparer.Ordinal))}");
            return ExitCodes.InvalidRules;
        }
        IReadOnlyList<double> values;
        try
        {
            values = Sweep.Values(parse.GetValue(_from), parse.GetValue(_to), parse.GetValue(_step));
        }
        catch (ArgumentException ex)
        {
            Error.WriteLine(ex.Message);
            return ExitCodes.Unexpected;
        }
        if (TerritoryBatch.Open(parse.GetValue(_batch)!, kb, Error) is not { } territories)
        {
            return ExitCodes.InvalidProfile;
        }
        try
        {
            var steps = Sweep.Run(kb, name, values, territories, territories.Evaluate(kb));
            Out.Write(Sweep.Render(info, steps, territories.Count));
            if (parse.GetValue(_output) is { } folder)
            {
                Sweep.WriteCsv(folder, steps, Import.Csv.ParseDialect(parse.GetValue(_csv)));
            }
        }
        catch (RuleSetException ex)
        {
            // A value outside the parameter's plausible range: a usage error, stated with the unit.
            Error.WriteLine(string.Join(Environment.NewLine, ex.Errors.Select(e => e.Message)));
            return ExitCodes.Unexpected;
        }
        return ExitCodes.Success;
    }
}
