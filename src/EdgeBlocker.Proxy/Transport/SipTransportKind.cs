namespace EdgeBlocker.Proxy.Transport;

/// <summary>The transports the box speaks (RFC 3261 §18).</summary>
public enum SipTransportKind : byte
{
    Udp,
    Tcp,
}
