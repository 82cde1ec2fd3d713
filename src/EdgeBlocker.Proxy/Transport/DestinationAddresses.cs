using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace EdgeBlocker.Proxy.Transport;

/// <summary>
/// The socket address each destination is sent to, made once: <c>SendTo</c> with an <see cref="IPEndPoint"/> serialises
/// it into a new socket address on every send (72 bytes), and every answer of the box is a send. IPv4 destinations of a
/// dual-mode socket are kept mapped to IPv6 (<c>::ffff:a.b.c.d</c>), as the socket needs them. Shared by the receive
/// threads and the timer thread; bounded like <see cref="SourceEndPoints"/>: when <see cref="Capacity"/>
/// destinations have been seen it starts afresh.
/// </summary>
internal sealed class DestinationAddresses
{
    public const int Capacity = 256;

    private readonly ConcurrentDictionary<IPEndPoint, SocketAddress> _known = new();
    private readonly bool _dualMode;

    public DestinationAddresses(bool dualMode) => _dualMode = dualMode;

    /// <summary>Destinations held now.</summary>
    public int Count => _known.Count;

    /// <summary>The address to send to; not to be changed (the same one is handed to every thread).</summary>
    public SocketAddress Get(IPEndPoint to)
    {
        if (_known.TryGetValue(to, out var known))
        {
            return known;
        }

        if (_known.Count >= Capacity)
        {
            _known.Clear();
        }

        var target = _dualMode && to.AddressFamily == AddressFamily.InterNetwork ? new IPEndPoint(to.Address.MapToIPv6(), to.Port) : to;
        var address = target.Serialize();
        _known.TryAdd(to, address);
        return address;
    }
}
