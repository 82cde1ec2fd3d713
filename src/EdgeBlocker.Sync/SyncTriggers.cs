namespace EdgeBlocker.Sync;

/// <summary>What started a sync run, as recorded in the history.</summary>
public static class SyncTriggers
{
    public const string Schedule = "schedule";
    public const string Manual = "manual";
    public const string Upload = "upload";
}
