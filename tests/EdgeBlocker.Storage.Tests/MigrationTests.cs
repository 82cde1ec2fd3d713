using EdgeBlocker.Storage.Calls;
using EdgeBlocker.Storage.Migrations;
using LiteDB;

namespace EdgeBlocker.Storage.Tests;

public sealed class MigrationTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Migrations_are_numbered_one_after_another_from_one()
    {
        Assert.Equal(Enumerable.Range(1, MigrationCatalog.All.Count), MigrationCatalog.All.Select(m => m.Number));
    }

    [Fact]
    public void Migration001_creates_the_collections_and_indexes_and_records_version_1()
    {
        using (var db = EdgeBlockerDatabase.Open(_dir.Options(), TimeProvider.System, [new Migration001_Initial()]))
        {
            Assert.Equal(1, db.SchemaVersion);
        }

        using var raw = new LiteDatabase(_dir.DatabaseFile);
        Assert.Equal(1, MigrationRunner.ReadVersion(raw));
        var indexes = raw.GetCollection("$indexes").FindAll()
            .Select(d => $"{d["collection"].AsString}.{d["name"].AsString}").ToHashSet();
        foreach (var expected in new[] { "calls.t", "calls.fn", "calls.tn", "calls.cid", "calls.p", "list_entries.set", "list_entries.key", "list_numbers.set", "audit.t" })
        {
            Assert.Contains(expected, indexes);
        }

        Assert.NotNull(raw.GetCollection(Collections.Schema).FindById("m001"));
    }

    [Fact]
    public void A_version_1_file_with_calls_is_upgraded_to_the_latest_version_and_its_counters_are_backfilled()
    {
        var t = new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.Zero);
        using (var v1 = EdgeBlockerDatabase.Open(_dir.Options(), TimeProvider.System, [new Migration001_Initial()]))
        {
            Assert.Equal(1, v1.SchemaVersion);
        }

        // Calls as version 1 stored them: documents only, no counters.

        using (var raw = new LiteDatabase(_dir.DatabaseFile))
        {
            var calls = raw.GetCollection(Collections.Calls, BsonAutoId.Int64);
            calls.Insert(CallRecordMapper.ToDocument(new CallRecord { Time = t, CallingNumber = "+15550001", Peer = "a", Verdict = CallVerdicts.Block }));
            calls.Insert(CallRecordMapper.ToDocument(new CallRecord { Time = t.AddSeconds(30), CallingNumber = "+15550001", Peer = "a", Verdict = CallVerdicts.Block }));
            calls.Insert(CallRecordMapper.ToDocument(new CallRecord { Time = t.AddMinutes(1), CallingNumber = "+15550002", Peer = "b", Verdict = CallVerdicts.Allow }));
            Assert.False(raw.CollectionExists(Collections.StatsMinute));
        }

        using var db = EdgeBlockerDatabase.Open(_dir.Options());

        Assert.Equal(EdgeBlockerDatabase.LatestSchemaVersion, db.SchemaVersion);
        var minutes = db.Calls.CountsPerMinute(t, t.AddMinutes(2));
        Assert.Equal([new CallCountBucket(t, 2, 2), new CallCountBucket(t.AddMinutes(1), 1, 0)], minutes);
        Assert.Equal([new TopCaller("+15550001", 2)], db.Calls.TopBlockedCallers(t, t.AddDays(1)));
        Assert.Equal(new PeerShare("a", 2, 2), db.Calls.TopPeersByBlockedShare(t, t.AddDays(1))[0]);
        Assert.Equal(2, db.Calls.Query(new CallQuery { Calling = "+15550001" }).Count);
    }

    [Theory]
    [InlineData(1)] // a step per block: the pass commits between steps
    [InlineData(128)]
    public void A_version_5_file_gets_number_filters_for_the_records_it_holds_and_loses_the_number_indexes(int blocksPerStep)
    {
        var t = new DateTimeOffset(2026, 5, 1, 10, 0, 0, TimeSpan.Zero);
        var v5 = MigrationCatalog.All.Where(m => m.Number <= 5).ToList();
        using (EdgeBlockerDatabase.Open(_dir.Options(), TimeProvider.System, v5))
        {
        }

        // More records than one block holds, as version 5 stored them: documents with the number indexes, no blocks.
        const int records = (4 * CallBlock.DefaultRecords) + 100;
        using (var raw = new LiteDatabase(_dir.DatabaseFile))
        {
            var calls = raw.GetCollection(Collections.Calls, BsonAutoId.Int64);
            calls.InsertBulk(Enumerable.Range(0, records).Select(i => CallRecordMapper.ToDocument(new CallRecord
            {
                Time = t.AddSeconds(i),
                CallingNumber = i % 500 == 7 ? "+12025550107" : $"+1555{i:D7}",
                CalledNumber = i == records - 1 ? "+13125550100" : "+12125550100",
                Verdict = CallVerdicts.Allow,
            })));

            // What a pass cut short by a power loss leaves: a committed step's blocks, still at version 5.
            raw.GetCollection(Collections.CallBlocks).Insert(CallBlock.Start(1).ToDocument());
        }

        using (var db = EdgeBlockerDatabase.Open(_dir.Options(), TimeProvider.System, [.. v5, new Migration006_CallNumberBlocks(blocksPerStep)]))
        {
            Assert.Equal(6, db.SchemaVersion);
        }

        using (var file = new LiteDatabase(_dir.DatabaseFile))
        {
            Assert.Equal(5, file.GetCollection(Collections.CallBlocks).Count());
            var indexes = file.GetCollection("$indexes").Find(Filter.Eq("collection", Collections.Calls)).Select(d => d["name"].AsString).Order();
            Assert.Equal(["_id", "t"], indexes);
        }

        // The records are read by the store of today, through the later migrations.
        using (var db = EdgeBlockerDatabase.Open(_dir.Options()))
        {
            var repeated = db.Calls.Query(new CallQuery { Calling = "+12025550107" });
            Assert.Equal(Enumerable.Range(0, records).Where(i => i % 500 == 7).Reverse(), repeated.Select(r => (int)(r.Time - t).TotalSeconds));
            Assert.Equal(t.AddSeconds(records - 1), Assert.Single(db.Calls.Query(new CallQuery { Called = "+13125550100" })).Time);
            Assert.Equal(records - 1, db.Calls.Query(new CallQuery { Called = "+12125550100", Limit = CallQuery.MaxLimit }).Count);
            Assert.Empty(db.Calls.Query(new CallQuery { Calling = "+12125550100" })); // a called number is not a calling one
        }
    }

    [Fact]
    public void The_latest_version_keeps_call_records_in_pages_by_id_alone_and_their_blocks_by_latest_time()
    {
        using (var db = EdgeBlockerDatabase.Open(_dir.Options()))
        {
            CallRecords.Write(db, [CallRecords.Make(CallRecords.T0, "+15550000001", "+12025550100")]);
        }

        using var raw = new LiteDatabase(_dir.DatabaseFile);
        string[] Indexes(string collection) =>
            [.. raw.GetCollection("$indexes").Find(Filter.Eq("collection", collection)).Select(d => d["name"].AsString).Order()];
        Assert.False(raw.CollectionExists(Collections.Calls));
        Assert.Equal(["_id"], Indexes(Collections.CallPages));
        Assert.Equal(["_id", "t1"], Indexes(Collections.CallBlocks));
        Assert.False(raw.CollectionExists(Collections.StatsCallerDay));
        Assert.False(raw.CollectionExists(Collections.StatsCallerWeek));
        Assert.Equal(["_id", "d"], Indexes(Collections.StatsCallerRuns));
    }

    [Fact]
    public void A_version_8_file_has_its_per_caller_documents_counted_in_runs_and_its_rolling_week_dropped()
    {
        var now = new DateTimeOffset(2026, 6, 3, 12, 0, 0, TimeSpan.Zero);
        var time = new FixedTime(now);
        var today = CallStatisticsAccumulator.DayOf(now.UtcTicks);
        using (EdgeBlockerDatabase.Open(_dir.Options(), time, MigrationCatalog.All.Where(m => m.Number <= 8).ToList()))
        {
        }

        // Counts as version 8 kept them: a document per caller per day not yet compacted, and the rolling week.
        using (var raw = new LiteDatabase(_dir.DatabaseFile))
        {
            var perCaller = raw.GetCollection(Collections.StatsCallerDay);
            foreach (var (day, number, blocked) in new[] { (today, "+15550000001", 3L), (today, "anonymous", 2L), (today - 1, "+15550000001", 4L), (today - 1, "0800 123", 1L) })
            {
                perCaller.Insert(new BsonDocument { ["_id"] = $"{day}|{number}", ["d"] = day, ["n"] = number, ["total"] = 0L, ["blocked"] = blocked });
            }

            raw.GetCollection(Collections.StatsCallerWeek).Insert(new BsonDocument { ["_id"] = "+15550000001", ["b"] = 7L });
            raw.GetCollection(Collections.StatsState).Insert(new BsonDocument { ["_id"] = "caller_week", ["first"] = today - 6 });
        }

        using (var db = EdgeBlockerDatabase.Open(_dir.Options(), time))
        {
            Assert.Equal([new TopCaller("+15550000001", 3), new TopCaller("anonymous", 2)], db.Calls.TopBlockedCallers(now, now));
            Assert.Equal([new TopCaller("+15550000001", 4), new TopCaller("0800 123", 1)], db.Calls.TopBlockedCallers(now.AddDays(-1), now.AddDays(-1)));
            Assert.Equal(
                [new TopCaller("+15550000001", 7), new TopCaller("anonymous", 2), new TopCaller("0800 123", 1)],
                db.Calls.TopBlockedCallersThisWeek());
        }

        using var file = new LiteDatabase(_dir.DatabaseFile);
        Assert.False(file.CollectionExists(Collections.StatsCallerDay));
        Assert.False(file.CollectionExists(Collections.StatsCallerWeek));
        Assert.Null(file.GetCollection(Collections.StatsState).FindById("caller_week"));
    }

    [Fact]
    public void A_version_6_file_is_found_by_time_through_its_blocks_and_keeps_its_per_caller_counts()
    {
        var now = new DateTimeOffset(2026, 5, 3, 12, 0, 0, TimeSpan.Zero);
        var time = new FixedTime(now);
        var v6 = MigrationCatalog.All.Where(m => m.Number <= 6).ToList();
        using (var db = EdgeBlockerDatabase.Open(_dir.Options(), time, v6))
        {
            db.Calls.RecordsPerBlock = 4;
            for (var day = 2; day >= 0; day--)
            {
                CallRecords.Write(db, Enumerable.Range(0, 6).Select(i => CallRecords.Make(now.AddDays(-day).AddMinutes(-i),
                    i % 3 == 0 ? "+15550000001" : $"+1555000010{i}", "+12025550100", CallVerdicts.Block, callId: $"d{day}-{i}")));
            }
        }

        using (var db = EdgeBlockerDatabase.Open(_dir.Options(), time, [.. v6, new Migration007_BlockTimes()]))
        {
            Assert.Equal(7, db.SchemaVersion);
        }

        using (var raw = new LiteDatabase(_dir.DatabaseFile))
        {
            Assert.DoesNotContain(CallRecordMapper.Time, raw.GetCollection("$indexes").Find(Filter.Eq("collection", Collections.Calls)).Select(d => d["name"].AsString));
        }

        using (var db = EdgeBlockerDatabase.Open(_dir.Options(), time))
        {
            Assert.Equal(["d0-0", "d0-1", "d0-2"], db.Calls.Query(new CallQuery { Limit = 3 }).Select(r => r.CallId));
            Assert.Equal(["d1-3"], db.Calls.Traceback(now.AddDays(-1).AddMinutes(-3), "+15550000001", "+12025550100", TimeSpan.FromMinutes(1)).Select(r => r.CallId));
            Assert.Equal(new TopCaller("+15550000001", 6), db.Calls.TopBlockedCallers(now.AddDays(-2), now)[0]);
            Assert.Equal(new TopCaller("+15550000001", 2), db.Calls.TopBlockedCallers(now.AddDays(-1), now.AddDays(-1).AddMinutes(1))[0]);
            Assert.Equal(new TopCaller("+15550000001", 6), db.Calls.TopBlockedCallersThisWeek()[0]);
        }
    }

    [Theory]
    [InlineData(100)] // several steps, and a page breaks where a step ends
    [InlineData(65_536)]
    public void A_version_7_file_has_its_records_packed_into_pages_of_their_blocks_with_their_ids_and_every_field(int recordsPerStep)
    {
        var t = new DateTimeOffset(2026, 6, 1, 10, 0, 0, TimeSpan.Zero);
        var v5 = MigrationCatalog.All.Where(m => m.Number <= 5).ToList();
        using (EdgeBlockerDatabase.Open(_dir.Options(), TimeProvider.System, v5))
        {
        }

        // Records as version 7 stores them: a document each (written at version 5, given their blocks by migration 6).
        const int records = (2 * CallBlock.DefaultRecords) + 300;
        var written = Enumerable.Range(0, records).Select(i => CallRecords.Make(t.AddSeconds(i), $"+1555{i:D7}", "+12125550100",
            i % 2 == 0 ? CallVerdicts.Block : CallVerdicts.Allow, callId: $"c{i}") with
        {
            Rule = i % 3 == 0 ? "prefix" : null,
            AnsweredAt = i % 5 == 1 ? t.AddSeconds(i + 2) : null,
            EndedAt = i % 5 == 1 ? t.AddSeconds(i + 30) : null,
        }).ToList();
        using (var raw = new LiteDatabase(_dir.DatabaseFile))
        {
            var calls = raw.GetCollection(Collections.Calls, BsonAutoId.Int64);
            foreach (var record in written)
            {
                calls.Insert(CallRecordMapper.ToDocument(record));
            }
        }

        using (EdgeBlockerDatabase.Open(_dir.Options(), TimeProvider.System, MigrationCatalog.All.Where(m => m.Number <= 7).ToList()))
        {
        }

        // A pass that ended before its version was committed is run again, and finds nothing left to pack.
        var v7 = MigrationCatalog.All.Where(m => m.Number <= 7).ToList();
        Assert.Throws<StorageOpenException>(() => EdgeBlockerDatabase.Open(
            _dir.Options(), TimeProvider.System, [.. v7, new CutShort(new Migration008_CallPages(recordsPerStep))]));
        using (var db = EdgeBlockerDatabase.Open(_dir.Options(), TimeProvider.System, [.. v7, new Migration008_CallPages(recordsPerStep)]))
        {
            Assert.Equal(8, db.SchemaVersion);
            Assert.Equal(records, db.Calls.Count());
            for (var i = 0; i < records; i += 97)
            {
                Assert.Equal(written[i] with { Id = i + 1 }, db.Calls.Get(i + 1));
            }

            var all = db.Calls.Query(new CallQuery { Limit = CallQuery.MaxLimit });
            Assert.Equal(Enumerable.Range(1, records).Reverse(), all.Select(r => (int)r.Id));
            Assert.Equal(written.AsEnumerable().Reverse(), all.Select(r => r with { Id = 0 }));
            Assert.Equal("c1001", Assert.Single(db.Calls.Query(new CallQuery { Calling = "+15550001001" })).CallId);

            // The calls still up are found in the pages: their hang-up lands on their record.
            var ended = t.AddMinutes(90);
            Assert.Equal(1, db.Calls.WriteBatch([CallWriteItem.Update("c1003", null, ended)]).Value.Updated);
            Assert.Equal(ended, db.Calls.Get(1004)!.EndedAt);
        }

        using var file = new LiteDatabase(_dir.DatabaseFile);
        Assert.False(file.CollectionExists(Collections.Calls));
        var blocks = file.GetCollection(Collections.CallBlocks).FindAll().Select(b => (First: CallBlock.FirstOf(b), Last: CallBlock.LastOf(b))).ToList();
        var pages = file.GetCollection(Collections.CallPages).FindAll().ToList();
        Assert.Equal(records, pages.Sum(CallPage.CountOf));
        Assert.All(pages, p => Assert.Single(blocks, b => b.First <= CallPage.FirstOf(p) && CallPage.LastOf(p) <= b.Last));
    }

    [Fact]
    public void A_failing_migration_leaves_the_file_at_its_previous_version()
    {
        using (EdgeBlockerDatabase.Open(_dir.Options(), TimeProvider.System, [new Migration001_Initial()]))
        {
        }

        var ex = Assert.Throws<StorageOpenException>(() =>
            EdgeBlockerDatabase.Open(_dir.Options(), TimeProvider.System, [new Migration001_Initial(), new FailingMigration()]));

        Assert.Equal(StorageOpenFailure.MigrationFailed, ex.Failure);
        using var raw = new LiteDatabase(_dir.DatabaseFile);
        Assert.Equal(1, MigrationRunner.ReadVersion(raw));
        Assert.False(raw.CollectionExists("half_done"));
    }

    /// <summary>A migration that does all its work and then fails, as a power loss before its version is committed.</summary>
    private sealed class CutShort(IMigration inner) : IMigration
    {
        public int Number => inner.Number;

        public string Description => inner.Description;

        public void Apply(LiteDatabase db)
        {
            inner.Apply(db);
            throw new LiteException(0, "simulated power loss");
        }
    }

    private sealed class FailingMigration : IMigration
    {
        public int Number => 2;

        public string Description => "fails half way";

        public void Apply(LiteDatabase db)
        {
            db.GetCollection("half_done").Insert(new BsonDocument { ["x"] = 1 });
            throw new LiteException(0, "simulated failure");
        }
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
