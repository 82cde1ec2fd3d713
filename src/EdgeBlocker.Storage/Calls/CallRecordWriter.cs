using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeBlocker.Storage.Calls;

/// <summary>
/// Writes call records off the SIP path. <see cref="TryEnqueue(CallRecord)"/> never blocks: a bounded queue takes the record, or,
/// when full, the record is dropped and counted. A background loop writes batches of up to
/// <see cref="CallRecordWriterOptions.BatchSize"/> in one transaction, at least every
/// <see cref="CallRecordWriterOptions.FlushInterval"/>. A failed batch (disk full...) is counted as dropped and logged,
/// and writing carries on with the next one (the database reopens itself after a failed rollback); the first batch
/// written after failures is logged too. On stop, what is queued is written before the loop ends.
/// </summary>
public sealed partial class CallRecordWriter : BackgroundService
{
    /// <summary>How long a queue that overflowed keeps the writer to its base share (see <see cref="RestAfter"/>).</summary>
    internal static readonly TimeSpan OverloadMemory = TimeSpan.FromSeconds(10);

    private readonly ICallRecordBatchSink _sink;
    private readonly CallRecordWriterOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<CallWriteItem> _queue;
    private readonly List<CallWriteItem> _batch;
    private readonly Lock _writeGate = new();
    private long _queueFullAt; // timestamp of the last record the full queue turned away; 0 before any
    private long _written;
    private long _updated;
    private long _dropped;
    private long _failedBatches;
    private long _failedInARow;

    public CallRecordWriter(CallRecordStore store, CallRecordWriterOptions options, TimeProvider timeProvider, ILogger<CallRecordWriter> logger)
        : this((ICallRecordBatchSink)store, options, timeProvider, logger)
    {
    }

    internal CallRecordWriter(ICallRecordBatchSink sink, CallRecordWriterOptions options, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        _sink = sink;
        _options = options;
        _time = timeProvider;
        _logger = logger;
        _batch = new List<CallWriteItem>(options.BatchSize);
        _queue = Channel.CreateBounded<CallWriteItem>(new BoundedChannelOptions(options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // with TryWrite: "full" returns false at once, nothing waits
            SingleReader = false, // the loop, and StopAsync's final drain
            SingleWriter = false,
        });
    }

    /// <summary>Records written (committed).</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Answer/hang-up updates applied.</summary>
    public long Updated => Interlocked.Read(ref _updated);

    /// <summary>Records and updates dropped: queue full, writer stopped, or their batch failed to write.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Batches that failed to write.</summary>
    public long FailedBatches => Interlocked.Read(ref _failedBatches);

    /// <summary>Records and updates waiting.</summary>
    public int QueueLength => _queue.Reader.Count;

    /// <summary>Queues a record without blocking; false (and counted in <see cref="Dropped"/>) when the queue is full.</summary>
    public bool TryEnqueue(CallRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Offer(CallWriteItem.Insert(record));
    }

    /// <summary>
    /// Queues a record to be made on the writer's thread, without blocking; false (and counted in
    /// <see cref="Dropped"/>) when the queue is full, and then <paramref name="pending"/> is the caller's again.
    /// </summary>
    public bool TryEnqueue(IPendingCallRecord pending)
    {
        ArgumentNullException.ThrowIfNull(pending);
        return Offer(CallWriteItem.Insert(pending));
    }

    /// <summary>Queues the answer and/or hang-up time of a relayed call, found later by Call-ID (the newest record with it).</summary>
    public bool TryEnqueueUpdate(string callId, DateTimeOffset? answeredAt, DateTimeOffset? endedAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(callId);
        return Offer(CallWriteItem.Update(callId, answeredAt, endedAt));
    }

    /// <summary>Stops the loop, then writes everything still queued; records offered after this are dropped.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
        while (_queue.Reader.Count > 0 && WriteNextBatch(out _))
        {
        }

        // The database refused the final batches: what is left is lost, and counted.
        while (_queue.Reader.TryRead(out _))
        {
            Interlocked.Increment(ref _dropped);
        }

