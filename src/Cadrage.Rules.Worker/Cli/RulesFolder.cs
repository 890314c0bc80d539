using Microsoft.Extensions.Configuration;

namespace Cadrage.Rules.Worker.Cli;

/// <summary>The one lookup of the rules folder: the command-line option, else the <c>Cadrage:Regles</c> setting, else « rules ».</summary>
public static class RulesFolder
{
    public const string Setting = "Cadrage:Regles";

    public const string Default = "rules";

    public static string Resolve(string? option, IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(option) ? option
        : configuration[Setting] is { Length: > 0 } configured ? configured
        : Default;
}
