using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EdgeBlocker.IntegrationTests.Infrastructure;

namespace EdgeBlocker.Web.Tests;

/// <summary>
/// The SD card fills up (a small tmpfs as the data directory): the service stays up and calls are still screened, the
/// call records that cannot be written are counted as dropped, the dashboard says so, and a list import fails whole
/// with the old list still screening. When space returns, writing resumes by itself: the calls made after that are in
/// the call log, and the import works again.
/// </summary>
public sealed class DiskFullTests
{
    /// <summary>The one number on the list the test imports over while the disk is full.</summary>
    private const string Complainer = "+15551230009";

    [Fact]
    public async Task A_full_disk_drops_and_counts_records_while_screening_goes_on_and_writing_resumes_when_space_returns()
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
            using var api = WebSession.WithToken(service.BaseAddress(), await session.CreateTokenAsync("disk", "reader"));
            using var admin = WebSession.WithToken(service.BaseAddress(), await session.CreateTokenAsync("disk-admin", "admin"));
            var added = await admin.PostAsJsonAsync(new Uri("/api/lists/complaints/entries", UriKind.Relative), new { value = Complainer, reason = "complaint" });
            Assert.True(added.IsSuccessStatusCode, await added.Content.ReadAsStringAsync());
            var listBefore = await admin.GetFromJsonAsync<JsonElement>(new Uri("/api/lists/complaints", UriKind.Relative));

            var filler = Path.Combine(mount, "filler");
            Fill(filler);
            for (var i = 0; i < 5; i++)
            {
                Assert.Equal(603, (await CallAsync(service, ServiceSettings.BlockedNumber)).Final.StatusCode);
            }

            await service.AssertAliveAsync("a full disk");
            var full = await EventuallyAsync(api, h => h.GetProperty("recordsDropped").GetInt64() >= 5, "records counted as dropped");
            var page = await session.Http.GetStringAsync(new Uri("/", UriKind.Relative));
            Assert.Contains("id=\"dropped\"", page, StringComparison.Ordinal);
            Assert.Contains("class=\"bad\"", page, StringComparison.Ordinal);

            // An import on the full disk fails whole: the list keeps its version and still blocks its number. (Big
            // enough that it cannot fit in what LiteDB frees when it drops the failed batches from its log.)
            string importAnswer;
            using (var csv = new StringContent(string.Join('\n', Enumerable.Range(0, 200_000).Select(i => $"+1213{2_000_000 + i:D7}")), Encoding.UTF8, "text/plain"))
            {
                var import = await admin.PutAsync(new Uri("/api/lists/complaints/csv", UriKind.Relative), csv);
                importAnswer = $"{(int)import.StatusCode} {await import.Content.ReadAsStringAsync()}";
                Assert.False(import.IsSuccessStatusCode, "an import on a full disk succeeded: " + importAnswer);
            }

            var listDuring = await admin.GetFromJsonAsync<JsonElement>(new Uri("/api/lists/complaints", UriKind.Relative));
            Assert.True(listBefore.GetProperty("version").GetInt64() == listDuring.GetProperty("version").GetInt64(), $"the failed import ({importAnswer}) changed the list: {listDuring}\n{service.Output}");
            Assert.Equal(603, (await CallAsync(service, Complainer)).Final.StatusCode);

            // Space returns: the writer's next batches are written, without a restart.
            File.Delete(filler);
            var written = full.GetProperty("recordsWritten").GetInt64();
            var after = new List<string>();
            for (var i = 0; i < 3; i++)
            {
                var (call, final) = await CallAsync(service, ServiceSettings.BlockedNumber);
                Assert.Equal(603, final.StatusCode);
                after.Add(call.CallId);
            }

            var resumed = await EventuallyAsync(api, h => h.GetProperty("recordsWritten").GetInt64() >= written + 3, "records written again after space returned");
            var log = await api.GetFromJsonAsync<JsonElement>(new Uri("/api/calls?calling=" + Uri.EscapeDataString(ServiceSettings.BlockedNumber), UriKind.Relative));
            var logged = log.GetProperty("records").EnumerateArray().Select(r => r.GetProperty("callId").GetString()).ToList();
            Assert.All(after, id => Assert.Contains(id, logged));
            Assert.Equal(full.GetProperty("recordsDropped").GetInt64(), resumed.GetProperty("recordsDropped").GetInt64());
            for (var i = 0; i < 50 && !service.Printed.Contains("Call records are written again", StringComparison.Ordinal); i++)
            {
                await Task.Delay(100);
            }

            Assert.Contains("Call records are written again", service.Printed, StringComparison.Ordinal);

            using (var csv = new StringContent(Complainer + "\n+12135550001\n", Encoding.UTF8, "text/plain"))
            {
                var import = await admin.PutAsync(new Uri("/api/lists/complaints/csv", UriKind.Relative), csv);
                Assert.True(import.IsSuccessStatusCode, "the import after space returned: " + await import.Content.ReadAsStringAsync());
            }

            var listAfter = await admin.GetFromJsonAsync<JsonElement>(new Uri("/api/lists/complaints", UriKind.Relative));
            Assert.Equal((listBefore.GetProperty("version").GetInt64() + 1, 2), (listAfter.GetProperty("version").GetInt64(), listAfter.GetProperty("entryCount").GetInt64()));
            await service.AssertAliveAsync("a full disk and its space returning");
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

    private static async Task<(TestCall Call, WireMessage Final)> CallAsync(ServiceProcess service, string caller)
    {
        await using var client = SipClient.Udp(service.SipEndPoint);
        var call = new TestCall(client, caller, ServiceSettings.CalledNumber);
        var final = await call.InviteAsync();
        if (final.StatusCode >= 300)
        {
            await client.SendAsync(call.Ack(final));
        }

        return (call, final);
    }

    private static async Task RunAsync(string program, params string[] args)
    {
        using var process = Process.Start(program, args)!;
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)} exited {process.ExitCode.ToString(CultureInfo.InvariantCulture)} (this test needs root for the tmpfs)");
    }
}
