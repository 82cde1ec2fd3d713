namespace EdgeBlocker.Sip.Tests;

public class SipParserBasicTests
{
    [Fact]
    public void Typical_invite_fills_every_routing_field()
    {
        var (result, m) = Msg.Parse(Msg.Invite);

        Assert.Equal(ParseStatus.Complete, result.Status);
        Assert.Equal(Msg.Bytes(Msg.Invite).Length, result.Consumed);
        Assert.True(m.IsRequest);
        Assert.Equal(SipMethod.Invite, m.Method);
        Assert.Equal("INVITE", m.Str(m.MethodToken));
        Assert.Equal("sip:+15551230000@gw.example.com;user=phone", m.Str(m.RequestUri));
        Assert.Equal("192.0.2.10", m.Str(m.TopVia.Host));
        Assert.Equal(5062, m.TopVia.Port);
        Assert.Equal("UDP", m.Str(m.TopVia.Transport));
        Assert.Equal("z9hG4bKabc123", m.Str(m.TopVia.Branch));
        Assert.True(m.TopVia.HasMagicCookie);
        Assert.True(m.TopVia.HasRport);
        Assert.Equal(1, m.ViaCount);
        Assert.Equal(69, m.MaxForwards);
        Assert.Equal("Caller \\\"X\\\"", m.Str(m.From.DisplayName));
        Assert.Equal("sip:+15550001111@trunk.example.net", m.Str(m.From.Uri));
        Assert.Equal("f00", m.Str(m.From.Tag));
        Assert.True(m.To.Tag.IsEmpty);
        Assert.Equal("abc-123@192.0.2.10", m.Str(m.CallId));
        Assert.Equal(42u, m.CSeq);
        Assert.Equal(SipMethod.Invite, m.CSeqMethod);
        Assert.True(m.HasPAssertedIdentity);
        Assert.Equal("tel:+15550001111", m.Str(m.PAssertedIdentity.Uri));
        Assert.Equal(4, m.ContentLength);
        Assert.Equal("v=0\n", m.Str(m.Body));
        Assert.Equal(10, m.HeaderCount);
        Assert.True(m.CanBeAnswered);
    }

    [Fact]
    public void Header_line_covers_the_whole_field_including_crlf()
    {
        var (_, m) = Msg.Parse(Msg.Invite);
        Assert.True(m.TryGetHeader(HeaderKind.CallId, out var callId));
        Assert.Equal("Call-ID: abc-123@192.0.2.10\r\n", m.Str(callId.Line));
        Assert.Equal("Call-ID", m.Str(callId.Name));
    }

    [Fact]
    public void Response_status_line_is_parsed()
    {
        var (result, m) = Msg.Parse(
            "SIP/2.0 180 Ringing\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKx\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>;tag=2\r\n" +
            "Call-ID: x\r\nCSeq: 7 INVITE\r\nContent-Length: 0\r\n\r\n");

        Assert.True(result.IsComplete, result.Error);
        Assert.False(m.IsRequest);
        Assert.True(m.IsResponse);
        Assert.Equal(180, m.StatusCode);
        Assert.Equal("Ringing", m.Str(m.ReasonPhrase));
        Assert.Equal("2", m.Str(m.To.Tag));
        Assert.Equal(SipMethod.Invite, m.CSeqMethod);
        Assert.False(m.CanBeAnswered);
    }
}
