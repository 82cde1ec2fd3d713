namespace EdgeBlocker.Storage;

/// <summary>Where the database lives and how long call records are kept. Bound from the <c>EdgeBlocker</c> section.</summary>
public sealed class StorageOptions
{
    /// <summary>The database file's name inside <see cref="DataDirectory"/>.</summary>
    public const string FileName = "edgeblocker.db";

    /// <summary><c>EdgeBlocker:DataDirectory</c>: the directory holding <c>edgeblocker.db</c>; created (mode 0750) if missing.</summary>
    public string DataDirectory { get; init; } = "./data";

    /// <summary><c>EdgeBlocker:Storage:RetentionDays</c>: call records older than this many days are deleted. Default 90.</summary>
    public int RetentionDays { get; init; } = 90;

    /// <summary><c>EdgeBlocker:Storage:MaxCallRecords</c>: the oldest call records beyond this count are deleted. Default 5,000,000.</summary>
    public long MaxCallRecords { get; init; } = 5_000_000;

    /// <summary>The default of <see cref="CacheLimitMB"/>.</summary>
    public const int DefaultCacheLimitMB = 48;

    /// <summary>
    /// <c>EdgeBlocker:Storage:CacheLimitMB</c>: most megabytes of database pages kept in memory. LiteDB 5 keeps every
    /// page it has read or written in its cache and never gives the memory back, so on a box that writes a call record
    /// per call its memory grew with the database (1.6 GB after 25 minutes at 1,000 calls a second). Past the limit
    /// the file is closed and opened again between two writes (at most once a minute), which drops the cache; the next
    /// garbage collection returns it. Default 48; 0 turns this off.
    /// </summary>
    public int CacheLimitMB { get; init; } = DefaultCacheLimitMB;

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath => Path.Combine(DataDirectory, FileName);

    /// <summary>Validation errors, each naming its configuration key; empty when the options are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            errors.Add("EdgeBlocker:DataDirectory must name a directory.");
        }

        if (RetentionDays < 1)
        {
            errors.Add("EdgeBlocker:Storage:RetentionDays must be at least 1.");
        }

        if (CacheLimitMB is < 0 or > 65536)
        {
            errors.Add("EdgeBlocker:Storage:CacheLimitMB must be between 0 (no limit) and 65536.");
        }

        if (MaxCallRecords < 1)
        {
            errors.Add("EdgeBlocker:Storage:MaxCallRecords must be at least 1.");
        }

        return errors;
    }
}
