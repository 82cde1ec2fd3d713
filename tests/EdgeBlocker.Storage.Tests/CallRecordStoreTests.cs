using LiteDB;
using EdgeBlocker.Storage.Calls;
using Microsoft.Extensions.Time.Testing;
using static EdgeBlocker.Storage.Tests.CallRecords;

namespace EdgeBlocker.Storage.Tests;

public sealed class CallRecordStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(T0.AddDays(1));
    private readonly EdgeBlockerDatabase _db;

    public CallRecordStoreTests() => _db = EdgeBlockerDatabase.Open(_dir.Options(retentionDays: 30, maxCallRecords: 1_000), _time);

    public void Dispose()
    {
        _db.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void A_written_record_reads_back_with_every_field()
    {
        var record = Make(T0.AddTicks(1234567), "+15551230001", "+12025550100", CallVerdicts.Block) with
        {
            AnsweredAt = T0.AddSeconds(3),
            EndedAt = T0.AddSeconds(60),
        };

        Write(_db, [record]);

        var stored = Assert.Single(_db.Calls.Query(new CallQuery()));
        Assert.True(stored.Id > 0);
        Assert.Equal(record with { Id = stored.Id }, stored);
    }

    [Fact]
    public void Query_filters_by_time_numbers_peer_and_verdict_newest_first_with_paging()
    {
        Write(_db,
        [
            Make(T0, "+15550000001", "+12025550100", CallVerdicts.Block, "carrier-a"),
            Make(T0.AddMinutes(1), "+15550000002", "+12025550100", CallVerdicts.Allow, "carrier-b"),
            Make(T0.AddMinutes(2), "+15550000001", "+12025550199", CallVerdicts.Block, "carrier-b"),
            Make(T0.AddMinutes(3), "+15550000003", "+12025550100", CallVerdicts.Tag, "carrier-a"),
        ]);

        static string[] Calls(IReadOnlyList<CallRecord> r) => r.Select(c => $"{c.CallingNumber}@{c.Time.Minute}").ToArray();

        Assert.Equal(["+15550000003@3", "+15550000001@2", "+15550000002@1", "+15550000001@0"], Calls(_db.Calls.Query(new CallQuery())));
        Assert.Equal(["+15550000001@2", "+15550000001@0"], Calls(_db.Calls.Query(new CallQuery { Calling = "+15550000001" })));
        Assert.Equal(["+15550000001@2"], Calls(_db.Calls.Query(new CallQuery { Called = "+12025550199" })));
        Assert.Equal(["+15550000002@1", "+15550000001@0"], Calls(_db.Calls.Query(new CallQuery { Until = T0.AddMinutes(2) })));
        Assert.Equal(["+15550000003@3", "+15550000001@2"], Calls(_db.Calls.Query(new CallQuery { From = T0.AddMinutes(2) })));
        Assert.Equal(["+15550000001@2", "+15550000002@1"], Calls(_db.Calls.Query(new CallQuery { Peer = "carrier-b" })));
        Assert.Equal(["+15550000001@2", "+15550000001@0"], Calls(_db.Calls.Query(new CallQuery { Verdict = "block" })));
        Assert.Equal(["+15550000001@0"], Calls(_db.Calls.Query(new CallQuery { Calling = "+15550000001", Peer = "carrier-a" })));
        Assert.Equal(["+15550000001@2", "+15550000002@1"], Calls(_db.Calls.Query(new CallQuery { Skip = 1, Limit = 2 })));
    }

    [Fact]
    public void Traceback_finds_the_call_within_the_window_closest_first()
    {
        var at = T0.AddHours(2);
        Write(_db,
        [
            Make(at.AddMinutes(-20), "+15550000001", "+12025550100", callId: "too-early"),
            Make(at.AddMinutes(-4), "+15550000001", "+12025550100", callId: "near"),
            Make(at.AddSeconds(30), "+15550000001", "+12025550100", callId: "nearest"),
            Make(at, "+15550000002", "+12025550100", callId: "other-caller"),
            Make(at, "+15550000001", "+12025550111", callId: "other-called"),
            Make(at.AddMinutes(11), "+15550000001", "+12025550100", callId: "too-late"),
        ]);

        var found = _db.Calls.Traceback(at, "+15550000001", "+12025550100", TimeSpan.FromMinutes(10));

        Assert.Equal(["nearest", "near"], found.Select(c => c.CallId));
        // Numbers as received match too (traceback requests often carry 10- or 11-digit numbers).
        Assert.Equal(["nearest", "near"], _db.Calls.Traceback(at, "15550000001", "12025550100", TimeSpan.FromMinutes(10)).Select(c => c.CallId));
    }

    [Fact]
    public void Dashboard_counts_per_minute_and_day_and_top_callers_and_peers()
    {
        Write(_db,
        [
            Make(T0, "+15550000001", "+12025550100", CallVerdicts.Block, "carrier-a"),
            Make(T0.AddSeconds(10), "+15550000001", "+12025550100", CallVerdicts.Block, "carrier-a"),
            Make(T0.AddSeconds(20), "+15550000002", "+12025550100", CallVerdicts.Allow, "carrier-b"),
            Make(T0.AddMinutes(5), "+15550000003", "+12025550100", CallVerdicts.Block, "carrier-b"),
            Make(T0.AddDays(1), "+15550000003", "+12025550100", CallVerdicts.Block, "carrier-b"),
        ]);
        Write(_db, [Make(T0.AddMinutes(5).AddSeconds(1), "+15550000003", "+12025550100", CallVerdicts.Allow, "carrier-c")]);

        Assert.Equal(
            [new CallCountBucket(T0, 3, 2), new CallCountBucket(T0.AddMinutes(5), 2, 1)],
            _db.Calls.CountsPerMinute(T0, T0.AddHours(1)));
        var day = new DateTimeOffset(T0.Date, TimeSpan.Zero);
        Assert.Equal([new CallCountBucket(day, 5, 3), new CallCountBucket(day.AddDays(1), 1, 1)], _db.Calls.CountsPerDay(day, day.AddDays(2)));
        Assert.Equal([new CallCountBucket(day, 5, 3)], _db.Calls.CountsPerDay(day, day.AddDays(1)));

        Assert.Equal([new TopCaller("+15550000001", 2), new TopCaller("+15550000003", 1)], _db.Calls.TopBlockedCallers(day, day.AddDays(1)));
        Assert.Equal(new TopCaller("+15550000003", 2), _db.Calls.TopBlockedCallers(day, day.AddDays(2))[1]);

        Assert.Equal(
            [new PeerShare("carrier-a", 2, 2), new PeerShare("carrier-b", 2, 1), new PeerShare("carrier-c", 1, 0)],
            _db.Calls.TopPeersByBlockedShare(day, day.AddDays(1)));
        Assert.Equal(["carrier-a", "carrier-b"], _db.Calls.TopPeersByBlockedShare(day, day.AddDays(1), minimumCalls: 2).Select(p => p.Peer));
    }

    [Fact]
    public void Top_blocked_callers_sum_compacted_past_days_late_records_and_today()
    {
        var now = _time.GetUtcNow();
        Write(_db, [Make(now.AddDays(-2), "+15550000001", "+12025550100", CallVerdicts.Block), Make(now.AddDays(-2), "+15550000002", "+12025550100", CallVerdicts.Block)]);
        Assert.Equal([new TopCaller("+15550000001", 1), new TopCaller("+15550000002", 1)], _db.Calls.TopBlockedCallers(now.AddDays(-3), now));
        Assert.False(_db.Read(d => CallerRuns.AnyBefore(d, CallStatisticsAccumulator.DayOf(now.UtcTicks)))); // compacted

        // A late record for the compacted day, and two today.
        Write(_db, [Make(now.AddDays(-2), "+15550000002", "+12025550100", CallVerdicts.Block)]);
        Write(_db, [Make(now, "+15550000002", "+12025550100", CallVerdicts.Block), Make(now, "+15550000003", "+12025550100", CallVerdicts.Block)]);

        Assert.Equal(
            [new TopCaller("+15550000002", 3), new TopCaller("+15550000001", 1), new TopCaller("+15550000003", 1)],
            _db.Calls.TopBlockedCallers(now.AddDays(-3), now.AddMinutes(1)));
        Assert.Equal([new TopCaller("+15550000002", 2)], _db.Calls.TopBlockedCallers(now.AddDays(-2), now.AddDays(-1), limit: 1));
    }

    [Fact]
    public void Callers_counted_in_runs_keep_exact_counts_across_days_late_records_and_compaction()
    {
        var now = _time.GetUtcNow();
        var yesterday = now.AddDays(-1);
        void Blocked(DateTimeOffset at, params int[] callers) =>
            Write(_db, callers.Select(c => Make(at, $"+1555000000{c}", "+12025550100", CallVerdicts.Block)));

        Blocked(yesterday, 1, 2, 2);
        Blocked(yesterday, 1, 3);
        Blocked(now, 1);
        Blocked(now, 1, 4);
        Write(_db, [Make(now, "+15550000004", "+12025550100", CallVerdicts.Block), Make(yesterday, "+15550000002", "+12025550100", CallVerdicts.Block)]);
        Blocked(now, 4);

        Assert.Equal([new TopCaller("+15550000004", 3), new TopCaller("+15550000001", 2)], _db.Calls.TopBlockedCallers(now, now.AddMinutes(1)));
        Assert.Equal(
            [new TopCaller("+15550000002", 3), new TopCaller("+15550000001", 2), new TopCaller("+15550000003", 1)],
            _db.Calls.TopBlockedCallers(yesterday, yesterday.AddMinutes(1)));

        // The queries above compacted yesterday into its summary: late records for it and more for today still add up.
        Blocked(yesterday, 1);
        Blocked(now, 1, 4, 4);
        Assert.Equal(
            [new TopCaller("+15550000001", 3), new TopCaller("+15550000002", 3), new TopCaller("+15550000003", 1)],
            _db.Calls.TopBlockedCallers(yesterday, yesterday.AddMinutes(1)));
        Assert.Equal([new TopCaller("+15550000004", 5), new TopCaller("+15550000001", 3)], _db.Calls.TopBlockedCallers(now, now.AddMinutes(1)));
        Assert.Equal(
            [new TopCaller("+15550000001", 6), new TopCaller("+15550000004", 5), new TopCaller("+15550000002", 3), new TopCaller("+15550000003", 1)],
            _db.Calls.TopBlockedCallersThisWeek());
    }

    [Fact]
    public void A_days_runs_are_merged_as_levels_fill_and_its_counts_stay_exact_across_a_restart()
    {
        using var dir = new TempDirectory();
        var db = EdgeBlockerDatabase.Open(dir.Options(), _time);
        var now = _time.GetUtcNow();
        var day = CallStatisticsAccumulator.DayOf(now.UtcTicks);
        int Runs() => db.Read(d => CallerRuns.OfDays(d, day, day).Count());
        var expected = new Dictionary<string, long>();
        try
        {
            const int batches = (CallerRuns.Fanout * CallerRuns.Fanout) + 3;
            for (var b = 0; b < batches; b++)
            {
                if (b == batches / 2)
                {
                    db.Dispose(); // the runs' levels are read back from the file
                    db = EdgeBlockerDatabase.Open(dir.Options(), _time);
                }

                var callers = new[] { $"+1555000{b % 7:D4}", $"+1555001{b:D4}", b % 5 == 0 ? "anonymous" : "+15550000001" };
                Write(db, callers.Select(c => Make(now, c, "+12025550100", CallVerdicts.Block)));
                foreach (var c in callers)
                {
                    expected[c] = expected.GetValueOrDefault(c) + 1;
                }

                if (b == CallerRuns.Fanout - 2)
                {
                    Assert.Equal(CallerRuns.Fanout - 1, Runs()); // a level not yet full
                }
            }

            Assert.Equal(4, Runs()); // one run of level 2 (64 batches) and three of level 0
            var top = expected.Select(kv => new TopCaller(kv.Key, kv.Value))
                .OrderByDescending(c => c.Blocked).ThenBy(c => c.Number, StringComparer.Ordinal).Take(200).ToList();
            Assert.Equal(top, db.Calls.TopBlockedCallers(now, now.AddMinutes(1), 200));
            Assert.Equal(top, db.Calls.TopBlockedCallersThisWeek(200));
        }
        finally
        {
            db.Dispose();
        }
    }

    [Fact]
    public void A_day_with_more_callers_than_a_document_holds_is_kept_in_parts_with_exact_counts_through_compaction()
    {
        // A flood from spoofed numbers: 1.2 million callers in a day. Their counts in one document would pass LiteDB's
        // 16 MB limit, and every batch after that would fail to write.
        // Eight big runs, whose merge does not fit one document, then eight small ones, whose merge does.
        const int bigRun = 150_000, smallRun = 10_000, othersPerRun = 10_000;
        var now = _time.GetUtcNow();
        var day = CallStatisticsAccumulator.DayOf(now.UtcTicks);
        long expectedTotal = 0;
        var next = 2_000_000_000L;
        for (var r = 0; r < 2 * CallerRuns.Fanout; r++)
        {
            var counts = new CallerRuns.CallerCounts();
            var numbers = r < CallerRuns.Fanout ? bigRun : smallRun;
            for (var i = 0; i < numbers; i++)
            {
                counts.Add($"+1{next++}", 1);
            }

            var others = r < CallerRuns.Fanout ? othersPerRun : 0;
            for (var i = 0; i < others; i++)
            {
                counts.Add($"caller-{(r * othersPerRun) + i}", 1);
            }

            counts.Add("+15550000001", 5);
            counts.Add("anonymous", 3);
            expectedTotal += numbers + others + 5 + 3;
            var written = _db.ChangeCalls(db =>
            {
                var giveWay = new GiveWay();
                CallerRuns.Add(db, day, counts, ref giveWay);
                return StorageResult<bool>.Ok(true);
            });
            Assert.True(written.Succeeded, written.Error);
        }

        var runs = _db.Read(d => CallerRuns.OfDays(d, day, day).ToList());
        // The big runs' merge in five parts (1.2 million numbers), never merged again; the small ones' merge in one.
        Assert.Equal(6, runs.Count);
        Assert.All(runs, run => Assert.True(run["k"].AsBinary.Length <= CallerRuns.MaxCallersPerDocument * sizeof(long)));
        Assert.All(runs, run => Assert.True(run["oc"].AsBinary.Length <= CallerRuns.MaxCallersPerDocument * sizeof(long)));

        // The next batch of the day is written, and the counts add up.
        Write(_db, [Make(now, "+15550000001", "+12025550100", CallVerdicts.Block)]);
        Assert.Equal([new TopCaller("+15550000001", 81), new TopCaller("anonymous", 48)], _db.Calls.TopBlockedCallers(now, now.AddMinutes(1), 2));
        Assert.Equal(expectedTotal + 1, _db.Read(d => BlockedCallerDays.Sum(d, day, day).Values.Sum()));

        // The day ends: compacted into a summary and its parts, still exact, and retention takes the parts with it.
        _time.Advance(TimeSpan.FromDays(1));
        Assert.Equal([new TopCaller("+15550000001", 81), new TopCaller("anonymous", 48)], _db.Calls.TopBlockedCallers(now, now.AddMinutes(1), 2));
        Assert.False(_db.Read(d => CallerRuns.AnyBefore(d, day + 1)));
        Assert.True(_db.Read(d => d.GetCollection(Collections.StatsCallerDaySummaryParts).Count()) > 0);
        Assert.Equal(expectedTotal + 1, _db.Read(d => BlockedCallerDays.Sum(d, day, day).Values.Sum()));
        _db.ChangeCalls(d =>
        {
            BlockedCallerDays.DeleteBefore(d, day + 1);
            return StorageResult<bool>.Ok(true);
        });
        Assert.Equal(0, _db.Read(d => d.GetCollection(Collections.StatsCallerDaySummaryParts).Count()));
    }

    [Fact]
    public void Updates_in_the_batch_of_their_record_are_folded_into_it_and_earlier_records_are_updated_first()
    {
        Write(_db, [Make(T0, "+15550000001", "+12025550100", callId: "again@a")]);
        var items = new List<CallWriteItem>
        {
            CallWriteItem.Update("again@a", T0.AddSeconds(1), null), // the stored record: this batch's comes after
            CallWriteItem.Insert(Make(T0.AddMinutes(1), "+15550000002", "+12025550100", callId: "again@a")),
            CallWriteItem.Update("again@a", T0.AddMinutes(1).AddSeconds(2), null),
            CallWriteItem.Update("again@a", null, T0.AddMinutes(1).AddSeconds(30)),
            CallWriteItem.Insert(Make(T0.AddMinutes(1), "+15550000003", "+12025550100", callId: "other@a")),
            CallWriteItem.Update("missing@a", null, T0.AddMinutes(2)),
            CallWriteItem.Update("missing@a", T0.AddMinutes(2), null),
        };

        var result = _db.Calls.WriteBatch(items);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(new CallBatchResult(Inserted: 2, Updated: 3, Unmatched: 2), result.Value);
        var first = Assert.Single(_db.Calls.Query(new CallQuery { Calling = "+15550000001" }));
        Assert.Equal((T0.AddSeconds(1), (DateTimeOffset?)null), (first.AnsweredAt, first.EndedAt));
        var second = Assert.Single(_db.Calls.Query(new CallQuery { Calling = "+15550000002" }));
        Assert.Equal((T0.AddMinutes(1).AddSeconds(2), T0.AddMinutes(1).AddSeconds(30)), (second.AnsweredAt, second.EndedAt));
        var other = Assert.Single(_db.Calls.Query(new CallQuery { Calling = "+15550000003" }));
        Assert.Equal((null, null), (other.AnsweredAt, other.EndedAt));
    }

    [Fact]
    public void The_next_batch_folds_nothing_into_the_records_of_the_one_before()
    {
        // The writer fills one folded batch per write: what a batch held must not be found by the next one's updates,
        // which go to the stored record, nor be counted or inserted again.
        var first = _db.Calls.WriteBatch(
        [
            CallWriteItem.Insert(Make(T0, "+15550000001", "+12025550100", callId: "next@a")),
            CallWriteItem.Update("next@a", T0.AddSeconds(1), null),
            CallWriteItem.Update("gone@a", null, T0.AddSeconds(2)),
        ]);
        Assert.Equal(new CallBatchResult(Inserted: 1, Updated: 1, Unmatched: 1), first.Value);

        var second = _db.Calls.WriteBatch([CallWriteItem.Update("next@a", null, T0.AddSeconds(30))]);

        Assert.Equal(new CallBatchResult(Inserted: 0, Updated: 1, Unmatched: 0), second.Value);
        Assert.Equal(1, _db.Calls.Count());
        var record = Assert.Single(_db.Calls.Query(new CallQuery { Calling = "+15550000001" }));
        Assert.Equal((T0.AddSeconds(1), T0.AddSeconds(30)), (record.AnsweredAt, record.EndedAt));

        var third = _db.Calls.WriteBatch([CallWriteItem.Insert(Make(T0.AddMinutes(1), "+15550000002", "+12025550100", callId: "third@a"))]);
        Assert.Equal(new CallBatchResult(Inserted: 1, Updated: 0, Unmatched: 0), third.Value);
        Assert.Equal(2, _db.Calls.Count());
    }

    [Fact]
    public void Retention_deletes_records_older_than_the_days_and_beyond_the_count()
    {
        var now = _time.GetUtcNow();
        Write(_db, Enumerable.Range(0, 10).Select(i => Make(now.AddDays(-40).AddMinutes(i), "+15550000001", "+12025550100", CallVerdicts.Block, callId: $"old-{i}")));
        Write(_db, Enumerable.Range(0, 1_200).Select(i => Make(now.AddDays(-1).AddSeconds(i), "+15550000002", "+12025550100", callId: $"new-{i}")));

        var result = _db.Calls.ApplyRetention();

        Assert.Equal(new RetentionResult(10, 200, 1_000), result);
        Assert.Equal(1_000, _db.Calls.Count());
        var remaining = _db.Calls.Query(new CallQuery { Limit = CallQuery.MaxLimit });
        Assert.DoesNotContain(remaining, r => r.CallId!.StartsWith("old-", StringComparison.Ordinal));
        Assert.Equal("new-200", remaining[^1].CallId);
        Assert.Equal("new-1199", remaining[0].CallId);
        // Counters older than the retention period are gone with the records.
        Assert.Empty(_db.Calls.CountsPerDay(now.AddDays(-41), now.AddDays(-39)));

        Assert.Equal(new RetentionResult(0, 0, 1_000), _db.Calls.ApplyRetention());
    }

    [Fact]
    public void Number_queries_find_every_match_across_blocks_and_batches_newest_first_and_page_through_them()
    {
        _db.Calls.RecordsPerBlock = 4;
        var written = new List<CallRecord>();
        for (var batch = 0; batch < 7; batch++)
        {
            // A clock that jumped back an hour for batch 4: time order is not id order there.
            var start = T0.AddMinutes(batch * 10).AddHours(batch == 4 ? -1 : 0);
            var records = Enumerable.Range(0, 5).Select(i => Make(start.AddSeconds(i), i % 2 == 0 ? "+15550000001" : $"+1555000010{batch}",
                i == 4 ? "+12025550199" : "+12025550100", callId: $"c{batch}-{i}")).ToList();
            Write(_db, records);
            written.AddRange(records);
        }

        string[] Expected(Func<CallRecord, bool> match) =>
            [.. written.Where(match).OrderByDescending(r => r.Time).Select(r => r.CallId!)];
        string[] Found(CallQuery query) => [.. _db.Calls.Query(query).Select(r => r.CallId!)];

        var calling = Expected(r => r.CallingNumber == "+15550000001");
        Assert.Equal(21, calling.Length);
        Assert.Equal(calling, Found(new CallQuery { Calling = "+15550000001" }));
        for (var skip = 0; skip < calling.Length; skip += 4)
        {
            Assert.Equal(calling.Skip(skip).Take(4), Found(new CallQuery { Calling = "+15550000001", Skip = skip, Limit = 4 }));
        }

        Assert.Equal(Expected(r => r.CalledNumber == "+12025550199"), Found(new CallQuery { Called = "+12025550199" }));
        Assert.Equal(["c3-3", "c3-1"], Found(new CallQuery { Calling = "+15550000103" }));
        Assert.Equal(
            Expected(r => r.CalledNumber == "+12025550100" && r.Time >= T0.AddMinutes(20) && r.Time < T0.AddMinutes(40)),
            Found(new CallQuery { Called = "+12025550100", From = T0.AddMinutes(20), Until = T0.AddMinutes(40) }));
        Assert.Empty(Found(new CallQuery { Calling = "+12025550199" }));
        Assert.Empty(Found(new CallQuery { Calling = "+19995550000" }));
    }

    [Fact]
    public void Time_queries_read_the_blocks_latest_first_and_page_through_a_clock_set_forward_and_back()
    {
        _db.Calls.RecordsPerBlock = 4;
        var written = new List<CallRecord>();
        for (var batch = 0; batch < 7; batch++)
        {
            // The clock an hour ahead for batch 2 and an hour behind for batch 4: time order is not id order.
            var start = T0.AddMinutes(batch * 10).AddHours(batch switch { 2 => 1, 4 => -1, _ => 0 });
            var records = Enumerable.Range(0, 5).Select(i => Make(start.AddSeconds(i), $"+1555000010{batch}", "+12025550100",
                i % 2 == 0 ? CallVerdicts.Block : CallVerdicts.Allow, callId: $"c{batch}-{i}")).ToList();
            Write(_db, records);
            written.AddRange(records);
        }

        string[] Expected(Func<CallRecord, bool> match) =>
            [.. written.Where(match).OrderByDescending(r => r.Time).Select(r => r.CallId!)];
        string[] Found(CallQuery query) => [.. _db.Calls.Query(query).Select(r => r.CallId!)];

        var all = Expected(_ => true);
        Assert.Equal(all, Found(new CallQuery()));
        for (var skip = 0; skip < all.Length; skip += 3)
        {
            Assert.Equal(all.Skip(skip).Take(3), Found(new CallQuery { Skip = skip, Limit = 3 }));
        }

        Assert.Equal(Expected(r => r.Verdict == CallVerdicts.Block).Take(4), Found(new CallQuery { Verdict = CallVerdicts.Block, Limit = 4 }));
        Assert.Equal(
            Expected(r => r.Time >= T0.AddMinutes(-60) && r.Time < T0.AddMinutes(10)),
            Found(new CallQuery { From = T0.AddMinutes(-60), Until = T0.AddMinutes(10) }));
        Assert.Empty(Found(new CallQuery { From = T0.AddHours(2) }));

        // A traceback an hour back finds the calls the clock put there, written in the newest block, closest first.
        var traced = _db.Calls.Traceback(T0.AddMinutes(-20).AddSeconds(2), "+15550000104", "+12025550100", TimeSpan.FromMinutes(1));
        Assert.Equal(5, traced.Count);
        Assert.Equal("c4-2", traced[0].CallId);

        // Batch 3's calls are in two blocks (ids 13-16 and 17-20).
        Assert.Equal(["c3-0", "c3-1", "c3-2", "c3-3", "c3-4"],
            _db.Calls.Traceback(T0.AddMinutes(30), "+15550000103", "+12025550100", TimeSpan.FromMinutes(5)).Select(r => r.CallId!).Order());
        Assert.Empty(_db.Calls.Traceback(T0.AddMinutes(36), "+15550000103", "+12025550100", TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void Retention_by_age_deletes_within_a_block_that_spans_the_cutoff_and_keeps_the_rest_of_it()
    {
        _db.Calls.RecordsPerBlock = 10;
        var cutoff = _time.GetUtcNow().AddDays(-30);

        // One block holds 30 and 29 days old calls alternately (a clock that jumped), the next two only newer ones.
        Write(_db, Enumerable.Range(0, 10).Select(i => Make(cutoff.AddMinutes(i % 2 == 0 ? -1 : 1), "+15550000001", "+12025550100", callId: $"span-{i}")));
        Write(_db, Enumerable.Range(0, 20).Select(i => Make(cutoff.AddHours(1).AddMinutes(i), "+15550000002", "+12025550100", callId: $"new-{i}")));

        var result = _db.Calls.ApplyRetention();

        Assert.Equal(new RetentionResult(5, 0, 25), result);
        var left = _db.Calls.Query(new CallQuery { Limit = CallQuery.MaxLimit }).Select(r => r.CallId!).ToList();
        Assert.Equal(25, left.Count);
        Assert.Equal(["span-1", "span-3", "span-5", "span-7", "span-9"], left.Where(c => c.StartsWith("span-", StringComparison.Ordinal)).Order());
        Assert.Equal(5, _db.Calls.Query(new CallQuery { Calling = "+15550000001" }).Count);
        Assert.Equal(new RetentionResult(0, 0, 25), _db.Calls.ApplyRetention());
    }

    [Fact]
    public void The_open_block_fills_across_batches_and_a_store_opened_again_goes_on_with_it()
    {
        using var dir = new TempDirectory();
        long Blocks(EdgeBlockerDatabase db) => db.Read(d => d.GetCollection(Collections.CallBlocks).LongCount());
        using (var first = EdgeBlockerDatabase.Open(dir.Options(), _time))
        {
            first.Calls.RecordsPerBlock = 8;
            Write(first, [Make(T0, "+15550000001", "+12025550100"), Make(T0.AddSeconds(1), "+15550000002", "+12025550100")]);
            Write(first, [Make(T0.AddSeconds(2), "+15550000003", "+12025550100")]);
            Assert.Equal(1, Blocks(first));
        }

        using var again = EdgeBlockerDatabase.Open(dir.Options(), _time);
        again.Calls.RecordsPerBlock = 8;
        Write(again, Enumerable.Range(0, 6).Select(i => Make(T0.AddSeconds(3 + i), "+15550000004", "+12025550100")));
        Assert.Equal(2, Blocks(again)); // five more fill the first block, the sixth starts the next

        // A page per batch and block: the batch of six is split where its block ends.
        var pages = again.Read(d => d.GetCollection(Collections.CallPages).FindAll().Select(p => (CallPage.FirstOf(p), CallPage.LastOf(p))).ToList());
        Assert.Equal([(1L, 2L), (3L, 3L), (4L, 8L), (9L, 9L)], pages);
        Assert.Equal(9, again.Calls.Count());
        Assert.Equal(9, again.Calls.Query(new CallQuery { Called = "+12025550100" }).Count);
        Assert.Equal(6, again.Calls.Query(new CallQuery { Calling = "+15550000004" }).Count);
        Assert.Single(again.Calls.Query(new CallQuery { Calling = "+15550000001" }));
    }

    [Fact]
    public void Retention_deletes_the_blocks_whose_records_are_all_gone()
    {
        _db.Calls.RecordsPerBlock = 100;
        var now = _time.GetUtcNow();
        Write(_db, Enumerable.Range(0, 1_200).Select(i => Make(now.AddDays(-1).AddSeconds(i), i < 250 ? "+15550000001" : "+15550000002", "+12025550100")));
        Assert.Equal(12, BlockCount());

        _db.Calls.ApplyRetention();

        Assert.Equal(10, BlockCount()); // the oldest 200 records go, and with them the blocks of ids 1-100 and 101-200
        Assert.Equal(50, _db.Calls.Query(new CallQuery { Calling = "+15550000001" }).Count);
        Write(_db, [Make(now, "+15550000001", "+12025550100")]);
        Assert.Equal(51, _db.Calls.Query(new CallQuery { Calling = "+15550000001" }).Count);
    }

    [Fact]
    public void Updates_find_calls_in_progress_after_a_restart_but_not_blocked_or_ended_ones()
    {
        using var dir = new TempDirectory();
        using (var first = EdgeBlockerDatabase.Open(dir.Options(), _time))
        {
            Write(first, [
                Make(T0, "+15550000001", "+12025550100", callId: "up@a"),
                Make(T0.AddSeconds(1), "+15550000002", "+12025550100", CallVerdicts.Block, callId: "blocked@a"),
                Make(T0.AddSeconds(2), "+15550000003", "+12025550100", callId: "done@a") with { EndedAt = T0.AddSeconds(9) },
            ]);
            Assert.Equal(new CallBatchResult(0, 1, 0), first.Calls.WriteBatch([CallWriteItem.Update("up@a", T0.AddSeconds(3), null)]).Value);
        }

        using var again = EdgeBlockerDatabase.Open(dir.Options(), _time);
        var result = again.Calls.WriteBatch([
            CallWriteItem.Update("up@a", null, T0.AddSeconds(60)),
            CallWriteItem.Update("blocked@a", null, T0.AddSeconds(60)),
            CallWriteItem.Update("done@a", null, T0.AddSeconds(60)),
        ]);

        Assert.Equal(new CallBatchResult(0, 1, 2), result.Value);
        var up = Assert.Single(again.Calls.Query(new CallQuery { Calling = "+15550000001" }));
        Assert.Equal((T0.AddSeconds(3), T0.AddSeconds(60)), (up.AnsweredAt, up.EndedAt));
        Assert.Equal(T0.AddSeconds(9), Assert.Single(again.Calls.Query(new CallQuery { Calling = "+15550000003" })).EndedAt);

        // Ended: no longer in progress.
        Assert.Equal(new CallBatchResult(0, 0, 1), again.Calls.WriteBatch([CallWriteItem.Update("up@a", null, T0.AddSeconds(61))]).Value);
    }

    [Fact]
    public void The_calls_in_progress_are_bounded_and_the_older_half_is_forgotten_first()
    {
        var live = new LiveCalls();
        for (var id = 1; id <= LiveCalls.Capacity; id++)
        {
            live.Add($"c{id}", id);
        }

        Assert.Equal(LiveCalls.Capacity, live.Count);
        live.Add("newest", LiveCalls.Capacity + 1);

        Assert.Equal((LiveCalls.Capacity / 2) + 1, live.Count);
        Assert.False(live.Contains("c1"));
        Assert.False(live.Contains($"c{LiveCalls.Capacity / 2}"));
        Assert.True(live.TryGet($"c{LiveCalls.Capacity}", out var kept) && kept == LiveCalls.Capacity);
        Assert.True(live.Contains("newest"));
    }

    [Theory]
    [InlineData(512)]
    [InlineData(2048)]
    [InlineData(16384)]
    public void A_block_is_read_with_the_filter_size_it_was_written_with(int filterBytes)
    {
        var block = CallBlock.Start(1, filterBytes);
        for (var i = 0; i < 500; i++)
        {
            block.Add(i + 1, T0.AddSeconds(i).UtcTicks, $"+1555{i:D7}", "+12025550100");
        }

        var doc = block.ToDocument();
        Assert.Equal(filterBytes, doc["b"].AsBinary.Length);
        Assert.All(Enumerable.Range(0, 500), i => Assert.True(CallBlock.MayHold(doc, CallBlock.NumberKey.Calling($"+1555{i:D7}"))));
        Assert.True(CallBlock.MayHold(doc, CallBlock.NumberKey.Called("+12025550100")));

        // Numbers it does not hold: a few may pass (that is a Bloom filter), most must not, fewer the bigger the filter.
        var strangers = Enumerable.Range(0, 1_000).Count(i => CallBlock.MayHold(doc, CallBlock.NumberKey.Calling($"+1666{i:D7}")));
        Assert.True(strangers < (filterBytes >= 2048 ? 20 : 300), $"{strangers} of 1,000 numbers not in the block pass its filter");
    }

    private long BlockCount() => _db.Read(db => db.GetCollection(Collections.CallBlocks).LongCount());
}
