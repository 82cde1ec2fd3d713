namespace EdgeBlocker.Proxy.Routing;

/// <summary>Who sent a request, by its source address.</summary>
public enum SourceKind : byte
{
    /// <summary>The provider's softswitch.</summary>
    Core,

    /// <summary>A configured trunk peer.</summary>
    Peer,

    /// <summary>Any address, when no peers are configured: treated as upstream.</summary>
    Unknown,

    /// <summary>Not a peer and not the core while peers are configured: answered 403 (DESIGN "Screening, in order" step 1).</summary>
    Forbidden,
}
