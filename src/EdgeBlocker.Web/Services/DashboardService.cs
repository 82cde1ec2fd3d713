using EdgeBlocker.Screening;
using EdgeBlocker.Storage;

namespace EdgeBlocker.Web.Services;

/// <summary>Builds the dashboard from the pre-aggregated call counters (never from a scan of the call records).</summary>
public sealed class DashboardService
{
    private readonly EdgeBlockerDatabase _database;
    private readonly ScreeningEngine _engine;
    private readonly HealthProbe _health;
    private readonly TimeProvider _time;

    public DashboardService(EdgeBlockerDatabase database, ScreeningEngine engine, HealthProbe health, TimeProvider time)
    {
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
        return new DashboardView(
            now,
            perMinute.Sum(b => b.Screened),
            perMinute.Sum(b => b.Blocked),
            perMinute,
            calls.CountsPerDay(now.AddDays(-29), now),
            calls.TopBlockedCallers(now.AddDays(-6), now, 10),
            calls.TopPeersByBlockedShare(now.AddDays(-29), now, 10),
            _database.Lists.All(),
            _health.Read(),
            _engine.Bypass,
            _engine.Settings.Mode.ToString().ToLowerInvariant());
    }
}
