using EdgeBlocker.IntegrationTests.Infrastructure;

namespace EdgeBlocker.IntegrationTests;

/// <summary>
/// The host under a stand-in for systemd (packaging/edgeblocker.service: Type=notify, WatchdogSec=): READY=1 only
/// once the SIP sockets answer, WATCHDOG=1 while the receive loop runs (no traffic but the watchdog's own probe),
/// STOPPING=1 on SIGTERM.
/// </summary>
public class SystemdNotificationTests
{
    [Fact]
    public async Task Ready_comes_once_sip_answers_then_watchdog_pings_and_stopping_on_sigterm()
    {
        using var notify = NotifySocket.Create();
        var settings = new ServiceSettings
        {
            Core = $"udp:{Loopback.Core}:{Ports.Next()}",
            // WatchdogSec=1s: a ping every half second.
            Environment = new Dictionary<string, string> { ["NOTIFY_SOCKET"] = notify.Path, ["WATCHDOG_USEC"] = "1000000" },
        };
        await using var service = ServiceProcess.Launch(settings);
        var seen = new List<string>();

        var ready = await notify.WaitForAsync("READY=1", TimeSpan.FromSeconds(30), seen);
        // Checked at once, before anything else: the moment systemd would start sending calls.
        var udpBound = Loopback.IsListening(Loopback.Box, settings.Port, tcp: false);
        var tcpListening = Loopback.IsListening(Loopback.Box, settings.Port, tcp: true);
        var answered = await service.AnswersOneOptionsAsync(TimeSpan.FromSeconds(2));

        Assert.True(ready, $"no READY=1 within 30 s; notifications: [{string.Join(" | ", seen)}]\n{service.Output}");
        Assert.DoesNotContain(seen.Take(seen.Count - 1), n => n.Contains("WATCHDOG=1", StringComparison.Ordinal));
        Assert.True(udpBound && tcpListening, $"READY=1 before the SIP sockets were bound (udp {udpBound}, tcp {tcpListening})\n{service.Output}");
        Assert.True(answered, $"READY=1 but the first OPTIONS got no 200\n{service.Output}");

        // An idle trunk: only the watchdog's probe moves the receive loop, and that must keep the pings coming.
        var pings = 0;
        var window = DateTime.UtcNow + TimeSpan.FromSeconds(3);
        while (DateTime.UtcNow < window && await notify.ReceiveAsync(window - DateTime.UtcNow) is { } next)
        {
            seen.Add(next);
            pings += next == "WATCHDOG=1" ? 1 : 0;
        }
        Assert.True(pings >= 3, $"{pings} WATCHDOG=1 in 3 s at a 0.5 s interval; notifications: [{string.Join(" | ", seen)}]\n{service.Output}");

        await service.StopAsync();
        var stopping = await notify.WaitForAsync("STOPPING=1", TimeSpan.FromSeconds(5), seen);
        Assert.True(stopping, $"no STOPPING=1 after SIGTERM; notifications: [{string.Join(" | ", seen)}]\n{service.Output}");
        Assert.Equal(0, service.ExitCode);
    }

    /// <summary>
    /// SIGTERM the moment SIP answers, before READY=1: the web page's address may still be being bound (the window
    /// StopWhileStartingTests covers in-process). The stop is orderly either way: exit 0, no unhandled exception.
    /// </summary>
    [Fact]
    public async Task A_sigterm_as_soon_as_sip_answers_is_an_orderly_stop()
    {
        var settings = new ServiceSettings { Core = $"udp:{Loopback.Core}:{Ports.Next()}" };
        await using var service = ServiceProcess.Launch(settings);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await service.AnswersOneOptionsAsync(TimeSpan.FromMilliseconds(20)))
        {
            Assert.True(DateTime.UtcNow < deadline && !service.HasExited, $"SIP never answered\n{service.Output}");
        }

        await service.StopAsync();

        Assert.True(service.HasExited, service.Output);
        Assert.DoesNotContain("Unhandled exception", service.Printed, StringComparison.Ordinal);
        Assert.Equal(0, service.ExitCode);
    }
}
