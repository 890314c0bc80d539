namespace Cadrage.Rules.Worker.Cli;

/// <summary>What every command writes to and reads its settings from.</summary>
/// <param name="Out">Results (the standard output).</param>
/// <param name="Error">French messages for the user (the standard error).</param>
/// <param name="Settings">Configuration overrides (tests, embedding), applied after appsettings and environment.</param>
public sealed record CliContext(TextWriter Out, TextWriter Error, IReadOnlyDictionary<string, string?>? Settings);
