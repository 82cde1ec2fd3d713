using System.Diagnostics;
using System.Globalization;
using System.Text;
using EdgeBlocker.IntegrationTests.Infrastructure;

namespace EdgeBlocker.IntegrationTests;

/// <summary>
/// List sync inside the running service: a million-entry feed is applied while sipp calls flow through the box, a
/// service killed in the middle of a sync comes back with one whole version, and a full disk fails the sync without
/// stopping the screening.
/// </summary>
public sealed class SyncServiceTests
{
    private const int FeedSize = 1_000_000;

    /// <summary>A caller that is in no feed here: its calls must go through the whole time.</summary>
    private const string Caller = "+12125550100";

    private static readonly Lazy<byte[]> MillionFeed = new(() => Feed(FeedSize));

    /// <summary>
    /// <paramref name="count"/> distinct NANP numbers (area codes 300-999, so never the caller above), the first of
    /// which is <see cref="FeedNumber"/>; in a few megabytes of plain text.
    /// </summary>
    private static byte[] Feed(int count)
    {
        var text = new StringBuilder(count * 13 + 32).Append("# generated test feed\n");
        for (long i = 0; i < count; i++)
        {
            text.Append(FeedNumberAt(i)).Append('\n');
        }

        return Encoding.ASCII.GetBytes(text.ToString());
    }

    private static string FeedNumberAt(long i) =>
        string.Create(CultureInfo.InvariantCulture, $"+1{300 + (i % 700)}{2_000_000 + (i / 700 * 7919 % 8_000_000):D7}");

    private const string FeedNumber = "+13002000000";

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

    [Fact]
    public async Task Calls_keep_flowing_while_a_million_entry_feed_is_applied_and_its_numbers_are_blocked_right_after()
    {
        await using var feeds = await FeedServer.StartAsync();
        feeds.Routes["/million.txt"] = FeedServer.Bytes(MillionFeed.Value, "text/plain");
        var corePort = Ports.Next();
        // The deployed T1 (500 ms), not the tests' short one: a box busy applying a list for 50 ms must not look lost.
        await using var service = await ServiceProcess.StartAsync(new ServiceSettings { Core = $"udp:{Loopback.Core}:{corePort}", T1 = null });
        const int Calls = 300;
        await using var core = await Sipp.StartAsync(new SippOptions { Scenario = "uas_call.xml", LocalAddress = Loopback.Core, LocalPort = corePort, Calls = Calls, Timeout = TimeSpan.FromSeconds(90) });
        Assert.Equal(0, (await Cli.RunAsync(service, "check", FeedNumber)).Exit);

        // 30 calls a second for ten seconds; the sync starts a second in, and takes seconds on this machine.
        var caller = Sipp.StartAsync(new SippOptions
        {
            Scenario = "uac_call.xml", LocalAddress = Loopback.Peer, Remote = service.SipEndPoint, Calls = Calls, Rate = 30,
            Keys = new Dictionary<string, string> { ["caller"] = Caller }, Timeout = TimeSpan.FromSeconds(90),
        });
        await Task.Delay(TimeSpan.FromSeconds(1));
        var stopwatch = Stopwatch.StartNew();
        var subscribe = await Cli.RunAsync(service, "subscribe", feeds.Url("million.txt").AbsoluteUri, "--name", "national");
        var synced = stopwatch.Elapsed;

        Assert.True(subscribe.Exit == 0, $"subscribe:\n{subscribe}\n\nbox:\n{service.Output}");
        Assert.True(subscribe.Output.Contains("applied version 2: 1000000 entries", StringComparison.Ordinal), subscribe.ToString());

        // Right after the command returns, the feed's numbers are screened.
        var blocked = await CallAsync(service, FeedNumber);
        Assert.True(blocked.StatusCode == 603, $"a feed number got {blocked.StatusCode} right after the sync ({synced.TotalSeconds:0.0} s)\n{service.Output}");
        var check = await Cli.RunAsync(service, "check", FeedNumberAt(FeedSize - 1));
        Assert.True(check.Exit == 1, check.ToString());

        await using var uac = await caller;
        var calls = await uac.WaitAsync(TimeSpan.FromSeconds(90));
        var answered = await core.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(calls.Succeeded(Calls), $"calls failed during the sync ({synced.TotalSeconds:0.0} s):\n{calls}\n\ncore:\n{answered}\n\nbox:\n{service.Output}");
    }

