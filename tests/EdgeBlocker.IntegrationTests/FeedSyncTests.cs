using System.Security.Cryptography;
using System.Text;
using EdgeBlocker.IntegrationTests.Infrastructure;
using EdgeBlocker.Storage.Subscriptions;
using EdgeBlocker.Sync;

namespace EdgeBlocker.IntegrationTests;

/// <summary>
/// Feed sync against a real HTTP server on loopback and a real database file: every way a feed can be good or bad,
/// and that a bad one never touches the last good version.
/// </summary>
public sealed class FeedSyncTests
{
    private const string V1 = "# v1\n+12025550143\n+13105550178\n+14155550101\n";
    private const string V2 = "# v2\n+13105550178\n+14155550101\n+16465550111\n+17185550122\n";

    private static async Task<SyncHarness> WithGoodVersionAsync(string name = "feed")
    {
        var harness = await SyncHarness.StartAsync();
        harness.Subscribe(name, "list.txt", () => FeedServer.Text(V1));
        var first = await harness.SyncAsync(name);
        Assert.True(first.Outcome == SyncOutcome.Applied, first.Error);
        return harness;
    }

    private static void AssertStillVersionOne(SyncHarness harness, SyncRun run, SyncOutcome outcome, string error)
    {
        Assert.Equal(outcome, run.Outcome);
        Assert.True(run.Error?.Contains(error, StringComparison.Ordinal) == true, $"expected '{error}' in: {run.Error}");
        Assert.Equal([12025550143L, 13105550178L, 14155550101L], harness.Numbers("feed"));
        Assert.Equal(2, harness.Database.Lists.Get("feed")!.Version);
        Assert.Equal(SyncStatus.Failed, harness.Sync.Statuses().Single().Status);
        Assert.Contains(error, harness.Sync.History("feed")[0].Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unchanged_feed_costs_one_conditional_request_answered_304()
    {
        await using var harness = await WithGoodVersionAsync();

        var again = await harness.SyncAsync("feed");

        Assert.Equal(SyncOutcome.Unchanged, again.Outcome);
        var requests = harness.Server.RequestsFor("list.txt");
        Assert.Equal(2, requests.Count);
        Assert.NotEmpty(requests[1].IfNoneMatch);
        Assert.Equal("Sat, 28 Nov 2026 10:00:00 GMT", requests[1].IfModifiedSince);
        Assert.Equal(304, requests[1].Status);
        Assert.Equal(2, harness.Database.Lists.Get("feed")!.Version);
        Assert.Equal(1, harness.Activations);
        Assert.Equal(SyncStatus.Fresh, harness.Sync.Statuses().Single().Status);
    }

    [Fact]
    public async Task A_changed_feed_is_applied_with_its_counts_and_the_previous_version_is_one_rollback_away()
    {
        await using var harness = await WithGoodVersionAsync();
        harness.Server.Routes["/list.txt"] = FeedServer.Text(V2);

        var run = await harness.SyncAsync("feed");

        Assert.Equal((SyncOutcome.Applied, 4L, 2L, 1L, 2L), (run.Outcome, run.Entries, run.Added, run.Removed, run.Unchanged));
        Assert.Equal([13105550178L, 14155550101L, 16465550111L, 17185550122L], harness.Numbers("feed"));
        Assert.Equal(2, harness.Activations);
        Assert.True(harness.Sync.Rollback("feed", SyncHarness.Admin).Succeeded);
        Assert.Equal([12025550143L, 13105550178L, 14155550101L], harness.Numbers("feed"));
        Assert.Equal(["manual", "manual"], harness.Sync.History("feed").Select(r => r.Trigger));
    }

    [Fact]
    public async Task A_signed_feed_applies_only_while_its_signature_verifies()
    {
        await using var harness = await SyncHarness.StartAsync();
        using var signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var impostor = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        harness.Server.Routes["/signed.txt.sig"] = FeedServer.Bytes(signer.SignData(Encoding.UTF8.GetBytes(V1), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        harness.Subscribe("feed", "signed.txt", () => FeedServer.Text(V1), s => s with { PublicKeyPem = signer.ExportSubjectPublicKeyInfoPem() });

        var good = await harness.SyncAsync("feed");
        Assert.True(good.Outcome == SyncOutcome.Applied, good.Error);

        // The feed changes but its signature is the impostor's: refused whole, version 1 stays.
        harness.Server.Routes["/signed.txt"] = FeedServer.Text(V2);
        harness.Server.Routes["/signed.txt.sig"] = FeedServer.Bytes(Encoding.ASCII.GetBytes(Convert.ToBase64String(impostor.SignData(Encoding.UTF8.GetBytes(V2), HashAlgorithmName.SHA256))));
        AssertStillVersionOne(harness, await harness.SyncAsync("feed"), SyncOutcome.Rejected, "signature does not match");

        // No signature at all is no better.
        harness.Server.Routes.TryRemove("/signed.txt.sig", out _);
        AssertStillVersionOne(harness, await harness.SyncAsync("feed"), SyncOutcome.Rejected, "signature not fetched");
    }

    [Fact]
    public async Task A_truncated_body_is_a_failure_not_a_shorter_list()
    {
        await using var harness = await WithGoodVersionAsync();
        harness.Server.Routes["/list.txt"] = FeedServer.Truncated(V2);

        AssertStillVersionOne(harness, await harness.SyncAsync("feed"), SyncOutcome.Failed, "broke off");
    }

    [Fact]
    public async Task An_oversized_feed_is_refused_by_its_length_or_while_it_streams()
    {
        await using var harness = await WithGoodVersionAsync();
        harness.Sync.Update(harness.Sync.Subscription("feed")! with { MaxBytes = 60 }, SyncHarness.Admin);
        harness.Server.Routes["/list.txt"] = FeedServer.Text(V2 + "+12125550100\n+12125550101\n");
        AssertStillVersionOne(harness, await harness.SyncAsync("feed"), SyncOutcome.Rejected, "over the limit of 60");

        harness.Server.Routes["/list.txt"] = FeedServer.Chunked(V2 + "+12125550100\n+12125550101\n");
        AssertStillVersionOne(harness, await harness.SyncAsync("feed"), SyncOutcome.Rejected, "over the limit of 60 bytes");
    }

    [Fact]
    public async Task Too_many_entries_refuse_the_feed()
    {
        await using var harness = await WithGoodVersionAsync();
        harness.Sync.Update(harness.Sync.Subscription("feed")! with { MaxEntries = 3 }, SyncHarness.Admin);
        harness.Server.Routes["/list.txt"] = FeedServer.Text(V2);

        AssertStillVersionOne(harness, await harness.SyncAsync("feed"), SyncOutcome.Rejected, "more than 3 entries");
    }

    [Fact]
    public async Task An_html_error_page_is_refused_whether_or_not_it_says_it_is_html()
    {
        await using var harness = await WithGoodVersionAsync();
        const string Page = "<!DOCTYPE html>\n<html><body><h1>Maintenance</h1></body></html>\n";
        harness.Server.Routes["/list.txt"] = FeedServer.Text(Page, "text/html");
        AssertStillVersionOne(harness, await harness.SyncAsync("feed"), SyncOutcome.Rejected, "HTML page");

        harness.Server.Routes["/list.txt"] = FeedServer.Text(Page, "text/plain");
        AssertStillVersionOne(harness, await harness.SyncAsync("feed"), SyncOutcome.Rejected, "HTML page");
    }

    [Fact]
    public async Task A_server_error_is_retried_then_reported()
    {
        await using var harness = await WithGoodVersionAsync();
        harness.Server.Routes["/list.txt"] = FeedServer.Status(500, "oops");

        AssertStillVersionOne(harness, await harness.SyncAsync("feed"), SyncOutcome.Failed, "HTTP 500");
        Assert.Equal(1 + 1 + harness.Options.Retries, harness.Server.RequestsFor("list.txt").Count);
    }

    [Fact]
    public async Task A_hanging_server_or_a_stalled_body_times_out_and_the_service_goes_on()
    {
        await using var harness = await WithGoodVersionAsync();
        harness.Server.Routes["/list.txt"] = FeedServer.Hang();
        var started = DateTime.UtcNow;
        AssertStillVersionOne(harness, await harness.SyncAsync("feed"), SyncOutcome.Failed, "timed out");
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(8), "bounded by the request timeout and retries");

        harness.Server.Routes["/list.txt"] = FeedServer.Stall("+12125550100\n+121255");
        AssertStillVersionOne(harness, await harness.SyncAsync("feed"), SyncOutcome.Failed, "sent nothing for");
    }

    [Fact]
    public async Task A_few_bad_lines_are_skipped_and_reported_by_number_but_many_refuse_the_feed()
    {
        await using var harness = await WithGoodVersionAsync();
        var lines = Enumerable.Range(0, 300).Select(i => $"+1212555{i:D4}").ToList();
        lines[41] = "call me maybe";
        lines[199] = "+1 (212) 555-01";
        harness.Server.Routes["/list.txt"] = FeedServer.Text(string.Join('\n', lines) + "\n");

        var run = await harness.SyncAsync("feed");

        Assert.True(run.Outcome == SyncOutcome.Applied, run.Error);
        Assert.Equal(298, run.Entries);
        Assert.Equal([42L, 200L], run.SkippedLines.Select(l => l.Line));
        Assert.Equal([42L, 200L], harness.Sync.History("feed")[0].SkippedLines.Select(l => l.Line));

        harness.Server.Routes["/list.txt"] = FeedServer.Text(string.Join('\n', lines.Select((l, i) => i % 10 == 0 ? "garbage" : l)) + "\n");
        var refused = await harness.SyncAsync("feed");
        Assert.Equal(SyncOutcome.Rejected, refused.Outcome);
        Assert.Contains("MaxBadLineShare", refused.Error, StringComparison.Ordinal);
        Assert.Equal(298, harness.Numbers("feed").Length);
    }

    [Fact]
    public async Task An_empty_feed_does_not_empty_the_list()
    {
        await using var harness = await WithGoodVersionAsync();
        harness.Server.Routes["/list.txt"] = FeedServer.Text("# nothing today\n");

        AssertStillVersionOne(harness, await harness.SyncAsync("feed"), SyncOutcome.Rejected, "no entries");
    }

    [Fact]
    public async Task Csv_and_json_feeds_and_allow_and_dno_roles_apply()
    {
        await using var harness = await SyncHarness.StartAsync();
        harness.Subscribe("csv", "list.csv", () => FeedServer.Text("number,kind,reason\n+12025550143,exact,scam\n1202556,prefix,spoofed block\n"), s => s with { Format = FeedFormat.Csv });
        harness.Subscribe("json", "list.json", () => FeedServer.Text("[\"+13105550178\", {\"number\": \"+14155550101\", \"reason\": \"trusted\"}]", "application/json"), s => s with { Format = FeedFormat.Json, Role = FeedRole.Allow });
        harness.Subscribe("dno", "dno.txt", () => FeedServer.Text("+18005550100\n"), s => s with { Role = FeedRole.Dno });

        var runs = await harness.Sync.SyncAllAsync(SyncTriggers.Manual, SyncHarness.Admin, CancellationToken.None);

        Assert.All(runs, r => Assert.True(r.Outcome == SyncOutcome.Applied, r.List + ": " + r.Error));
        Assert.Equal(["exact:+12025550143:block:scam", "prefix:1202556:block:spoofed block"], harness.Database.Lists.ReadEntries("csv").Select(e => $"{e.Kind}:{e.Value}:{e.Action}:{e.Reason}").Order());
        Assert.All(harness.Database.Lists.ReadEntries("json"), e => Assert.Equal("allow", e.Action));
        Assert.Equal("dno", harness.Database.Lists.ReadEntries("dno").Single().Kind);
        Assert.Equal(SyncStatus.Fresh, harness.Sync.Overall());
    }

    [Fact]
    public async Task A_feed_not_synced_within_the_stale_limit_is_stale()
    {
        await using var harness = await SyncHarness.StartAsync(new SyncOptions { StaleAfter = TimeSpan.FromMilliseconds(300), Retries = 0 });
        harness.Subscribe("feed", "list.txt", () => FeedServer.Text(V1));
        Assert.Equal(SyncStatus.Stale, harness.Sync.Overall());

        await harness.SyncAsync("feed");
        Assert.Equal(SyncStatus.Fresh, harness.Sync.Overall());
        await Task.Delay(400);
        Assert.Equal(SyncStatus.Stale, harness.Sync.Overall());
    }

    [Fact]
    public async Task The_schedule_syncs_a_new_subscription_at_once_and_then_every_interval_plus_jitter()
    {
        await using var harness = await SyncHarness.StartAsync();
        using var schedule = new ListSync(harness.Sync, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<ListSync>.Instance);
        await schedule.StartAsync(CancellationToken.None);
        try
        {
            harness.Subscribe("feed", "list.txt", () => FeedServer.Text(V1), s => s with { Interval = TimeSpan.FromHours(6) });
            // The run's history entry is written just after its list goes live: wait for both.
            for (var i = 0; i < 100 && (harness.Numbers("feed").Length == 0 || harness.Sync.History("feed").Count == 0); i++)
            {
                await Task.Delay(100);
            }

            Assert.Equal(3, harness.Numbers("feed").Length);
            var run = Assert.Single(harness.Sync.History("feed"));
            Assert.Equal("schedule", run.Trigger);
        }
        finally
        {
            await schedule.StopAsync(CancellationToken.None);
        }

        var status = harness.Sync.Statuses().Single();
        var wait = status.NextSyncAt!.Value - status.LastAttemptAt!.Value;
        Assert.InRange(wait, TimeSpan.FromHours(6), TimeSpan.FromHours(6 * (1 + harness.Options.Jitter)));

        // After a failure the next try comes sooner than the interval.
        harness.Server.Routes["/list.txt"] = FeedServer.Status(503);
        await harness.SyncAsync("feed");
        status = harness.Sync.Statuses().Single();
        Assert.Equal(harness.Options.RetryFailedAfter, status.NextSyncAt!.Value - status.LastAttemptAt!.Value);
    }
}
