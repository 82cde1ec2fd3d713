using EdgeBlocker.IntegrationTests.Infrastructure;

namespace EdgeBlocker.IntegrationTests;

/// <summary>
/// Redirect mode (EdgeBlocker:Sip:Mode=redirect): the box answers every INVITE itself, a block code or the
/// configured "continue" answer, and relays nothing.
/// </summary>
public sealed class RedirectModeTests
{
    [Fact]
    public async Task Listed_caller_gets_603_with_the_redress_Reason()
    {
        await using var service = await StartAsync("302");
        await using var client = SipClient.Udp(service.SipEndPoint);
        var call = new TestCall(client, ServiceSettings.BlockedNumber);

        var final = await call.InviteAsync();
        await client.SendAsync(call.Ack(final));

        Assert.True(final.StatusCode == 603, $"expected 603, got:\n{final}\nbox:\n{service.Output}");
        Assert.Contains("cause=603", final.Header("Reason") ?? string.Empty, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("18005550199", final.Header("Reason") ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clean_caller_gets_302_to_the_core()
    {
        var corePort = Ports.Next();
        await using var service = await StartAsync("302", corePort);
        await using var client = SipClient.Udp(service.SipEndPoint);
        var call = new TestCall(client, ServiceSettings.CleanNumber);

        var final = await call.InviteAsync();
        await client.SendAsync(call.Ack(final));

        Assert.True(final.StatusCode == 302, $"expected 302, got:\n{final}\nbox:\n{service.Output}");
        var contact = final.Header("Contact");
        Assert.True(contact is not null, $"302 without Contact:\n{final}");
        Assert.Contains($"sip:{ServiceSettings.CalledNumber}@{Loopback.Core}:{corePort}", contact, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("404", 404)]
    [InlineData("503", 503)]
    public async Task Clean_caller_gets_the_configured_continue_answer(string setting, int expected)
    {
        await using var service = await StartAsync(setting);
        await using var client = SipClient.Udp(service.SipEndPoint);
        var call = new TestCall(client, ServiceSettings.CleanNumber);

        var final = await call.InviteAsync();
        await client.SendAsync(call.Ack(final));

        Assert.True(final.StatusCode == expected, $"expected {expected}, got:\n{final}\nbox:\n{service.Output}");
    }

    private static Task<ServiceProcess> StartAsync(string redirectResponse, int? corePort = null) =>
        ServiceProcess.StartAsync(new ServiceSettings
        {
            Mode = "redirect",
            RedirectResponse = redirectResponse,
            Core = $"udp:{Loopback.Core}:{corePort ?? Ports.Next()}",
        });
}
