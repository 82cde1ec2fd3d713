namespace EdgeBlocker.Storage.Calls;

/// <summary>Calls screened and blocked in one minute or one day (UTC) starting at <paramref name="Start"/>.</summary>
public sealed record CallCountBucket(DateTimeOffset Start, long Screened, long Blocked);
