using System.Diagnostics;
using EdgeBlocker.IntegrationTests.Infrastructure;

namespace EdgeBlocker.IntegrationTests;

/// <summary>
/// A core that never answers: with T1 = 50 ms, Timer B (64·T1 = 3.2 s, RFC 3261 §17.1.1.2) ends the relay and the
/// caller hears 408 (or 503) instead of ringing forever.
/// </summary>
public sealed class CoreDownTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(5.5);

    [Theory]
    [InlineData("udp")]
    [InlineData("tcp")]
    public async Task Caller_gets_408_or_503_within_seconds_when_nothing_listens_at_the_core(string transport)
    {
        // A port nobody binds: UDP datagrams vanish, TCP connections are refused.
        var core = $"{transport}:{Loopback.Core}:{Ports.Next()}";
        await using var service = await ServiceProcess.StartAsync(new ServiceSettings { Core = core });
        await using var client = SipClient.Udp(service.SipEndPoint);
        var call = new TestCall(client, ServiceSettings.CleanNumber);

        var clock = Stopwatch.StartNew();
        var final = await call.InviteAsync(TimeSpan.FromSeconds(8));
        clock.Stop();
        await client.SendAsync(call.Ack(final));

        Assert.True(final.StatusCode is 408 or 503, $"expected 408 or 503, got:\n{final}\nbox:\n{service.Output}");
        Assert.True(clock.Elapsed < Limit, $"the {final.StatusCode} took {clock.Elapsed.TotalSeconds:0.0} s");
        await service.AssertAliveAsync("a dead core");
    }
}
