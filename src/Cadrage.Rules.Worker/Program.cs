using System.Globalization;
using Cadrage.Rules.Worker.Cli;
using Serilog;

// Bootstrap logger until the host's configuration is read (serilog-extensions-hosting's pattern).
Log.Logger = new LoggerConfiguration()
    .Enrich.FromLogContext()
    .WriteTo.Console(standardErrorFromLevel: Serilog.Events.LogEventLevel.Verbose, restrictedToMinimumLevel: Serilog.Events.LogEventLevel.Warning)
    .CreateBootstrapLogger();

try
{
    CliCulture.UseFrench();
    return await CadrageCli.RunAsync(args, Console.Out, Console.Error);
}
catch (Exception ex)
{
    Log.Fatal(ex, "Arrêt inattendu de cadrage");
    return ExitCodes.Unexpected;
}
finally
{
    await Log.CloseAndFlushAsync();
}
