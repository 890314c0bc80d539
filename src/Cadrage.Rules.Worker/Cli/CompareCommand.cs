using System.Text;
using System.Text.Json;
using Cadrage.Rules.Evaluation;
using Cadrage.Rules.Explanations;
using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Output;

namespace Cadrage.Rules.Worker.Cli;

/// <summary><c>cadrage compare</c>: two territories side by side, where their scenarios differ and which indicators explain it.</summary>
public sealed class CompareCommand : CadrageCommand
{
    private readonly Argument<string> _first = new("profilA") { Description = "Profil JSON du premier territoire." };
    private readonly Argument<string> _second = new("profilB") { Description = "Profil JSON du second territoire." };
    private readonly Option<string?> _rules = RulesOption();
    private readonly Option<string?> _format = new("--format") { Description = "Format : text (par défaut) ou json." };

    public CompareCommand(CliContext context) : base("compare", "Compare deux territoires : où leurs scénarios diffèrent et quels indicateurs l'expliquent.", context)
    {
        _format.AcceptOnlyFromAmong("text", "json");
        Arguments.Add(_first);
        Arguments.Add(_second);
        Options.Add(_rules);
        Options.Add(_format);
        Aliases.Add("comparer");
        SetAction((parse, cancellation) =>
        {
            var missing = new[] { parse.GetValue(_first)!, parse.GetValue(_second)! }.FirstOrDefault(p => !File.Exists(p));
            if (missing is not null)
            {
                Error.WriteLine($"Profil illisible : {missing} (fichier introuvable).");
                Error.WriteLine("Utilisation : cadrage compare <profilA.json> <profilB.json> ; aide : cadrage compare --help");
                return Task.FromResult(ExitCodes.Unexpected);
            }
            return WithRulesAsync(parse.GetValue(_rules), "Cadrage.Rules.Cli", (host, logger, kb, rulesDirectory) => Task.FromResult(Run(parse, host, kb)));
        });
    }

    private int Run(ParseResult parse, IHost host, RuleSet kb)
    {
        var service = host.Services.GetRequiredService<EvaluationService>();
        var a = service.Evaluate(kb, ProfileSource.FromFile(parse.GetValue(_first)!));
        var b = service.Evaluate(kb, ProfileSource.FromFile(parse.GetValue(_second)!));
        foreach (var failure in new[] { a.Failure, b.Failure }.OfType<EvaluationFailure>())
        {
            Error.WriteLine(failure.Message);
        }
        if (!a.Succeeded || !b.Succeeded)
        {
            return new[] { a.Failure, b.Failure }.Any(f => f?.Kind == EvaluationFailureKind.ProfilInvalide) ? ExitCodes.InvalidProfile : ExitCodes.Unexpected;
        }
        var comparison = TerritoryComparer.Compare(kb, a.Profile!, b.Profile!, a.Result!, b.Result!);
        Out.Write(parse.GetValue(_format) == "json" ? ComparisonJson.Serialize(comparison) + "\n" : Render(comparison));
        return ExitCodes.Success;
    }

    private static string Render(TerritoryComparison c)
    {
        var text = new StringBuilder();
        text.Append("Comparaison — ").Append(c.A.Nom).Append(" et ").AppendLine(c.B.Nom);
        text.AppendLine(c.Phrase);
        text.Append("  ").Append(c.A.Nom).Append(" : ").AppendLine(c.SyntheseA);
        text.Append("  ").Append(c.B.Nom).Append(" : ").AppendLine(c.SyntheseB);
        foreach (var q in c.Questions)
        {
            text.Append("  - ").AppendLine(q.Phrase);
        }
        return text.ToString();
    }
}
