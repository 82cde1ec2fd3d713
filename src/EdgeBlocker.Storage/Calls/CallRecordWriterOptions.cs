namespace EdgeBlocker.Storage.Calls;

/// <summary>How the call record writer queues and batches. Bound from <c>EdgeBlocker:Storage:Writer</c>.</summary>
public sealed class CallRecordWriterOptions
{
    /// <summary><c>QueueCapacity</c>: records (and updates) waiting to be written; beyond it new ones are dropped and counted. Default 50,000.</summary>
    public int QueueCapacity { get; init; } = 50_000;

    /// <summary><c>BatchSize</c>: most records per transaction. Default 1,000.</summary>
    public int BatchSize { get; init; } = 1_000;

    /// <summary><c>FlushInterval</c>: longest a queued record waits before its batch is written. Default 200 ms.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary><c>RetryDelay</c>: pause after a failed batch (disk full...) before writing again. Default 1 s.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary><c>MaxBusyShare</c>: the share of one core the writer may take while its queue is empty (0.05 to 1).
    /// After each batch it rests in proportion to the CPU time the batch took, so that under a load it cannot keep up
    /// with it drops records (counted) instead of taking the CPU the SIP path needs. The share grows with the queue and
    /// is a whole core from half full, so a burst (or a cold start) is written out rather than dropped; for 10 s after
    /// the queue overflowed it is this share again, however full the queue. Default 0.5.</summary>
    public double MaxBusyShare { get; init; } = 0.5;

    /// <summary>Validation errors naming the keys; empty when usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (QueueCapacity < 1)
        {
            errors.Add("EdgeBlocker:Storage:Writer:QueueCapacity must be at least 1.");
        }

        if (BatchSize < 1)
        {
            errors.Add("EdgeBlocker:Storage:Writer:BatchSize must be at least 1.");
        }

        if (FlushInterval <= TimeSpan.Zero)
        {
            errors.Add("EdgeBlocker:Storage:Writer:FlushInterval must be positive.");
        }

        if (RetryDelay < TimeSpan.Zero)
        {
            errors.Add("EdgeBlocker:Storage:Writer:RetryDelay must not be negative.");
        }

        if (MaxBusyShare is < 0.05 or > 1 || double.IsNaN(MaxBusyShare))
        {
            errors.Add("EdgeBlocker:Storage:Writer:MaxBusyShare must be between 0.05 and 1.");
        }

        return errors;
    }
}
