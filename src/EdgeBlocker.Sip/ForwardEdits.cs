namespace EdgeBlocker.Sip;

/// <summary>What a proxy changes when it forwards a request (RFC 3261 §16.6); everything else is copied byte for byte.</summary>
public readonly ref struct ForwardEdits
{
    /// <summary>Header lines to put first, each ending in CRLF: the proxy's own Via (step 8) and, for dialog-creating
    /// requests, its Record-Route (step 4). A Record-Route placed before every received one is the topmost.</summary>
    public ReadOnlySpan<byte> PrependHeaders { get; init; }

    /// <summary>received/rport for the previous hop's Via.</summary>
    public HopEdits Hop { get; init; }

    /// <summary>How many leading Route values to remove because they name this proxy (RFC 3261 §16.4; two after
    /// double record-routing, RFC 5658).</summary>
    public int RemoveRoutes { get; init; }
}
