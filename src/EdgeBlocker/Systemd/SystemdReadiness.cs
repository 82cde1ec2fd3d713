using Microsoft.Extensions.Hosting;

namespace EdgeBlocker.Systemd;

/// <summary>
/// READY=1 when the host has started, STOPPING=1 when it begins to stop (SIGTERM). The host starts only after
/// <c>ServiceHost.Build</c> has loaded the lists and bound the SIP sockets (UDP bound, TCP listening), and
/// <c>ApplicationStarted</c> fires only after every hosted service's StartAsync has returned: so systemd hears READY=1
/// when calls are screened against whole lists, not before.
/// </summary>
public sealed class SystemdReadiness : IHostedService
{
    private readonly ISystemdNotifier _notifier;
    private readonly IHostApplicationLifetime _lifetime;
    private CancellationTokenRegistration _started;
    private CancellationTokenRegistration _stopping;

    public SystemdReadiness(ISystemdNotifier notifier, IHostApplicationLifetime lifetime)
    {
        _notifier = notifier;
        _lifetime = lifetime;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_notifier.IsEnabled)
        {
            _started = _lifetime.ApplicationStarted.Register(() => _notifier.Notify("READY=1\nSTATUS=Screening calls"));
            _stopping = _lifetime.ApplicationStopping.Register(() => _notifier.Notify("STOPPING=1\nSTATUS=Stopping"));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _started.Dispose();
        _stopping.Dispose();
        return Task.CompletedTask;
    }
}
