using EdgeBlocker.Screening;
using EdgeBlocker.Storage;
using EdgeBlocker.Storage.Calls;

namespace EdgeBlocker.Web.Services;

/// <summary>
/// Builds the dashboard from the pre-aggregated call counters (never from a scan of the call records). The top
/// callers (a sum over a week of per-day caller counts, the one costly part) are kept for
/// <see cref="TopCallersMaxAge"/>, so a dashboard reloaded or polled by several admins costs one sum.
/// </summary>
public sealed class DashboardService
{
    /// <summary>How long the top blocked callers are reused before they are summed again.</summary>
    public static readonly TimeSpan TopCallersMaxAge = TimeSpan.FromSeconds(30);

    private TopCallersAt? _topCallers;

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
            TopCallers(now),
            calls.TopPeersByBlockedShare(now.AddDays(-29), now, 10),
            _database.Lists.All(),
            _health.Read(),
            _engine.Bypass,
            _engine.Settings.Mode.ToString().ToLowerInvariant());
    }

    private IReadOnlyList<TopCaller> TopCallers(DateTimeOffset now)
    {
        var cached = Volatile.Read(ref _topCallers);
        if (cached is null || now - cached.At >= TopCallersMaxAge || now < cached.At)
        {
            cached = new TopCallersAt(now, _database.Calls.TopBlockedCallers(now.AddDays(-6), now, 10));
            Volatile.Write(ref _topCallers, cached);
        }

        return cached.Callers;
    }

    private sealed record TopCallersAt(DateTimeOffset At, IReadOnlyList<TopCaller> Callers);
}
