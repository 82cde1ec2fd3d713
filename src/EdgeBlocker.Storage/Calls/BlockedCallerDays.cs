using LiteDB;

namespace EdgeBlocker.Storage.Calls;

/// <summary>
/// Blocked-call counts per caller per UTC day. A day is counted in runs (<see cref="CallerRuns"/>, one per batch,
/// merged as they pile up); a finished day is compacted into one summary document (<c>call_stats_caller_daysum</c>: the
/// callers as one newline-joined string and their counts as packed int64), so a top-callers query over 90 days reads
/// 90 documents and today's runs. A day with more callers than a document holds
/// (<see cref="CallerRuns.MaxCallersPerDocument"/>) keeps the rest in more parts (<c>call_stats_caller_daysum_parts</c>,
/// indexed on their day).
/// </summary>
internal static class BlockedCallerDays
{
    private const string DayField = "d";

    /// <summary>Sums blocked calls per caller over days [first, last], summaries and runs alike.</summary>
    public static Dictionary<string, long> Sum(LiteDatabase db, long first, long last)
    {
        var totals = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var summary in db.GetCollection(Collections.StatsCallerDaySummary).Find(Filter.Between("_id", first, last)))
        {
            AddSummary(totals, summary);
        }

        foreach (var part in db.GetCollection(Collections.StatsCallerDaySummaryParts).Find(Filter.Between(DayField, first, last)))
        {
            AddSummary(totals, part);
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
        var parts = db.GetCollection(Collections.StatsCallerDaySummaryParts);
        if (days.Count > 0)
        {
            parts.EnsureIndex(DayField, "$." + DayField);
        }

        foreach (var day in days)
        {
            var split = CallerRuns.Parts(Sum(db, day, day)); // the summary so far (late records), its parts and the runs
            parts.DeleteMany(Filter.Eq(DayField, day));
            var summary = new BsonDocument { ["_id"] = day };
            CallerRuns.WriteJoined(summary, "n", "c", split.Count > 0 ? split[0] : []);
            summaries.Upsert(summary);
            foreach (var more in split.Skip(1))
            {
                var part = new BsonDocument { [DayField] = day };
                CallerRuns.WriteJoined(part, "n", "c", more);
                parts.Insert(part);
            }
        }

        CallerRuns.DeleteBefore(db, today);
        return days.Count;
    }

    /// <summary>Deletes the summaries of days before <paramref name="day"/>, and their parts. Caller owns the transaction.</summary>
    public static void DeleteBefore(LiteDatabase db, long day)
    {
        db.GetCollection(Collections.StatsCallerDaySummary).DeleteMany(Filter.Lt("_id", day));
        db.GetCollection(Collections.StatsCallerDaySummaryParts).DeleteMany(Filter.Lt(DayField, day));
    }

    private static void AddSummary(Dictionary<string, long> totals, BsonDocument summary)
    {
        foreach (var (number, count) in CallerRuns.ReadJoined(summary, "n", "c"))
        {
            totals[number] = totals.GetValueOrDefault(number) + count;
        }
    }
}
