using LiteDB;
using M = EdgeBlocker.Storage.Calls.CallRecordMapper;

namespace EdgeBlocker.Storage.Calls;

/// <summary>
/// Call records: written in batches by <see cref="CallRecordWriter"/>, queried by the call log, the dashboard and
/// tracebacks, trimmed by <see cref="ApplyRetention"/>. Dashboard counts come from counters kept per minute, day,
/// caller and peer, updated in the same transaction as each batch.
/// </summary>
public sealed class CallRecordStore : ICallRecordBatchSink
{
    private const int RetentionChunk = 10_000;

    private readonly EdgeBlockerDatabase _database;

    /// <summary>The newest block as committed, kept by the writer between batches; null: read it on the next batch.</summary>
    private CallBlock? _openBlock;

    /// <summary>Where updates find their record; kept by the writer, filled from the newest records on its first batch.</summary>
    private readonly LiveCalls _live = new();

    private bool _liveLoaded;

    /// <summary>The id the writer gives its next record; 0: read it from the newest page on the next batch.</summary>
    private long _nextId;

    /// <summary>Encodes a batch's records into pages, kept by the writer between batches.</summary>
    private readonly CallPage.Builder _page = new();

    /// <summary>A batch with its updates folded in, kept by the writer between batches.</summary>
    private readonly CoalescedBatch _batch = new();

    /// <summary>Sums a batch's counters, kept by the writer between batches with the room its tables have grown to.</summary>
    private readonly CallStatisticsAccumulator _sums = new();

    internal CallRecordStore(EdgeBlockerDatabase database) => _database = database;

    /// <summary>Records per number-filter block (<see cref="CallBlock"/>); smaller in tests, to make many blocks.</summary>
    internal int RecordsPerBlock { get; set; } = CallBlock.DefaultRecords;

    /// <summary>
    /// Commit each batch through to the data file (a LiteDB checkpoint) before reporting it written: the checkpoint
    /// copies the batch's pages from the log into the data file and flushes it to disk (fsync), so that a reported
    /// batch survives a power cut as well as a killed process. (LiteDB 5.0.21 writes the log pages in the commit itself,
    /// seen in a profile, and the crash tests also passed with the checkpoint off; it is kept for the flush.) On by
    /// default: a batch is at most every flush interval, and the checkpoint copies only its pages.
    /// </summary>
    internal bool DurableBatches { get; set; } = true;

    /// <summary>Number of stored call records.</summary>
    public long Count() => _database.Read(CallPage.Total);

    public CallRecord? Get(long id) => _database.Read(db =>
        CallPage.Holding(db.GetCollection(Collections.CallPages), id) is { } page ? CallPage.Records(page).Find(r => r.Id == id) : null);

    /// <summary>
    /// The call log: records matching every filter given, newest first, paged. Records are found through their blocks
    /// (<see cref="CallBlock"/>), latest first; with a calling or called number, the blocks' number filters say which
    /// to read.
    /// </summary>
    public IReadOnlyList<CallRecord> Query(CallQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var skip = Math.Max(0, query.Skip);
        var limit = Math.Clamp(query.Limit, 1, CallQuery.MaxLimit);
        var from = query.From?.UtcTicks ?? long.MinValue;
        var until = query.Until?.UtcTicks ?? long.MaxValue;
        return _database.Read(db => Newest(db, query, skip, limit, from, until));
    }

    /// <summary>
    /// Traceback: calls from <paramref name="from"/> to <paramref name="to"/> (normalised E.164, or as received) within
    /// ±<paramref name="window"/> of <paramref name="at"/>, closest in time first.
    /// </summary>
    public IReadOnlyList<CallRecord> Traceback(DateTimeOffset at, string from, string to, TimeSpan window)
    {
        var lo = (at - window.Duration()).UtcTicks;
        var hi = (at + window.Duration()).UtcTicks;
        return _database.Read(db =>
        {
            var pages = db.GetCollection(Collections.CallPages);
            return (IReadOnlyList<CallRecord>)CallBlock.LatestFirst(db, lo)
                .Where(block => CallBlock.EarliestOf(block) <= hi)
                .SelectMany(block => CallBlock.RecordsOf(pages, block))
                .Where(r => r.Time.UtcTicks is var t && t >= lo && t <= hi)
                .Where(r => IsNumber(r.CallingNumber, r.CallingNumberReceived, from) && IsNumber(r.CalledNumber, r.CalledNumberReceived, to))
                .OrderBy(r => (r.Time - at).Duration())
                .ToList();
        });
    }