        // The life's account, for the journal: records lost under a flood are a gap in the traceback record.
        if (Dropped > 0)
        {
            LogStoppedWithDrops(Written, Updated, Dropped);
        }
        else
        {
            LogStopped(Written, Updated);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                if (_queue.Reader.Count < _options.BatchSize)
                {
                    // Let a batch gather: one transaction per record would not keep up under load.
                    await Task.Delay(_options.FlushInterval, _time, stoppingToken);
                }

                if (!WriteNextBatch(out var busy))
                {
                    await Task.Delay(_options.RetryDelay, _time, stoppingToken);
                    continue;
                }

                // DESIGN: a call is never delayed by storage. Writing is CPU-bound (LiteDB), so a writer that ran flat
                // out under a flood would take the core the SIP loop needs; it rests instead, and the queue absorbs or
                // drops (and counts) what it cannot write. The rest shrinks as the queue fills (see RestAfter).
                var droppedAt = Volatile.Read(ref _queueFullAt);
                var overloaded = droppedAt != 0 && _time.GetElapsedTime(droppedAt) < OverloadMemory;
                var rest = RestAfter(busy, _queue.Reader.Count, overloaded);
                if (rest > TimeSpan.Zero)
                {
                    await Task.Delay(rest, _time, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync writes what is left.
        }
    }

    /// <summary>
    /// How long to rest after a batch that took <paramref name="busy"/> with <paramref name="queued"/> still waiting.
    /// With an empty queue the writer keeps to <c>MaxBusyShare</c> of a core; its share grows in step with the queue
    /// and reaches a whole core when the queue is half full. A queue that fills is records about to be lost: at a
    /// cold start (code not yet compiled, caches empty) batches cost several times what they cost a minute later, and
    /// a writer that kept resting then dropped records at a rate it sustains for hours once warm. But a queue that
    /// overflowed even so (<paramref name="overloaded"/>: full within the last <see cref="OverloadMemory"/>) is a load
    /// beyond what the writer can write at all; it goes back to its share, and the SIP path keeps its CPU.
    /// </summary>
    internal TimeSpan RestAfter(TimeSpan busy, int queued, bool overloaded)
    {
        var fill = overloaded ? 0 : Math.Clamp(queued / (double)_options.QueueCapacity, 0, 1);
        var share = Math.Min(1, _options.MaxBusyShare + ((1 - _options.MaxBusyShare) * 2 * fill));
        return share >= 1 ? TimeSpan.Zero : busy * ((1 - share) / share);
    }

    private bool Offer(CallWriteItem item)
    {
        if (_queue.Writer.TryWrite(item))
        {
            return true;
        }

        Interlocked.Increment(ref _dropped);
        Volatile.Write(ref _queueFullAt, _time.GetTimestamp());
        return false;
    }

    /// <summary>
    /// Takes up to a batch from the queue and writes it; false when the write failed. <paramref name="busy"/> is the
    /// CPU time it took this thread (wall time where the thread's CPU clock cannot be read). Serialised: the loop and
    /// StopAsync may overlap.
    /// </summary>
    private bool WriteNextBatch(out TimeSpan busy)
    {
        var started = _time.GetTimestamp();
        var cpu = ThreadCpuTime.Now();
        try
        {
            return WriteNextBatch();
        }
        finally
        {
            busy = cpu is { } before && ThreadCpuTime.Now() is { } after ? after - before : _time.GetElapsedTime(started);
        }
    }

    private bool WriteNextBatch()
    {
        lock (_writeGate)
        {
            _batch.Clear();
            while (_batch.Count < _options.BatchSize && _queue.Reader.TryRead(out var item))
            {
                _batch.Add(item.Made());
            }

            return _batch.Count == 0 || Write(_batch);
        }
    }

    private bool Write(List<CallWriteItem> batch)
    {

        StorageResult<CallBatchResult> result;
        try
        {
            result = _sink.WriteBatch(batch);
        }
        catch (ObjectDisposedException ex)
        {
            result = StorageResult<CallBatchResult>.Fail(StorageErrorCode.Failed, ex.Message);
        }

        if (result.Succeeded)
        {
            Interlocked.Add(ref _written, result.Value.Inserted);
            Interlocked.Add(ref _updated, result.Value.Updated);
            if (_failedInARow > 0)
            {
                LogResumed(_failedInARow);
                _failedInARow = 0;
            }

            return true;
        }

        Interlocked.Add(ref _dropped, batch.Count);
        Interlocked.Increment(ref _failedBatches);
        _failedInARow++;
        LogBatchFailed(batch.Count, result.Error ?? "unknown error");
        return false;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not write {Count} call records; they are dropped: {Error}")]
    private partial void LogBatchFailed(int count, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call records since start: {Written} written, {Updated} updates applied, none dropped")]
    private partial void LogStopped(long written, long updated);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Call records since start: {Written} written, {Updated} updates applied, {Dropped} dropped (queue full or write failed)")]
    private partial void LogStoppedWithDrops(long written, long updated, long dropped);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call records are written again, after {Failed} failed batches")]
    private partial void LogResumed(long failed);
}
