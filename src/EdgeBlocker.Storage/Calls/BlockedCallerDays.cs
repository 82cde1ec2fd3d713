using LiteDB;

namespace EdgeBlocker.Storage.Calls;

/// <summary>
/// Blocked-call counts per caller per UTC day. A day is counted in runs (<see cref="CallerRuns"/>, one per batch,
/// merged as they pile up); a finished day is compacted into one summary document (<c>call_stats_caller_daysum</c>: the
/// callers as one newline-joined string and their counts as packed int64), so a top-callers query over 90 days reads
/// 90 documents and today's runs.
/// </summary>
internal static class BlockedCallerDays
{
    /// <summary>Sums blocked calls per caller over days [first, last], summaries and runs alike.</summary>
    public static Dictionary<string, long> Sum(LiteDatabase db, long first, long last)
    {
        var totals = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var summary in db.GetCollection(Collections.StatsCallerDaySummary).Find(Filter.Between("_id", first, last)))
        {
            AddSummary(totals, summary);
        }

        foreach (var run in CallerRuns.OfDays(db, first, last))
        {
            CallerRuns.AddTo(totals, run);
        }

        return totals;
    }

    /// <summary>Folds the runs of days before <paramref name="today"/> into their day summaries; returns how many days. Caller owns the transaction.</summary>
    public static int CompactBefore(LiteDatabase db, long today)
    {
        var days = CallerRuns.OfDays(db, long.MinValue, today - 1).GroupBy(CallerRuns.DayOf).Select(g => g.Key).ToList();
        var summaries = db.GetCollection(Collections.StatsCallerDaySummary);
        foreach (var day in days)
        {
            var summary = new BsonDocument { ["_id"] = day };
            CallerRuns.WriteJoined(summary, "n", "c", Sum(db, day, day));
            summaries.Upsert(summary);
        }

        CallerRuns.DeleteBefore(db, today);
        return days.Count;
    }

    private static void AddSummary(Dictionary<string, long> totals, BsonDocument summary)
    {
        foreach (var (number, count) in CallerRuns.ReadJoined(summary, "n", "c"))
        {
            totals[number] = totals.GetValueOrDefault(number) + count;
        }
    }
}
