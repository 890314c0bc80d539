using System.Globalization;

namespace Cadrage.Rules.Worker.Cli;

internal static class CliCulture
{
    /// <summary>French messages, including System.CommandLine's own; falls back silently without culture data.</summary>
    public static void UseFrench()
    {
        try
        {
            var french = CultureInfo.GetCultureInfo("fr-FR");
            CultureInfo.DefaultThreadCurrentUICulture = french;
            CultureInfo.CurrentUICulture = french;
        }
        catch (CultureNotFoundException)
        {
            // Invariant globalization: messages of our own are French anyway.
        }
    }

    /// <summary>French for the current call only (an async flow): in-process callers keep their own culture.</summary>
    public static void UseFrenchHere()
    {
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("fr-FR");
        }
        catch (CultureNotFoundException)
        {
        }
    }
}
