using EdgeBlocker.IntegrationTests.Infrastructure;

namespace EdgeBlocker.Web.Tests;

/// <summary>One running service for a test class, its admin password set, with an admin and a read-only API token.</summary>
public sealed class ServiceWithPassword : IAsyncLifetime
{
    public ServiceProcess Service { get; private set; } = null!;

    public Uri BaseAddress => Service.BaseAddress();

    public string AdminToken { get; private set; } = string.Empty;

    public string ReaderToken { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        Service = await WebService.StartAsync();
        using var session = new WebSession(BaseAddress);
        await session.SetUpPasswordAsync();
        AdminToken = await session.CreateTokenAsync("tests-admin", "admin");
        ReaderToken = await session.CreateTokenAsync("tests-reader", "reader");
    }

    /// <summary>A new browser-like session, logged in.</summary>
    public async Task<WebSession> LoggedInAsync()
    {
        var session = new WebSession(BaseAddress);
        var response = await session.LogInAsync();
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        return session;
    }

    public HttpClient Admin() => WebSession.WithToken(BaseAddress, AdminToken);

    public HttpClient Reader() => WebSession.WithToken(BaseAddress, ReaderToken);

    public async Task DisposeAsync() => await Service.DisposeAsync();
}
