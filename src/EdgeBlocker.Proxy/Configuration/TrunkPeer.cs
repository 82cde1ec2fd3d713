using System.Net;

namespace EdgeBlocker.Proxy.Configuration;

/// <summary>A validated trunk peer.</summary>
public sealed record TrunkPeer(string Name, IReadOnlyList<IPNetwork> Networks, SipEndpoint? Uri)
{
    /// <summary>Whether a source address belongs to this peer. Runs for every request: a plain loop, no closure.</summary>
    public bool Contains(IPAddress address)
    {
        for (var i = 0; i < Networks.Count; i++)
        {
            if (Networks[i].Contains(address))
            {
                return true;
            }
        }

        return false;
    }
}
