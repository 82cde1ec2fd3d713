using EdgeBlocker.Proxy.Transport;

namespace EdgeBlocker.Systemd;

/// <summary>The UDP receive loop's heartbeat: its datagram count, and a keep-alive datagram from its socket to itself.</summary>
public sealed class UdpReceiveHeartbeat : IReceiveHeartbeat
{
    private readonly UdpTransport _udp;

    public UdpReceiveHeartbeat(SipTransports transports)
    {
        ArgumentNullException.ThrowIfNull(transports);
        _udp = transports.Udp;
    }

    public long Progress => _udp.Received;

    public void Probe()
    {
        try
        {
            _udp.SendKeepAliveToSelf();
        }
        catch (ObjectDisposedException)
        {
            // Stopping: the socket is closed; the watchdog stops too.
        }
    }
}
