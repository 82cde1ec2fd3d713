using System.Globalization;

namespace EdgeBlocker.Systemd;

/// <summary>
/// What the service manager told the process through its environment (sd_notify(3), sd_watchdog_enabled(3)): where to
/// send notifications, and within what time the watchdog wants to hear that the service is alive.
/// </summary>
/// <param name="NotifySocket">NOTIFY_SOCKET: a datagram socket path, <c>@name</c> for the abstract namespace; null when
/// the process was not started by systemd with <c>Type=notify</c>.</param>
/// <param name="WatchdogTimeout">WATCHDOG_USEC: the unit's <c>WatchdogSec=</c>; null when there is no watchdog for this
/// process.</param>
public sealed record SystemdEnvironment(string? NotifySocket, TimeSpan? WatchdogTimeout)
{
    /// <summary>How often to send WATCHDOG=1: half the timeout, as sd_watchdog_enabled(3) recommends.</summary>
    public TimeSpan? WatchdogPingInterval => WatchdogTimeout / 2;

    /// <summary>
    /// Reads NOTIFY_SOCKET, WATCHDOG_USEC and WATCHDOG_PID. The watchdog applies only when WATCHDOG_PID is unset or names
    /// this process (a child started with the parent's environment must not ping for it).
    /// </summary>
    public static SystemdEnvironment Read(Func<string, string?> variable, int processId)
    {
        ArgumentNullException.ThrowIfNull(variable);
        var socket = variable("NOTIFY_SOCKET");
        TimeSpan? watchdog = null;
        if (ulong.TryParse(variable("WATCHDOG_USEC"), NumberStyles.None, CultureInfo.InvariantCulture, out var microseconds)
            && microseconds is > 0 and <= (ulong)(long.MaxValue / TimeSpan.TicksPerMicrosecond)
            && (variable("WATCHDOG_PID") is not { } pid || pid == processId.ToString(CultureInfo.InvariantCulture)))
        {
            watchdog = TimeSpan.FromTicks((long)microseconds * TimeSpan.TicksPerMicrosecond);
        }

        return new SystemdEnvironment(string.IsNullOrEmpty(socket) ? null : socket, watchdog);
    }
}
