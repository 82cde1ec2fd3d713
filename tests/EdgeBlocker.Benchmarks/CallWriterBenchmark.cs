using BenchmarkDotNet.Attributes;
using EdgeBlocker.Storage;
using EdgeBlocker.Storage.Calls;

namespace EdgeBlocker.Benchmarks;

/// <summary>
/// The record writer's cost per batch of 1,000 call records, half of them blocked, committed and checkpointed as the
/// service writes them, in a file that grows as the benchmark runs. <see cref="Callers"/> is how many numbers the
/// blocked calls come from: the sipp ladder's blocked calls come from 200,000 numbers (each once in a batch), the soak's
/// from one. What a batch costs beyond the inserts is the per-caller statistics, the day's and the rolling week's.
/// </summary>
[MemoryDiagnoser]
public class CallWriterBenchmark
{
    private const int BatchSize = 1_000;
    /// <summary>Today: the rolling week's window follows the clock, and a batch adds only its days to it.</summary>
    private static readonly DateTimeOffset Start = new(DateTime.UtcNow.Date, TimeSpan.Zero);

    private EdgeBlockerDatabase _db = null!;
    private string _directory = null!;
    private int _next;

    [Params(1, 200_000)]
    public int Callers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "edgeblocker-writer-bench-" + Guid.NewGuid().ToString("N"));
        _db = EdgeBlockerDatabase.Open(new StorageOptions { DataDirectory = _directory }, TimeProvider.System);

        // The dashboard's rolling week exists from its first view on, and every batch then adds to it too.
        _db.Calls.TopBlockedCallersThisWeek();

        // Warm the file past its first pages: a week-old box, not an empty one.
        for (var i = 0; i < 100; i++)
        {
            WriteBatch();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _db.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark]
    public int WriteBatch()
    {
        var items = new List<CallWriteItem>(BatchSize);
        for (var i = 0; i < BatchSize; i++)
        {
            items.Add(CallWriteItem.Insert(Record(_next++)));
        }

        return _db.Calls.WriteBatch(items).Value.Inserted;
    }

    /// <summary>Call i: every other one blocked, from one of <see cref="Callers"/>; the others from 5,000 clean callers; 4,000 a second.</summary>
    private CallRecord Record(int i)
    {
        var blocked = (i & 1) == 0;
        var caller = blocked ? (i / 2) % Callers : 1_000_000 + (i % 5_000);
        return StorageBenchmark.Call(i, Start.AddTicks(i * (TimeSpan.TicksPerSecond / 4_000)), caller, blocked);
    }
}
