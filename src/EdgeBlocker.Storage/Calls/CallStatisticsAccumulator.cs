using LiteDB;

namespace EdgeBlocker.Storage.Calls;

/// <summary>
/// Sums a batch of call records into the dashboard's pre-aggregated counters (per minute, per day, blocked callers per
/// day as runs, peers per day) and adds them to the stored counters in the caller's transaction. Aggregating on write is what
/// keeps dashboard queries fast over a million records: they read a few hundred counter documents, not the calls.
/// </summary>
internal sealed class CallStatisticsAccumulator
{
    private readonly Dictionary<long, (long Total, long Blocked)> _minutes = [];
    private readonly Dictionary<long, (long Total, long Blocked)> _days = [];
    private readonly Dictionary<long, CallerRuns.CallerCounts> _callers = [];
    private readonly Dictionary<(long Day, string Peer), (long Total, long Blocked)> _peers = [];
    private CallerRuns.CallerCounts? _spareCallers; // a day's counts cleared, kept for the next batch's day

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
            if (!_callers.TryGetValue(day, out var callers))
            {
                _callers[day] = callers = _spareCallers ?? new CallerRuns.CallerCounts();
                _spareCallers = null;
            }

            callers.Add(CallerKey(calling, callingReceived), 1);
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
        ApplyTo(db, ref giveWay);
    }

    /// <summary>
    /// Adds the sums to the stored counters, giving way as the writer does between counters. Blocked calls per caller
    /// go in as one run per day (<see cref="CallerRuns"/>), however many callers the batch has.
    /// </summary>
    public void ApplyTo(LiteDatabase db, ref GiveWay giveWay)
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

        foreach (var (day, callers) in _callers)
        {
            giveWay.WhenDue();
            CallerRuns.Add(db, day, callers, ref giveWay);
        }
    }

    public void Clear()
    {
        _minutes.Clear();
        _days.Clear();
        foreach (var callers in _callers.Values)
        {
            callers.Clear();
            _spareCallers ??= callers;
        }

        _callers.Clear();
        _peers.Clear();
    }

    private static void Bump(Dictionary<long, (long Total, long Blocked)> counts, long key, long blocked) =>
        counts[key] = counts.TryGetValue(key, out var c) ? (c.Total + 1, c.Blocked + blocked) : (1, blocked);

    /// <summary>Adds to a counter document, made from <paramref name="fresh"/> when there is none.</summary>
    private static void AddCounts(ILiteCollection<BsonDocument> collection, BsonValue id, BsonDocument fresh, long total, long blocked)
    {
        var doc = collection.FindById(id);
        if (doc is null)
        {
            fresh["_id"] = id;
            fresh["total"] = total;
            fresh["blocked"] = blocked;
            collection.Insert(fresh);
            return;
        }

        doc["total"] = doc["total"].AsInt64 + total;
        doc["blocked"] = doc["blocked"].AsInt64 + blocked;
        collection.Update(doc);
    }
}
