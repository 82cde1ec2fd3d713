using EdgeBlocker.Indicators;
using EdgeBlocker.Proxy;
using EdgeBlocker.Proxy.Health;
using EdgeBlocker.Screening;
using EdgeBlocker.Storage;
using EdgeBlocker.Sync;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeBlocker.Hosting;

/// <summary>
/// Maps the service's state to the indicators' own input (<see cref="IndicatorState"/>): health from the host's
/// lifetime and the engine's bypass, trunk from the health pings, blocked calls from the proxy's counter (read every
/// 100 ms: the SIP path does nothing more than the increment it already made), and sync (see <see cref="MapSync"/>).
/// It also restores bypass before the first call and lets the button toggle it.
/// </summary>
public sealed partial class IndicatorFeed : IHostedService, IDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(100);

    /// <summary>Staleness comes with time, not with an event: the sync status is read again this often.</summary>
    private static readonly TimeSpan SyncRecheck = TimeSpan.FromSeconds(30);
    private readonly IndicatorState _state;
    private readonly ScreeningEngine _engine;
    private readonly BypassSwitch _bypass;
    private readonly SipProxy _proxy;
    private readonly TrunkHealthPinger _pinger;
    private readonly ListSyncService _sync;
    private readonly BypassButton _button;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly TimeProvider _time;
    private readonly ILogger<IndicatorFeed> _logger;
    private ITimer? _timer;
    private long _blockedSeen;
    private long _syncCheckedAt;

    public IndicatorFeed(IndicatorState state, ScreeningEngine engine, EdgeBlockerDatabase database, SipProxy proxy, TrunkHealthPinger pinger, ListSyncService sync, BypassButton button, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<IndicatorFeed> logger)
    {
        ArgumentNullException.ThrowIfNull(database);
        _state = state;
        _engine = engine;
        _bypass = new BypassSwitch(database.Settings, engine);
        _proxy = proxy;
        _pinger = pinger;
        _sync = sync;
        _button = button;
        _lifetime = lifetime;
        _time = time;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_bypass.Restore())
        {
            LogBypassRestored();
        }

        MapSync();
        _sync.StatusChanged += OnSyncChanged;
        _blockedSeen = _proxy.Counters.CallsBlocked;
        _button.Held += OnButtonHeld;
        _pinger.Changed += MapTrunk;
        _pinger.Start();
        MapTrunk();
        _timer = _time.CreateTimer(_ => Update(), null, TimeSpan.Zero, Period);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        _button.Held -= OnButtonHeld;
        _pinger.Changed -= MapTrunk;
        _sync.StatusChanged -= OnSyncChanged;
        _pinger.Dispose();
        _state.SetHealth(HealthState.Down);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The one place the sync LED is fed: list sync's overall status (running → Syncing, a last run that failed →
    /// Failed, no success within EdgeBlocker:Sync:StaleAfter → Stale, else Fresh; no subscriptions → Fresh).
    /// </summary>
    private void MapSync()
    {
        _syncCheckedAt = _time.GetTimestamp();
        _state.SetSync(_sync.Overall() switch
        {
            SyncStatus.Syncing => SyncState.Syncing,
            SyncStatus.Failed => SyncState.Failed,
            SyncStatus.Stale => SyncState.Stale,
            _ => SyncState.Fresh,
        });
    }

    private void OnSyncChanged(object? sender, EventArgs e) => MapSync();

    private void Update()
    {
        var started = _lifetime.ApplicationStarted.IsCancellationRequested && !_lifetime.ApplicationStopping.IsCancellationRequested;
        if (started)
        {
            _state.SetHealth(_engine.Bypass ? HealthState.Bypass : HealthState.Screening);
        }

        if (_time.GetElapsedTime(_syncCheckedAt) >= SyncRecheck)
        {
            MapSync();
        }

        var blocked = _proxy.Counters.CallsBlocked;
        if (blocked != _blockedSeen)
        {
            _blockedSeen = blocked;
            _state.BlockedCall();
        }
    }

    private void MapTrunk()
    {
        var health = _pinger.Snapshot();
        _state.SetTrunk(!health.Enabled || health.CoreUp is null ? TrunkState.Unknown
            : health.CoreUp == false ? TrunkState.CoreDown
            : health.AllUp ? TrunkState.AllUp
            : TrunkState.PeerDown);
    }

    private void OnButtonHeld()
    {
        var on = !_bypass.IsOn;
        var result = _bypass.Set(on, new ChangeContext("button", "gpio"));
        if (result.Succeeded)
        {
            LogBypassButton(on ? "on" : "off");
        }
        else
        {
            LogBypassFailed(result.Error ?? "unknown error");
        }
    }

    public void Dispose() => _timer?.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bypass is on (kept from before the restart): every call passes unscreened")]
    private partial void LogBypassRestored();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bypass {State} by the button")]
    private partial void LogBypassButton(string state);

    [LoggerMessage(Level = LogLevel.Error, Message = "Bypass button: cannot store the setting: {Error}")]
    private partial void LogBypassFailed(string error);
}
