using LiteDB;

namespace EdgeBlocker.Storage.Calls;

/// <summary>
/// Sums a batch of call records into the dashboard's pre-aggregated counters (per minute, per day, blocked callers per
/// day, peers per day) and adds them to the stored counters in the caller's transaction. Aggregating on write is what
/// keeps dashboard queries fast over a million records: they read a few hundred counter documents, not the calls.
/// </summary>
internal sealed class CallStatisticsAccumulator
{
    private readonly Dictionary<long, (long Total, long Blocked)> _minutes = [];
    private readonly Dictionary<long, (long Total, long Blocked)> _days = [];
    private readonly Dictionary<(long Day, string Number), long> _callers = [];
    private readonly Dictionary<(long Day, string Peer), (long Total, long Blocked)> _peers = [];

    public bool IsEmpty => _minutes.Count == 0;

    public static long MinuteOf(long utcTicks) => utcTicks / TimeSpan.TicksPerMinute;

    public static long DayOf(long utcTicks) => utcTicks / TimeSpan.TicksPerDay;

    /// <summary>The key the statistics use for a caller: the normalised number, else as received, else <c>anonymous</c>.</summary>
    public static string CallerKey(string? normalised, string? received) => normalised ?? received ?? "anonymous";

    public void Add(long utcTicks, string? calling, string? callingReceived, string? peer, bool blocked)
    {
        var b = blocked ? 1L : 0L;
        Bump(_minutes, MinuteOf(utcTicks), b);
        var day = DayOf(utcTicks);
        Bump(_days, day, b);
        var peerKey = (day, peer ?? string.Empty);
        _peers[peerKey] = _peers.TryGetValue(peerKey, out var p) ? (p.Total + 1, p.Blocked + b) : (1, b);
        if (blocked)
        {
            var callerKey = (day, CallerKey(calling, callingReceived));
            _callers[callerKey] = _callers.GetValueOrDefault(callerKey) + 1;
        }
    }

    public void Add(BsonDocument call) => Add(
        call[CallRecordMapper.Time].AsInt64,
        CallRecordMapper.Text(call, CallRecordMapper.Calling),
        CallRecordMapper.Text(call, CallRecordMapper.CallingReceived),
        CallRecordMapper.Text(call, CallRecordMapper.Peer),
        CallVerdicts.IsBlocked(CallRecordMapper.Text(call, CallRecordMapper.Verdict)));

    /// <summary>Adds the sums to the stored counters; the caller owns the transaction.</summary>
    public void ApplyTo(LiteDatabase db)
    {
        var giveWay = new GiveWay();
        ApplyTo(db, ref giveWay, null, null);
    }

    /// <summary>
    /// Adds the sums to the stored counters, giving way as the writer does between counters (a batch's callers may be
    /// hundreds). Callers in <paramref name="knownDay"/> and <paramref name="knownWeek"/> are counted without reading
    /// their documents (<see cref="KnownCallerCounts"/>); what is written for each caller is staged there.
    /// </summary>
    public void ApplyTo(LiteDatabase db, ref GiveWay giveWay, KnownCallerCounts? knownDay, KnownCallerCounts? knownWeek)
    {
        var minutes = db.GetCollection(Collections.StatsMinute);
        foreach (var (minute, counts) in _minutes)
        {
            AddCounts(minutes, minute, new BsonDocument(), counts.Total, counts.Blocked);
        }

        var days = db.GetCollection(Collections.StatsDay);
        foreach (var (day, counts) in _days)
        {
            AddCounts(days, day, new BsonDocument(), counts.Total, counts.Blocked);
        }

        var peers = db.GetCollection(Collections.StatsPeerDay);
        foreach (var ((day, peer), counts) in _peers)
        {
            giveWay.WhenDue();
            AddCounts(peers, $"{day}|{peer}", new BsonDocument { ["d"] = day, ["p"] = peer }, counts.Total, counts.Blocked);
        }

        BlockedCallerWeek.Add(db, _callers, ref giveWay, knownWeek);
        var callers = db.GetCollection(Collections.StatsCallerDay);
        if (_callers.Count > 0 && knownDay is not null && _callers.Keys.Max(k => k.Day) is var newest && !knownDay.Covers(newest))
        {
            // The batch's newest day only: a late record for the day before (around midnight) is counted the slow way
            // rather than have the days' counts loaded in turn.
            knownDay.Load(newest, BlockedCallerDays.OfDay(db, newest));
        }

        foreach (var ((day, number), blocked) in _callers)
        {
            giveWay.WhenDue();
            var id = BlockedCallerDays.Id(day, number);
            KnownCallerCounts.Add(
                knownDay, callers, day, number, blocked,
                total => CallerDocument(id, day, number, total),
                () => AddCounts(callers, id, new BsonDocument { ["d"] = day, ["n"] = number }, 0, blocked));
        }
    }

    public void Clear()
    {
        _minutes.Clear();
        _days.Clear();
        _callers.Clear();
        _peers.Clear();
    }

    private static void Bump(Dictionary<long, (long Total, long Blocked)> counts, long key, long blocked) =>
        counts[key] = counts.TryGetValue(key, out var c) ? (c.Total + 1, c.Blocked + blocked) : (1, blocked);

    private static BsonDocument CallerDocument(string id, long day, string number, long blocked) =>
        new() { ["d"] = day, ["n"] = number, ["_id"] = id, ["total"] = 0L, ["blocked"] = blocked };

    /// <summary>Adds to a counter document, made from <paramref name="fresh"/> when there is none; returns its blocked count.</summary>
    private static long AddCounts(ILiteCollection<BsonDocument> collection, BsonValue id, BsonDocument fresh, long total, long blocked)
    {
        var doc = collection.FindById(id);
        if (doc is null)
        {
            fresh["_id"] = id;
            fresh["total"] = total;
            fresh["blocked"] = blocked;
            collection.Insert(fresh);
            return blocked;
        }

        doc["total"] = doc["total"].AsInt64 + total;
        doc["blocked"] = doc["blocked"].AsInt64 + blocked;
        collection.Update(doc);
        return doc["blocked"].AsInt64;
    }
}
