using System.Buffers.Text;
using System.Text;
using EdgeBlocker.Proxy.Transport;
using EdgeBlocker.Sip;

namespace EdgeBlocker.Proxy.Routing;

/// <summary>
/// This box as a hop: its Via and Record-Route values, and recognising its own Via (loop detection, response
/// matching) and Route values (loose routing, RFC 3261 §16.4).
/// </summary>
public sealed class LocalHop
{
    /// <summary>Every branch this box makes starts with this: the RFC 3261 magic cookie and our mark.</summary>
    public static ReadOnlySpan<byte> BranchPrefix => "z9hG4bKeb"u8;

    private readonly byte[] _host;
    private readonly byte[] _hostPort;
    private readonly uint _salt = (uint)Random.Shared.Next();
    private long _counter;

    public LocalHop(string host, int port)
    {
        _host = Encoding.ASCII.GetBytes(host);
        _hostPort = Encoding.ASCII.GetBytes($"{host}:{port}");
        Port = port;
    }

    public int Port { get; }

    public ReadOnlySpan<byte> Host => _host;

    /// <summary>A new, unique branch: our prefix, a per-process salt and a counter.</summary>
    public int NewBranch(Span<byte> destination)
    {
        BranchPrefix.CopyTo(destination);
        var n = BranchPrefix.Length;
        Utf8Formatter.TryFormat(_salt, destination[n..], out var w, new System.Buffers.StandardFormat('x', 8));
        n += w;
        destination[n++] = (byte)'.';
        Utf8Formatter.TryFormat(Interlocked.Increment(ref _counter), destination[n..], out w, new System.Buffers.StandardFormat('x'));
        return n + w;
    }

    /// <summary>A branch derived from another, the same every time: for stateless forwarding of ACK for 2xx, whose
    /// retransmissions must carry one branch (RFC 3261 §16.11).</summary>
    public static int DerivedBranch(ReadOnlySpan<byte> upstreamBranch, Span<byte> destination)
    {
        BranchPrefix.CopyTo(destination);
        var n = BranchPrefix.Length;
        destination[n++] = (byte)'s';
        // FNV-1a: any stable hash will do; uniqueness only has to hold among one dialog's ACKs.
        var hash = 14695981039346656037UL;
        foreach (var b in upstreamBranch)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        Utf8Formatter.TryFormat(hash, destination[n..], out var w, new System.Buffers.StandardFormat('x', 16));
        return n + w;
    }

    /// <summary>Writes <c>Via: SIP/2.0/UDP host:port;branch=...;rport</c> and CRLF.</summary>
    public void WriteVia(SipTransportKind transport, ReadOnlySpan<byte> branch, ref SipBufferWriter w)
    {
        w.Write(transport == SipTransportKind.Udp ? "Via: SIP/2.0/UDP "u8 : "Via: SIP/2.0/TCP "u8);
        w.Write(_hostPort);
        w.Write(";branch="u8);
        w.Write(branch);
        w.Write(";rport\r\n"u8);
    }

    /// <summary>Writes a Record-Route line naming this box on the given transport (RFC 3261 §16.6 step 4).</summary>
    public void WriteRecordRoute(SipTransportKind transport, ref SipBufferWriter w)
    {
        w.Write("Record-Route: <sip:"u8);
        w.Write(_hostPort);
        w.Write(transport == SipTransportKind.Tcp ? ";transport=tcp;lr>\r\n"u8 : ";lr>\r\n"u8);
    }

    /// <summary>True when the Via names this box and carries one of its branches.</summary>
    public bool IsOwnVia(SipMessage message, in ViaValue via) =>
        message[via.Branch].StartsWith(BranchPrefix) && IsOwnHostPort(message[via.Host], via.Port);

    /// <summary>True when a URI names this box (a Route value it put there through Record-Route).</summary>
    public bool IsOwnUri(in SipUri uri, ReadOnlySpan<byte> buffer) =>
        uri.User.IsEmpty && IsOwnHostPort(uri.Host.Of(buffer), uri.Port);

    private bool IsOwnHostPort(ReadOnlySpan<byte> host, int port) =>
        Ascii.EqualsIgnoreCase(host, _host) && (port == 0 ? Port == 5060 : port == Port);
}
