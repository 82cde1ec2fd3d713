namespace EdgeBlocker.Sync;

/// <summary>List sync settings, section <c>EdgeBlocker:Sync</c>.</summary>
public sealed class SyncOptions
{
    public const string SectionName = "EdgeBlocker:Sync";

    /// <summary>The schedule of a new subscription when <c>subscribe</c> does not give one. Default 6 hours.</summary>
    public TimeSpan DefaultInterval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Up to this share of the interval is added at random to each scheduled sync, so that boxes do not all fetch at once. Default 0.1.</summary>
    public double Jitter { get; set; } = 0.1;

    /// <summary>After a failed sync the next try comes after this long (or the interval, if shorter). Default 15 minutes.</summary>
    public TimeSpan RetryFailedAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A subscription whose last successful sync is older than this is stale (the sync LED blinks fast). Default 24 hours.</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long one HTTP attempt may take to return the response headers. Default 30 seconds.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the body may stall between two reads before the download is abandoned. Default 30 seconds.</summary>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest a whole fetch (all attempts, body and signature) may take. Default 10 minutes.</summary>
    public TimeSpan DownloadTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Retries after a failed attempt (connection error, timeout, 408, 429, 5xx), with exponential back-off. Default 2.</summary>
    public int Retries { get; set; } = 2;

    /// <summary>The first retry's delay. Default 2 seconds.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The largest feed body accepted, in bytes, for subscriptions without their own limit. Default 256 MiB.</summary>
    public long MaxBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>The most entries a feed may have, for subscriptions without their own limit. Default 10,000,000.</summary>
    public long MaxEntries { get; set; } = 10_000_000;

    /// <summary>A feed with a larger share of bad lines than this is refused whole; below it, bad lines are skipped and reported. Default 0.01 (1 %).</summary>
    public double MaxBadLineShare { get; set; } = 0.01;

    /// <summary>How often the schedule is checked. Default 1 minute.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The problems found, each naming its key; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        void Positive(TimeSpan value, string key)
        {
            if (value <= TimeSpan.Zero)
            {
                problems.Add($"{SectionName}:{key}: must be a positive time span (hh:mm:ss), not {value}");
            }
        }

        Positive(RequestTimeout, nameof(RequestTimeout));
        Positive(StallTimeout, nameof(StallTimeout));
        Positive(DownloadTimeout, nameof(DownloadTimeout));
        Positive(StaleAfter, nameof(StaleAfter));
        Positive(CheckInterval, nameof(CheckInterval));
        Positive(RetryFailedAfter, nameof(RetryFailedAfter));
        if (DefaultInterval < TimeSpan.FromMinutes(1))
        {
            problems.Add($"{SectionName}:DefaultInterval: must be at least 00:01:00, not {DefaultInterval}");
        }

        if (Jitter is < 0 or > 1)
        {
            problems.Add($"{SectionName}:Jitter: must be between 0 and 1, not {Jitter}");
        }

        if (Retries is < 0 or > 10)
        {
            problems.Add($"{SectionName}:Retries: must be between 0 and 10, not {Retries}");
        }

        if (RetryDelay < TimeSpan.Zero)
        {
            problems.Add($"{SectionName}:RetryDelay: must not be negative");
        }

        if (MaxBytes < 1)
        {
            problems.Add($"{SectionName}:MaxBytes: must be at least 1, not {MaxBytes}");
        }

        if (MaxEntries < 1)
        {
            problems.Add($"{SectionName}:MaxEntries: must be at least 1, not {MaxEntries}");
        }

        if (MaxBadLineShare is < 0 or > 1)
        {
            problems.Add($"{SectionName}:MaxBadLineShare: must be between 0 and 1, not {MaxBadLineShare}");
        }

        return problems;
    }
}
