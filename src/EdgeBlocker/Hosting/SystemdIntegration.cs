using EdgeBlocker.Proxy.Transport;
using EdgeBlocker.Systemd;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Console;

namespace EdgeBlocker.Hosting;

/// <summary>The service's side of its systemd unit (packaging/edgeblocker.service): <c>Type=notify</c>, <c>WatchdogSec=</c>, journald.</summary>
public static class SystemdIntegration
{
    /// <summary>
    /// READY=1 once started, WATCHDOG=1 while the SIP receive loop makes progress, STOPPING=1 on SIGTERM, and log lines
    /// with journald priorities when stdout is the journal. Inert when the process was not started by systemd.
    /// </summary>
    public static IServiceCollection AddSystemdIntegration(this IServiceCollection services)
    {
        services.AddSingleton(SystemdEnvironment.Read(Environment.GetEnvironmentVariable, Environment.ProcessId));
        services.AddSingleton<ISystemdNotifier, SystemdNotifier>();
        services.AddSingleton<IReceiveHeartbeat>(sp => new UdpReceiveHeartbeat(sp.GetRequiredService<SipTransports>()));
        services.AddHostedService<SystemdReadiness>();
        services.AddHostedService<Watchdog>();
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("JOURNAL_STREAM")))
        {
            // stdout is the journal: a "<6>" priority prefix per line (journalctl -p warning works) and no timestamp of
            // our own (the journal has one). After every other console setting, so it wins.
            services.PostConfigure<ConsoleLoggerOptions>(o => o.FormatterName = ConsoleFormatterNames.Systemd);
        }

        return services;
    }
}
