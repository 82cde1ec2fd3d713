namespace EdgeBlocker.Sync.Fetching;

/// <summary>How fetching a feed ended.</summary>
public enum FeedDownloadStatus
{
    /// <summary>The body was received whole (and its signature verified, when the subscription has a key).</summary>
    Downloaded,

    /// <summary>304: the version applied last is current.</summary>
    NotModified,

    /// <summary>Received, but not acceptable as a feed (limits, signature, an HTML page).</summary>
    Rejected,

    /// <summary>Not received (connection, timeout, HTTP error, truncated body, local disk).</summary>
    Failed,
}