    /// <summary>Screened and blocked calls per UTC minute in [from, until); minutes without calls are left out.</summary>
    public IReadOnlyList<CallCountBucket> CountsPerMinute(DateTimeOffset from, DateTimeOffset until) =>
        Buckets(Collections.StatsMinute, CallStatisticsAccumulator.MinuteOf(from.UtcTicks), CeilingOf(until.UtcTicks, TimeSpan.TicksPerMinute), TimeSpan.TicksPerMinute);

    /// <summary>Screened and blocked calls per UTC day in [from, until), partial days included whole; days without calls are left out.</summary>
    public IReadOnlyList<CallCountBucket> CountsPerDay(DateTimeOffset from, DateTimeOffset until) =>
        Buckets(Collections.StatsDay, CallStatisticsAccumulator.DayOf(from.UtcTicks), CeilingOf(until.UtcTicks, TimeSpan.TicksPerDay), TimeSpan.TicksPerDay);

    /// <summary>
    /// The calling numbers with most blocked calls over the UTC days touching [from, until). Finished days are
    /// compacted into one summary document each on first use (and by <see cref="ApplyRetention"/>).
    /// </summary>
    public IReadOnlyList<TopCaller> TopBlockedCallers(DateTimeOffset from, DateTimeOffset until, int limit = 10)
    {
        CompactFinishedDays();
        var first = CallStatisticsAccumulator.DayOf(from.UtcTicks);
        var last = CeilingOf(until.UtcTicks, TimeSpan.TicksPerDay) - 1;
        return _database.Read(db => (IReadOnlyList<TopCaller>)BlockedCallerDays.Sum(db, first, last)
            .Select(kv => new TopCaller(kv.Key, kv.Value))
            .OrderByDescending(c => c.Blocked).ThenBy(c => c.Number, StringComparer.Ordinal)
            .Take(limit).ToList());
    }

    /// <summary>The calling numbers with most blocked calls over the last seven UTC days, today included (the dashboard's list).</summary>
    public IReadOnlyList<TopCaller> TopBlockedCallersThisWeek(int limit = 10)
    {
        var now = _database.Time.GetUtcNow();
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        return TopBlockedCallers(today.AddDays(-6), today.AddDays(1), limit);
    }

    /// <summary>The trunk peers with the highest share of blocked calls over the UTC days touching [from, until), with at least <paramref name="minimumCalls"/> calls.</summary>
    public IReadOnlyList<PeerShare> TopPeersByBlockedShare(DateTimeOffset from, DateTimeOffset until, int limit = 10, long minimumCalls = 1) =>
        _database.Read(db => (IReadOnlyList<PeerShare>)DayRange(db, Collections.StatsPeerDay, from, until)
            .GroupBy(d => d["p"].AsString, StringComparer.Ordinal)
            .Select(g => new PeerShare(g.Key, g.Sum(d => d["total"].AsInt64), g.Sum(d => d["blocked"].AsInt64)))
            .Where(p => p.Screened >= minimumCalls)
            .OrderByDescending(p => p.BlockedShare).ThenByDescending(p => p.Blocked).ThenBy(p => p.Peer, StringComparer.Ordinal)
            .Take(limit).ToList());

