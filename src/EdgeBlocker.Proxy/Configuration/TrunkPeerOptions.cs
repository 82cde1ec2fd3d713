namespace EdgeBlocker.Proxy.Configuration;

/// <summary>An upstream carrier, <c>EdgeBlocker:Sip:Peers:N</c>.</summary>
public sealed class TrunkPeerOptions
{
    /// <summary>The peer's name, as it appears in records and rules (e.g. <c>carrier-a</c>). Required.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Addresses or CIDR ranges that identify requests from this peer (e.g. <c>203.0.113.0/24</c>). At least one.</summary>
    public IList<string> Addresses { get; } = [];

    /// <summary>Where requests from the core to this peer, and health pings, go (<c>udp:203.0.113.10:5060</c>). Optional.</summary>
    public string? Uri { get; set; }
}
