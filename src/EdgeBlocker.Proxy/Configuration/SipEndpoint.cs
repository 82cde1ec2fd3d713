using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using EdgeBlocker.Proxy.Transport;

namespace EdgeBlocker.Proxy.Configuration;

/// <summary>A transport and an address, written <c>udp:HOST:PORT</c> or <c>tcp:[IPv6]:PORT</c> in configuration.</summary>
public sealed record SipEndpoint(SipTransportKind Transport, IPEndPoint EndPoint)
{
    /// <summary>Parses <c>udp:HOST[:PORT]</c> / <c>tcp:HOST[:PORT]</c>; the port defaults to 5060. HOST is an IP address
    /// or a name resolved once, here, at start (the hot path never resolves names).</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out SipEndpoint? endpoint, out string? error)
    {
        endpoint = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "is empty; expected udp:HOST:PORT or tcp:HOST:PORT";
            return false;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var scheme = colon < 0 ? string.Empty : text[..colon].ToUpperInvariant();
        SipTransportKind transport;
        switch (scheme)
        {
            case "UDP":
                transport = SipTransportKind.Udp;
                break;
            case "TCP":
                transport = SipTransportKind.Tcp;
                break;
            default:
                error = $"'{text}' must start with udp: or tcp:";
                return false;
        }

        var hostPort = text[(colon + 1)..];
        if (!TrySplitHostPort(hostPort, out var host, out var port))
        {
            error = $"'{text}' has no valid HOST:PORT";
            return false;
        }

        if (!IPAddress.TryParse(host, out var address))
        {
            try
            {
                address = Dns.GetHostAddresses(host).FirstOrDefault();
            }
            catch (System.Net.Sockets.SocketException)
            {
                address = null;
            }

            if (address is null)
            {
                error = $"'{text}': host '{host}' does not resolve";
                return false;
            }
        }

        endpoint = new SipEndpoint(transport, new IPEndPoint(address, port));
        return true;
    }

    private static bool TrySplitHostPort(string text, out string host, out int port)
    {
        port = 5060;
        host = text;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return false;
            }

            host = text[1..close];
            var rest = text[(close + 1)..];
            return rest.Length == 0 || (rest[0] == ':' && TryPort(rest[1..], out port));
        }

        var colon = text.LastIndexOf(':');
        if (colon >= 0)
        {
            host = text[..colon];
            if (!TryPort(text[(colon + 1)..], out port))
            {
                return false;
            }
        }

        return host.Length > 0;

        static bool TryPort(string s, out int port) =>
            int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and <= 65535;
    }

    public override string ToString() =>
        (Transport == SipTransportKind.Udp ? "udp:" : "tcp:") + EndPoint.ToString();
}