    /// <summary>
    /// Deletes call records older than <see cref="StorageOptions.RetentionDays"/> and the oldest beyond
    /// <see cref="StorageOptions.MaxCallRecords"/>, in transactions of 10,000 so the call writer is never held up for
    /// long; dashboard counters older than the retention period go too. Meant to be called periodically (hourly).
    /// </summary>
    public RetentionResult ApplyRetention()
    {
        var cutoff = _database.Time.GetUtcNow().AddDays(-_database.Options.RetentionDays).UtcTicks;
        var byAge = DeleteOlderThan(cutoff);
        DeleteOldCounters(cutoff);
        CompactFinishedDays();

        long byCount = 0;
        var excess = Count() - _database.Options.MaxCallRecords;
        while (excess > 0)
        {
            var take = (int)Math.Min(excess, RetentionChunk);
            var deleted = DeleteOldest(take);
            if (deleted == 0)
            {
                break;
            }

            byCount += deleted;
            excess -= deleted;
        }

        DeleteBlocksOfDeletedRecords();
        return new RetentionResult(byAge, byCount, Count());
    }

    /// <summary>Writes records and applies answer/hang-up updates in one transaction, counters included.</summary>
    StorageResult<CallBatchResult> ICallRecordBatchSink.WriteBatch(IReadOnlyList<CallWriteItem> items) => WriteBatch(items);

    internal StorageResult<CallBatchResult> WriteBatch(IReadOnlyList<CallWriteItem> items)
    {
        var batch = _batch;
        batch.Fill(items);
        var ended = new List<string>();
        var live = new List<(string CallId, long Id)>();
        var result = _database.ChangeCalls(db =>
        {
            var pages = db.GetCollection(Collections.CallPages);
            if (!_liveLoaded)
            {
                LoadLiveCalls(pages);
            }

            if (_nextId == 0)
            {
                _nextId = pages.Query().OrderByDescending("_id").Limit(1).FirstOrDefault() is { } newest ? CallPage.LastOf(newest) + 1 : 1;
            }

            // Updates for records written earlier go first: "the newest record with this Call-ID" must not be one this
            // batch is about to insert. The map changes only once the batch is committed.
            var (updated, unmatched) = ApplyUpdates(pages, batch.Updates, ended);
            updated += batch.Merged;

            var sums = _sums;
            sums.Clear(); // a batch that failed may have left its sums
            var blocks = new List<CallBlock>(2);
            var block = _openBlock ?? NewestBlock(db);
            var giveWay = new GiveWay();
            foreach (var record in batch.Records)
            {
                giveWay.WhenDue();
                var id = _nextId++;
                if (LiveCalls.MayBeUpdated(record))
                {
                    live.Add((record.CallId!, id));
                }

                var next = CallBlock.For(block, id, RecordsPerBlock);
                if (next != block && _page.Count > 0)
                {
                    pages.Insert(_page.ToDocument()); // a page never spans two blocks
                }

                block = next;
                block.Add(id, record.Time.UtcTicks, record.CallingNumber, record.CalledNumber);
                if (blocks.Count == 0 || blocks[^1] != block)
                {
                    blocks.Add(block);
                }

                _page.Add(id, record);
                sums.Add(record.Time.UtcTicks, record.CallingNumber, record.CallingNumberReceived, record.Peer, CallVerdicts.IsBlocked(record.Verdict));
            }

            if (_page.Count > 0)
            {
                pages.Insert(_page.ToDocument());
            }

            CallPage.AddToTotal(db, batch.Records.Count);
            var blockCollection = db.GetCollection(Collections.CallBlocks);
            foreach (var changed in blocks)
            {
                blockCollection.Upsert(changed.ToDocument());
            }

            sums.ApplyTo(db, ref giveWay);
            _openBlock = block;
            return StorageResult<CallBatchResult>.Ok(new CallBatchResult(batch.Records.Count, updated, unmatched));
        });
        if (result.Succeeded)
        {
            ended.ForEach(_live.Remove);
            live.ForEach(c => _live.Add(c.CallId, c.Id));
        }
        else
        {
            _openBlock = null; // rolled back: the block and the next id as committed are read again
            _nextId = 0;
            _page.Clear();
        }

        batch.Clear();
        if (result.Succeeded && DurableBatches)
        {
            try
            {
                _database.Checkpoint();
            }
            catch (Exception ex) when (ex is LiteException or IOException)
            {
                // Committed already: its pages are in the log; only their copy into the data file and its flush failed.
                return result;
            }
        }

        // Every batch touches index pages all over the file; without a limit LiteDB's cache grows with the database.
        _database.TrimCacheIfOverLimit();
        return result;
    }

