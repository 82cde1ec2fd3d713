using System.Text;

namespace EdgeBlocker.Sip.Tests.Writer;

public class SipResponseWriterTests
{
    private static string Write(SipMessage request, int status, string phrase, string tag = "t1", string extra = "", string received = "", int rport = 0)
    {
        var buffer = new byte[SipResponseWriter.MaxLength(request, extra.Length)];
        var length = SipResponseWriter.Write(request, status, Encoding.ASCII.GetBytes(phrase), Encoding.ASCII.GetBytes(tag), Encoding.ASCII.GetBytes(extra), new HopEdits(Encoding.ASCII.GetBytes(received), rport), buffer);
        return Encoding.UTF8.GetString(buffer, 0, length);
    }

    [Fact]
    public void Copies_via_from_to_call_id_and_cseq_adds_a_to_tag_and_the_extra_headers()
    {
        var (_, request) = Msg.Parse(Msg.Invite);
        var text = Write(request, 603, "Network Blocked", extra: "Reason: SIP;cause=603\r\n", received: "198.51.100.7", rport: 40123);
        Assert.Equal(
            "SIP/2.0 603 Network Blocked\r\n" +
            "Via: SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bKabc123;received=198.51.100.7;rport=40123\r\n" +
            "From: \"Caller \\\"X\\\"\" <sip:+15550001111@trunk.example.net>;tag=f00\r\n" +
            "To: <sip:+15551230000@gw.example.com>;tag=t1\r\n" +
            "Call-ID: abc-123@192.0.2.10\r\n" +
            "CSeq: 42 INVITE\r\n" +
            "Reason: SIP;cause=603\r\n" +
            "Content-Length: 0\r\n\r\n",
            text);
        var (result, parsed) = Msg.Parse(text);
        Assert.True(result.IsComplete);
        Assert.Equal(603, parsed.StatusCode);
    }

    [Fact]
    public void A_100_Trying_gets_no_to_tag_and_an_existing_tag_is_kept()
    {
        var (_, request) = Msg.Parse(Msg.Invite);
        Assert.Contains("To: <sip:+15551230000@gw.example.com>\r\n", Write(request, 100, "Trying"), StringComparison.Ordinal);

        var (_, inDialog) = Msg.Parse(Msg.Invite.Replace("To: <sip:+15551230000@gw.example.com>", "To: <sip:+15551230000@gw.example.com>;tag=abc", StringComparison.Ordinal));
        Assert.Contains("To: <sip:+15551230000@gw.example.com>;tag=abc\r\n", Write(inDialog, 486, "Busy Here"), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_via_is_copied_in_order_and_only_the_top_one_is_edited()
    {
        var (_, request) = Msg.Parse(Msg.Invite.Replace("Max-Forwards: 69\r\n", "Via: SIP/2.0/TCP 203.0.113.1;branch=z9hG4bKsecond, SIP/2.0/UDP 203.0.113.2;branch=z9hG4bKthird\r\nMax-Forwards: 69\r\n", StringComparison.Ordinal));
        var text = Write(request, 400, "Bad Request", received: "198.51.100.7");
        Assert.Contains(
            "Via: SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bKabc123;rport;received=198.51.100.7\r\n" +
            "Via: SIP/2.0/TCP 203.0.113.1;branch=z9hG4bKsecond, SIP/2.0/UDP 203.0.113.2;branch=z9hG4bKthird\r\n",
            text,
            StringComparison.Ordinal);
    }
}
