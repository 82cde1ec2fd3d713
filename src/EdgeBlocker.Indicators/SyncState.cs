namespace EdgeBlocker.Indicators;

/// <summary>What the sync LED shows: how current the lists are. The host maps list sync's own status to this.</summary>
public enum SyncState
{
    /// <summary>Not reported yet: LED off.</summary>
    Unknown,

    /// <summary>Lists are current: steady on.</summary>
    Fresh,

    /// <summary>A sync is running: slow blink.</summary>
    Syncing,

    /// <summary>The last sync failed (the last good lists stay in force): fast blink.</summary>
    Failed,

    /// <summary>Lists are older than the stale limit: fast blink.</summary>
    Stale,
}
