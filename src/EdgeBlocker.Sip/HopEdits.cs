namespace EdgeBlocker.Sip;

/// <summary>
/// What a proxy changes about the previous hop's Via when it sends a message on (RFC 3261 §18.2.1, RFC 3581 §4):
/// <c>received</c> when the packet's source differs from the sent-by host, and <c>rport</c> filled with the source port
/// when the client asked for it.
/// </summary>
public readonly ref struct HopEdits
{
    public HopEdits(ReadOnlySpan<byte> received, int rport)
    {
        Received = received;
        Rport = rport;
    }

    /// <summary>The source IP to put in <c>received=</c>; empty for none.</summary>
    public ReadOnlySpan<byte> Received { get; }

    /// <summary>The source port to put in <c>rport=</c> when the top Via carries an empty rport; 0 for none.</summary>
    public int Rport { get; }
}
