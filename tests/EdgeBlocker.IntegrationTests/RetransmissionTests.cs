using EdgeBlocker.IntegrationTests.Infrastructure;

namespace EdgeBlocker.IntegrationTests;

/// <summary>
/// RFC 3261 §17.2.1 / §17.2.3: a retransmitted INVITE belongs to the same server transaction; it is answered
/// again, never screened or relayed again. T1 is 1 s here, so the box's own retransmission timers (G, A) stay
/// quiet during the first few hundred milliseconds and every answer seen then is an answer to a retransmission.
/// </summary>
public sealed class RetransmissionTests(RetransmissionTests.Fixture fixture) : IClassFixture<RetransmissionTests.Fixture>
{
    private static readonly TimeSpan Gap = TimeSpan.FromMilliseconds(250);

    [Fact]
    public async Task Retransmitted_blocked_INVITE_gets_the_same_final_response_each_time_and_never_reaches_the_core()
    {
        await using var client = SipClient.Udp(fixture.Service.SipEndPoint);
        var call = new TestCall(client, ServiceSettings.BlockedNumber);
        var invite = call.Invite();

        var finalsPerSend = new List<List<WireMessage>>();
        for (var i = 0; i < 3; i++)
        {
            await client.SendAsync(invite);
            var window = await client.CollectAsync(Gap);
            finalsPerSend.Add(window.Where(m => m.CallId == call.CallId && m.IsFinal).ToList());
        }
        var finals = finalsPerSend.SelectMany(f => f).ToList();
        if (finals.Count > 0)
        {
            await client.SendAsync(call.Ack(finals[0]));
        }
        await Task.Delay(TimeSpan.FromSeconds(1));

        var seen = SipClient.Describe(client.Received);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(finalsPerSend[i].Count > 0, $"no final response within {Gap.TotalMilliseconds} ms of INVITE #{i + 1}; received {seen}");
        }
        Assert.All(finals, f => Assert.Equal(603, f.StatusCode));
        Assert.Single(finals.Select(f => f.ToTag).Distinct());
        Assert.Single(finals.Select(f => f.Header("Via")).Distinct());
        Assert.Empty(fixture.Core.ReceivedWithCallId(call.CallId));
    }

    [Fact]
    public async Task Retransmitted_allowed_INVITE_reaches_the_core_once()
    {
        await using var client = SipClient.Udp(fixture.Service.SipEndPoint);
        var call = new TestCall(client, ServiceSettings.CleanNumber);
        var invite = call.Invite();

        for (var i = 0; i < 3; i++)
        {
            await client.SendAsync(invite);
            await client.CollectAsync(TimeSpan.FromMilliseconds(100));
        }
        await Task.Delay(TimeSpan.FromMilliseconds(1500));
        await client.SendAsync(call.Cancel());

        var invites = fixture.Core.ReceivedWithCallId(call.CallId).Where(m => m.Method == "INVITE").ToList();
        Assert.True(invites.Count > 0, $"the INVITE never reached the core; the caller received {SipClient.Describe(client.Received)}");
        // The box's own Timer A retransmissions reuse its branch; a second branch would be a second relay.
        var branches = invites.Select(m => m.TopViaBranch).Distinct().ToList();
        Assert.True(branches.Count == 1, $"the core saw {branches.Count} client transactions: {string.Join(", ", branches)}");
        Assert.Contains(client.Received, m => m.CallId == call.CallId && m.StatusCode == 100);
    }

    public sealed class Fixture : ProxyFixture
    {
        protected override ServiceSettings Configure(CoreStub core) => new() { Core = core.Uri, T1 = TimeSpan.FromSeconds(1) };
    }
}
