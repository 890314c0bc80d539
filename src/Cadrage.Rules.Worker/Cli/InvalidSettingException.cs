namespace Cadrage.Rules.Worker.Cli;

/// <summary>A setting (appsettings.json, environment, command line) is invalid; the message is French and names it.
/// Commands print it alone, without a stack trace, and exit with <see cref="ExitCodes.InvalidConfiguration"/>.</summary>
public sealed class InvalidSettingException(string message) : Exception(message);
