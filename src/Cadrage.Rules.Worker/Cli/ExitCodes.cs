namespace Cadrage.Rules.Worker.Cli;

/// <summary>Process exit codes, documented in the README.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    /// <summary>Unexpected failure or bad command line.</summary>
    public const int Unexpected = 1;
    public const int InvalidProfile = 2;
    public const int InvalidRules = 3;
    /// <summary>A setting of appsettings.json, the environment or the command line is invalid.</summary>
    public const int InvalidConfiguration = 4;
    /// <summary><c>batch</c> went to the end but some profiles are in <c>erreurs.jsonl</c>.</summary>
    public const int BatchWithErrors = 5;
}
