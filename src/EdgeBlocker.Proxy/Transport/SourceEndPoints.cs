using System.Net;
using System.Net.Sockets;

namespace EdgeBlocker.Proxy.Transport;

/// <summary>
/// One receive thread's map from a datagram's raw source address to its <see cref="IPEndPoint"/> (IPv4-mapped
/// addresses unmapped), so that a trunk's few sources cost one endpoint each, not one per datagram. Bounded: when
/// <see cref="Capacity"/> sources have been seen it starts afresh. Not thread-safe: one per thread.
/// </summary>
internal sealed class SourceEndPoints
{
    public const int Capacity = 256;

    private readonly Dictionary<SocketAddress, IPEndPoint> _known = new(Capacity);
    private readonly IPEndPoint _template;

    public SourceEndPoints(AddressFamily family) =>
        _template = new IPEndPoint(family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);

    /// <summary>Sources held now.</summary>
    public int Count => _known.Count;

    public IPEndPoint Get(SocketAddress address)
    {
        if (_known.TryGetValue(address, out var known))
        {
            return known;
        }

        if (_known.Count >= Capacity)
        {
            _known.Clear();
        }

        var key = new SocketAddress(address.Family, address.Size);
        address.Buffer.Span[..address.Size].CopyTo(key.Buffer.Span);
        var endPoint = UdpTransport.Normalize((IPEndPoint)_template.Create(address));
        _known[key] = endPoint;
        return endPoint;
    }
}
