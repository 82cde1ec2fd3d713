using System.Text.RegularExpressions;
using EdgeBlocker.IntegrationTests.Infrastructure;

namespace EdgeBlocker.IntegrationTests;

/// <summary>Whole calls over UDP between a sipp trunk peer (127.0.0.2), the box and a sipp core (127.0.0.3).</summary>
public sealed class UdpProxyCallTests
{
    [Fact]
    public async Task Allowed_call_reaches_the_core_and_ACK_and_BYE_follow_the_Record_Route()
    {
        var corePort = Ports.Next();
        await using var service = await ServiceProcess.StartAsync(new ServiceSettings { Core = $"udp:{Loopback.Core}:{corePort}" });
        await using var core = await Sipp.StartAsync(new SippOptions { Scenario = "uas_call.xml", LocalAddress = Loopback.Core, LocalPort = corePort });

        var caller = await Sipp.RunAsync(Uac("uac_call.xml", service, ServiceSettings.CleanNumber));
        var callee = await core.WaitAsync(caller.Succeeded(1) ? null : TimeSpan.FromSeconds(3));

        var context = $"caller:\n{caller}\n\ncore:\n{callee}\n\nbox:\n{service.Output}";
        Assert.True(caller.Succeeded(1), "the caller's call failed\n" + context);
        Assert.True(callee.Succeeded(1), "the core did not see INVITE, ACK and BYE\n" + context);
        // RFC 3261 §16.6 step 4: the box puts itself in the dialog's route set.
        Assert.Matches(new Regex($@"Record-Route:\s*<sip:127\.0\.0\.1:{service.Settings.Port};[^>]*\blr\b", RegexOptions.IgnoreCase), callee.Messages);
    }

    [Fact]
    public async Task Blocked_caller_gets_603_with_the_redress_Reason_and_nothing_reaches_the_core()
    {
        await using var core = CoreStub.Udp(Ports.Next());
        await using var service = await ServiceProcess.StartAsync(new ServiceSettings { Core = core.Uri });

        // uac_blocked.xml fails the call unless the 603 carries Reason: ...cause=603;text="...18005550199...".
        var caller = await Sipp.RunAsync(Uac("uac_blocked.xml", service, ServiceSettings.BlockedNumber));
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.True(caller.Succeeded(1), $"caller:\n{caller}\n\nbox:\n{service.Output}");
        Assert.DoesNotContain(core.Received, m => m.Method != "OPTIONS");
    }

    [Fact]
    public async Task Cancel_before_answer_is_relayed_and_the_caller_gets_200_and_487()
    {
        var corePort = Ports.Next();
        await using var service = await ServiceProcess.StartAsync(new ServiceSettings { Core = $"udp:{Loopback.Core}:{corePort}" });
        await using var core = await Sipp.StartAsync(new SippOptions { Scenario = "uas_cancel.xml", LocalAddress = Loopback.Core, LocalPort = corePort });

        // Caller: INVITE, 180, CANCEL, 200 (CANCEL), 487, ACK. Core: INVITE, 180, CANCEL, 200, 487, ACK.
        var caller = await Sipp.RunAsync(Uac("uac_cancel.xml", service, ServiceSettings.CleanNumber));
        var callee = await core.WaitAsync(caller.Succeeded(1) ? null : TimeSpan.FromSeconds(3));

        var context = $"caller:\n{caller}\n\ncore:\n{callee}\n\nbox:\n{service.Output}";
        Assert.True(caller.Succeeded(1), "the caller's cancel flow failed\n" + context);
        Assert.True(callee.Succeeded(1), "the core did not see CANCEL and ACK\n" + context);
    }

    internal static SippOptions Uac(string scenario, ServiceProcess service, string caller, bool tcp = false) => new()
    {
        Scenario = scenario,
        LocalAddress = Loopback.Peer,
        Remote = service.SipEndPoint,
        Tcp = tcp,
        Keys = new Dictionary<string, string> { ["caller"] = caller },
    };
}
