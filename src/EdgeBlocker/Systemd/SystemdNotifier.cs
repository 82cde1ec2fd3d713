using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;

namespace EdgeBlocker.Systemd;

/// <summary>
/// The sd_notify(3) datagram protocol: each notification is one datagram of <c>KEY=VALUE</c> lines sent to the Unix
/// socket named by NOTIFY_SOCKET. Does nothing when it is unset.
/// </summary>
public sealed partial class SystemdNotifier : ISystemdNotifier, IDisposable
{
    private readonly Socket? _socket;
    private readonly UnixDomainSocketEndPoint? _target;
    private readonly ILogger<SystemdNotifier> _logger;

    public SystemdNotifier(SystemdEnvironment environment, ILogger<SystemdNotifier> logger)
    {
        ArgumentNullException.ThrowIfNull(environment);
        _logger = logger;
        if (environment.NotifySocket is { } path)
        {
            // sd_notify(3): a name starting with '@' is in the abstract namespace, where the address starts with a NUL.
            _target = new UnixDomainSocketEndPoint(path[0] == '@' ? "\0" + path[1..] : path);
            _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        }
    }

    public bool IsEnabled => _socket is not null;

    public bool Notify(string state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (_socket is null || _target is null)
        {
            return false;
        }

        try
        {
            _socket.SendTo(Encoding.UTF8.GetBytes(state), SocketFlags.None, _target);
            return true;
        }
        catch (SocketException e)
        {
            LogNotifyFailed(state, e.SocketErrorCode);
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    public void Dispose() => _socket?.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot notify the service manager of {State}: {Error}")]
    private partial void LogNotifyFailed(string state, SocketError error);
}