    private static CallBlock? NewestBlock(LiteDatabase db) =>
        db.GetCollection(Collections.CallBlocks).Query().OrderByDescending("_id").Limit(1).FirstOrDefault() is { } doc ? CallBlock.FromDocument(doc) : null;

    private void CompactFinishedDays()
    {
        // Checked without the writer's gate first: nearly always there is nothing to do, and the gate can be held by a batch.
        var today = CallStatisticsAccumulator.DayOf(_database.Time.GetUtcNow().UtcTicks);
        if (_database.Read(db => CallerRuns.AnyBefore(db, today)))
        {
            _database.ChangeCalls(db => StorageResult<int>.Ok(BlockedCallerDays.CompactBefore(db, today)));
        }
    }

    /// <summary>
    /// The newest records that may still get updates, newest first, up to the map's capacity: after a restart, the
    /// calls that were up go on getting their hang-up times.
    /// </summary>
    private void LoadLiveCalls(ILiteCollection<BsonDocument> pages)
    {
        _live.Clear();
        var seen = 0;
        foreach (var page in pages.Query().OrderByDescending("_id").ToEnumerable())
        {
            var records = CallPage.Records(page);
            for (var i = records.Count - 1; i >= 0 && seen < LiveCalls.Capacity; i--, seen++)
            {
                var record = records[i];
                if (LiveCalls.MayBeUpdated(record) && !_live.Contains(record.CallId!))
                {
                    _live.Add(record.CallId!, record.Id);
                }
            }

            if (seen >= LiveCalls.Capacity)
            {
                break;
            }
        }

        _liveLoaded = true;
    }

    /// <summary>
    /// Sets answer and hang-up times on the records written earlier, found through the calls in progress. Each page
    /// they fall in is read and rewritten once, however many of its records change, in its encoding
    /// (<see cref="CallPage.SetTimes"/>). Returns the queued updates applied and those that found no record;
    /// <paramref name="ended"/> gets the Call-IDs of calls that ended.
    /// </summary>
    private (int Updated, int Unmatched) ApplyUpdates(
        ILiteCollection<BsonDocument> pages, IReadOnlyList<(CallWriteItem Update, int Items)> updates, List<string> ended)
    {
        int updated = 0, unmatched = 0;
        var read = new List<PageUpdates>();
        foreach (var (update, count) in updates)
        {
            if (!_live.TryGet(update.CallId!, out var id) || PageHolding(pages, id, read) is not { } page)
            {
                unmatched += count;
                continue;
            }

            page.Updates.Add(new CallPage.TimesUpdate(id, update.CallId!, update.AnsweredAt, update.EndedAt));
            page.Items.Add(count);
        }

        foreach (var page in read)
        {
            var set = CallPage.SetTimes(page.Page, page.Updates);
            for (var i = 0; i < set.Length; i++)
            {
                if (!set[i])
                {
                    unmatched += page.Items[i];
                    continue;
                }

                updated += page.Items[i];
                if (page.Updates[i].EndedAt is not null)
                {
                    ended.Add(page.Updates[i].CallId);
                }
            }

            if (Array.IndexOf(set, true) >= 0)
            {
                pages.Update(page.Page);
            }
        }

        return (updated, unmatched);
    }

    /// <summary>The page holding <paramref name="id"/>: one read already for this batch, else read and added to <paramref name="read"/>.</summary>
    private static PageUpdates? PageHolding(ILiteCollection<BsonDocument> pages, long id, List<PageUpdates> read)
    {
        foreach (var page in read)
        {
            if (page.First <= id && id <= page.Last)
            {
                return page;
            }
        }

        if (CallPage.Holding(pages, id) is not { } document)
        {
            return null;
        }

        var found = new PageUpdates(document, CallPage.FirstOf(document), CallPage.LastOf(document));
        read.Add(found);
        return found;
    }

    /// <summary>A page read for a batch's updates, the updates that fall in it, and how many queued items each stands for.</summary>
    private sealed record PageUpdates(BsonDocument Page, long First, long Last)
    {
        public List<CallPage.TimesUpdate> Updates { get; } = [];

