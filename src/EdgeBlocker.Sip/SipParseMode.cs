namespace EdgeBlocker.Sip;

/// <summary>How the bytes arrived: the framing rules differ (RFC 3261 §18.3).</summary>
public enum SipParseMode : byte
{
    /// <summary>One UDP datagram: without Content-Length the body is the rest of the datagram; a Content-Length larger
    /// than what arrived is an error (RFC 4475 §3.1.2.2), never a wait for more.</summary>
    Datagram,

    /// <summary>Bytes framed from a stream (TCP) by <see cref="SipStreamFramer"/>: exactly one message.</summary>
    Stream,
}
