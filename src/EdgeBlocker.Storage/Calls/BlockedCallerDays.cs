using System.Runtime.InteropServices;
using LiteDB;

namespace EdgeBlocker.Storage.Calls;

/// <summary>
/// Blocked-call counts per caller per UTC day. The current day is counted in one small document per caller
/// (<c>call_stats_caller_day</c>, cheap to bump per batch); a finished day is compacted into one summary document
/// (<c>call_stats_caller_daysum</c>: the callers as one newline-joined string and their counts as packed int64), so a
/// top-callers query over 90 days reads 90 documents instead of hundreds of thousands.
/// <para>
/// A per-caller document's id is its day and number (<see cref="Id"/>), and days are found by ranges of ids: the day is
/// also a field (<c>d</c>), but not indexed (migration 007), as the index cost an index insert per caller per day.
/// The day's digits are six from year 274 to year 2739, so ids of different days compare as their days do.
/// </para>
/// </summary>
internal static class BlockedCallerDays
{
    /// <summary>The id of a caller's document for a day.</summary>
    public static string Id(long day, string number) => $"{day}|{number}";

    /// <summary>The per-caller documents of days before <paramref name="day"/>.</summary>
    public static BsonExpression Before(long day) => Filter.Lt("_id", Id(day, string.Empty));

    /// <summary>The per-caller documents of one day: number and blocked count.</summary>
    public static IEnumerable<(string Number, long Blocked)> OfDay(LiteDatabase db, long day) =>
        db.GetCollection(Collections.StatsCallerDay)
            .Find(Filter.Between("_id", Id(day, string.Empty), Id(day + 1, string.Empty)))
            .Where(d => d["d"].AsInt64 == day)
            .Select(d => (d["n"].AsString, d["blocked"].AsInt64));

    /// <summary>Sums blocked calls per caller over days [first, last], live documents and summaries alike.</summary>
    public static Dictionary<string, long> Sum(LiteDatabase db, long first, long last)
    {
        var totals = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var summary in db.GetCollection(Collections.StatsCallerDaySummary).Find(Filter.Between("_id", first, last)))
        {
            AddSummary(totals, summary);
        }

        var days = Filter.Between("_id", Id(first, string.Empty), Id(last + 1, string.Empty));
        foreach (var live in db.GetCollection(Collections.StatsCallerDay).Find(days).Where(d => d["d"].AsInt64 <= last))
        {
            var number = live["n"].AsString;
            totals[number] = totals.GetValueOrDefault(number) + live["blocked"].AsInt64;
        }

        return totals;
    }

    /// <summary>Folds the per-caller documents of days before <paramref name="today"/> into their day summaries. Caller owns the transaction.</summary>
    public static int CompactBefore(LiteDatabase db, long today)
    {
        var live = db.GetCollection(Collections.StatsCallerDay);
        var old = live.Find(Before(today)).ToList();
        if (old.Count == 0)
        {
            return 0;
        }

        var summaries = db.GetCollection(Collections.StatsCallerDaySummary);
        foreach (var day in old.GroupBy(d => d["d"].AsInt64))
        {
            var totals = new Dictionary<string, long>(StringComparer.Ordinal);
            if (summaries.FindById(day.Key) is { } existing)
            {
                AddSummary(totals, existing);
            }

            foreach (var doc in day)
            {
                var number = doc["n"].AsString;
                totals[number] = totals.GetValueOrDefault(number) + doc["blocked"].AsInt64;
                live.Delete(doc["_id"]);
            }

            var counts = totals.Values.ToArray();
            summaries.Upsert(new BsonDocument
            {
                ["_id"] = day.Key,
                ["n"] = string.Join('\n', totals.Keys),
                ["c"] = MemoryMarshal.AsBytes(counts.AsSpan()).ToArray(),
            });
        }

        return old.Count;
    }

    private static void AddSummary(Dictionary<string, long> totals, BsonDocument summary)
    {
        var numbers = summary["n"].AsString.Split('\n');
        var counts = MemoryMarshal.Cast<byte, long>(summary["c"].AsBinary);
        for (var i = 0; i < numbers.Length; i++)
        {
            totals[numbers[i]] = totals.GetValueOrDefault(numbers[i]) + counts[i];
        }
    }
}
