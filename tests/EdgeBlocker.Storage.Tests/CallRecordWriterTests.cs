using EdgeBlocker.Storage.Calls;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using static EdgeBlocker.Storage.Tests.CallRecords;

namespace EdgeBlocker.Storage.Tests;

public sealed class CallRecordWriterTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly TempDirectory _dir = new();
    private readonly EdgeBlockerDatabase _db;

    public CallRecordWriterTests() => _db = EdgeBlockerDatabase.Open(_dir.Options());

    public void Dispose()
    {
        _db.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Records_are_written_in_batches_of_at_most_the_batch_size()
    {
        var sink = new RecordingSink(_db.Calls);
        using var writer = Writer(sink, capacity: 10_000, batchSize: 1_000);
        for (var i = 0; i < 2_500; i++)
        {
            Assert.True(writer.TryEnqueue(Make(T0.AddSeconds(i), "+15550000001", "+12025550100", callId: $"c{i}")));
        }

        await writer.StartAsync(CancellationToken.None);
        await Until(() => writer.Written == 2_500);
        await writer.StopAsync(CancellationToken.None);

        Assert.Equal(2_500, _db.Calls.Count());
        Assert.All(sink.BatchSizes, size => Assert.InRange(size, 1, 1_000));
        Assert.Equal(2_500, sink.BatchSizes.Sum());
        Assert.True(sink.BatchSizes.Count >= 3);
        Assert.Equal((0L, 0), (writer.Dropped, writer.QueueLength));
    }

    [Fact]
    public async Task A_pending_record_is_made_by_the_writer_and_one_the_full_queue_refuses_is_never_made()
    {
        var sink = new RecordingSink(_db.Calls);
        using var writer = Writer(sink, capacity: 3, batchSize: 10);
        var pending = Enumerable.Range(0, 5).Select(i => new Pending(Make(T0.AddSeconds(i), "+15550000001", "+12025550100", callId: $"p{i}"))).ToList();
        var accepted = pending.Select(writer.TryEnqueue).ToList();
        Assert.Equal([true, true, true, false, false], accepted);
        Assert.DoesNotContain(pending, p => p.Made); // nothing is made by the caller

        await writer.StartAsync(CancellationToken.None);
        await Until(() => writer.Written == 3);
        await writer.StopAsync(CancellationToken.None);

        Assert.Equal(["p0", "p1", "p2"], _db.Calls.Query(new CallQuery()).Select(r => r.CallId).Order());
        Assert.Equal([true, true, true, false, false], pending.Select(p => p.Made));
        Assert.Equal(2, writer.Dropped);
    }

    /// <summary>A record handed over pending; knows whether it was made.</summary>
    private sealed class Pending(CallRecord record) : IPendingCallRecord
    {
        public bool Made { get; private set; }

        public CallRecord Make()
        {
            Made = true;
            return record;
        }
    }

    [Fact]
    public async Task A_full_queue_drops_and_counts_without_blocking_the_caller()
    {
        using var gate = new ManualResetEventSlim(false);
        var sink = new GatedSink(_db.Calls, gate);
        var log = new StopLog();
        using var writer = Writer(sink, capacity: 10, batchSize: 100, logger: log);
        await writer.StartAsync(CancellationToken.None);
        Assert.True(writer.TryEnqueue(Make(T0, "+15550000001", "+12025550100", callId: "first")));
        await Until(() => sink.Entered);

        // The writer is stuck in the database; the queue takes 10 more and refuses the rest at once.
        var accepted = Enumerable.Range(0, 15).Count(i => writer.TryEnqueue(Make(T0.AddSeconds(i + 1), "+15550000001", "+12025550100", callId: $"q{i}")));

        Assert.Equal(10, accepted);
        Assert.Equal(5, writer.Dropped);
        Assert.Equal(10, writer.QueueLength);

        gate.Set();
        await Until(() => writer.Written == 11);
        await writer.StopAsync(CancellationToken.None);
        Assert.Equal(11, _db.Calls.Count());
        Assert.Equal(5, writer.Dropped);
        Assert.Equal((LogLevel.Warning, "Call records since start: 11 written, 0 updates applied, 5 dropped (queue full or write failed)"), log.Lines.Single());
    }

    [Fact]
    public async Task Stopping_says_what_was_written_and_that_nothing_was_dropped()
    {
        var log = new StopLog();
        using var writer = Writer(_db.Calls, capacity: 100, batchSize: 10, logger: log);
        await writer.StartAsync(CancellationToken.None);
        Assert.True(writer.TryEnqueue(Make(T0, "+15550000001", "+12025550100", callId: "only")));
        await writer.StopAsync(CancellationToken.None);

        Assert.Equal((LogLevel.Information, "Call records since start: 1 written, 0 updates applied, none dropped"), log.Lines.Single());
    }

    [Fact]
    public async Task Answer_and_hang_up_times_are_applied_to_the_record_with_that_call_id()
    {
        using var writer = Writer(_db.Calls, capacity: 100, batchSize: 100);
        await writer.StartAsync(CancellationToken.None);
        writer.TryEnqueue(Make(T0, "+15550000001", "+12025550100", callId: "relayed@a"));
        writer.TryEnqueue(Make(T0, "+15550000002", "+12025550100", callId: "other@a"));
        writer.TryEnqueueUpdate("relayed@a", T0.AddSeconds(4), null);
        await Until(() => writer.Updated == 1);

        writer.TryEnqueueUpdate("relayed@a", null, T0.AddSeconds(95));
        writer.TryEnqueueUpdate("unknown@a", null, T0.AddSeconds(95));
        await Until(() => writer.Updated == 2);
        await writer.StopAsync(CancellationToken.None);

        var relayed = Assert.Single(_db.Calls.Query(new CallQuery { Calling = "+15550000001" }));
        Assert.Equal((T0.AddSeconds(4), T0.AddSeconds(95)), (relayed.AnsweredAt, relayed.EndedAt));
        var other = Assert.Single(_db.Calls.Query(new CallQuery { Calling = "+15550000002" }));
        Assert.Equal((null, null), (other.AnsweredAt, other.EndedAt));
    }

    [Fact]
    public async Task A_failed_batch_is_counted_as_dropped_and_writing_resumes()
    {
        var sink = new FailingSink(_db.Calls) { FailuresLeft = 1 };
        using var writer = Writer(sink, capacity: 100, batchSize: 100);
        await writer.StartAsync(CancellationToken.None);

        for (var i = 0; i < 3; i++)
        {
            writer.TryEnqueue(Make(T0.AddSeconds(i), "+15550000001", "+12025550100", callId: $"lost{i}"));
        }

        await Until(() => writer.FailedBatches == 1);
        writer.TryEnqueue(Make(T0.AddMinutes(1), "+15550000001", "+12025550100", callId: "kept"));
        await Until(() => writer.Written == 1);
        await writer.StopAsync(CancellationToken.None);

        Assert.Equal(3, writer.Dropped);
        Assert.Equal(["kept"], _db.Calls.Query(new CallQuery()).Select(c => c.CallId));
    }

    [Fact]
    public async Task Stopping_writes_what_is_queued_and_later_records_are_dropped()
    {
        using var writer = Writer(_db.Calls, capacity: 1_000, batchSize: 50, flush: TimeSpan.FromSeconds(30));
        await writer.StartAsync(CancellationToken.None);
        for (var i = 0; i < 120; i++)
        {
            writer.TryEnqueue(Make(T0.AddSeconds(i), "+15550000001", "+12025550100"));
        }

        await writer.StopAsync(CancellationToken.None);

        Assert.Equal(120, writer.Written);
        Assert.Equal(120, _db.Calls.Count());
        Assert.False(writer.TryEnqueue(Make(T0, "+15550000001", "+12025550100")));
        Assert.Equal(1, writer.Dropped);
    }

    [Fact]
    public void The_rest_after_a_batch_keeps_the_writer_within_its_share_of_a_core()
    {
        var half = new CallRecordWriter(new SlowSink(TimeSpan.Zero), new CallRecordWriterOptions(), TimeProvider.System, NullLogger.Instance);
        Assert.Equal(TimeSpan.FromMilliseconds(80), half.RestAfter(TimeSpan.FromMilliseconds(80), queued: 0, overloaded: false));
        var quarter = new CallRecordWriter(new SlowSink(TimeSpan.Zero), new CallRecordWriterOptions { MaxBusyShare = 0.25 }, TimeProvider.System, NullLogger.Instance);
        Assert.Equal(TimeSpan.FromMilliseconds(300), quarter.RestAfter(TimeSpan.FromMilliseconds(100), queued: 0, overloaded: false));
        var full = new CallRecordWriter(new SlowSink(TimeSpan.Zero), new CallRecordWriterOptions { MaxBusyShare = 1 }, TimeProvider.System, NullLogger.Instance);
        Assert.Equal(TimeSpan.Zero, full.RestAfter(TimeSpan.FromMilliseconds(100), queued: 0, overloaded: false));
        Assert.NotEmpty(new CallRecordWriterOptions { MaxBusyShare = 0 }.Validate());
    }

    [Theory]
    [InlineData(0, 100)] // empty: half a core, rest as long as the batch took
    [InlineData(1_000, 100 * 0.4 / 0.6)] // a tenth full: 60 % of a core
    [InlineData(2_500, 100 / 3.0)] // a quarter full: 75 %
    [InlineData(5_000, 0)] // half full: a whole core, no rest
    [InlineData(10_000, 0)]
    [InlineData(20_000, 0)] // more than the capacity (a count read while it changes)
    public void The_rest_shrinks_as_the_queue_fills_and_ends_at_half_full(int queued, double restMilliseconds)
    {
        var writer = new CallRecordWriter(new SlowSink(TimeSpan.Zero), new CallRecordWriterOptions { QueueCapacity = 10_000 }, TimeProvider.System, NullLogger.Instance);
        Assert.Equal(restMilliseconds, writer.RestAfter(TimeSpan.FromMilliseconds(100), queued, overloaded: false).TotalMilliseconds, precision: 3);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5_000)]
    [InlineData(10_000)]
    public void A_writer_whose_queue_overflowed_keeps_to_its_share_however_full_the_queue(int queued)
    {
        // A flood beyond what the writer can write: taking the whole core would only take it from the SIP path.
        var writer = new CallRecordWriter(new SlowSink(TimeSpan.Zero), new CallRecordWriterOptions { QueueCapacity = 10_000 }, TimeProvider.System, NullLogger.Instance);
        Assert.Equal(TimeSpan.FromMilliseconds(100), writer.RestAfter(TimeSpan.FromMilliseconds(100), queued, overloaded: true));
    }

    [Fact]
    public async Task After_its_queue_overflows_a_writer_rests_even_with_the_queue_full()
    {
        // Batches of 60 ms of CPU from a full queue: without the overflow the writer would not rest at all; with it,
        // the next batch starts no sooner than 60 ms after the last ended (a lower bound: a busy machine cannot fail it).
        var sink = new SlowSink(TimeSpan.FromMilliseconds(60));
        var writer = new CallRecordWriter(sink, new CallRecordWriterOptions { QueueCapacity = 40, BatchSize = 10, FlushInterval = TimeSpan.FromMilliseconds(5) }, TimeProvider.System, NullLogger.Instance);
        for (var i = 0; i < 40; i++)
        {
            Assert.True(writer.TryEnqueue(Make(T0.AddSeconds(i), "+15550000001", "+12025550100")));
        }

        Assert.False(writer.TryEnqueue(Make(T0, "+15550000001", "+12025550100")), "the queue holds 40");
        await AssertRestsAfterEachBatch(writer, sink);
    }

    [Fact]
    public void The_thread_cpu_clock_counts_work_and_not_sleep()
    {
        Assert.True(ThreadCpuTime.Available, "this service runs on Linux, where the writer's share is counted in CPU time");
        var before = ThreadCpuTime.Now()!.Value;
        Thread.Sleep(200);
        var slept = ThreadCpuTime.Now()!.Value - before;
        var spinStart = DateTime.UtcNow;
        while (DateTime.UtcNow - spinStart < TimeSpan.FromMilliseconds(50))
        {
        }

        var worked = ThreadCpuTime.Now()!.Value - before - slept;
        Assert.True(slept < TimeSpan.FromMilliseconds(20), $"{slept.TotalMilliseconds} ms counted while asleep");
        Assert.True(worked > TimeSpan.Zero, "no CPU time counted for a busy loop");
    }

    [Fact]
    public async Task A_writer_behind_its_queue_rests_between_batches_instead_of_taking_the_core()
    {
        // Batches that each take 60 ms of CPU: at MaxBusyShare 0.5 the next one starts no sooner than 60 ms after
        // the last ended (a lower bound, so a busy machine cannot make this fail).
        var sink = new SlowSink(TimeSpan.FromMilliseconds(60));
        var writer = new CallRecordWriter(sink, new CallRecordWriterOptions { BatchSize = 10, FlushInterval = TimeSpan.FromMilliseconds(5) }, TimeProvider.System, NullLogger.Instance);
        for (var i = 0; i < 40; i++)
        {
            Assert.True(writer.TryEnqueue(Make(T0.AddSeconds(i), "+15550000001", "+12025550100")));
        }

        await AssertRestsAfterEachBatch(writer, sink);
    }

    /// <summary>Runs the writer for three batches of 60 ms of CPU each and checks that each next one started no sooner
    /// than 54 ms after the one before ended (a lower bound: a busy machine cannot make it fail).</summary>
    private static async Task AssertRestsAfterEachBatch(CallRecordWriter writer, SlowSink sink)
    {
        await writer.StartAsync(CancellationToken.None);
        await Until(() => sink.Batches.Count >= 3);
        await writer.StopAsync(CancellationToken.None);

        var batches = sink.Batches.ToArray();
        for (var i = 1; i < 3; i++)
        {
            var gap = batches[i].Start - batches[i - 1].End;
            Assert.True(gap >= TimeSpan.FromMilliseconds(54), $"batch {i} started {gap.TotalMilliseconds} ms after the one before ended");
        }
    }

    private sealed class SlowSink(TimeSpan cost) : ICallRecordBatchSink
    {
        public System.Collections.Concurrent.ConcurrentQueue<(DateTime Start, DateTime End)> Batches { get; } = new();

        public StorageResult<CallBatchResult> WriteBatch(IReadOnlyList<CallWriteItem> items)
        {
            var start = DateTime.UtcNow;
            var cpu = ThreadCpuTime.Now();
            while (cpu is { } before ? ThreadCpuTime.Now() - before < cost : DateTime.UtcNow - start < cost)
            {
                // Busy, like LiteDB's CPU-bound work: a sleep would not be "taking the core".
            }

            Batches.Enqueue((start, DateTime.UtcNow));
            return StorageResult<CallBatchResult>.Ok(new CallBatchResult(items.Count, 0, 0));
        }
    }

    private static CallRecordWriter Writer(ICallRecordBatchSink sink, int capacity, int batchSize, TimeSpan? flush = null, ILogger? logger = null) =>
        new(sink, new CallRecordWriterOptions
        {
            QueueCapacity = capacity,
            BatchSize = batchSize,
            FlushInterval = flush ?? TimeSpan.FromMilliseconds(20),
            RetryDelay = TimeSpan.FromMilliseconds(10),
        }, TimeProvider.System, logger ?? NullLogger.Instance);

    /// <summary>Keeps what the writer logs: level and message.</summary>
    private sealed class StopLog : ILogger
    {
        public List<(LogLevel, string)> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Lines)
            {
                Lines.Add((logLevel, formatter(state, exception)));
            }
        }
    }

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(10);
        }
    }

    private sealed class RecordingSink(ICallRecordBatchSink inner) : ICallRecordBatchSink
    {
        public List<int> BatchSizes { get; } = [];

        public StorageResult<CallBatchResult> WriteBatch(IReadOnlyList<CallWriteItem> items)
        {
            lock (BatchSizes)
            {
                BatchSizes.Add(items.Count);
            }

            return inner.WriteBatch(items);
        }
    }

    private sealed class GatedSink(ICallRecordBatchSink inner, ManualResetEventSlim gate) : ICallRecordBatchSink
    {
        private volatile bool _entered;

        public bool Entered => _entered;

        public StorageResult<CallBatchResult> WriteBatch(IReadOnlyList<CallWriteItem> items)
        {
            _entered = true;
            gate.Wait();
            return inner.WriteBatch(items);
        }
    }

    private sealed class FailingSink(ICallRecordBatchSink inner) : ICallRecordBatchSink
    {
        public int FailuresLeft { get; set; }

        public StorageResult<CallBatchResult> WriteBatch(IReadOnlyList<CallWriteItem> items)
        {
            if (FailuresLeft > 0)
            {
                FailuresLeft--;
                return StorageResult<CallBatchResult>.Fail(StorageErrorCode.Failed, "database error: No space left on device");
            }

            return inner.WriteBatch(items);
        }
    }
}
