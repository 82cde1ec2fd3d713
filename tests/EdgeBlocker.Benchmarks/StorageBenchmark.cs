using BenchmarkDotNet.Attributes;
using EdgeBlocker.Storage;
using EdgeBlocker.Storage.Calls;
using EdgeBlocker.Storage.Lists;

namespace EdgeBlocker.Benchmarks;

/// <summary>
/// Storage figures the targets are stated in: reading a 1M-number list out of LiteDB (the snapshot build's share of
/// its 1 s budget), replacing a list with 1M entries (import/sync, target ≈10 s), and call-log, traceback and dashboard
/// queries over 1M call records (web page target: p95 under 100 ms).
/// The 1M-record database is built once (≈1-2 min) under the temp directory and reused by every benchmark process
/// (delete <c>edgeblocker-storage-bench-v1</c> to rebuild).
/// </summary>
[MemoryDiagnoser]
public class StorageBenchmark
{
    private const int Numbers = 1_000_000;
    private const int Calls = 1_000_000;
    private const int Days = 90;
    private static readonly ChangeContext Bench = new("bench", "local");
    private static readonly DateTimeOffset End = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private EdgeBlockerDatabase _db = null!;
    private ListEntry[] _replacement = null!;
    private string _caller = null!;
    private CallRecord _traced = null!;
    private int _batch;

    public static string FixtureDirectory => Path.Combine(Path.GetTempPath(), "edgeblocker-storage-bench-v1");

    /// <summary>The fixture's "now": its last call is just before.</summary>
    public static DateTimeOffset FixtureEnd => End;

    /// <summary>Call <paramref name="i"/> of the fixture, as stored.</summary>
    public static CallRecord FixtureRecord(int i) => Record(i);

    [GlobalSetup]
    public void Setup()
    {
        EnsureFixture();
        _db = EdgeBlockerDatabase.Open(new StorageOptions { DataDirectory = FixtureDirectory }, new FixedTime(End));
        _replacement = Enumerable.Range(0, Numbers).Select(i => ListEntry.Exact(16000000000L + (i * 7L), "feed")).ToArray();
        _caller = Record(123_457).CallingNumber!;
        _traced = Record(777_777);
    }

    [GlobalCleanup]
    public void Cleanup() => _db.Dispose();

    /// <summary>Builds the fixture unless a complete one is there; a fixture written by an older version is left as it is.</summary>
    public static void EnsureFixture()
    {
        var marker = Path.Combine(FixtureDirectory, "complete");
        if (!File.Exists(marker))
        {
            if (Directory.Exists(FixtureDirectory))
            {
                Directory.Delete(FixtureDirectory, recursive: true);
            }

            Build();
            File.WriteAllText(marker, "1");
        }
    }

    /// <summary>The snapshot build's read: all active entries of enabled lists, 1M packed exact numbers among them.</summary>
    [Benchmark]
    public long LoadActive_1M() => _db.Lists.LoadActive().EntryCount;

    /// <summary>The same 1M entries one <see cref="ListEntry"/> object at a time (export path).</summary>
    [Benchmark]
    public long StreamActiveEntries_1M() => _db.Lists.StreamActiveEntries().LongCount();

    /// <summary>Import/sync: replace a list with 1M exact numbers in one transaction (old version deleted on the next).</summary>
    [Benchmark]
    public long ReplaceList_1M() => _db.Lists.ReplaceEntries("replaced", _replacement, Bench).Value;

    [Benchmark]
    public int CallLog_FirstPage() => _db.Calls.Query(new CallQuery { Limit = 50 }).Count;

    [Benchmark]
    public int CallLog_Page20() => _db.Calls.Query(new CallQuery { Skip = 1000, Limit = 50 }).Count;

    [Benchmark]
    public int CallLog_BlockedLastDay() => _db.Calls.Query(new CallQuery { From = End.AddDays(-1), Verdict = CallVerdicts.Block, Limit = 50 }).Count;

    [Benchmark]
    public int CallLog_ByCaller() => _db.Calls.Query(new CallQuery { Calling = _caller, Limit = 50 }).Count;

    [Benchmark]
    public int CallLog_ByPeerLastWeek() => _db.Calls.Query(new CallQuery { From = End.AddDays(-7), Peer = "carrier-e", Limit = 50 }).Count;

