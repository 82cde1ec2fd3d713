using System.Text;

namespace EdgeBlocker.Sip.Tests;

/// <summary>Helpers to build and parse small messages in tests.</summary>
internal static class Msg
{
    public const string Invite =
        "INVITE sip:+15551230000@gw.example.com;user=phone SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bKabc123;rport\r\n" +
        "Max-Forwards: 69\r\n" +
        "From: \"Caller \\\"X\\\"\" <sip:+15550001111@trunk.example.net>;tag=f00\r\n" +
        "To: <sip:+15551230000@gw.example.com>\r\n" +
        "Call-ID: abc-123@192.0.2.10\r\n" +
        "CSeq: 42 INVITE\r\n" +
        "Contact: <sip:+15550001111@192.0.2.10:5062>\r\n" +
        "P-Asserted-Identity: <tel:+15550001111>, <sip:+15550001111@trunk.example.net>\r\n" +
        "Content-Type: application/sdp\r\n" +
        "Content-Length: 4\r\n" +
        "\r\n" +
        "v=0\n";

    public static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    public static (ParseResult Result, SipMessage Message) Parse(string s, SipParseMode mode = SipParseMode.Datagram) => Parse(Bytes(s), mode);

    public static (ParseResult Result, SipMessage Message) Parse(byte[] bytes, SipParseMode mode = SipParseMode.Datagram)
    {
        var message = new SipMessage();
        var result = SipParser.Parse(bytes, message, mode);
        return (result, message);
    }

    public static string Str(this SipMessage message, TextRange range) => message.GetString(range);

    /// <summary>A well-formed request with every mandatory field, <paramref name="extraHeaders"/> added before Content-Length.</summary>
    public static string Request(string extraHeaders = "", string method = "OPTIONS", string uri = "sip:bob@example.com", string body = "") =>
        $"{method} {uri} SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP host.example.com;branch=z9hG4bK1\r\n" +
        "From: <sip:alice@example.com>;tag=1\r\n" +
        "To: <sip:bob@example.com>\r\n" +
        "Call-ID: c1\r\n" +
        $"CSeq: 1 {method}\r\n" +
        extraHeaders +
        $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n" +
        "\r\n" + body;
}
