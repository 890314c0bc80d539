using System.Net.Http.Headers;
using System.Text;
using Cadrage.Rules.Tests.Service;
using Microsoft.Extensions.Hosting;
using Newtonsoft.Json.Linq;

namespace Cadrage.Rules.Tests.Api;

/// <summary>The real service on a free loopback port, with a client; stopped and cleaned on dispose.</summary>
internal sealed class ApiHost : IAsyncDisposable
{
    private readonly Task<int> _run;
    private readonly CancellationTokenSource _stop;

    private ApiHost(ServiceFixture fixture, Task<int> run, CancellationTokenSource stop, IHost host, HttpClient client)
    {
        Fixture = fixture;
        _run = run;
        _stop = stop;
        Host = host;
        Client = client;
    }

    public ServiceFixture Fixture { get; }
    public IHost Host { get; }
    public HttpClient Client { get; }

    public static async Task<ApiHost> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var fixture = new ServiceFixture();
        foreach (var (key, value) in settings ?? [])
        {
            fixture.Settings[key] = value;
        }
        var (run, stop, host, client) = await fixture.StartWithApiAsync();
        return new ApiHost(fixture, run, stop, host, client);
    }

    public Task<HttpResponseMessage> PostProfile(JObject profile, string? query = null) =>
        Client.PostAsync("/api/evaluations" + query, new StringContent(profile.ToString(), Encoding.UTF8, "application/json"));

    public static async Task<JObject> Problem(HttpResponseMessage response)
    {
        Assert.AreEqual("application/problem+json", response.Content.Headers.ContentType?.MediaType, $"{(int)response.StatusCode} sans corps « problem »");
        return JObject.Parse(await response.Content.ReadAsStringAsync());
    }

    public static MediaTypeHeaderValue Html => new("text/html");

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _stop.CancelAsync();
        await _run;
        Fixture.Dispose();
    }
}