        public List<int> Items { get; } = [];
    }

    /// <summary>
    /// A page of the call log. Blocks are read latest first, skipping those the query's times or number rule out. Once
    /// a page's worth is found, a block whose latest record is older than the page's last one cannot change the page,
    /// and neither can any block after it: the page is done. Without a number filter that is after the newest block or
    /// two; a number with few calls reads the blocks its filter lets through.
    /// </summary>
    private static List<CallRecord> Newest(LiteDatabase db, CallQuery query, int skip, int limit, long from, long until)
    {
        CallBlock.NumberKey? key = query.Calling is not null ? CallBlock.NumberKey.Calling(query.Calling)
            : query.Called is not null ? CallBlock.NumberKey.Called(query.Called) : null;
        var pages = db.GetCollection(Collections.CallPages);
        var wanted = skip + limit;
        var found = new List<CallRecord>();
        var pageEnd = long.MinValue; // the time of the wanted-th newest record found, once there are that many
        foreach (var block in CallBlock.LatestFirst(db, from))
        {
            if (CallBlock.LatestOf(block) < pageEnd)
            {
                break;
            }

            if (CallBlock.EarliestOf(block) >= until || (key is { } number && !CallBlock.MayHold(block, number)))
            {
                continue;
            }

            found.AddRange(CallBlock.RecordsOf(pages, block).Where(r => Matches(r, query, from, until)));
            if (found.Count >= wanted)
            {
                found.Sort(NewestFirst);
                found.RemoveRange(wanted, found.Count - wanted);
                pageEnd = found[^1].Time.UtcTicks;
            }
        }

        found.Sort(NewestFirst);
        return [.. found.Skip(skip).Take(limit)];
    }

    private static int NewestFirst(CallRecord a, CallRecord b)
    {
        var byTime = b.Time.UtcTicks.CompareTo(a.Time.UtcTicks);
        return byTime != 0 ? byTime : b.Id.CompareTo(a.Id);
    }

    private static bool Matches(CallRecord r, CallQuery q, long from, long until)
    {
        var t = r.Time.UtcTicks;
        return t >= from && t < until
            && (q.Calling is null || r.CallingNumber == q.Calling)
            && (q.Called is null || r.CalledNumber == q.Called)
            && (q.Peer is null || r.Peer == q.Peer)
            && (q.Verdict is null || string.Equals(r.Verdict, q.Verdict, StringComparison.OrdinalIgnoreCase));
    }

    private static bool IsNumber(string? normalised, string? received, string number) => normalised == number || received == number;

    private static long CeilingOf(long ticks, long unit) => (ticks + unit - 1) / unit;

    private static IEnumerable<BsonDocument> DayRange(LiteDatabase db, string collection, DateTimeOffset from, DateTimeOffset until)
    {
        var first = CallStatisticsAccumulator.DayOf(from.UtcTicks);
        var last = CeilingOf(until.UtcTicks, TimeSpan.TicksPerDay) - 1;
        return db.GetCollection(collection).Find(Filter.Between("d", first, last));
    }

    private IReadOnlyList<CallCountBucket> Buckets(string collection, long first, long end, long unit) =>
        _database.Read(db => (IReadOnlyList<CallCountBucket>)db.GetCollection(collection)
            .Find(Filter.Between("_id", first, end - 1))
            .Select(d => new CallCountBucket(M.FromTicks(d["_id"].AsInt64 * unit), d["total"].AsInt64, d["blocked"].AsInt64))
            .OrderBy(b => b.Start)
            .ToList());

