using System.Net;
using EdgeBlocker.Proxy.Transport;
using EdgeBlocker.Sip;

namespace EdgeBlocker.Proxy.Policy;

/// <summary>
/// An initial INVITE as the policy sees it: who calls whom, through which peer, from where. Views into the received
/// message; valid only during <see cref="ICallPolicy.Decide"/>.
/// </summary>
public readonly ref struct CallAttempt
{
    public CallAttempt(SipMessage invite, ReadOnlySpan<byte> callingUser, ReadOnlySpan<byte> calledUser, string? peer, IPEndPoint source, SipTransportKind transport)
    {
        Invite = invite;
        CallingUser = callingUser;
        CalledUser = calledUser;
        Peer = peer;
        Source = source;
        Transport = transport;
    }

    /// <summary>The whole INVITE, for policies that look at more (Identity, Call-ID).</summary>
    public SipMessage Invite { get; }

    /// <summary>The calling number as received: the user part of P-Asserted-Identity when present (RFC 3325), else of
    /// From; a tel URI's number. Empty when there is none (anonymous or unparseable).</summary>
    public ReadOnlySpan<byte> CallingUser { get; }

    /// <summary>The called number as received: the Request-URI's user part.</summary>
    public ReadOnlySpan<byte> CalledUser { get; }

    /// <summary>The configured trunk peer the call came from; null for an unconfigured source.</summary>
    public string? Peer { get; }

    public IPEndPoint Source { get; }

    public SipTransportKind Transport { get; }
}
