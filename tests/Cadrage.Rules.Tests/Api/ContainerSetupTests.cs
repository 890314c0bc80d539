using Cadrage.Rules.Worker.Api;
using Microsoft.Extensions.Options;

namespace Cadrage.Rules.Tests.Api;

/// <summary>What of the container can be checked without Docker: the files say what the README promises, the
/// HEALTHCHECK command probes a running service, an API opened beyond the machine needs a key.
/// The full publish-and-run check is scripts/essai-conteneur.sh.</summary>
[TestClass]
public sealed class ContainerSetupTests
{
    private static string Read(string name) => File.ReadAllText(Path.Combine(Repo.Root, name));

    [TestMethod]
    public void DockerfileAndComposeDeclareHealthVolumesUserAndArchitecture()
    {
        var dockerfile = Read("Dockerfile");
        var compose = Read("compose.yaml");
        var ignore = Read(".dockerignore");

        Expect.Contains("HEALTHCHECK", dockerfile);
        Expect.Contains("\"sante\"", dockerfile);
        Expect.Contains("VOLUME [\"/app/data\", \"/app/logs\"]", dockerfile);
        Expect.Contains("USER $APP_UID", dockerfile);
        Expect.Contains("FROM --platform=$BUILDPLATFORM", dockerfile);
        Assert.IsFalse(dockerfile.Contains("linux-x64", StringComparison.Ordinal), "aucune architecture figée");
        Expect.Contains("- ./rules:/regles:ro", compose);
        Expect.Contains("Cadrage__Regles: /regles", compose);
        Expect.Contains("- cadrage-data:/app/data", compose);
        Expect.Contains("Cadrage__Api__Cle: ${CADRAGE_API_CLE:?", compose);
        foreach (var excluded in new[] { "**/bin/", "**/obj/", ".git/" })
        {
            Expect.Contains(excluded, ignore);
        }
    }

    [TestMethod]
    public void AnApiOpenBeyondTheMachineNeedsAKey()
    {
        var validator = new ApiOptionsValidator();

        var open = validator.Validate(null, new ApiOptions { Url = "http://0.0.0.0:5080" });
        var accepted = validator.Validate(null, new ApiOptions { Url = "http://0.0.0.0:5080", SansCle = true });
        var keyed = validator.Validate(null, new ApiOptions { Url = "http://0.0.0.0:5080", Cle = "une-cle-assez-longue" });
        var loopback = validator.Validate(null, new ApiOptions { Url = "http://127.0.0.1:5080;http://localhost:5081" });

        Assert.IsTrue(open.Failed);
        Expect.Contains("Cadrage:Api:Cle est obligatoire quand l'API écoute au-delà de cette machine (http://0.0.0.0:5080)", open.FailureMessage);
        Assert.IsTrue(accepted.Succeeded && keyed.Succeeded && loopback.Succeeded);
    }

    [TestMethod]
    public async Task TheHealthcheckCommandProbesTheService()
    {
        await using var api = await ApiHost.StartAsync();
        var address = api.Client.BaseAddress!.ToString().Replace("127.0.0.1", "0.0.0.0", StringComparison.Ordinal);

        var up = await CliRunner.Run("sante", "--url", address);
        await api.DisposeAsync();
        var down = await CliRunner.Run("sante", "--url", address, "--delai", "2");

        Assert.AreEqual(0, up.Code, up.Stderr);
        Expect.Contains("\"statut\":\"prêt\"", up.Stdout);
        Assert.AreEqual(1, down.Code);
        Expect.Contains("Service injoignable à http://127.0.0.1:", down.Stderr);
        Assert.AreEqual(new Uri("http://127.0.0.1:5080/health"), HealthCommand.ProbeAddress("http://+:5080"));
    }
}
