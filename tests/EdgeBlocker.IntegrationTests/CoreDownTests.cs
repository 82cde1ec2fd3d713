using System.Diagnostics;
using EdgeBlocker.IntegrationTests.Infrastructure;

namespace EdgeBlocker.IntegrationTests;

/// <summary>
/// A core that never answers: with T1 = 50 ms, Timer B (64·T1 = 3.2 s, RFC 3261 §17.1.1.2) ends the relay and the
/// caller hears 408 (or 503) instead of ringing forever. A core that goes away and comes back on the same address:
/// calls fail fast meanwhile, trunk health says so, and calls go through again without restarting the box (over TCP,
/// on a new connection).
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
        await AssertFailsFastAsync(service, "with nothing at the core");
        await service.AssertAliveAsync("a dead core");
    }

    [Theory]
    [InlineData("udp")]
    [InlineData("tcp")]
    public async Task Calls_fail_fast_while_the_core_is_gone_and_go_through_again_when_it_returns_without_a_restart(string transport)
    {
        var tcp = transport == "tcp";
        var corePort = Ports.Next();
        var coreUri = $"{transport}:{Loopback.Core}:{corePort}";
        await using var service = await ServiceProcess.StartAsync(new ServiceSettings { Core = coreUri, HealthInterval = TimeSpan.FromSeconds(1) });
        var core = await StartCoreAsync(corePort, tcp);
        try
        {
            await AssertCallGoesThroughAsync(service, tcp, "while the core is up");
            await AssertCoreHealthAsync(service, coreUri, "up");

            // The core's process dies: its socket closes (over TCP the box's connection to it ends too).
            await core.DisposeAsync();
            await AssertCoreHealthAsync(service, coreUri, "down");
            for (var i = 0; i < 2; i++)
            {
                await AssertFailsFastAsync(service, "with the core gone");
            }

            // Back on the same address and port; the box was not restarted.
            core = await StartCoreAsync(corePort, tcp);
            await AssertCoreHealthAsync(service, coreUri, "up");
            await AssertCallGoesThroughAsync(service, tcp, "after the core came back");
            await service.AssertAliveAsync("the core going away and coming back");
        }
        finally
        {
            await core.DisposeAsync();
        }
    }

    /// <summary>A sipp core that takes calls and answers health pings (each ping is one of its -m calls).</summary>
    private static Task<Sipp> StartCoreAsync(int port, bool tcp) => Sipp.StartAsync(new SippOptions
    {
        Scenario = "uas_core.xml",
        LocalAddress = Loopback.Core,
        LocalPort = port,
        Tcp = tcp,
        Calls = 10_000,
        Timeout = TimeSpan.FromMinutes(3),
    });

    private static async Task AssertCallGoesThroughAsync(ServiceProcess service, bool tcp, string when)
    {
        var caller = await Sipp.RunAsync(UdpProxyCallTests.Uac("uac_call.xml", service, ServiceSettings.CleanNumber, tcp));
        Assert.True(caller.Succeeded(1), $"a call {when} failed\ncaller:\n{caller}\n\nbox:\n{service.Output}");
    }

    /// <summary>Waits (bounded) until the box's last trunk health line about the core says up or down.</summary>
    private static async Task AssertCoreHealthAsync(ServiceProcess service, string coreUri, string state)
    {
        var prefix = $"Trunk health: core ({coreUri}) is ";
        string? last = null;
        for (var i = 0; i < 100; i++)
        {
            last = service.Printed.Split('\n').LastOrDefault(l => l.Contains(prefix, StringComparison.Ordinal));
            if (last is not null && last[(last.IndexOf(prefix, StringComparison.Ordinal) + prefix.Length)..].StartsWith(state, StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"trunk health never said the core is {state} (last: {last ?? "nothing"}):\n{service.Output}");
    }

    /// <summary>A call to the core gets 408 or 503 within <see cref="Limit"/>, not ringing forever.</summary>
    private static async Task AssertFailsFastAsync(ServiceProcess service, string when)
    {
        await using var client = SipClient.Udp(service.SipEndPoint);
        var call = new TestCall(client, ServiceSettings.CleanNumber);
        var clock = Stopwatch.StartNew();
        var final = await call.InviteAsync(TimeSpan.FromSeconds(8));
        clock.Stop();
        await client.SendAsync(call.Ack(final));
        Assert.True(final.StatusCode is 408 or 503, $"expected 408 or 503 {when}, got:\n{final}\nbox:\n{service.Output}");
        Assert.True(clock.Elapsed < Limit, $"the {final.StatusCode} took {clock.Elapsed.TotalSeconds:0.0} s");
    }
}
