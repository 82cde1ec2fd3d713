using EdgeBlocker.IntegrationTests.Infrastructure;

namespace EdgeBlocker.IntegrationTests;

/// <summary>The same calls over TCP on both sides: sipp -t t1 as peer and as core (EdgeBlocker:Sip:Core=tcp:...).</summary>
public sealed class TcpProxyCallTests
{
    [Fact]
    public async Task Allowed_call_over_TCP_reaches_the_core_and_completes()
    {
        var corePort = Ports.Next();
        await using var service = await ServiceProcess.StartAsync(new ServiceSettings { Core = $"tcp:{Loopback.Core}:{corePort}" });
        await using var core = await Sipp.StartAsync(new SippOptions { Scenario = "uas_call.xml", LocalAddress = Loopback.Core, LocalPort = corePort, Tcp = true });

        var caller = await Sipp.RunAsync(UdpProxyCallTests.Uac("uac_call.xml", service, ServiceSettings.CleanNumber, tcp: true));
        var callee = await core.WaitAsync(caller.Succeeded(1) ? null : TimeSpan.FromSeconds(3));

        var context = $"caller:\n{caller}\n\ncore:\n{callee}\n\nbox:\n{service.Output}";
        Assert.True(caller.Succeeded(1), "the caller's call failed\n" + context);
        Assert.True(callee.Succeeded(1), "the core did not see INVITE, ACK and BYE over TCP\n" + context);
        Assert.Contains("SIP/2.0/TCP", callee.Messages, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Blocked_caller_over_TCP_gets_603_and_nothing_reaches_the_core()
    {
        await using var core = CoreStub.Tcp(Ports.Next());
        await using var service = await ServiceProcess.StartAsync(new ServiceSettings { Core = core.Uri });

        var caller = await Sipp.RunAsync(UdpProxyCallTests.Uac("uac_blocked.xml", service, ServiceSettings.BlockedNumber, tcp: true));
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.True(caller.Succeeded(1), $"caller:\n{caller}\n\nbox:\n{service.Output}");
        Assert.DoesNotContain(core.Received, m => m.Method != "OPTIONS");
    }
}
