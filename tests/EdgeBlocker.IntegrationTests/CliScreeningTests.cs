using System.Text.Json;
using EdgeBlocker.IntegrationTests.Infrastructure;

namespace EdgeBlocker.IntegrationTests;

/// <summary>
/// The CLI against the running service: lists changed with it take effect on the next call without a restart, and
/// every call lands in the call log that <c>calls</c> and <c>traceback</c> read.
/// </summary>
public sealed class CliScreeningTests
{
    private static async Task<(ServiceProcess Service, CoreStub Core)> StartAsync(Dictionary<string, string>? extra = null)
    {
        var core = CoreStub.Udp(Ports.Next());
        var service = await ServiceProcess.StartAsync(new ServiceSettings { Core = core.Uri, Extra = extra ?? [] });
        return (service, core);
    }

    private static async Task<WireMessage> CallAsync(ServiceProcess service, string caller, string called = ServiceSettings.CalledNumber)
    {
        await using var client = SipClient.Udp(service.SipEndPoint);
        var call = new TestCall(client, caller, called);
        var final = await call.InviteAsync();
        if (final.StatusCode >= 300)
        {
            await client.SendAsync(call.Ack(final));
        }

        return final;
    }

    /// <summary>Sends an INVITE and reports whether the core received it (the stub answers nothing, so it stays pending).</summary>
    private static async Task<bool> RelayedAsync(ServiceProcess service, CoreStub core, string caller, string called = ServiceSettings.CalledNumber)
    {
        await using var client = SipClient.Udp(service.SipEndPoint);
        var call = new TestCall(client, caller, called);
        await client.SendAsync(call.Invite());
        return await core.WaitForAsync(m => m.CallId == call.CallId && m.Method == "INVITE", TimeSpan.FromSeconds(3)) is not null;
    }

    private static async Task<Cli.Result> Ok(ServiceProcess service, params string[] args)
    {
        var result = await Cli.RunAsync(service, args);
        Assert.True(result.Exit == 0, $"edgeblocker {string.Join(' ', args)}: {result}");
        return result;
    }

    [Fact]
    public async Task A_number_imported_with_the_CLI_is_blocked_on_the_next_call_and_the_call_is_in_the_log_and_traceback()
    {
        var (service, core) = await StartAsync();
        await using var _ = service;
        await using var __ = core;
        Assert.True(await RelayedAsync(service, core, "+12025550143"), "not listed yet: relayed");

        var file = Path.Combine(service.DataDirectory, "import.txt");
        await File.WriteAllTextAsync(file, "# robocallers\n+12025550143\n(310) 555-0178\n");
        var imported = await Ok(service, "import", file, "--list", "spam");
        Assert.Contains("imported 2 entries into spam", imported.Output, StringComparison.Ordinal);

        // The next call, from sipp as the trunk peer: uac_blocked.xml fails unless it gets 603 with the redress Reason.
        var caller = await Sipp.RunAsync(UdpProxyCallTests.Uac("uac_blocked.xml", service, "2025550143"));
        Assert.True(caller.Succeeded(1), $"caller:\n{caller}\n\nbox:\n{service.Output}");
        Assert.DoesNotContain(core.Received, m => m.Method == "INVITE" && m.Header("From")?.Contains("2025550143", StringComparison.Ordinal) == true && m.CallId != null && !m.CallId.StartsWith("it-", StringComparison.Ordinal));
        var final = await CallAsync(service, "2025550143");
        Assert.Equal(603, final.StatusCode);
        var check = await Cli.RunAsync(service, "check", "+1 202 555 0143");
        Assert.Equal(1, check.Exit);
        Assert.Contains("block", check.Output, StringComparison.Ordinal);
        Assert.Contains("spam", check.Output, StringComparison.Ordinal);

        // Records are written off the SIP path in batches: give the writer a moment.
        Cli.Result calls = default!;
        for (var i = 0; i < 20; i++)
        {
            calls = await Ok(service, "calls", "--from", "+12025550143", "--verdict", "block");
            if (calls.Output.Contains(final.CallId!, StringComparison.Ordinal))
            {
                break;
            }

            await Task.Delay(250);
        }

        Assert.Contains(final.CallId!, calls.Output, StringComparison.Ordinal);
        Assert.Contains("spam", calls.Output, StringComparison.Ordinal);

        var at = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var traceback = await Ok(service, "traceback", "--at", at, "--from", "2025550143", "--to", ServiceSettings.CalledNumber, "--window", "10m", "--json");
        using var json = JsonDocument.Parse(traceback.Output);
        var record = json.RootElement.EnumerateArray().Single(r => r.GetProperty("CallId").GetString() == final.CallId);
        Assert.Equal("carrier-a", record.GetProperty("Peer").GetString());
        Assert.StartsWith($"{Loopback.Peer}:", record.GetProperty("SourceAddress").GetString(), StringComparison.Ordinal);
        Assert.Equal(603, record.GetProperty("ResponseCode").GetInt32());
        Assert.Equal("block", record.GetProperty("Verdict").GetString());

        // The dashboard's figures for a shell: the blocked calls, their caller on top, the list.
        var status = await Ok(service, "status");
        Assert.Contains("service: running; mode enforce; bypass off", status.Output, StringComparison.Ordinal);
        Assert.Contains("+12025550143", status.Output, StringComparison.Ordinal);
        Assert.Matches(@"spam\s+upload\s+enabled\s+2 entries", status.Output);
        using var statusJson = JsonDocument.Parse((await Ok(service, "status", "--json")).Output);
        Assert.True(statusJson.RootElement.GetProperty("blocked24h").GetInt64() >= 2, statusJson.RootElement.ToString());
        Assert.Equal("+12025550143", statusJson.RootElement.GetProperty("topBlockedCallers7d")[0].GetProperty("number").GetString());
    }

