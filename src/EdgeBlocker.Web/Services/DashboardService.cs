using EdgeBlocker.Screening;
using EdgeBlocker.Storage;
using EdgeBlocker.Storage.Calls;
using EdgeBlocker.Sync;
using EdgeBlocker.Web.Hosting;

namespace EdgeBlocker.Web.Services;

/// <summary>
/// Builds the dashboard from the pre-aggregated call counters (never from a scan of the call records): counts per
/// minute and per day, peers per day, and the top blocked callers from Storage's rolling week of counts per caller.
/// </summary>
public sealed class DashboardService
{
    private readonly EdgeBlockerDatabase _database;
    private readonly ScreeningEngine _engine;
    private readonly HealthProbe _health;
    private readonly TimeProvider _time;
    private readonly IIndicatorSource _indicators;
    private readonly Func<IReadOnlyList<ListSyncStatus>> _syncStatuses;

    /// <param name="syncStatuses">List sync's status per subscription (<see cref="ListSyncService.Statuses"/>).</param>
    public DashboardService(EdgeBlockerDatabase database, ScreeningEngine engine, HealthProbe health, IIndicatorSource indicators, Func<IReadOnlyList<ListSyncStatus>> syncStatuses, TimeProvider time)
    {
        _syncStatuses = syncStatuses;
        _indicators = indicators;
        _database = database;
        _engine = engine;
        _health = health;
        _time = time;
    }

    public DashboardView Build()
    {
        var now = _time.GetUtcNow();
        var calls = _database.Calls;
        var perMinute = calls.CountsPerMinute(now.AddHours(-24), now);
        var indicators = _indicators.Read();
        var health = _health.Read();
        return new DashboardView(
            now,
            perMinute.Sum(b => b.Screened),
            perMinute.Sum(b => b.Blocked),
            perMinute,
            calls.CountsPerDay(now.AddDays(-29), now),
            calls.TopBlockedCallersThisWeek(10),
            calls.TopPeersByBlockedShare(now.AddDays(-29), now, 10),
            _database.Lists.All(),
            health with { CpuCelsius = indicators.CpuCelsius ?? health.CpuCelsius },
            _engine.Bypass,
            _engine.Settings.Mode.ToString().ToLowerInvariant(),
            indicators,
            _syncStatuses());
    }
}
