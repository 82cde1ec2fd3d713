namespace EdgeBlocker.Web.Services;

/// <summary>The service's health at one moment.</summary>
/// <param name="CpuCelsius">Null where the board has no temperature sensor the kernel shows.</param>
/// <param name="DatabaseBytes">The database file and its write-ahead log.</param>
/// <param name="RecordsDropped">Call records dropped since start (full queue or failed writes).</param>
public sealed record HealthView(
    DateTimeOffset StartedAt,
    TimeSpan Uptime,
    double? CpuCelsius,
    long DatabaseBytes,
    long RecordsWritten,
    long RecordsDropped,
    long FailedBatches,
    int QueueLength);
