using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeBlocker.Systemd;

/// <summary>
/// Feeds systemd's watchdog (<c>WatchdogSec=</c>) only while the SIP receive loop makes progress, so that a wedged loop
/// gets the service restarted. Every half timeout it checks that the loop's count moved since the last check, sends
/// WATCHDOG=1 if it did, then probes the loop with a keep-alive datagram to take before the next check. An idle trunk
/// still counts as progress (the loop takes the probe); a loop stuck in a handler, a loop that died, or a starved
/// thread pool does not. Without WATCHDOG_USEC it does nothing.
/// </summary>
public sealed partial class Watchdog : IHostedService, IDisposable
{
    private readonly SystemdEnvironment _environment;
    private readonly ISystemdNotifier _notifier;
    private readonly IReceiveHeartbeat _heartbeat;
    private readonly TimeProvider _time;
    private readonly ILogger<Watchdog> _logger;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly Lock _gate = new();
    private CancellationTokenRegistration _started;
    private ITimer? _timer;
    private long _lastProgress;
    private bool _stalled;

    public Watchdog(SystemdEnvironment environment, ISystemdNotifier notifier, IReceiveHeartbeat heartbeat, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<Watchdog> logger)
    {
        _lifetime = lifetime;
        _environment = environment;
        _notifier = notifier;
        _heartbeat = heartbeat;
        _time = time;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_environment.WatchdogPingInterval is not { } interval || !_notifier.IsEnabled)
        {
            return Task.CompletedTask;
        }

        // systemd watches from READY=1 on, and READY=1 follows the host's start (the web server's included): feeding
        // the watchdog before then would say "alive" for a service that has not yet said "ready".
        _started = _lifetime.ApplicationStarted.Register(() => Begin(interval));
        LogEnabled(_environment.WatchdogTimeout!.Value, interval);
        return Task.CompletedTask;
    }

    private void Begin(TimeSpan interval)
    {
        lock (_gate)
        {
            if (_lifetime.ApplicationStopping.IsCancellationRequested)
            {
                return;
            }

            _lastProgress = _heartbeat.Progress;
            _heartbeat.Probe();
            _timer = _time.CreateTimer(_ => Check(), null, interval, interval);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _started.Dispose();
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
        }

        return Task.CompletedTask;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
        }
    }

    /// <summary>One check: ping if the loop moved since the last one, then probe it for the next.</summary>
    private void Check()
    {
        lock (_gate)
        {
            if (_timer is null)
            {
                return;
            }

            var progress = _heartbeat.Progress;
            if (progress != _lastProgress)
            {
                _lastProgress = progress;
                if (_stalled)
                {
                    _stalled = false;
                    LogResumed();
                }

                _notifier.Notify("WATCHDOG=1");
            }
            else if (!_stalled)
            {
                _stalled = true;
                LogStalled(_environment.WatchdogPingInterval!.Value);
            }

            _heartbeat.Probe();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Watchdog: timeout {Timeout}, checking the SIP receive loop every {Interval}")]
    private partial void LogEnabled(TimeSpan timeout, TimeSpan interval);

    [LoggerMessage(Level = LogLevel.Error, Message = "Watchdog: the SIP receive loop took nothing, not even its own probe, in {Interval}; not telling systemd it is alive")]
    private partial void LogStalled(TimeSpan interval);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watchdog: the SIP receive loop makes progress again")]
    private partial void LogResumed();
}
