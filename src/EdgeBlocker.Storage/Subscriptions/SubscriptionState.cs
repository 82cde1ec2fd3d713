namespace EdgeBlocker.Storage.Subscriptions;

/// <summary>What the last syncs of a subscription left behind: validators for the next conditional request, and outcomes.</summary>
/// <param name="ETag">The entity tag of the version applied last, sent as If-None-Match.</param>
/// <param name="LastModified">The Last-Modified value of the version applied last, sent as If-Modified-Since.</param>
/// <param name="LastAttemptAt">When the last sync ended, whatever its outcome.</param>
/// <param name="LastSuccessAt">When a sync last ended with the feed current (applied, or unchanged).</param>
/// <param name="LastOutcome">The last sync's outcome.</param>
/// <param name="LastError">Why the last sync failed; null after a success.</param>
/// <param name="ContentHash">SHA-256 (hex) of the body applied last: the same body fetched again is not applied again.</param>
public sealed record SubscriptionState(
    string Name,
    string? ETag,
    string? LastModified,
    DateTimeOffset? LastAttemptAt,
    DateTimeOffset? LastSuccessAt,
    SyncOutcome? LastOutcome,
    string? LastError,
    string? ContentHash = null)
{
    public static SubscriptionState Empty(string name) => new(name, null, null, null, null, null, null);
}
