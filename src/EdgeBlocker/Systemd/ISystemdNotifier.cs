namespace EdgeBlocker.Systemd;

/// <summary>Tells the service manager about the service's state (sd_notify(3)): READY=1, WATCHDOG=1, STOPPING=1.</summary>
public interface ISystemdNotifier
{
    /// <summary>Whether a service manager listens (NOTIFY_SOCKET was set).</summary>
    bool IsEnabled { get; }

    /// <summary>Sends one notification: newline-separated assignments such as <c>READY=1</c>. False when it could not be
    /// sent (never throws: a service manager that went away must not stop the service).</summary>
    bool Notify(string state);
}
