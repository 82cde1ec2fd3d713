using EdgeBlocker.Storage.Lists;
using EdgeBlocker.Storage.Subscriptions;

namespace EdgeBlocker.Storage.Tests;

public sealed class SubscriptionStoreTests : IDisposable
{
    private static readonly ChangeContext Admin = new("web:admin", "192.0.2.7");
    private readonly TempDirectory _dir = new();
    private readonly EdgeBlockerDatabase _db;

    public SubscriptionStoreTests() => _db = EdgeBlockerDatabase.Open(_dir.Options());

    public void Dispose()
    {
        _db.Dispose();
        _dir.Dispose();
    }

    private static Subscription Feed(string name = "industry") => new() { Name = name, Url = new Uri("https://feeds.example/robocallers.txt"), Interval = TimeSpan.FromHours(2) };

    private static IEnumerable<ListEntry> Numbers(params long[] numbers) => numbers.Select(n => ListEntry.Exact(n));

    [Fact]
    public void Subscribing_creates_the_list_and_is_audited()
    {
        Assert.True(_db.Subscriptions.Add(Feed() with { Format = FeedFormat.Csv, Role = FeedRole.Dno }, Admin).Succeeded);

        var stored = _db.Subscriptions.Get("industry")!;
        Assert.Equal((FeedFormat.Csv, FeedRole.Dno, TimeSpan.FromHours(2)), (stored.Format, stored.Role, stored.Interval));
        Assert.Equal(ListSource.Subscription, _db.Lists.Get("industry")!.Source);
        Assert.Equal("subscription.add", _db.Audit.ForTarget("industry")[0].Action);
        Assert.Equal(StorageErrorCode.AlreadyExists, _db.Subscriptions.Add(Feed(), Admin).Code);
    }

    [Theory]
    [InlineData("ftp://feeds.example/list.txt", "http")]
    [InlineData("https://feeds.example/list.txt", "minute")]
    public void Bad_subscriptions_are_refused_with_the_reason(string url, string reason)
    {
        var result = _db.Subscriptions.Add(Feed() with { Url = new Uri(url), Interval = reason == "minute" ? TimeSpan.FromSeconds(5) : TimeSpan.FromHours(1) }, Admin);
        Assert.Equal(StorageErrorCode.Invalid, result.Code);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
        Assert.Null(_db.Lists.Get("industry"));
    }

    [Fact]
    public void Applying_a_feed_writes_the_version_and_its_validators_together_with_counts()
    {
        _db.Subscriptions.Add(Feed(), Admin);
        var state = SubscriptionState.Empty("industry") with { ETag = "\"v1\"", ContentHash = "aa" };
        var first = _db.Subscriptions.Apply("industry", Numbers(15550000001, 15550000002, 15550000003), state, Admin, "test", null);
        Assert.Equal(new ReplaceStats(2, 3, 3, 0, 0), first.Value);

        var second = _db.Subscriptions.Apply("industry", Numbers(15550000002, 15550000003, 15550000004, 15550000005), state with { ETag = "\"v2\"" }, Admin, "test", null);
        Assert.Equal(new ReplaceStats(3, 4, 2, 1, 2), second.Value);
        Assert.Equal("\"v2\"", _db.Subscriptions.State("industry").ETag);
        Assert.Equal(2, _db.Lists.ChangeCount - 1); // add, then two applies
    }

    [Fact]
    public void A_feed_refused_before_commit_leaves_list_and_validators_as_they_were()
    {
        _db.Subscriptions.Add(Feed(), Admin);
        _db.Subscriptions.Apply("industry", Numbers(15550000001), SubscriptionState.Empty("industry") with { ETag = "\"v1\"" }, Admin, "test", null);

        var refused = _db.Subscriptions.Apply("industry", Numbers(15550000007, 15550000008), SubscriptionState.Empty("industry") with { ETag = "\"v2\"" }, Admin, "test", stats => stats.Added > 1 ? "too many bad lines" : null);

        Assert.Equal((StorageErrorCode.Invalid, "too many bad lines"), (refused.Code, refused.Error));
        Assert.Equal([15550000001L], _db.Lists.ReadEntries("industry").Select(e => e.Number));
        Assert.Equal("\"v1\"", _db.Subscriptions.State("industry").ETag);
        Assert.Equal(2, _db.Lists.Get("industry")!.Version);
    }

    [Fact]
    public void Removing_a_subscription_deletes_its_list_but_keeps_its_history()
    {
        _db.Subscriptions.Add(Feed(), Admin);
        _db.Subscriptions.Apply("industry", Numbers(15550000001), SubscriptionState.Empty("industry"), Admin, "test", null);
        var now = DateTimeOffset.UtcNow;
        _db.SyncRuns.Add(new SyncRun { List = "industry", Trigger = "manual", StartedAt = now, EndedAt = now, Outcome = SyncOutcome.Applied, Entries = 1, SkippedCount = 1, SkippedLines = [new SkippedLine(3, "bad")] });

        Assert.True(_db.Subscriptions.Remove("industry", Admin).Succeeded);

        Assert.Null(_db.Lists.Get("industry"));
        Assert.Empty(_db.Subscriptions.All());
        var run = Assert.Single(_db.SyncRuns.Recent("industry"));
        Assert.Equal(new SkippedLine(3, "bad"), run.SkippedLines.Single());
    }

    [Fact]
    public void Disabling_a_subscription_disables_its_list_and_a_new_url_forgets_the_validators()
    {
        _db.Subscriptions.Add(Feed(), Admin);
        _db.Subscriptions.SaveState(SubscriptionState.Empty("industry") with { ETag = "\"v1\"", LastModified = "Sat, 28 Nov 2026 10:00:00 GMT" });

        _db.Subscriptions.Update(Feed() with { Enabled = false }, Admin);
        Assert.False(_db.Lists.Get("industry")!.Enabled);
        Assert.Equal("\"v1\"", _db.Subscriptions.State("industry").ETag);

        _db.Subscriptions.Update(Feed() with { Url = new Uri("https://mirror.example/robocallers.txt") }, Admin);
        Assert.Null(_db.Subscriptions.State("industry").ETag);
        Assert.Null(_db.Subscriptions.State("industry").LastModified);
    }
}
