namespace EdgeBlocker.Sip.Tests;

public class SipUriParserTests
{
    private static (bool Ok, SipUri Uri, byte[] Bytes) Parse(string text)
    {
        var bytes = Msg.Bytes(text);
        var ok = SipUriParser.TryParse(bytes, new TextRange(0, bytes.Length), out var uri);
        return (ok, uri, bytes);
    }

    private static string S(byte[] bytes, TextRange range) => System.Text.Encoding.UTF8.GetString(range.Of(bytes));

    [Fact]
    public void Sip_uri_parts()
    {
        var (ok, uri, b) = Parse("sip:+1555%20x:secret@Gw.Example.com:5070;transport=tcp;lr?Subject=hi&Priority=urgent");
        Assert.True(ok);
        Assert.Equal(UriScheme.Sip, uri.Scheme);
        Assert.Equal("+1555%20x", S(b, uri.User));
        Assert.Equal("Gw.Example.com", S(b, uri.Host));
        Assert.Equal(5070, uri.Port);
        Assert.Equal(";transport=tcp;lr", S(b, uri.Parameters));
        Assert.Equal("Subject=hi&Priority=urgent", S(b, uri.Headers));
        Assert.True(uri.IsLooseRouter);
    }

    [Fact]
    public void Sips_without_user_or_port()
    {
        var (ok, uri, b) = Parse("SIPS:example.com");
        Assert.True(ok);
        Assert.Equal(UriScheme.Sips, uri.Scheme);
        Assert.True(uri.User.IsEmpty);
        Assert.Equal("example.com", S(b, uri.Host));
        Assert.Equal(0, uri.Port);
        Assert.False(uri.IsLooseRouter);
    }

    [Fact]
    public void Ipv6_reference_with_port()
    {
        var (ok, uri, b) = Parse("sip:alice@[2001:db8::1]:5061;lr");
        Assert.True(ok);
        Assert.Equal("[2001:db8::1]", S(b, uri.Host));
        Assert.Equal(5061, uri.Port);
        Assert.True(uri.IsLooseRouter);
    }

    [Fact]
    public void Tel_uri_number_and_parameters()
    {
        var (ok, uri, b) = Parse("tel:+1-555-000-1111;phone-context=example.com;ext=22");
        Assert.True(ok);
        Assert.Equal(UriScheme.Tel, uri.Scheme);
        Assert.Equal("+1-555-000-1111", S(b, uri.User));
        Assert.Equal(";phone-context=example.com;ext=22", S(b, uri.Parameters));
        Assert.True(uri.Host.IsEmpty);
    }

    [Theory]
    [InlineData("nobodyKnowsThisScheme:totallyopaquecontent")]
    [InlineData("soap.beep://192.0.2.103:3002")]
    [InlineData("http://www.example.com/a?b=c")]
    public void Other_schemes_parse_as_other(string text)
    {
        var (ok, uri, _) = Parse(text);
        Assert.True(ok);
        Assert.Equal(UriScheme.Other, uri.Scheme);
    }

    [Theory]
    [InlineData("sip:2001:db8::10")]        // RFC 5118 §4.2: IPv6 without brackets
    [InlineData("sip:")]
    [InlineData("sip:@example.com")]
    [InlineData("sip:user@")]
    [InlineData("sip:user@host:99999")]
    [InlineData("sip:user@host:")]
    [InlineData("sip:us%4ger@host")]
    [InlineData("sip:user@host;;lr")]
    [InlineData("sip:user@host;=x")]
    [InlineData("sip:user@[2001:db8::1")]
    [InlineData("sip:user@host lr")]
    [InlineData("<sip:user@host>")]
    [InlineData("tel:")]
    [InlineData("tel:+1555 1234")]
    [InlineData("1sip:user@host")]
    [InlineData("other:")]
    [InlineData(":x")]
    public void Malformed_uris_are_rejected(string text)
    {
        Assert.False(Parse(text).Ok);
    }

    [Fact]
    public void Unescape_decodes_and_reports_overflow_and_bad_escapes()
    {
        var dest = new byte[8];
        Assert.Equal(3, SipUriParser.Unescape("a%00b"u8, dest));
        Assert.Equal((byte)0, dest[1]);
        Assert.Equal(-1, SipUriParser.Unescape("%4"u8, dest));
        Assert.Equal(-1, SipUriParser.Unescape("%zz"u8, dest));
        Assert.Equal(-1, SipUriParser.Unescape("123456789"u8, dest));
    }
}