    /// <summary>
    /// Deletes the records screened before <paramref name="cutoff"/>, found through their blocks: all the records of a
    /// block that ended before it, and those before it of a block that spans it. At most
    /// <see cref="RetentionChunk"/> records (a block more) a transaction.
    /// </summary>
    private long DeleteOlderThan(long cutoff)
    {
        var blocks = _database.Read(db => CallBlock.StartingBefore(db, cutoff)
            .Select(b => (First: CallBlock.FirstOf(b), Last: CallBlock.LastOf(b), Whole: CallBlock.LatestOf(b) < cutoff))
            .OrderBy(b => b.First)
            .ToList());
        long total = 0;
        for (var next = 0; next < blocks.Count;)
        {
            var deleted = _database.ChangeCalls(db =>
            {
                var pages = db.GetCollection(Collections.CallPages);
                var count = 0;
                for (; next < blocks.Count && count < RetentionChunk; next++)
                {
                    var (first, last, whole) = blocks[next];
                    foreach (var page in CallPage.Between(pages, first, last).ToList())
                    {
                        count += whole ? DeletePage(pages, page) : Trim(pages, page, CallPage.Records(page).FindAll(r => r.Time.UtcTicks >= cutoff));
                    }
                }

                CallPage.AddToTotal(db, -count);
                return StorageResult<int>.Ok(count);
            });
            if (!deleted.Succeeded)
            {
                break;
            }

            total += deleted.Value;
        }

        return total;
    }

    /// <summary>Deletes the <paramref name="max"/> oldest records by id, at most <see cref="RetentionChunk"/> (a page more) a transaction.</summary>
    private long DeleteOldest(int max)
    {
        long total = 0;
        while (total < max)
        {
            var take = (int)Math.Min(RetentionChunk, max - total);
            var deleted = _database.ChangeCalls(db =>
            {
                var pages = db.GetCollection(Collections.CallPages);
                var oldest = new List<BsonDocument>();
                var held = 0;
                foreach (var page in pages.Query().OrderBy("_id").ToEnumerable())
                {
                    oldest.Add(page);
                    held += CallPage.CountOf(page);
                    if (held >= take)
                    {
                        break;
                    }
                }

                var count = 0;
                foreach (var page in oldest)
                {
                    var left = take - count;
                    count += CallPage.CountOf(page) <= left ? DeletePage(pages, page) : Trim(pages, page, CallPage.Records(page)[left..]);
                }

                CallPage.AddToTotal(db, -count);
                return StorageResult<int>.Ok(count);
            });
            if (!deleted.Succeeded || deleted.Value == 0)
            {
                break;
            }

            total += deleted.Value;
        }

        return total;
    }

    private static int DeletePage(ILiteCollection<BsonDocument> pages, BsonDocument page) =>
        pages.Delete(CallPage.FirstOf(page)) ? CallPage.CountOf(page) : 0;

    /// <summary>Keeps only <paramref name="kept"/> of a page's records (a page's id is its first record's); returns how many went.</summary>
    private static int Trim(ILiteCollection<BsonDocument> pages, BsonDocument page, List<CallRecord> kept)
    {
        var removed = CallPage.CountOf(page) - kept.Count;
        if (removed > 0)
        {
            pages.Delete(CallPage.FirstOf(page));
            if (kept.Count > 0)
            {
                pages.Insert(CallPage.ToDocument(kept));
            }
        }

        return removed;
    }

    /// <summary>Number-filter blocks whose records are all deleted go too (retention deletes the oldest records).</summary>
    private void DeleteBlocksOfDeletedRecords() => _database.ChangeCalls(db =>
    {
        var oldest = db.GetCollection(Collections.CallPages).Query().OrderBy("_id").Limit(1).FirstOrDefault() is { } page ? CallPage.FirstOf(page) : long.MaxValue;
        db.GetCollection(Collections.CallBlocks).DeleteMany(CallBlock.EndsBefore(oldest));
        _openBlock = null;
        return StorageResult<bool>.Ok(true);
    });

    private void DeleteOldCounters(long cutoffTicks) => _database.ChangeCalls(db =>
    {
        var minute = CallStatisticsAccumulator.MinuteOf(cutoffTicks);
        var day = CallStatisticsAccumulator.DayOf(cutoffTicks);
        db.GetCollection(Collections.StatsMinute).DeleteMany(Filter.Lt("_id", minute));
        db.GetCollection(Collections.StatsDay).DeleteMany(Filter.Lt("_id", day));
        CallerRuns.DeleteBefore(db, day);
        BlockedCallerDays.DeleteBefore(db, day);
        db.GetCollection(Collections.StatsPeerDay).DeleteMany(Filter.Lt("d", day));

        return StorageResult<bool>.Ok(true);
    });
}