    [Benchmark]
    public int Traceback_1h() => _db.Calls.Traceback(_traced.Time.AddMinutes(7), _traced.CallingNumber!, _traced.CalledNumber!, TimeSpan.FromHours(1)).Count;

    [Benchmark]
    public int Dashboard_PerMinute_24h() => _db.Calls.CountsPerMinute(End.AddDays(-1), End).Count;

    [Benchmark]
    public int Dashboard_PerDay_90d() => _db.Calls.CountsPerDay(End.AddDays(-Days), End).Count;

    [Benchmark]
    public int Dashboard_TopBlockedCallers_7d() => _db.Calls.TopBlockedCallers(End.AddDays(-7), End, 10).Count;

    [Benchmark]
    public int Dashboard_TopBlockedCallers_90d() => _db.Calls.TopBlockedCallers(End.AddDays(-Days), End, 10).Count;

    [Benchmark]
    public int Dashboard_TopPeers_30d() => _db.Calls.TopPeersByBlockedShare(End.AddDays(-30), End, 10).Count;

    /// <summary>One writer batch of 1,000 records into the 1M-record file, committed and checkpointed (the durable default).</summary>
    [Benchmark]
    public int WriteBatch_1000_Durable() => WriteBatch(durable: true);

    /// <summary>The same without the checkpoint after commit.</summary>
    [Benchmark]
    public int WriteBatch_1000_CommitOnly() => WriteBatch(durable: false);

    private int WriteBatch(bool durable)
    {
        _db.Calls.DurableBatches = durable;
        var first = Calls + (++_batch * 1_000);
        var items = Enumerable.Range(first, 1_000).Select(i => CallWriteItem.Insert(Record(i))).ToList();
        return _db.Calls.WriteBatch(items).Value.Inserted;
    }

    /// <summary>
    /// A benchmark's call <paramref name="i"/> from caller number <paramref name="caller"/>: one of 500 called numbers,
    /// one of 5 peers, blocked by list <c>big</c> or allowed.
    /// </summary>
    internal static CallRecord Call(int i, DateTimeOffset time, int caller, bool blocked) => new()
    {
        Time = time,
        CallingNumberReceived = $"1555{caller:D7}",
        CallingNumber = $"+1555{caller:D7}",
        CalledNumberReceived = $"1202555{i % 500:D4}",
        CalledNumber = $"+1202555{i % 500:D4}",
        Peer = "carrier-" + (char)('a' + (i % 5)),
        SourceAddress = $"203.0.113.{i % 5}:5060",
        Transport = "udp",
        CallId = $"{i:x8}-bench@203.0.113.{i % 5}",
        Verdict = blocked ? CallVerdicts.Block : CallVerdicts.Allow,
        Rule = blocked ? "exact" : null,
        List = blocked ? "big" : null,
        ResponseCode = blocked ? 603 : 200,
    };

    /// <summary>Call i of the fixture: 1M calls evenly over 90 days, 20,000 callers (30 % blocked), 5 peers, with identity headers.</summary>
    private static CallRecord Record(int i)
    {
        var caller = (i * 7919) % 20_000;
        return Call(i, End.AddDays(-Days).AddTicks((long)i * (TimeSpan.TicksPerDay * Days / Calls)), caller, blocked: caller % 10 < 3) with
        {
            PAssertedIdentity = $"<sip:+1555{caller:D7}@carrier.example>",
            Attestation = "B",
            OrigId = "4437c7eb-8f7a-4f0e-a863-f53a0e60251a",
        };
    }

    private static void Build()
    {
        using var db = EdgeBlockerDatabase.Open(new StorageOptions { DataDirectory = FixtureDirectory }, new FixedTime(End));
        db.Lists.Create("big", ListSource.Subscription, "1M numbers", Bench);
        db.Lists.ReplaceEntries("big", Enumerable.Range(0, Numbers).Select(i => ListEntry.Exact(15000000000L + (i * 13L), "feed")), Bench);
        db.Lists.Create("replaced", ListSource.Upload, "replaced by the benchmark", Bench);
        db.Lists.SetEnabled("replaced", false, Bench);
        db.Calls.DurableBatches = false;
        for (var start = 0; start < Calls; start += 10_000)
        {
            var items = Enumerable.Range(start, 10_000).Select(i => CallWriteItem.Insert(Record(i))).ToList();
            if (!db.Calls.WriteBatch(items).Succeeded)
            {
                throw new InvalidOperationException("fixture write failed");
            }
        }

        db.Checkpoint();
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
