using EdgeBlocker.Proxy.Configuration;

namespace EdgeBlocker.Proxy.Flood;

/// <summary>
/// The addresses flood protection treats as upstream trunks rather than strangers: the core's address and the
/// configured peers' networks, as masks over <see cref="SourceKey"/> values (a plain loop per message, no allocation).
/// Without configured peers every source is an upstream trunk, as the proxy treats it (SourceKind.Unknown).
/// </summary>
internal sealed class TrustedSources
{
    private readonly (UInt128 Prefix, UInt128 Mask)[] _networks;
    private readonly bool _everyone;

    public TrustedSources(SipEndpoint? core, IReadOnlyList<TrunkPeer> peers)
    {
        _everyone = peers.Count == 0;
        var networks = peers.SelectMany(p => p.Networks).Select(SourceKey.From).ToList();
        if (core is not null)
        {
            // Any port: the core's TCP connections come from ephemeral ports (as SourceClassifier allows).
            networks.Add((SourceKey.From(core.EndPoint.Address), UInt128.MaxValue));
        }

        _networks = [.. networks];
    }

    public bool Contains(UInt128 key)
    {
        if (_everyone)
        {
            return true;
        }

        foreach (var (prefix, mask) in _networks)
        {
            if ((key & mask) == prefix)
            {
                return true;
            }
        }

        return false;
    }
}
