using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using EdgeBlocker.IntegrationTests.Infrastructure;

namespace EdgeBlocker.Web.Tests;

/// <summary>
/// The SD card fills up (a small tmpfs as the data directory): the service stays up and calls are still screened, the
/// call records that cannot be written are counted as dropped, and the dashboard says so. (Writing does not yet resume
/// by itself when space returns: LiteDB's rollback on a full disk leaves its transaction locks behind.)
/// </summary>
public sealed class DiskFullTests
{
    [Fact]
    public async Task A_full_disk_drops_and_counts_records_and_the_dashboard_says_so_while_screening_goes_on()
    {
        var mount = Directory.CreateTempSubdirectory("edgeblocker-sd-").FullName;
        await RunAsync("mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", mount);
        try
        {
            var settings = new ServiceSettings();
            await using var service = await ServiceProcess.StartAsync(settings, dataDirectory: mount);
            Assert.True(await Loopback.WaitListeningAsync(Loopback.Box, settings.WebPort, tcp: true, TimeSpan.FromSeconds(20)), service.Output);
            using var session = new WebSession(service.BaseAddress());
            await session.SetUpPasswordAsync();
            var token = await session.CreateTokenAsync("disk", "reader");
            using var api = WebSession.WithToken(service.BaseAddress(), token);

            var filler = Path.Combine(mount, "filler");
            Fill(filler);
            for (var i = 0; i < 5; i++)
            {
                Assert.Equal(603, (await CallAsync(service, ServiceSettings.BlockedNumber)).StatusCode);
            }

            await service.AssertAliveAsync("a full disk");
            var dropped = await EventuallyAsync(api, h => h.GetProperty("recordsDropped").GetInt64() >= 5, "records counted as dropped");
            Assert.True(dropped.GetProperty("recordsDropped").GetInt64() >= 5);
            var page = await session.Http.GetStringAsync(new Uri("/", UriKind.Relative));
            Assert.Contains("id=\"dropped\"", page, StringComparison.Ordinal);
            Assert.Contains("class=\"bad\"", page, StringComparison.Ordinal);

            File.Delete(filler);
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(603, (await CallAsync(service, ServiceSettings.BlockedNumber)).StatusCode);
            }

            await service.AssertAliveAsync("a full disk");
        }
        finally
        {
            await RunAsync("umount", "-l", mount);
            Directory.Delete(mount, recursive: true);
        }
    }

    /// <summary>Writes zeros until the file system is full.</summary>
    private static void Fill(string path)
    {
        var chunk = new byte[1 << 20];
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 0);
        try
        {
            for (var i = 0; i < 64; i++)
            {
                file.Write(chunk);
            }
        }
        catch (IOException)
        {
            // full, as intended
        }
    }

    private static async Task<JsonElement> EventuallyAsync(HttpClient api, Func<JsonElement, bool> condition, string what)
    {
        JsonElement health = default;
        for (var i = 0; i < 60; i++)
        {
            health = await api.GetFromJsonAsync<JsonElement>(new Uri("/api/health", UriKind.Relative));
            if (condition(health))
            {
                return health;
            }

            await Task.Delay(500);
        }

        Assert.Fail($"never true: {what}: {health}");
        return health;
    }

    private static async Task<WireMessage> CallAsync(ServiceProcess service, string caller)
    {
        await using var client = SipClient.Udp(service.SipEndPoint);
        var call = new TestCall(client, caller, ServiceSettings.CalledNumber);
        var final = await call.InviteAsync();
        if (final.StatusCode >= 300)
        {
            await client.SendAsync(call.Ack(final));
        }

        return final;
    }

    private static async Task RunAsync(string program, params string[] args)
    {
        using var process = Process.Start(program, args)!;
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)} exited {process.ExitCode.ToString(CultureInfo.InvariantCulture)} (this test needs root for the tmpfs)");
    }
}