    [Fact]
    public async Task Prefix_and_peer_rules_block_an_allowlist_overrides_and_911_always_passes()
    {
        var (service, core) = await StartAsync();
        await using var _ = service;
        await using var __ = core;

        await Ok(service, "add", "+1555777*", "--list", "prefixes", "--reason", "spoofed block");
        Assert.Equal(603, (await CallAsync(service, "+15557770001")).StatusCode);
        await Ok(service, "add", "+1555888", "--list", "prefixes"); // too short to be a number: a prefix
        Assert.Equal(603, (await CallAsync(service, "+15558880001")).StatusCode);

        // Not yet in force ("blocked 48 hours after notice"), and no longer in force: both pass.
        await Ok(service, "add", "+15559990001", "--list", "notices", "--effective", "48h");
        await Ok(service, "add", "+15559990002", "--list", "notices", "--expires", "2020-01-01T00:00:00Z");
        Assert.Equal(0, (await Cli.RunAsync(service, "check", "+15559990001")).Exit);
        Assert.Equal(0, (await Cli.RunAsync(service, "check", "+15559990002")).Exit);
        await Ok(service, "add", "+15559990003", "--list", "notices", "--expires", "48h");
        Assert.Equal(1, (await Cli.RunAsync(service, "check", "+15559990003")).Exit);

        // The configured list blocks +15551230001; an allow entry for it wins.
        Assert.Equal(603, (await CallAsync(service, ServiceSettings.BlockedNumber)).StatusCode);
        await Ok(service, "add", ServiceSettings.BlockedNumber, "--list", "vip", "--action", "allow");
        Assert.True(await RelayedAsync(service, core, ServiceSettings.BlockedNumber), "an allowlisted caller is relayed");

        await Ok(service, "add", "+15557770002", "--list", "more");
        Assert.True(await RelayedAsync(service, core, "+15557770002", called: "911"), "911 passes even from a listed caller");

        await Ok(service, "add", $"{Loopback.Peer}/32", "--kind", "source", "--list", "addresses");
        Assert.Equal(603, (await CallAsync(service, ServiceSettings.CleanNumber)).StatusCode);
        await Ok(service, "remove", $"{Loopback.Peer}/32", "--kind", "source", "--list", "addresses");
        Assert.True(await RelayedAsync(service, core, ServiceSettings.CleanNumber), "the source rule removed: relayed again");

        await Ok(service, "add", "carrier-a", "--kind", "peer", "--list", "gateways", "--reason", "keeps carrying robocalls");
        Assert.Equal(603, (await CallAsync(service, ServiceSettings.CleanNumber)).StatusCode);
        await Ok(service, "remove", "carrier-a", "--kind", "peer", "--list", "gateways");
        Assert.True(await RelayedAsync(service, core, ServiceSettings.CleanNumber), "the peer rule removed: relayed again");
    }

    [Fact]
    public async Task Monitor_mode_relays_a_listed_caller_and_records_what_it_would_have_done()
    {
        var (service, core) = await StartAsync(new Dictionary<string, string> { ["EdgeBlocker:Screening:Mode"] = "monitor" });
        await using var _ = service;
        await using var __ = core;
        Assert.True(await RelayedAsync(service, core, ServiceSettings.BlockedNumber), "monitor mode blocks nothing");

        Cli.Result calls = default!;
        for (var i = 0; i < 20 && !(calls?.Output.Contains("monitor", StringComparison.Ordinal) ?? false); i++)
        {
            await Task.Delay(250);
            calls = await Ok(service, "calls", "--verdict", "monitor");
        }

        Assert.Contains(ServiceSettings.BlockedNumber, calls.Output, StringComparison.Ordinal);
        Assert.Contains("exact/config", calls.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_input_gets_a_clear_message_a_non_zero_exit_and_changes_nothing()
    {
        var (service, core) = await StartAsync();
        await using var _ = service;
        await using var __ = core;

        var bad = await Cli.RunAsync(service, "add", "call-me-maybe", "--list", "spam");
        Assert.Equal(2, bad.Exit);
        Assert.Contains("not a phone number", bad.Error, StringComparison.Ordinal);

        var file = Path.Combine(service.DataDirectory, "bad.txt");
        await File.WriteAllTextAsync(file, "+12025550143\n\n+1202555014x\n");
        var import = await Cli.RunAsync(service, "import", file, "--list", "spam");
        Assert.Equal(2, import.Exit);
        Assert.Contains("line 3", import.Error, StringComparison.Ordinal);

        var lists = await Ok(service, "lists");
        Assert.DoesNotContain("spam", lists.Output, StringComparison.Ordinal);
        Assert.True(await RelayedAsync(service, core, "+12025550143"), "nothing was imported");

        var readOnly = await Cli.RunAsync(service, "add", "+12025550143", "--list", "config");
        Assert.Equal(2, readOnly.Exit);
        Assert.Contains("read-only", readOnly.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_CLI_works_on_the_database_when_the_service_is_stopped()
    {
        var (service, core) = await StartAsync();
        await using var __ = core;
        await Ok(service, "add", "+12025550143", "--list", "spam");
        await service.StopAsync();

        var lists = await Ok(service, "lists");
        Assert.Contains("spam", lists.Output, StringComparison.Ordinal);
        var check = await Cli.RunAsync(service, "check", "+12025550143");
        Assert.Equal(1, check.Exit);
        await Ok(service, "add", "+13105550178", "--list", "spam");
        Assert.Contains("service: stopped", (await Ok(service, "status")).Output, StringComparison.Ordinal);
        await service.DisposeAsync();
    }
}