    [Fact]
    public async Task A_service_killed_in_the_middle_of_a_sync_restarts_with_one_whole_version_of_each_list()
    {
        await using var feeds = await FeedServer.StartAsync();
        var feed = Feed(300_000);
        feeds.Routes["/big.txt"] = FeedServer.Bytes(feed, "text/plain");
        var settings = new ServiceSettings { Core = $"udp:{Loopback.Core}:{Ports.Next()}" };
        var dataDirectory = Directory.CreateTempSubdirectory("edgeblocker-kill-").FullName;
        try
        {
            // Kill points spread over the sync: while fetching, parsing, writing and swapping.
            foreach (var delay in new[] { 50, 400, 900, 1600 })
            {
                await using var service = await ServiceProcess.StartAsync(settings, dataDirectory: dataDirectory);
                var subscribed = await Cli.RunAsync(service, "subscribe", feeds.Url("big.txt").AbsoluteUri, "--name", "big", "--no-sync");
                Assert.True(subscribed.Exit == 0 || subscribed.Error.Contains("already exists", StringComparison.Ordinal) || subscribed.Output.Contains("updated", StringComparison.Ordinal), subscribed.ToString());

                // A fresh version each round (drop the first number), so every sync has something to write.
                feeds.Routes["/big.txt"] = FeedServer.Bytes(Encoding.ASCII.GetBytes("# round " + delay + "\n" + Encoding.ASCII.GetString(feed)), "text/plain");
                var sync = Cli.RunAsync(service, "sync", "big");
                await Task.Delay(delay);
                await service.KillAsync();
                // A CLI that had not reached the service before the kill finds it gone and runs the sync itself on the
                // database; let it finish (bounded by the CLI helper's timeout) before the service opens it again.
                await sync;

                await using var restarted = await ServiceProcess.StartAsync(settings, dataDirectory: dataDirectory);
                var lists = await Cli.RunAsync(restarted, "lists");
                Assert.True(lists.Exit == 0, lists.ToString());
                var big = lists.Output.Split('\n').Single(l => l.StartsWith("big ", StringComparison.Ordinal));
                var entries = long.Parse(big.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3], CultureInfo.InvariantCulture);
                Assert.True(entries is 0 or 300_000, $"after a kill {delay} ms into the sync, list big has {entries} entries: not one whole version\n{lists.Output}");
                Assert.Equal(603, (await CallAsync(restarted, ServiceSettings.BlockedNumber)).StatusCode);
                if (entries == 300_000)
                {
                    Assert.Equal(603, (await CallAsync(restarted, FeedNumber)).StatusCode);
                }

                await restarted.StopAsync();
            }
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task A_full_disk_fails_the_sync_keeps_the_last_good_lists_and_the_database_opens_again()
    {
        var mount = Directory.CreateTempSubdirectory("edgeblocker-full-").FullName;
        using (var tmpfs = Process.Start("mount", ["-t", "tmpfs", "-o", "size=12m", "tmpfs", mount])!)
        {
            await tmpfs.WaitForExitAsync();
            Assert.True(tmpfs.ExitCode == 0, "this test needs root to mount a small tmpfs as the data directory");
        }

        try
        {
            await using var feeds = await FeedServer.StartAsync();
            feeds.Routes["/small.txt"] = FeedServer.Text("+13105550178\n+14155550101\n");
            feeds.Routes["/big.txt"] = FeedServer.Bytes(MillionFeed.Value, "text/plain");
            var settings = new ServiceSettings { Core = $"udp:{Loopback.Core}:{Ports.Next()}" };
            await using (var service = await ServiceProcess.StartAsync(settings, dataDirectory: mount))
            {
                Assert.Equal(0, (await Cli.RunAsync(service, "subscribe", feeds.Url("small.txt").AbsoluteUri, "--name", "small")).Exit);
                var full = await Cli.RunAsync(service, "subscribe", feeds.Url("big.txt").AbsoluteUri, "--name", "big");

                Assert.True(full.Exit == 2, full.ToString());
                Assert.Contains("failed", full.Error, StringComparison.Ordinal);
                await service.AssertAliveAsync("a sync that filled the disk");
                Assert.Equal(603, (await CallAsync(service, "+13105550178")).StatusCode);
                Assert.Equal(603, (await CallAsync(service, ServiceSettings.BlockedNumber)).StatusCode);
                Assert.NotEqual(603, (await CallAsync(service, FeedNumber)).StatusCode);
            }

            // Space comes back; the database opens, whole, and the next sync works.
            File.Delete(Path.Combine(mount, "sync", "big.part"));
            await using var restarted = await ServiceProcess.StartAsync(settings, dataDirectory: mount);
            var lists = await Cli.RunAsync(restarted, "lists");
            Assert.Contains("small", lists.Output, StringComparison.Ordinal);
            Assert.Equal(603, (await CallAsync(restarted, "+14155550101")).StatusCode);
        }
        finally
        {
            using var umount = Process.Start("umount", ["-l", mount])!;
            await umount.WaitForExitAsync();
            Directory.Delete(mount, recursive: true);
        }
    }
}
