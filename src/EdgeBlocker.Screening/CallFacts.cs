using System.Net;

namespace EdgeBlocker.Screening;

/// <summary>
/// A call as screening sees it: the raw user parts as received (the engine normalises them), the trunk peer and the
/// source address. Views into the received message; valid only during <see cref="ScreeningEngine.Screen"/>.
/// </summary>
public readonly ref struct CallFacts
{
    public CallFacts(ReadOnlySpan<byte> callingUser, ReadOnlySpan<byte> calledUser, string? peer = null, IPAddress? source = null)
    {
        CallingUser = callingUser;
        CalledUser = calledUser;
        Peer = peer;
        Source = source;
    }

    /// <summary>The calling user part (P-Asserted-Identity, else From), e.g. <c>+15551230001</c> or <c>anonymous</c>.</summary>
    public ReadOnlySpan<byte> CallingUser { get; }

    /// <summary>The called user part (Request-URI), e.g. <c>911</c> or <c>2125550100;npdi</c>.</summary>
    public ReadOnlySpan<byte> CalledUser { get; }

    /// <summary>The configured trunk peer the call came from; null when unknown.</summary>
    public string? Peer { get; }

    /// <summary>The address the INVITE came from; null when unknown.</summary>
    public IPAddress? Source { get; }
}
