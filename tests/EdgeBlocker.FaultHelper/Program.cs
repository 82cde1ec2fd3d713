using System.Globalization;
using System.Text;
using EdgeBlocker.Screening;
using EdgeBlocker.Storage;
using EdgeBlocker.Storage.Calls;
using EdgeBlocker.Storage.Subscriptions;
using EdgeBlocker.Sync;
using EdgeBlocker.Sync.Feeds;

// Usage: EdgeBlocker.FaultHelper DATA_DIRECTORY
// Through the product's own write paths, in turn: imports a new version of list "imported" (FeedApplier.ApplyUpload,
// the CLI's import), applies a new version of subscription "feed" (FeedApplier.ApplyFeed, a sync's apply), and
// writes a batch of call records (the record writer's batch path). After each commit it prints what it committed,
// until it is killed (SIGKILL, by the fault test). The content of version V of a list is a function of V alone, so
// the test can tell a whole version from a part of one.
namespace EdgeBlocker.FaultHelper;

public static class Program
{
    public const int RecordsPerBatch = 100;
    private static readonly ChangeContext Who = new("fault-test", "local");

    public static int Main(string[] args)
    {
        if (args.Length != 1)
        {
            Console.Error.WriteLine("usage: EdgeBlocker.FaultHelper DATA_DIRECTORY");
            return 2;
        }

        using var db = EdgeBlockerDatabase.Open(new StorageOptions { DataDirectory = args[0] });
        var options = new SyncOptions();
        var applier = new FeedApplier(db, options, new PhoneNumberNormalizer("US"), TimeProvider.System);
        if (db.Subscriptions.Get("feed") is null)
        {
            db.Subscriptions.Add(new Subscription { Name = "feed", Url = new Uri("http://127.0.0.1:9/feed.txt") }, Who);
        }

        var batch = db.Calls.Count();
        Console.Out.WriteLine("ready");
        Console.Out.Flush();
        // Bounded: the test kills this process long before; if the test dies first, it still stops by itself.
        for (var step = 0; step < 3000; step++)
        {
            string line;
            switch (step % 3)
            {
                case 0:
                    var importVersion = (db.Lists.Get("imported")?.Version ?? 0) + 1;
                    using (var body = Feed(importVersion))
                    {
                        var run = applier.ApplyUpload("imported", body, FeedFormat.Plain, new FeedDefaults(FeedRole.Block, "603+"), 0, Who);
                        line = $"import {run.Outcome} {run.Version} {run.Entries}";
                    }

                    break;
                case 1:
                    var syncVersion = db.Lists.Get("feed")!.Version + 1;
                    using (var body = Feed(syncVersion))
                    {
                        var subscription = db.Subscriptions.Get("feed")!;
                        var state = db.Subscriptions.State("feed") with { ETag = $"\"v{syncVersion}\"", LastOutcome = SyncOutcome.Applied };
                        var run = applier.ApplyFeed(subscription, body, body.Length, state, SyncTriggers.Schedule, DateTimeOffset.UtcNow, Who);
                        line = $"sync {run.Outcome} {run.Version} {run.Entries}";
                    }

                    break;
                default:
                    var items = Enumerable.Range(0, RecordsPerBatch).Select(i => CallWriteItem.Insert(Record(batch, i))).ToList();
                    var written = db.Calls.WriteBatch(items);
                    line = written.Succeeded ? $"calls Applied {batch} {RecordsPerBatch}" : $"calls Failed {batch} {written.Error}";
                    batch += RecordsPerBatch;
                    break;
            }

            Console.Out.WriteLine(line);
            Console.Out.Flush();
        }

        return 3;
    }

    /// <summary>How many numbers version <paramref name="version"/> of a list has.</summary>
    public static int EntriesOf(long version) => 200 + (int)(version * 7919 % 3000);

    /// <summary>The plain feed of version <paramref name="version"/>: <see cref="EntriesOf"/> distinct NANP numbers.</summary>
    public static MemoryStream Feed(long version)
    {
        var text = new StringBuilder("# version ").Append(version).Append('\n');
        for (var i = 0; i < EntriesOf(version); i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"+1{300 + (i % 600)}{(version * 104729 + i) % 8_000_000 + 2_000_000:D7}\n");
        }

        return new MemoryStream(Encoding.ASCII.GetBytes(text.ToString()));
    }

    private static CallRecord Record(long batch, int index) => new()
    {
        Time = DateTimeOffset.UtcNow,
        CallingNumberReceived = "2025550143",
        CallingNumber = "+12025550143",
        CalledNumber = "+18005550100",
        Peer = "carrier-a",
        SourceAddress = "203.0.113.10:5060",
        Transport = "udp",
        CallId = string.Create(CultureInfo.InvariantCulture, $"fault-{batch + index}@helper"),
        Verdict = CallVerdicts.Block,
        Rule = "exact",
        ResponseCode = 603,
    };
}
