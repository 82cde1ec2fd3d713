using System.Text;
using EdgeBlocker.Sip;

namespace EdgeBlocker.Proxy.Tests;

/// <summary>Builds parsed messages for tests.</summary>
internal static class Messages
{
    public static SipMessage Parse(string text)
    {
        var message = new SipMessage();
        var result = SipParser.Parse(Encoding.UTF8.GetBytes(text), message, SipParseMode.Datagram);
        Assert.True(result.IsComplete, result.Error);
        return message;
    }

    public static string Invite(string from = "+15551230001", string to = "+12125550000", string branch = "z9hG4bKup1", string via = "127.0.0.2:5060", string callId = "call-1", int maxForwards = 70, string extra = "") =>
        $"INVITE sip:{to}@127.0.0.1:5060 SIP/2.0\r\n" +
        $"Via: SIP/2.0/UDP {via};branch={branch}\r\n" +
        $"Max-Forwards: {maxForwards}\r\n" +
        $"From: \"Caller\" <sip:{from}@carrier.example>;tag=from1\r\n" +
        $"To: <sip:{to}@provider.example>\r\n" +
        $"Call-ID: {callId}\r\n" +
        "CSeq: 1 INVITE\r\n" +
        "Contact: <sip:caller@127.0.0.2:5060>\r\n" +
        extra +
        "Content-Type: application/sdp\r\n" +
        "Content-Length: 4\r\n\r\nv=0\n";

    /// <summary>A response to <paramref name="request"/> as the next hop would send it: every Via copied, To tagged.</summary>
    public static string ResponseTo(SipMessage request, int status, string phrase, string toTag = "uas1")
    {
        var sb = new StringBuilder($"SIP/2.0 {status} {phrase}\r\n");
        foreach (var h in request.Headers)
        {
            switch (h.Kind)
            {
                case HeaderKind.Via or HeaderKind.From or HeaderKind.CallId or HeaderKind.CSeq or HeaderKind.RecordRoute:
                    sb.Append(Encoding.UTF8.GetString(request[h.Line]));
                    break;
                case HeaderKind.To:
                    sb.Append("To: ").Append(request.GetString(h.Value)).Append(status > 100 ? ";tag=" + toTag : string.Empty).Append("\r\n");
                    break;
            }
        }

        return sb.Append("Content-Length: 0\r\n\r\n").ToString();
    }
}
