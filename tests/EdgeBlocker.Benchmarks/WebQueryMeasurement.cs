using System.Diagnostics;
using System.Globalization;
using EdgeBlocker.Screening;
using EdgeBlocker.Storage;
using EdgeBlocker.Storage.Calls;
using EdgeBlocker.Web.Services;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeBlocker.Benchmarks;

/// <summary>
/// The web page's queries as the page runs them (DashboardService, CallLogService) against the 1M-call fixture of
/// <see cref="StorageBenchmark"/> (a copy of it, so the shared fixture is never migrated or locked): median and p95 of
/// N runs each, after one warm-up. Target: p95 under 100 ms. Run: <c>dotnet run -c Release --project
/// tests/EdgeBlocker.Benchmarks -- --web-p95 [N]</c>.
/// </summary>
public static class WebQueryMeasurement
{
    public static void Run(int runs)
    {
        StorageBenchmark.EnsureFixture(); // not opened here: a fixture of an older version is migrated in the copy, timed
        var copy = Path.Combine(Path.GetTempPath(), "edgeblocker-web-bench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(copy);
        File.Copy(Path.Combine(StorageBenchmark.FixtureDirectory, StorageOptions.FileName), Path.Combine(copy, StorageOptions.FileName), overwrite: true);
        try
        {
            var time = new FixedClock(StorageBenchmark.FixtureEnd);
            var opening = Stopwatch.GetTimestamp();
            using var db = EdgeBlockerDatabase.Open(new StorageOptions { DataDirectory = copy }, time);
            var opened = Stopwatch.GetElapsedTime(opening).TotalMilliseconds;
            var engine = new ScreeningEngine(time, new ScreeningSettings());
            var writer = new CallRecordWriter(db.Calls, new CallRecordWriterOptions(), time, NullLogger<CallRecordWriter>.Instance);
            var dashboard = new DashboardService(db, engine, new HealthProbe(time, db, writer), new NoIndicators(), () => [], time);
            var log = new CallLogService(db, engine, time);
            var traced = StorageBenchmark.FixtureRecord(777_777);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{db.Calls.Count():N0} call records; {runs} runs each after a warm-up; ms"));
            Console.WriteLine("| query | median | p95 | max |");
            Console.WriteLine("| --- | ---: | ---: | ---: |");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| opening the copy, migrations of a fixture written by an older version included, once | {opened:0.0} | | |"));
            Once("top blocked callers this week, first use (finished days' runs compacted), once", () => db.Calls.TopBlockedCallersThisWeek(10).Count);
            Measure("dashboard", runs, () => dashboard.Build().PerMinute.Count);
            var end = StorageBenchmark.FixtureEnd;
            Measure("  of which: per minute, 24 h", runs, () => db.Calls.CountsPerMinute(end.AddHours(-24), end).Count);
            Measure("  of which: per day, 30 days", runs, () => db.Calls.CountsPerDay(end.AddDays(-29), end).Count);
            Measure("  of which: top blocked callers, this week (six day summaries and today's runs)", runs, () => db.Calls.TopBlockedCallersThisWeek(10).Count);
            Measure("  of which: top peers, 30 days", runs, () => db.Calls.TopPeersByBlockedShare(end.AddDays(-29), end, 10).Count);
            Measure("  of which: lists", runs, () => db.Lists.All().Count);
            Measure("call log, first page", runs, () => log.Page(new CallFilter()).Records.Count);
            Measure("call log, page 20", runs, () => log.Page(new CallFilter { Page = 20 }).Records.Count);
            Measure("call log, blocked in the last day", runs, () => log.Page(new CallFilter { Since = "1d", Verdict = "block" }).Records.Count);
            Measure("call log, by calling number", runs, () => log.Page(new CallFilter { Calling = traced.CallingNumber }).Records.Count);
            Measure("call log, by peer, last 7 days", runs, () => log.Page(new CallFilter { Since = "7d", Peer = "carrier-e" }).Records.Count);
            Measure("call log CSV export (10,000 records)", runs, () => Csv.Calls(log.Export(new CallFilter()).Records).Length);
            Measure("traceback ±10 min", runs, () => log.Traceback(new TracebackRequest(traced.Time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), traced.CallingNumber, traced.CalledNumber)).Records.Count);
            Measure("traceback ±1 h", runs, () => log.Traceback(new TracebackRequest(traced.Time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), traced.CallingNumber, traced.CalledNumber, "1h")).Records.Count);
            writer.Dispose();
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    private static void Once(string name, Func<int> query)
    {
        var started = Stopwatch.GetTimestamp();
        var found = query();
        var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} ({found} rows) | {ms:0.0} | | |"));
    }

    private static void Measure(string name, int runs, Func<int> query)
    {
        var found = query();
        var times = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            query();
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(times);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} ({found} rows) | {times[runs / 2]:0.0} | {times[(int)Math.Ceiling(runs * 0.95) - 1]:0.0} | {times[^1]:0.0} |"));
    }

    private sealed class NoIndicators : EdgeBlocker.Web.Hosting.IIndicatorSource
    {
        public EdgeBlocker.Web.Hosting.IndicatorsInfo Read() => new("simulated", "Screening", "Unknown", "Fresh", [], null, 80, []);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
