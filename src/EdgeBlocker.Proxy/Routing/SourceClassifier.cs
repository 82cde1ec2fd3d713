using System.Net;
using EdgeBlocker.Proxy.Configuration;

namespace EdgeBlocker.Proxy.Routing;

/// <summary>Tells the core, a trunk peer and strangers apart by source address.</summary>
public sealed class SourceClassifier
{
    private readonly SipEndpoint? _core;
    private readonly IReadOnlyList<TrunkPeer> _peers;

    public SourceClassifier(SipEndpoint? core, IReadOnlyList<TrunkPeer> peers)
    {
        _core = core;
        _peers = peers;
    }

    /// <summary>
    /// The exact core endpoint wins; then a peer's networks; then the core's address from another port (TCP connections
    /// come from ephemeral ports). Without configured peers every other source is <see cref="SourceKind.Unknown"/>.
    /// </summary>
    public (SourceKind Kind, TrunkPeer? Peer) Classify(IPEndPoint source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (_core is not null && _core.EndPoint.Equals(source))
        {
            return (SourceKind.Core, null);
        }

        foreach (var peer in _peers)
        {
            if (peer.Contains(source.Address))
            {
                return (SourceKind.Peer, peer);
            }
        }

        if (_core is not null && _core.EndPoint.Address.Equals(source.Address) && _peers.Count > 0)
        {
            return (SourceKind.Core, null);
        }

        return (_peers.Count == 0 ? SourceKind.Unknown : SourceKind.Forbidden, null);
    }

    /// <summary>Whether the box may send a request to <paramref name="target"/>: the core, a peer, or anywhere when no peers are configured.</summary>
    public bool MaySendTo(IPEndPoint target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (_peers.Count == 0 || (_core is not null && _core.EndPoint.Address.Equals(target.Address)))
        {
            return true;
        }

        return _peers.Any(p => p.Contains(target.Address) || (p.Uri is not null && p.Uri.EndPoint.Address.Equals(target.Address)));
    }
}
