using System.Net;

namespace EdgeBlocker.Proxy.Configuration;

/// <summary>A validated trunk peer.</summary>
public sealed record TrunkPeer(string Name, IReadOnlyList<IPNetwork> Networks, SipEndpoint? Uri)
{
    public bool Contains(IPAddress address) => Networks.Any(n => n.Contains(address));
}
