using System.Text.RegularExpressions;
using EdgeBlocker.IntegrationTests.Infrastructure;

namespace EdgeBlocker.IntegrationTests;

/// <summary>
/// The status LEDs on the simulated GPIO driver, read from the service's log ("Simulated GPIO 22 (Blocked) on"):
/// bypass from the CLI lets a listed caller through and blinks the health LED fast; with bypass off the caller is
/// blocked and the blocked LED flashes; the trunk LED lights when the core answers the box's OPTIONS.
/// </summary>
public sealed class IndicatorTests
{
    private static int Count(ServiceProcess service, string line) =>
        Regex.Count(service.Printed, Regex.Escape(line));

    /// <summary>Polls the host's output (bounded) until <paramref name="done"/> holds.</summary>
    private static async Task<bool> EventuallyAsync(Func<bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!done())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(100);
        }

        return true;
    }

    [Fact]
    public async Task A_listed_caller_passes_in_bypass_and_is_blocked_with_a_blocked_LED_flash_when_bypass_is_off()
    {
        var corePort = Ports.Next();
        await using var service = await ServiceProcess.StartAsync(new ServiceSettings { Core = $"udp:{Loopback.Core}:{corePort}" });
        await using var core = await Sipp.StartAsync(new SippOptions { Scenario = "uas_call.xml", LocalAddress = Loopback.Core, LocalPort = corePort });

        // Lamp test: every LED on at start, then off after a second unless its state lights it.
        Assert.True(await EventuallyAsync(() => service.Printed.Contains("Simulated GPIO 22 (Blocked) off", StringComparison.Ordinal), TimeSpan.FromSeconds(5)), service.Output);
        Assert.Contains("Simulated GPIO 17 (Health) on", service.Printed, StringComparison.Ordinal);
        Assert.Contains("Simulated GPIO 27 (Trunk) on", service.Printed, StringComparison.Ordinal);
        Assert.Contains("Simulated GPIO 23 (Sync) on", service.Printed, StringComparison.Ordinal);

        var on = await Cli.RunAsync(service, "bypass", "on");
        Assert.True(on.Exit == 0, on.ToString());
        Assert.Contains("bypass on", on.Output, StringComparison.Ordinal);

        var bypassed = await Sipp.RunAsync(UdpProxyCallTests.Uac("uac_call.xml", service, ServiceSettings.BlockedNumber));
        var callee = await core.WaitAsync(bypassed.Succeeded(1) ? null : TimeSpan.FromSeconds(3));
        Assert.True(bypassed.Succeeded(1) && callee.Succeeded(1), $"in bypass the listed caller's call must go through\ncaller:\n{bypassed}\n\ncore:\n{callee}\n\nbox:\n{service.Output}");
        Assert.Equal(0, Count(service, "Simulated GPIO 22 (Blocked) on") - 1); // only the lamp test's
        // Fast blink: the health LED goes off and on every 100 ms while bypass is on.
        Assert.True(Count(service, "Simulated GPIO 17 (Health) off") >= 3, "health LED fast blink in bypass\n" + service.Output);

        Cli.Result calls = default!;
        for (var i = 0; i < 20 && !(calls?.Output.Contains(ServiceSettings.BlockedNumber, StringComparison.Ordinal) ?? false); i++)
        {
            await Task.Delay(250);
            calls = await Cli.RunAsync(service, "calls", "--verdict", "bypass");
        }

        Assert.Contains(ServiceSettings.BlockedNumber, calls.Output, StringComparison.Ordinal);

        var off = await Cli.RunAsync(service, "bypass", "off");
        Assert.True(off.Exit == 0, off.ToString());
        var flashesBefore = Count(service, "Simulated GPIO 22 (Blocked) on");
        var blocked = await Sipp.RunAsync(UdpProxyCallTests.Uac("uac_blocked.xml", service, ServiceSettings.BlockedNumber));
        Assert.True(blocked.Succeeded(1), $"with bypass off the listed caller gets 603\n{blocked}\n\nbox:\n{service.Output}");
        Assert.True(
            await EventuallyAsync(() => Count(service, "Simulated GPIO 22 (Blocked) on") > flashesBefore, TimeSpan.FromSeconds(3)),
            "the blocked LED flashes for the blocked call\n" + service.Output);
        Assert.True(await EventuallyAsync(() => Count(service, "Simulated GPIO 22 (Blocked) off") > flashesBefore, TimeSpan.FromSeconds(3)), "a flash, not steady\n" + service.Output);

        var status = await Cli.RunAsync(service, "bypass");
        Assert.Contains("bypass off", status.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bypass_set_while_the_service_is_stopped_is_in_force_when_it_starts()
    {
        await using var core = CoreStub.Udp(Ports.Next());
        var settings = new ServiceSettings { Core = core.Uri };
        await using var first = await ServiceProcess.StartAsync(settings);
        await first.StopAsync();
        var on = await Cli.RunAsync(first, "bypass", "on"); // the CLI on the database itself
        Assert.True(on.Exit == 0, on.ToString());

        await using var again = await ServiceProcess.StartAsync(new ServiceSettings { Core = core.Uri, Port = settings.Port, Extra = new Dictionary<string, string> { ["EdgeBlocker:DataDirectory"] = first.DataDirectory } });
        Assert.True(await EventuallyAsync(() => again.Printed.Contains("Bypass is on", StringComparison.Ordinal), TimeSpan.FromSeconds(5)), again.Output);
        await using var client = SipClient.Udp(again.SipEndPoint);
        var call = new TestCall(client, ServiceSettings.BlockedNumber, ServiceSettings.CalledNumber);
        await client.SendAsync(call.Invite());
        Assert.NotNull(await core.WaitForAsync(m => m.CallId == call.CallId && m.Method == "INVITE", TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public async Task The_trunk_LED_lights_when_the_core_answers_OPTIONS_and_goes_out_when_it_stops()
    {
        var corePort = Ports.Next();
        await using var core = await Sipp.StartAsync(new SippOptions { Scenario = "uas_options.xml", LocalAddress = Loopback.Core, LocalPort = corePort });
        await using var service = await ServiceProcess.StartAsync(new ServiceSettings
        {
            Core = $"udp:{Loopback.Core}:{corePort}",
            WithPeer = false,
            HealthInterval = TimeSpan.FromSeconds(1),
        });

        var answered = await core.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(answered.Succeeded(1), $"core:\n{answered}\n\nbox:\n{service.Output}");
        Assert.True(await EventuallyAsync(() => service.Printed.Contains($"Trunk health: core (udp:{Loopback.Core}:{corePort}) is up", StringComparison.Ordinal), TimeSpan.FromSeconds(5)), service.Output);

        // sipp answered one ping and left: the next unanswered ping makes the core down and the trunk LED dark.
        Assert.True(await EventuallyAsync(() => service.Printed.Contains("is down: no answer", StringComparison.Ordinal), TimeSpan.FromSeconds(6)), service.Output);
        Assert.True(await EventuallyAsync(() => LastTrunkLine(service.Printed.Split('\n')).EndsWith("off", StringComparison.Ordinal), TimeSpan.FromSeconds(3)), "trunk LED off when the core stops answering\n" + service.Output);

        // While the core was up the trunk LED was lit: the last trunk change before "down" is "on" (the lamp test's,
        // when the answer came during it), and once lit after "up" nothing turned it off before "down". The LED loop
        // reads the state once a tick, on its own thread: a tick that read it just before the answer (the lamp test's
        // end, say) may still show the old state after the line, and the next tick shows the new one.
        var lines = service.Printed.Split('\n');
        var up = Array.FindIndex(lines, l => l.Contains("is up (answered OPTIONS", StringComparison.Ordinal));
        var down = Array.FindIndex(lines, l => l.Contains("is down: no answer", StringComparison.Ordinal));
        Assert.True(up >= 0 && down > up, service.Output);
        Assert.EndsWith("on", LastTrunkLine(lines[..down]), StringComparison.Ordinal);
        var trunk = lines[up..down].Where(l => l.Contains("Simulated GPIO 27 (Trunk)", StringComparison.Ordinal)).Select(l => l.TrimEnd()).ToList();
        var lit = trunk.FindIndex(l => l.EndsWith(" on", StringComparison.Ordinal)); // -1: lit already, by the lamp test
        Assert.True(lit <= 1, "the trunk LED took more than one change to light after \"up\"\n" + service.Output);
        Assert.DoesNotContain(trunk.Skip(Math.Max(lit, 0)), l => l.EndsWith(" off", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_GPIO_chip_that_cannot_be_opened_stops_the_start_with_exit_2_naming_the_key()
    {
        await using var service = ServiceProcess.Launch(new ServiceSettings
        {
            Core = $"udp:{Loopback.Core}:{Ports.Next()}",
            Extra = new Dictionary<string, string> { ["EdgeBlocker:Indicators:Driver"] = "gpio", ["EdgeBlocker:Indicators:GpioChip"] = "15" },
        });

        Assert.Equal(2, await service.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("cannot start: EdgeBlocker:Indicators:Driver: gpio", service.Printed, StringComparison.Ordinal);
        Assert.Contains("EdgeBlocker:Indicators:GpioChip", service.Printed, StringComparison.Ordinal);
    }

    private static string LastTrunkLine(string[] lines) =>
        lines.LastOrDefault(l => l.Contains("Simulated GPIO 27 (Trunk)", StringComparison.Ordinal))?.TrimEnd() ?? string.Empty;
}
