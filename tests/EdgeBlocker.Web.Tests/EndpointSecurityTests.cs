using System.Net;
using EdgeBlocker.Hosting;
using EdgeBlocker.IntegrationTests.Infrastructure;
using EdgeBlocker.Storage;
using EdgeBlocker.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EdgeBlocker.Web.Tests;

/// <summary>
/// Every endpoint the host maps, read from its endpoint data sources (so a new endpoint cannot be forgotten), asked
/// without a login: only /healthz and the login page answer; the rest is 401 (API, metrics, OpenAPI) or a redirect to
/// the login page. And every change the API offers is refused (403) to a read-only token.
/// </summary>
public sealed class EndpointSecurityTests : IAsyncLifetime
{
    private static readonly string[] Anonymous = ["/healthz", "/login", "/setup"];
    private readonly string directory = Directory.CreateTempSubdirectory("edgeblocker-web-").FullName;
    private readonly int webPort = Ports.Next();
    private IHost host = null!;

    public async Task InitializeAsync()
    {
        host = ServiceHost.Build([
            "--EdgeBlocker:Sip:BindAddress=127.0.0.1", $"--EdgeBlocker:Sip:Port={Ports.Next()}", $"--EdgeBlocker:DataDirectory={directory}",
            $"--EdgeBlocker:Web:Urls=http://127.0.0.1:{webPort}", "--Logging:LogLevel:Default=Warning",
            // No health pings: a ping's retransmission timer can outlive the socket at stop, which would take the test host down.
            "--EdgeBlocker:Sip:HealthInterval=00:00:00", "--EdgeBlocker:Indicators:Driver=simulated"]);
        await host.StartAsync();
        host.Services.GetRequiredService<EdgeBlockerDatabase>().Credentials.SetPasswordHash(PasswordService.Hash("endpoint tests"), ChangeContext.System);
    }

    public async Task DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    private IReadOnlyList<(string Method, string Path)> Requests()
    {
        var endpoints = ((IEndpointRouteBuilder)(WebApplication)host).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>().ToList();
        var requests = new List<(string, string)>();
        foreach (var endpoint in endpoints)
        {
            var path = "/" + string.Join('/', endpoint.RoutePattern.PathSegments.Select(s => string.Concat(s.Parts.Select(p => p switch
            {
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternSeparatorPart separator => separator.Content,
                _ => "x",
            }))));
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [HttpMethods.Get, HttpMethods.Post];
            requests.AddRange(methods.Select(m => (m, path)));
        }

        return [.. requests.Distinct()];
    }

    [Fact]
    public async Task No_endpoint_but_healthz_and_the_login_page_answers_without_a_login()
    {
        var requests = Requests();
        Assert.True(requests.Count >= 30, $"only {requests.Count} endpoints found: {string.Join(", ", requests)}");
        Assert.Contains((HttpMethods.Get, "/api/lists"), requests);
        Assert.Contains((HttpMethods.Get, "/metrics"), requests);
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri($"http://127.0.0.1:{webPort}") };
        var failures = new List<string>();
        foreach (var (method, path) in requests)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == HttpMethods.Get ? null : new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
            using var response = await client.SendAsync(request);
            var status = (int)response.StatusCode;
            var location = response.Headers.Location?.OriginalString ?? string.Empty;
            var refused = status is 401 or 403 || (status == 302 && location.Contains("/login", StringComparison.Ordinal))
                || (status == 404 && path == "/setup") || (status == 400 && method != HttpMethods.Get && Anonymous.Contains(path));
            var allowed = Anonymous.Contains(path) && method == HttpMethods.Get && status == 200;
            if (!refused && !allowed)
            {
                failures.Add($"{method} {path}: {status} {location}");
            }
        }

        Assert.True(failures.Count == 0, "answered without a login:\n" + string.Join('\n', failures));
    }

    [Fact]
    public async Task A_read_only_token_can_change_nothing()
    {
        var (token, _, error) = host.Services.GetRequiredService<ApiTokenService>().Create("reader", WebRoles.Reader, ChangeContext.System);
        Assert.Null(error);
        using var client = WebSession.WithToken(new Uri($"http://127.0.0.1:{webPort}"), token!);
        var changes = Requests().Where(r => r.Method != HttpMethods.Get && r.Method != HttpMethods.Head).ToList();
        Assert.True(changes.Count >= 15, $"only {changes.Count} changing endpoints found");
        var failures = new List<string>();
        foreach (var (method, path) in changes.Where(r => !Anonymous.Contains(r.Path)))
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
            using var response = await client.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.Forbidden)
            {
                failures.Add($"{method} {path}: {(int)response.StatusCode}");
            }
        }

        Assert.True(failures.Count == 0, "a read-only token got past:\n" + string.Join('\n', failures));
    }
}
