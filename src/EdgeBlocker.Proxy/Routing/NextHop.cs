using System.Net;
using System.Text;
using EdgeBlocker.Proxy.Transport;
using EdgeBlocker.Sip;

namespace EdgeBlocker.Proxy.Routing;

/// <summary>
/// Turns a URI or a Via into an address to send to. Only IP literals are used: the box never resolves names on the
/// SIP path (a lookup would stall every call behind it), so a name that is not the configured core is unroutable.
/// </summary>
public static class NextHop
{
    /// <summary>The target of a SIP URI (RFC 3263 simplified to literals: transport parameter, port default 5060).</summary>
    public static bool TryFromUri(ReadOnlySpan<byte> buffer, in SipUri uri, out Remote target)
    {
        target = default;
        if (uri.Scheme is not (UriScheme.Sip or UriScheme.Sips) || !TryAddress(uri.Host.Of(buffer), out var address))
        {
            return false;
        }

        var transport = SipTransportKind.Udp;
        if (SipHeaderValues.TryGetParameter(buffer, uri.Parameters, "transport"u8, out var t) && Ascii.EqualsIgnoreCase(t.Of(buffer), "tcp"u8))
        {
            transport = SipTransportKind.Tcp;
        }

        target = new Remote(transport, new IPEndPoint(address, uri.Port == 0 ? 5060 : uri.Port));
        return true;
    }

    /// <summary>Where a response goes by its Via (RFC 3261 §18.2.2, RFC 3581 §4): received, else the sent-by host; rport,
    /// else the sent-by port, else 5060.</summary>
    public static bool TryFromVia(ReadOnlySpan<byte> buffer, in ViaValue via, out Remote target)
    {
        target = default;
        var host = via.Received.IsEmpty ? via.Host.Of(buffer) : via.Received.Of(buffer);
        if (!TryAddress(host, out var address))
        {
            return false;
        }

        var port = via.Rport != 0 ? via.Rport : via.Port != 0 ? via.Port : 5060;
        var transport = Ascii.EqualsIgnoreCase(via.Transport.Of(buffer), "TCP"u8) ? SipTransportKind.Tcp : SipTransportKind.Udp;
        target = new Remote(transport, new IPEndPoint(address, port));
        return true;
    }

    /// <summary>Parses an IPv4 address or a bracketed (or bare) IPv6 address.</summary>
    public static bool TryAddress(ReadOnlySpan<byte> host, out IPAddress address)
    {
        if (host.Length > 2 && host[0] == (byte)'[' && host[^1] == (byte)']')
        {
            host = host[1..^1];
        }

        Span<char> chars = stackalloc char[64];
        if (host.Length is 0 or > 64 || Encoding.ASCII.GetChars(host, chars) is var n && !IPAddress.TryParse(chars[..n], out address!))
        {
            address = IPAddress.None;
            return false;
        }

        return true;
    }

    /// <summary>Formats an address as the text of a received parameter (IPv6 in brackets, RFC 5118 §4.5).</summary>
    public static byte[] ReceivedText(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var text = address.ToString();
        return Encoding.ASCII.GetBytes(address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "[" + text + "]" : text);
    }

    /// <summary>
    /// Whether a Via's host is the source address. A peer that writes its address as the source reads (the usual trunk)
    /// is told at once, by the text, without parsing an address; any other spelling is parsed.
    /// </summary>
    internal static bool SameHost(ReadOnlySpan<byte> viaHost, IPAddress source)
    {
        if (viaHost.Length > 2 && viaHost[0] == (byte)'[' && viaHost[^1] == (byte)']')
        {
            viaHost = viaHost[1..^1];
        }

        Span<byte> text = stackalloc byte[64];
        if (source.TryFormat(text, out var length) && Ascii.EqualsIgnoreCase(viaHost, text[..length]))
        {
            return true;
        }

        return TryAddress(viaHost, out var address) && address.Equals(source);
    }
}
