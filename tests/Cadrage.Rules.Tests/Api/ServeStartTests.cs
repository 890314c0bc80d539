using System.Net;
using System.Net.Sockets;
using Cadrage.Rules.Tests.Cli;

namespace Cadrage.Rules.Tests.Api;

/// <summary><c>cadrage serve</c> as a process: its address printed at start; expected start failures as one French
/// line without a stack trace, exit code 4.</summary>
[TestClass]
public sealed class ServeStartTests
{
    [TestMethod]
    public async Task APortInUseIsOneFrenchLineAndExitCodeFour()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var (code, _, stderr) = await CadrageProcess.RunAsync(CadrageProcess.TempDirectory(), null, "serve", "--rules", Repo.Rules, $"--Cadrage:Api:Url=http://127.0.0.1:{port}");

        Assert.AreEqual(4, code, stderr);
        Expect.Contains("Le service ne peut pas démarrer : l'adresse d'écoute de l'API est déjà utilisée (réglage Cadrage:Api:Url)", stderr);
        AssertNoStackTrace(stderr);
    }

    [TestMethod]
    public async Task ATooShortKeyIsOneFrenchLineAndExitCodeFour()
    {
        var (code, _, stderr) = await CadrageProcess.RunAsync(CadrageProcess.TempDirectory(), null, "serve", "--rules", Repo.Rules, "--Cadrage:Api:Url=http://127.0.0.1:0", "--Cadrage:Api:Cle=court");

        Assert.AreEqual(4, code, stderr);
        Expect.Contains("Configuration invalide, le service ne démarre pas : Cadrage:Api:Cle est trop courte (5 caractères, 16 au moins)", stderr);
        Assert.AreEqual(1, stderr.Split('\n').Count(l => l.Contains("Cadrage:Api:Cle", StringComparison.Ordinal)), "dit une fois :\n" + stderr);
        AssertNoStackTrace(stderr);
    }

    [TestMethod]
    public async Task ServePrintsTheAddressItListensOn()
    {
        var folder = CadrageProcess.TempDirectory();
        using var process = System.Diagnostics.Process.Start(CadrageProcess.StartInfo(folder, null, "serve", "--rules", Repo.Rules, "--Cadrage:Api:Url=http://127.0.0.1:0"))!;
        try
        {
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1));

            Assert.IsNotNull(line);
            StringAssert.StartsWith(line, "API Cadrage.Rules à l'écoute sur http://127.0.0.1:");
            var root = new Uri(line.Split(' ')[5]);
            Assert.AreNotEqual(0, root.Port);
            using var client = new HttpClient { BaseAddress = root };
            Assert.AreEqual(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static void AssertNoStackTrace(string stderr)
    {
        Assert.IsFalse(stderr.Contains("   at ", StringComparison.Ordinal) || stderr.Contains("Exception", StringComparison.Ordinal) || stderr.Contains("Hosting failed", StringComparison.Ordinal), stderr);
    }
}
