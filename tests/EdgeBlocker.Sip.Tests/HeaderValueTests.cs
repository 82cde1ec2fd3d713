namespace EdgeBlocker.Sip.Tests;

/// <summary>Via and name-addr parsing, on values given directly.</summary>
public class HeaderValueTests
{
    private static string S(byte[] bytes, TextRange range) => System.Text.Encoding.UTF8.GetString(range.Of(bytes));

    private static (bool Ok, ViaValue Via, byte[] Bytes) Via(string text)
    {
        var bytes = Msg.Bytes(text);
        var ok = SipHeaderValues.TryParseVia(bytes, new TextRange(0, bytes.Length), out var via);
        return (ok, via, bytes);
    }

    private static (bool Ok, NameAddr Value, byte[] Bytes) NameAddr(string text)
    {
        var bytes = Msg.Bytes(text);
        var ok = SipHeaderValues.TryParseNameAddr(bytes, new TextRange(0, bytes.Length), out var value);
        return (ok, value, bytes);
    }

    [Fact]
    public void Via_parameters_a_proxy_routes_by()
    {
        var (ok, via, b) = Via("SIP/2.0/TCP client.example.com:5070;maddr=239.255.255.1;received=192.0.2.9;rport=61000;branch=z9hG4bKx1");
        Assert.True(ok);
        Assert.Equal("TCP", S(b, via.Transport));
        Assert.Equal("client.example.com", S(b, via.Host));
        Assert.Equal(5070, via.Port);
        Assert.Equal("239.255.255.1", S(b, via.Maddr));
        Assert.Equal("192.0.2.9", S(b, via.Received));
        Assert.True(via.HasRport);
        Assert.Equal(61000, via.Rport);
        Assert.Equal("z9hG4bKx1", S(b, via.Branch));
        Assert.True(via.HasMagicCookie);
    }

    [Fact]
    public void Via_rport_flag_and_ipv6_sent_by()
    {
        var (ok, via, b) = Via("SIP/2.0/UDP [2001:db8::9:1]:5060 ; rport ; branch = z9hG4bKa");
        Assert.True(ok);
        Assert.Equal("[2001:db8::9:1]", S(b, via.Host));
        Assert.Equal(5060, via.Port);
        Assert.True(via.HasRport);
        Assert.Equal(0, via.Rport);
        Assert.Equal("z9hG4bKa", S(b, via.Branch));
    }

    [Theory]
    [InlineData("SIP/2.0/UDP 192.0.2.15;;")]
    [InlineData("SIP/2.0/UDP 192.0.2.15;")]
    [InlineData("SIP/2.0/UDP 192.0.2.15;branch=")]
    [InlineData("SIP/2.0/UDP 192.0.2.15;rport=70000")]
    [InlineData("SIP/2.0/UDP")]
    [InlineData("SIP/2.0 192.0.2.15")]
    [InlineData("SIP/2.0/UDP 192.0.2.15 extra")]
    [InlineData("SIP/2.0/UDP host:port")]
    [InlineData("")]
    public void Malformed_via_values_are_rejected(string text)
    {
        Assert.False(Via(text).Ok);
    }

    [Fact]
    public void Failed_via_keeps_the_sent_by_for_a_400()
    {
        var (ok, via, b) = Via("SIP/2.0/UDP 192.0.2.15:5062;;");
        Assert.False(ok);
        Assert.Equal("192.0.2.15", S(b, via.Host));
        Assert.Equal(5062, via.Port);
    }

    [Fact]
    public void Quoted_display_name_with_escaped_quotes()
    {
        var (ok, v, b) = NameAddr("\"A \\\"B\\\" C\" <sip:a@example.com;transport=tcp>;tag=xyz;other");
        Assert.True(ok);
        Assert.Equal("A \\\"B\\\" C", S(b, v.DisplayName));
        Assert.Equal("sip:a@example.com;transport=tcp", S(b, v.Uri));
        Assert.Equal("xyz", S(b, v.Tag));
        Assert.Equal(";tag=xyz;other", S(b, v.Parameters));
    }

    [Fact]
    public void Display_name_without_lws_before_angle_bracket()
    {
        var (ok, v, b) = NameAddr("caller<sip:caller@example.com>;tag=323");
        Assert.True(ok);
        Assert.Equal("caller", S(b, v.DisplayName));
        Assert.Equal("sip:caller@example.com", S(b, v.Uri));
        Assert.Equal("323", S(b, v.Tag));
    }

    [Fact]
    public void Addr_spec_parameters_are_header_parameters()
    {
        // RFC 3261 §20.10: without <>, ";tag" and ";user=phone" belong to the header field, not the URI.
        var (ok, v, b) = NameAddr("sip:+1555@example.com;user=phone;tag=77");
        Assert.True(ok);
        Assert.Equal("sip:+1555@example.com", S(b, v.Uri));
        Assert.Equal("77", S(b, v.Tag));
        Assert.True(SipHeaderValues.TryGetParameter(b, v.Parameters, "USER"u8, out var user));
        Assert.Equal("phone", S(b, user));
        Assert.False(SipHeaderValues.TryGetParameter(b, v.Parameters, "maddr"u8, out _));
    }

    [Fact]
    public void Quoted_parameter_value_is_kept_with_quotes()
    {
        var (ok, v, b) = NameAddr("<sip:a@b>;x=\"semi;colon, comma\";tag=1");
        Assert.True(ok);
        Assert.True(SipHeaderValues.TryGetParameter(b, v.Parameters, "x"u8, out var x));
        Assert.Equal("\"semi;colon, comma\"", S(b, x));
        Assert.Equal("1", S(b, v.Tag));
    }

    [Theory]
    [InlineData("\"Mr. J. User <sip:j.user@example.com>")]
    [InlineData("\"Name\" sip:a@b")]
    [InlineData("<sip:a@b")]
    [InlineData("<>")]
    [InlineData("")]
    [InlineData("<sip:a@b>;;tag=1")]
    [InlineData("<sip:a@b> junk")]
    [InlineData("noscheme")]
    public void Malformed_name_addr_values_are_rejected(string text)
    {
        Assert.False(NameAddr(text).Ok);
    }
}
