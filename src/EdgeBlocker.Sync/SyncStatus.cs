namespace EdgeBlocker.Sync;

/// <summary>A subscription's freshness, as the sync LED and the web page show it.</summary>
public enum SyncStatus
{
    /// <summary>The last sync succeeded within <see cref="SyncOptions.StaleAfter"/>.</summary>
    Fresh,

    /// <summary>A sync is running now.</summary>
    Syncing,

    /// <summary>The last sync failed or was refused; the last good version is screened.</summary>
    Failed,

    /// <summary>No successful sync within <see cref="SyncOptions.StaleAfter"/> (or none yet).</summary>
    Stale,
}
