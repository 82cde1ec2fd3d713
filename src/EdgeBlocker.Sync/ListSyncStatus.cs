using EdgeBlocker.Storage.Subscriptions;

namespace EdgeBlocker.Sync;

/// <summary>One subscription's sync state.</summary>
/// <param name="NextSyncAt">When the schedule syncs it next (null when disabled).</param>
public sealed record ListSyncStatus(
    string Name,
    bool Enabled,
    SyncStatus Status,
    DateTimeOffset? LastAttemptAt,
    DateTimeOffset? LastSuccessAt,
    SyncOutcome? LastOutcome,
    string? LastError,
    DateTimeOffset? NextSyncAt);
