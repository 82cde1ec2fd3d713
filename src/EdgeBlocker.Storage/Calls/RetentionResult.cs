namespace EdgeBlocker.Storage.Calls;

/// <summary>What one retention pass deleted.</summary>
public sealed record RetentionResult(long DeletedByAge, long DeletedByCount, long Remaining);
