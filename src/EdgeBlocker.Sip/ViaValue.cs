namespace EdgeBlocker.Sip;

/// <summary>
/// One Via field value (RFC 3261 §20.42, §18.2.2) with the parameters a proxy routes by, including
/// rport (RFC 3581). Ranges point into the message buffer; an absent part is an empty range.
/// </summary>
public readonly record struct ViaValue
{
    /// <summary>The whole value, e.g. <c>SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK77</c>.</summary>
    public TextRange Value { get; init; }

    /// <summary>The transport token (UDP, TCP, TLS, SCTP or an extension), as written.</summary>
    public TextRange Transport { get; init; }

    /// <summary>The sent-by host: a name, an IPv4 address or a bracketed IPv6 reference (brackets included).</summary>
    public TextRange Host { get; init; }

    /// <summary>The sent-by port, or 0 when absent.</summary>
    public int Port { get; init; }

    /// <summary>The branch parameter's value; empty when absent (an RFC 2543 peer).</summary>
    public TextRange Branch { get; init; }

    /// <summary>The received parameter's value, brackets included when the peer wrote them (RFC 5118 §4.5).</summary>
    public TextRange Received { get; init; }

    /// <summary>True when an rport parameter is present, with or without a value (RFC 3581 §3).</summary>
    public bool HasRport { get; init; }

    /// <summary>The rport value when one is given, else 0.</summary>
    public int Rport { get; init; }

    /// <summary>The maddr parameter's value; empty when absent.</summary>
    public TextRange Maddr { get; init; }

    /// <summary>True when the branch starts with the RFC 3261 magic cookie <c>z9hG4bK</c> (§8.1.1.7).</summary>
    public bool HasMagicCookie { get; init; }
}
