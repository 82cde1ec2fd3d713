using System.Text;

namespace EdgeBlocker.Sip.Tests.Writer;

public class SipRequestBuilderTests
{
    private const string Forwarded =
        "INVITE sip:+15551230000@10.0.0.5 SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKeb7;rport\r\n" +
        "Via: SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bKabc\r\n" +
        "Route: <sip:10.0.0.5;lr>\r\n" +
        "Max-Forwards: 69\r\n" +
        "From: <sip:+15550001111@trunk.example>;tag=f1\r\n" +
        "To: <sip:+15551230000@example>\r\n" +
        "Call-ID: c-1\r\n" +
        "CSeq: 5 INVITE\r\n" +
        "Content-Length: 0\r\n\r\n";

    [Fact]
    public void Ack_for_a_final_error_follows_RFC_3261_17_1_1_3()
    {
        var (_, invite) = Msg.Parse(Forwarded);
        var (_, busy) = Msg.Parse("SIP/2.0 486 Busy Here\r\nVia: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKeb7;rport=5060\r\nFrom: <sip:+15550001111@trunk.example>;tag=f1\r\nTo: <sip:+15551230000@example>;tag=u9\r\nCall-ID: c-1\r\nCSeq: 5 INVITE\r\nContent-Length: 0\r\n\r\n");
        var buffer = new byte[SipRequestBuilder.MaxLength(invite, busy)];
        Assert.Equal(
            "ACK sip:+15551230000@10.0.0.5 SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKeb7;rport\r\n" +
            "Route: <sip:10.0.0.5;lr>\r\n" +
            "From: <sip:+15550001111@trunk.example>;tag=f1\r\n" +
            "Call-ID: c-1\r\n" +
            "To: <sip:+15551230000@example>;tag=u9\r\n" +
            "CSeq: 5 ACK\r\n" +
            "Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n",
            Encoding.UTF8.GetString(buffer, 0, SipRequestBuilder.WriteAck(invite, busy, buffer)));
    }

    [Fact]
    public void Cancel_matches_the_invite_it_cancels_RFC_3261_9_1()
    {
        var (_, invite) = Msg.Parse(Forwarded);
        var buffer = new byte[SipRequestBuilder.MaxLength(invite)];
        var (result, cancel) = Msg.Parse(Encoding.UTF8.GetString(buffer, 0, SipRequestBuilder.WriteCancel(invite, buffer)));
        Assert.True(result.IsComplete, result.Error);
        Assert.Equal(SipMethod.Cancel, cancel.Method);
        Assert.Equal("sip:+15551230000@10.0.0.5", cancel.Str(cancel.RequestUri));
        Assert.Equal(1, cancel.ViaCount);
        Assert.Equal("z9hG4bKeb7", cancel.Str(cancel.TopVia.Branch));
        Assert.Equal(5u, cancel.CSeq);
        Assert.Equal(SipMethod.Cancel, cancel.CSeqMethod);
        Assert.True(cancel.To.Tag.IsEmpty);
        Assert.True(cancel.TryGetHeader(HeaderKind.Route, out _));
    }
}
