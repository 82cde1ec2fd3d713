using EdgeBlocker.Storage;

namespace EdgeBlocker.Hosting;

/// <summary>The section <c>EdgeBlocker:Storage</c> as configured (the data directory is <c>EdgeBlocker:DataDirectory</c>).</summary>
public sealed class StorageKeys
{
    public const string SectionName = "EdgeBlocker:Storage";

    /// <summary>Call records older than this many days are deleted. Default 90.</summary>
    public int RetentionDays { get; set; } = 90;

    /// <summary>The oldest call records beyond this count are deleted. Default 5,000,000.</summary>
    public long MaxCallRecords { get; set; } = 5_000_000;

    /// <summary>Most megabytes of database pages kept in memory before the cache is dropped. Default 48.</summary>
    public int CacheLimitMB { get; set; } = StorageOptions.DefaultCacheLimitMB;

    /// <summary>The writer's settings, bound separately from <c>EdgeBlocker:Storage:Writer</c>.</summary>
    public Dictionary<string, string>? Writer { get; set; }
}
