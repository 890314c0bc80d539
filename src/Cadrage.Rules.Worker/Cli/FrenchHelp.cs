using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Text.RegularExpressions;

namespace Cadrage.Rules.Worker.Cli;

/// <summary>
/// The help of every command in French, System.CommandLine's own words included: its French resources leave
/// « [command] », « (REQUIRED) », « [default: …] » and the additional-arguments line in English.
/// </summary>
internal sealed partial class FrenchHelpAction : SynchronousCommandLineAction
{
    private readonly HelpAction _help = new();

    public override int Invoke(ParseResult parseResult)
    {
        // System.CommandLine's help writer is internal: its output is captured, then translated.
        var configuration = parseResult.InvocationConfiguration;
        var output = configuration.Output;
        var captured = new StringWriter();
        configuration.Output = captured;
        int code;
        try
        {
            code = _help.Invoke(parseResult);
        }
        finally
        {
            configuration.Output = output;
        }
        output.Write(Translate(captured.ToString()));
        return code;
    }

    /// <summary>Replaces the English fragments of System.CommandLine's help with French.</summary>
    public static string Translate(string help)
    {
        help = DefaultValue().Replace(help, "[par défaut : $1]");
        return help
            .Replace("(REQUIRED)", "(requis)  ", StringComparison.Ordinal) // same width: the columns stay aligned
            .Replace("[command]", "[commande]", StringComparison.Ordinal)
            .Replace("<additional arguments>", "<arguments supplémentaires>", StringComparison.Ordinal)
            .Replace("Arguments passed to the application that is being run.", "Réglages passés au service, sous la forme --Section:Cle=valeur (par exemple --Cadrage:Api:Url=http://127.0.0.1:5080).", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\[default: ([^\]]*)\]")]
    private static partial Regex DefaultValue();
}
