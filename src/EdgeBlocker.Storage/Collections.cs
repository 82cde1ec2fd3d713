namespace EdgeBlocker.Storage;

/// <summary>Collection names in the database file: a contract with every migration, so never renamed casually.</summary>
internal static class Collections
{
    public const string Schema = "_schema";
    public const string Lists = "lists";
    public const string ListEntries = "list_entries";
    public const string ListNumbers = "list_numbers";
    public const string Audit = "audit";
    public const string Settings = "settings";
    public const string Calls = "calls";
    public const string CallBlocks = "call_blocks";
    public const string CallPages = "call_pages";
    public const string StatsMinute = "call_stats_minute";
    public const string StatsDay = "call_stats_day";
    public const string StatsCallerDay = "call_stats_caller_day";
    public const string StatsCallerDaySummary = "call_stats_caller_daysum";
    public const string StatsCallerDaySummaryParts = "call_stats_caller_daysum_parts";
    public const string StatsPeerDay = "call_stats_peer_day";
    public const string StatsCallerWeek = "call_stats_caller_week";
    public const string StatsCallerRuns = "call_stats_caller_runs";
    public const string StatsState = "call_stats_state";
    public const string Credentials = "credentials";
    public const string Subscriptions = "subscriptions";
    public const string SyncRuns = "sync_runs";
}
