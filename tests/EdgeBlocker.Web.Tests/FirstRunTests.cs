using System.Net;
using EdgeBlocker.IntegrationTests.Infrastructure;

namespace EdgeBlocker.Web.Tests;

/// <summary>No default password: the first visit sets it, and the first-run page is gone afterwards.</summary>
public sealed class FirstRunTests : IAsyncLifetime
{
    private ServiceProcess service = null!;

    public async Task InitializeAsync() => service = await WebService.StartAsync();

    public async Task DisposeAsync() => await service.DisposeAsync();

    [Fact]
    public async Task Before_a_password_exists_pages_lead_to_setup_and_nothing_else_answers_then_setup_is_gone()
    {
        using var session = new WebSession(service.BaseAddress());
        foreach (var page in new[] { "/", "/lists", "/calls", "/login" })
        {
            var response = await session.Http.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/setup", response.Headers.Location?.OriginalString);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await session.Http.GetAsync("/api/lists")).StatusCode);

        var weak = await session.PostFormAsync("/setup", new Dictionary<string, string> { ["password"] = "short", ["confirmation"] = "short" });
        Assert.Equal(HttpStatusCode.OK, weak.StatusCode);
        Assert.Contains("at least 8 characters", await weak.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await session.SetUpPasswordAsync();
        // The setup signed this session in.
        Assert.Equal(HttpStatusCode.OK, (await session.Http.GetAsync("/")).StatusCode);

        using var stranger = new WebSession(service.BaseAddress());
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync("/setup")).StatusCode);
        var again = await stranger.PostFormAsync("/setup", new Dictionary<string, string> { ["password"] = "another password", ["confirmation"] = "another password" }, tokenFrom: "/login");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        var toLogin = await stranger.Http.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, toLogin.StatusCode);
        Assert.StartsWith("/login", toLogin.Headers.Location?.PathAndQuery ?? toLogin.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }
}
