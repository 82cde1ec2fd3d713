using System.Net;
using EdgeBlocker.Proxy.Flood;
using Microsoft.Extensions.Logging;

namespace EdgeBlocker.Proxy.Transport;

/// <summary>The UDP and TCP transports on one address and port, as one sender.</summary>
public sealed class SipTransports : ISipSender, IDisposable
{
    /// <summary>Binds both; <paramref name="limiter"/> (null when off) is checked on every message before it is parsed.</summary>
    public SipTransports(IPEndPoint bind, TcpLimits limits, ILoggerFactory loggers, SourceRateLimiter? limiter = null)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        Udp = new UdpTransport(bind, loggers.CreateLogger<UdpTransport>(), limiter);
        // Port 0 (tests) lets UDP pick; TCP takes the same number so one port serves both, as SIP expects.
        Tcp = new TcpTransport(new IPEndPoint(bind.Address, Udp.LocalEndPoint.Port), limits, loggers.CreateLogger<TcpTransport>(), limiter);
    }

    public UdpTransport Udp { get; }

    public TcpTransport Tcp { get; }

    public int Port => Udp.LocalEndPoint.Port;

    public void Send(in Remote destination, ReadOnlySpan<byte> message)
    {
        if (destination.Transport == SipTransportKind.Udp)
        {
            Udp.Send(destination.EndPoint, message);
        }
        else
        {
            Tcp.Send(destination.EndPoint, destination.Connection, message);
        }
    }

    public void Dispose()
    {
        Udp.Dispose();
        Tcp.Dispose();
    }
}
