using EdgeBlocker.Storage.Calls;
using Microsoft.Extensions.Time.Testing;
using static EdgeBlocker.Storage.Tests.CallRecords;

namespace EdgeBlocker.Storage.Tests;

/// <summary>
/// LiteDB 5 keeps every page it touched in memory. With a cache limit the database drops its cache between batches
/// when it grows past the limit, and nothing written is lost; without one the cache grows with the file. The writes
/// alone touch little beyond the end of the file (records and their time index are appended), so before each batch the
/// call log is searched for a verdict no record has, which reads every record.
/// </summary>
public sealed class CacheLimitTests
{
    private const int Batches = 12;
    private const int PerBatch = 1_000;

    [Fact]
    public void Past_the_limit_the_cache_is_dropped_between_batches_and_every_record_stays()
    {
        using var dir = new TempDirectory();
        var time = new FakeTimeProvider(T0);
        using var db = EdgeBlockerDatabase.Open(new StorageOptions { DataDirectory = dir.DataDirectory, CacheLimitMB = 2 }, time);
        WriteBatches(db, time);

        Assert.True(db.CacheTrims > 1, $"the cache was dropped {db.CacheTrims} times");
        Assert.True(db.CacheBytes() <= 2L * 1024 * 1024 + (512 * 1024), $"{db.CacheBytes() >> 10} KiB cached over a 2 MB limit");
        Assert.Equal(Batches * PerBatch, db.Calls.Count());
        Assert.Equal(Batches * PerBatch / 100, db.Calls.Query(new CallQuery { Calling = "+15550000007", Limit = 10_000 }).Count);
    }

    [Fact]
    public void Without_a_limit_the_cache_grows_with_the_file()
    {
        using var dir = new TempDirectory();
        var time = new FakeTimeProvider(T0);
        using var db = EdgeBlockerDatabase.Open(new StorageOptions { DataDirectory = dir.DataDirectory, CacheLimitMB = 0 }, time);
        WriteBatches(db, time);

        Assert.Equal(0, db.CacheTrims);
        Assert.True(db.CacheBytes() > 2L * 1024 * 1024, $"only {db.CacheBytes() >> 10} KiB cached: the test writes too little to show the limit");
    }

    [Fact]
    public void The_cache_is_dropped_at_most_once_a_minute()
    {
        using var dir = new TempDirectory();
        var time = new FakeTimeProvider(T0);
        using var db = EdgeBlockerDatabase.Open(new StorageOptions { DataDirectory = dir.DataDirectory, CacheLimitMB = 1 }, time);
        WriteBatches(db, time, minutesBetween: 0);

        Assert.Equal(1, db.CacheTrims);
    }

    [Fact]
    public void Dropping_the_cache_gives_back_its_pages_whatever_the_limit_and_keeps_every_record()
    {
        using var dir = new TempDirectory();
        var time = new FakeTimeProvider(T0);
        using var db = EdgeBlockerDatabase.Open(new StorageOptions { DataDirectory = dir.DataDirectory, CacheLimitMB = 0 }, time);
        WriteBatches(db, time);
        var before = db.CacheBytes();

        db.DropCache();

        Assert.True(db.CacheBytes() < before / 8, $"{db.CacheBytes() >> 10} KiB cached after the drop, {before >> 10} KiB before");
        Assert.Equal(1, db.CacheTrims);
        Assert.Equal(Batches * PerBatch, db.Calls.Count());
        Write(db, [Make(T0.AddHours(1), "+15550000007", "+12025550000", CallVerdicts.Block)]);
        Assert.Equal((Batches * PerBatch / 100) + 1, db.Calls.Query(new CallQuery { Calling = "+15550000007", Limit = 10_000 }).Count);
    }

    private static void WriteBatches(EdgeBlockerDatabase db, FakeTimeProvider time, int minutesBetween = 1)
    {
        for (var b = 0; b < Batches; b++)
        {
            time.Advance(TimeSpan.FromMinutes(minutesBetween));
            Assert.Empty(db.Calls.Query(new CallQuery { Verdict = CallVerdicts.Allow }));
            Write(db, Enumerable.Range(0, PerBatch).Select(i => Make(T0.AddSeconds((b * PerBatch) + i), $"+155500000{i % 100:D2}", $"+1202555{i:D4}", CallVerdicts.Block)));
        }
    }
}
