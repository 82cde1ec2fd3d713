using EdgeBlocker.Storage.Calls;
using EdgeBlocker.Storage.Lists;

namespace EdgeBlocker.Web.Services;

/// <summary>Everything the dashboard shows, as the page and <c>/api/dashboard</c> give it.</summary>
/// <param name="PerMinute">Screened and blocked calls per minute over the last 24 hours (minutes without calls left out).</param>
/// <param name="PerDay">Per day over the last 30 days.</param>
/// <param name="TopCallers">Most blocked calling numbers over the last 7 days.</param>
/// <param name="TopPeers">Trunk peers by blocked share over the last 30 days.</param>
public sealed record DashboardView(
    DateTimeOffset Now,
    long Screened24h,
    long Blocked24h,
    IReadOnlyList<CallCountBucket> PerMinute,
    IReadOnlyList<CallCountBucket> PerDay,
    IReadOnlyList<TopCaller> TopCallers,
    IReadOnlyList<PeerShare> TopPeers,
    IReadOnlyList<ListInfo> Lists,
    HealthView Health,
    bool Bypass,
    string ScreeningMode,
    EdgeBlocker.Web.Hosting.IndicatorsInfo Indicators,
    IReadOnlyList<EdgeBlocker.Sync.ListSyncStatus> SyncStatuses);
