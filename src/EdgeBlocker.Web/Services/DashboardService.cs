using EdgeBlocker.Screening;
using EdgeBlocker.Storage;
using EdgeBlocker.Storage.Calls;
using EdgeBlocker.Sync;
using EdgeBlocker.Web.Hosting;

namespace EdgeBlocker.Web.Services;

/// <summary>
/// Builds the dashboard from the pre-aggregated call counters (never from a scan of the call records). The top
/// callers (a sum over a week of per-day caller counts, the one costly part) are summed again only when call records
/// were written since, and then at most every <see cref="TopCallersMaxAge"/>: a dashboard reloaded or polled by several
/// admins during traffic costs one sum per interval, and a quiet box shows every call at once.
/// </summary>
public sealed class DashboardService
{
    /// <summary>How long the top blocked callers are reused before they are summed again.</summary>
    public static readonly TimeSpan TopCallersMaxAge = TimeSpan.FromSeconds(10);

    private TopCallersAt? _topCallers;

    private readonly EdgeBlockerDatabase _database;
    private readonly ScreeningEngine _engine;
    private readonly HealthProbe _health;
    private readonly TimeProvider _time;

    private readonly IIndicatorSource _indicators;

    private readonly CallRecordWriter _writer;
    private readonly Func<IReadOnlyList<ListSyncStatus>> _syncStatuses;

    /// <param name="syncStatuses">List sync's status per subscription (<see cref="ListSyncService.Statuses"/>).</param>
    public DashboardService(EdgeBlockerDatabase database, ScreeningEngine engine, HealthProbe health, IIndicatorSource indicators, CallRecordWriter writer, Func<IReadOnlyList<ListSyncStatus>> syncStatuses, TimeProvider time)
    {
        _syncStatuses = syncStatuses;
        _writer = writer;
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
            TopCallers(now),
            calls.TopPeersByBlockedShare(now.AddDays(-29), now, 10),
            _database.Lists.All(),
            health with { CpuCelsius = indicators.CpuCelsius ?? health.CpuCelsius },
            _engine.Bypass,
            _engine.Settings.Mode.ToString().ToLowerInvariant(),
            indicators,
            _syncStatuses());
    }

    private IReadOnlyList<TopCaller> TopCallers(DateTimeOffset now)
    {
        var cached = Volatile.Read(ref _topCallers);
        var written = _writer.Written;
        var stale = cached is null || now < cached.At || now.UtcDateTime.Date != cached.At.UtcDateTime.Date
            || (written != cached.Written && now - cached.At >= TopCallersMaxAge);
        if (stale)
        {
            cached = new TopCallersAt(now, written, _database.Calls.TopBlockedCallers(now.AddDays(-6), now, 10));
            Volatile.Write(ref _topCallers, cached);
        }

        return cached!.Callers;
    }

    private sealed record TopCallersAt(DateTimeOffset At, long Written, IReadOnlyList<TopCaller> Callers);
}
