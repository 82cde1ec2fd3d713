using EdgeBlocker.IntegrationTests.Infrastructure;

namespace EdgeBlocker.IntegrationTests;

/// <summary>
/// Who gets blocked, and what an allowed INVITE looks like when it reaches the core. Raw UDP from the trunk peer;
/// the core is a <see cref="CoreStub"/> that answers nothing.
/// </summary>
public sealed class ScreeningTests(ProxyFixture fixture) : IClassFixture<ProxyFixture>
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);

    [Theory]
    [InlineData("5551230001")]
    [InlineData("15551230001")]
    [InlineData("+15551230001")]
    public async Task Listed_caller_in_any_dialing_format_is_blocked_with_603_Network_Blocked(string from)
    {
        await using var client = SipClient.Udp(fixture.Service.SipEndPoint);
        var call = new TestCall(client, from);

        var final = await call.InviteAsync();
        await client.SendAsync(call.Ack(final));

        Assert.Equal(603, final.StatusCode);
        var reason = final.Header("Reason");
        Assert.NotNull(reason);
        Assert.Contains("cause=603", reason, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("18005550199", reason, StringComparison.Ordinal);
        await AssertNotRelayedAsync(call);
    }

    [Fact]
    public async Task Listed_P_Asserted_Identity_is_blocked_even_with_a_clean_From()
    {
        await using var client = SipClient.Udp(fixture.Service.SipEndPoint);
        var call = new TestCall(client, ServiceSettings.CleanNumber) { AssertedIdentity = ServiceSettings.BlockedNumber };

        var final = await call.InviteAsync();
        await client.SendAsync(call.Ack(final));

        Assert.Equal(603, final.StatusCode);
        await AssertNotRelayedAsync(call);
    }

    [Fact]
    public async Task Clean_caller_is_relayed_to_the_core_as_RFC_3261_section_16_6_says()
    {
        await using var client = SipClient.Udp(fixture.Service.SipEndPoint);
        var call = new TestCall(client, ServiceSettings.CleanNumber);

        await client.SendAsync(call.Invite());
        await client.ExpectAsync(m => m.CallId == call.CallId && m.StatusCode == 100, TimeSpan.FromSeconds(2), "100 Trying");
        var relayed = await fixture.Core.WaitForAsync(m => m.CallId == call.CallId && m.Method == "INVITE", TimeSpan.FromSeconds(2));

        Assert.True(relayed is not null, $"the INVITE never reached the core; the caller received {SipClient.Describe(client.Received)}\nbox:\n{fixture.Service.Output}");
        Assert.Equal("69", relayed.Header("Max-Forwards"));
        var vias = relayed.HeaderValues("Via").SelectMany(v => v.Split(',')).Select(v => v.Trim()).ToList();
        Assert.True(vias.Count >= 2, $"expected the box's Via above the caller's: {string.Join(" | ", vias)}");
        Assert.Contains($"127.0.0.1:{fixture.Service.Settings.Port}", vias[0], StringComparison.Ordinal);
        Assert.Contains(call.Branch, vias[1], StringComparison.Ordinal);
        Assert.NotEqual(call.Branch, relayed.TopViaBranch);
        Assert.StartsWith("z9hG4bK", relayed.TopViaBranch, StringComparison.Ordinal);
        var recordRoute = relayed.Header("Record-Route");
        Assert.NotNull(recordRoute);
        Assert.Contains($"sip:127.0.0.1:{fixture.Service.Settings.Port}", recordRoute, StringComparison.Ordinal);
        Assert.Contains(";lr", recordRoute, StringComparison.Ordinal);
        Assert.Equal(call.FromTag, relayed.Header("From")?.Split("tag=").LastOrDefault());

        await client.SendAsync(call.Cancel());
    }

    [Fact]
    public async Task Request_from_a_source_that_is_neither_peer_nor_core_gets_403()
    {
        await using var client = SipClient.Udp(fixture.Service.SipEndPoint, Loopback.Stranger);
        var call = new TestCall(client, ServiceSettings.CleanNumber);

        var final = await call.InviteAsync();
        await client.SendAsync(call.Ack(final));

        Assert.Equal(403, final.StatusCode);
        await AssertNotRelayedAsync(call);
    }

    private async Task AssertNotRelayedAsync(TestCall call)
    {
        await Task.Delay(Quiet);
        var reached = fixture.Core.ReceivedWithCallId(call.CallId);
        Assert.True(reached.Count == 0, $"the core received {SipClient.Describe(reached)}");
    }
}
