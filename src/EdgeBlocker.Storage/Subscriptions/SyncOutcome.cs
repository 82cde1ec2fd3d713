namespace EdgeBlocker.Storage.Subscriptions;

/// <summary>How a sync (or an upload) ended.</summary>
public enum SyncOutcome
{
    /// <summary>A new version was written and made active.</summary>
    Applied,

    /// <summary>The feed had not changed (304, or the same content): nothing was written.</summary>
    Unchanged,

    /// <summary>The feed was fetched but refused whole (signature, limits, an HTML page, too many bad lines): the last good version stays.</summary>
    Rejected,

    /// <summary>The feed could not be fetched or stored (network, timeout, server error, disk): the last good version stays.</summary>
    Failed,
}
