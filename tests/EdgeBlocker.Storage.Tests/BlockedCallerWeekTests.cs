using EdgeBlocker.Storage.Calls;
using static EdgeBlocker.Storage.Tests.CallRecords;

namespace EdgeBlocker.Storage.Tests;

/// <summary>
/// The dashboard's week of blocked calls per caller (the days' runs and summaries summed) must always equal the sum of
/// the per-day counts over the same seven days, whatever happens to the clock and the records: checked against that sum
/// after every step.
/// </summary>
public sealed class BlockedCallerWeekTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly SettableClock _time = new(T0);
    private readonly EdgeBlockerDatabase _db;

    public BlockedCallerWeekTests() => _db = EdgeBlockerDatabase.Open(_dir.Options(retentionDays: 30), _time);

    public void Dispose()
    {
        _db.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void The_week_follows_batches_late_records_and_day_changes_over_a_month()
    {
        var random = new Random(4475);
        Assert.Empty(_db.Calls.TopBlockedCallersThisWeek());
        for (var hour = 0; hour < 30 * 24; hour += 5)
        {
            _time.SetUtcNow(T0.AddHours(hour));
            var now = _time.GetUtcNow();
            Write(_db, Enumerable.Range(0, random.Next(1, 12)).Select(_ => Make(
                now.AddHours(-random.Next(0, 60)), // some late: up to two and a half days old
                $"+1555000{random.Next(0, 40):D4}",
                "+12025550100",
                random.Next(4) == 0 ? CallVerdicts.Allow : CallVerdicts.Block)));
            if (hour % 3 == 0)
            {
                AssertWeekIsTheSum(limit: 10);
            }
        }

        AssertWeekIsTheSum(limit: 40);
    }

    [Fact]
    public void Counts_kept_by_the_writer_stay_exact_through_restarts_day_changes_and_callers_without_a_number()
    {
        // The writer counts a batch's callers in a run per day, merged as runs pile up: checked here against counts kept
        // by the test, across restarts and days.
        using var dir = new TempDirectory();
        var db = EdgeBlockerDatabase.Open(dir.Options(retentionDays: 30), _time);
        var random = new Random(5118);
        var expected = new Dictionary<(DateTime Day, string Caller), long>();
        try
        {
            for (var hour = 0; hour < 10 * 24; hour += 7)
            {
                _time.SetUtcNow(T0.AddHours(hour));
                if (hour % 4 == 0)
                {
                    db.Dispose();
                    db = EdgeBlockerDatabase.Open(dir.Options(retentionDays: 30), _time);
                }

                var now = _time.GetUtcNow();
                var batch = Enumerable.Range(0, random.Next(1, 40)).Select(_ => random.Next(30) switch
                {
                    0 => Make(now, "+1555", "+12025550100", CallVerdicts.Block) with { CallingNumber = null, CallingNumberReceived = null },
                    1 => Make(now, "+1555", "+12025550100", CallVerdicts.Block) with { CallingNumber = null, CallingNumberReceived = "0800 123" },
                    var n => Make(now.AddHours(-random.Next(0, 30)), $"+1555000{n:D4}", "+12025550100", random.Next(4) == 0 ? CallVerdicts.Allow : CallVerdicts.Block),
                }).ToList();
                Write(db, batch);
                foreach (var call in batch.Where(c => c.Verdict == CallVerdicts.Block))
                {
                    var key = (call.Time.UtcDateTime.Date, call.CallingNumber ?? call.CallingNumberReceived ?? "anonymous");
                    expected[key] = expected.GetValueOrDefault(key) + 1;
                }

                if (hour % 3 == 0)
                {
                    var today = now.UtcDateTime.Date;
                    Assert.Equal(Top(expected, today, today, 100), db.Calls.TopBlockedCallers(today, today.AddDays(1), 100));
                    Assert.Equal(Top(expected, today.AddDays(-6), today, 100), db.Calls.TopBlockedCallersThisWeek(100));
                }
            }

        }
        finally
        {
            db.Dispose();
        }

        static List<TopCaller> Top(Dictionary<(DateTime Day, string Caller), long> counts, DateTime first, DateTime last, int limit) =>
        [
            .. counts.Where(kv => kv.Key.Day >= first && kv.Key.Day <= last)
                .GroupBy(kv => kv.Key.Caller, kv => kv.Value)
                .Select(g => new TopCaller(g.Key, g.Sum()))
                .OrderByDescending(c => c.Blocked).ThenBy(c => c.Number, StringComparer.Ordinal)
                .Take(limit),
        ];
    }

    [Fact]
    public void A_clock_set_back_or_jumped_forward_past_the_week_rebuilds_it()
    {
        Write(_db, [Make(T0, "+15550000001", "+1202555", CallVerdicts.Block), Make(T0.AddDays(-3), "+15550000002", "+1202555", CallVerdicts.Block)]);
        AssertWeekIsTheSum(limit: 10);

        _time.SetUtcNow(T0.AddDays(-2)); // set back: the window now ends before T0's day
        AssertWeekIsTheSum(limit: 10);
        Assert.Equal([new TopCaller("+15550000002", 1)], _db.Calls.TopBlockedCallersThisWeek());

        _time.SetUtcNow(T0.AddDays(40)); // an NTP step after weeks without a clock
        Write(_db, [Make(T0.AddDays(40), "+15550000003", "+1202555", CallVerdicts.Block)]);
        AssertWeekIsTheSum(limit: 10);
        Assert.Equal([new TopCaller("+15550000003", 1)], _db.Calls.TopBlockedCallersThisWeek());
    }

    [Fact]
    public void Retention_shorter_than_the_week_invalidates_it_and_it_is_summed_again()
    {
        using var dir = new TempDirectory();
        using var db = EdgeBlockerDatabase.Open(dir.Options(retentionDays: 2), _time);
        Write(db, Enumerable.Range(0, 6).Select(d => Make(T0.AddDays(-d), $"+1555000000{d}", "+1202555", CallVerdicts.Block)));
        Assert.Equal(6, db.Calls.TopBlockedCallersThisWeek().Count);

        db.Calls.ApplyRetention();

        Assert.Equal(db.Calls.TopBlockedCallers(T0.AddDays(-6), T0), db.Calls.TopBlockedCallersThisWeek());
        Assert.Equal(3, db.Calls.TopBlockedCallersThisWeek().Count); // today and the two days kept
    }

    [Fact]
    public void Ties_are_ordered_by_number()
    {
        Write(_db, [.. new[] { "+15550000009", "+15550000003", "+15550000007" }.Select(n => Make(T0, n, "+1202555", CallVerdicts.Block))]);
        Write(_db, [Make(T0, "+15550000005", "+1202555", CallVerdicts.Block), Make(T0, "+15550000005", "+1202555", CallVerdicts.Block)]);

        Assert.Equal(
            [new TopCaller("+15550000005", 2), new TopCaller("+15550000003", 1), new TopCaller("+15550000007", 1)],
            _db.Calls.TopBlockedCallersThisWeek(limit: 3));
    }

    private void AssertWeekIsTheSum(int limit)
    {
        var now = _time.GetUtcNow();
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        Assert.Equal(_db.Calls.TopBlockedCallers(today.AddDays(-6), today.AddDays(1), limit), _db.Calls.TopBlockedCallersThisWeek(limit));
    }

    /// <summary>A wall clock the test sets, backwards too (the fake time provider refuses to go back).</summary>
    private sealed class SettableClock(DateTimeOffset now) : TimeProvider
    {
        private DateTimeOffset _now = now;

        public void SetUtcNow(DateTimeOffset value) => _now = value;

        public override DateTimeOffset GetUtcNow() => _now;
    }
}
