using LiteDB;

namespace EdgeBlocker.Storage.Calls;

/// <summary>
/// Blocked calls per caller over a rolling window of <see cref="Days"/> UTC days, today included: one document per
/// caller in <c>call_stats_caller_week</c>, indexed by its count, so the dashboard's top callers are the first few
/// entries of that index instead of a sum over a week of per-day counts.
/// <para>
/// The invariant: the window's documents equal <see cref="BlockedCallerDays.Sum"/> over the window's days. Each batch
/// adds its blocked callers in its own transaction; when the day changes, the day that left the window is subtracted
/// (once a day, from that day's counts). Where the window cannot be moved that way (first use, a clock set back, more
/// than a week skipped, or days removed by retention) it is rebuilt from the per-day counts. Every change runs under
/// the call-record gate.
/// </para>
/// </summary>
internal static class BlockedCallerWeek
{
    public const int Days = 7;

    /// <summary>How many callers tied with the tenth (or last) place are read to order ties by number.</summary>
    private const int TieReadLimit = 1_000;

    private const string WindowId = "caller_week";
    private const string CountField = "b";

    /// <summary>Creates the collection and its count index (migration 004); the window itself is built on first use.</summary>
    public static void Create(LiteDatabase db)
    {
        db.GetCollection(Collections.StatsCallerWeek).EnsureIndex(CountField, "$." + CountField);
        db.GetCollection(Collections.StatsState);
    }

    /// <summary>The first day of the stored window, or null when there is none yet (or it was invalidated).</summary>
    public static long? WindowStart(LiteDatabase db) =>
        db.GetCollection(Collections.StatsState).FindById(WindowId) is { } state ? state["first"].AsInt64 : null;

    /// <summary>
    /// Adds a batch's blocked calls per (day, caller). Call before the batch's per-day counts are stored, in the
    /// same transaction: a rebuild triggered here must not see the batch twice. Callers in <paramref name="known"/> are
    /// counted without reading their documents; when the window moves, it is forgotten and loaded afresh.
    /// </summary>
    public static void Add(LiteDatabase db, IReadOnlyDictionary<(long Day, string Number), long> blocked, ref GiveWay giveWay, KnownCallerCounts? known)
    {
        if (blocked.Count == 0 || WindowStart(db) is not { } first)
        {
            return;
        }

        var newest = blocked.Keys.Max(k => k.Day);
        if (newest >= first + Days)
        {
            first = MoveTo(db, first, newest - Days + 1);
            known?.Forget();
        }

        var week = db.GetCollection(Collections.StatsCallerWeek);
        if (known is not null && !known.Covers(first))
        {
            known.Load(first, week.FindAll().Select(d => (d["_id"].AsString, d[CountField].AsInt64)));
        }

        // A caller can come with several days (late records): one change per caller, as a known count is read once.
        var perCaller = blocked.Where(kv => kv.Key.Day >= first && kv.Key.Day < first + Days)
            .GroupBy(kv => kv.Key.Number, kv => kv.Value, StringComparer.Ordinal);
        foreach (var caller in perCaller)
        {
            giveWay.WhenDue();
            var (number, count) = (caller.Key, caller.Sum());
            KnownCallerCounts.Add(known, week, first, number, count, total => Document(number, total), () => Bump(week, number, count));
        }
    }

    /// <summary>Makes the stored window start at <paramref name="first"/>, moving or rebuilding it as needed.</summary>
    public static void EnsureStart(LiteDatabase db, long first)
    {
        if (WindowStart(db) is { } current)
        {
            MoveTo(db, current, first);
        }
        else
        {
            Rebuild(db, first);
        }
    }

    /// <summary>Forgets the window (it is rebuilt on next use): for when per-day counts inside it were deleted.</summary>
    public static void Invalidate(LiteDatabase db)
    {
        db.GetCollection(Collections.StatsState).Delete(WindowId);
        db.GetCollection(Collections.StatsCallerWeek).DeleteAll();
    }

    /// <summary>
    /// The callers with most blocked calls in the stored window, most first and ties by number: read from the count
    /// index, highest first, stopping after the last caller tied with the <paramref name="limit"/>-th.
    /// </summary>
    public static IReadOnlyList<TopCaller> Top(LiteDatabase db, int limit)
    {
        var read = new List<TopCaller>(limit);
        foreach (var doc in db.GetCollection(Collections.StatsCallerWeek).Find(Query.All(CountField, Query.Descending)))
        {
            var blocked = doc[CountField].AsInt64;
            if (read.Count >= limit && (blocked < read[limit - 1].Blocked || read.Count >= limit + TieReadLimit))
            {
                break;
            }

            read.Add(new TopCaller(doc["_id"].AsString, blocked));
        }

        return [.. read.OrderByDescending(c => c.Blocked).ThenBy(c => c.Number, StringComparer.Ordinal).Take(limit)];
    }

    private static long MoveTo(LiteDatabase db, long current, long first)
    {
        if (first == current)
        {
            return first;
        }

        if (first < current || first - current >= Days)
        {
            // A clock set back, or nothing of the old window left: sum the new one.
            Rebuild(db, first);
            return first;
        }

        var week = db.GetCollection(Collections.StatsCallerWeek);
        for (var day = current; day < first; day++)
        {
            foreach (var (number, count) in BlockedCallerDays.Sum(db, day, day))
            {
                Bump(week, number, -count);
            }
        }

        SetStart(db, first);
        return first;
    }

    private static void Rebuild(LiteDatabase db, long first)
    {
        var week = db.GetCollection(Collections.StatsCallerWeek);
        week.DeleteAll();
        week.InsertBulk(BlockedCallerDays.Sum(db, first, first + Days - 1).Select(kv => Document(kv.Key, kv.Value)));
        SetStart(db, first);
    }

    private static void SetStart(LiteDatabase db, long first) =>
        db.GetCollection(Collections.StatsState).Upsert(new BsonDocument { ["_id"] = WindowId, ["first"] = first });

    private static BsonDocument Document(string number, long count) => new() { ["_id"] = number, [CountField] = count };

    /// <summary>Adds to a caller's count, reading its document; returns the new count (0: the document is gone).</summary>
    private static long Bump(ILiteCollection<BsonDocument> week, string number, long count)
    {
        var doc = week.FindById(number);
        var total = (doc?[CountField].AsInt64 ?? 0) + count;
        if (total <= 0)
        {
            if (doc is not null)
            {
                week.Delete(number);
            }

            return 0;
        }

        if (doc is null)
        {
            week.Insert(Document(number, total));
        }
        else
        {
            doc[CountField] = total;
            week.Update(doc);
        }

        return total;
    }
}
