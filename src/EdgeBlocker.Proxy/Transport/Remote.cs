using System.Net;

namespace EdgeBlocker.Proxy.Transport;

/// <summary>The other end of a message: where it came from, or where it goes. For TCP, the connection it arrived on,
/// which responses reuse (RFC 3261 §18.2.2).</summary>
public readonly record struct Remote(SipTransportKind Transport, IPEndPoint EndPoint, TcpConnection? Connection = null);
