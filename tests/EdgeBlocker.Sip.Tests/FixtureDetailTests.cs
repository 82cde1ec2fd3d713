namespace EdgeBlocker.Sip.Tests;

/// <summary>What the parser reads out of particular torture messages: the values, not just the verdict.</summary>
public class FixtureDetailTests
{
    private static (ParseResult Result, SipMessage Message) Load(string name, string set = "rfc4475") => Msg.Parse(Fixtures.Load(set, name));

    [Theory]
    [InlineData("badinv01", "malformed Via")]
    [InlineData("clerr", "Content-Length larger than the message")]
    [InlineData("ncl", "bad Content-Length")]
    [InlineData("scalar02", "CSeq number out of range")]
    [InlineData("badvers", "SIP version not supported")]
    [InlineData("mismatch01", "CSeq method does not match the request method")]
    [InlineData("mismatch02", "CSeq method does not match the request method")]
    [InlineData("insuf", "missing From")]
    [InlineData("multi01", "duplicate CSeq")]
    [InlineData("mcl01", "conflicting Content-Length")]
    [InlineData("lwsruri", "request line does not have exactly three elements")]
    [InlineData("ltgtruri", "malformed Request-URI")]
    [InlineData("quotbal", "malformed To")]
    public void Rejected_message_says_why(string name, string error)
    {
        var (result, _) = Load(name);
        Assert.Equal(ParseStatus.Malformed, result.Status);
        Assert.Equal(error, result.Error);
    }

    [Fact]
    public void Ipv6_without_brackets_in_request_uri_is_malformed()
    {
        var (result, message) = Load("ipv6-bad", "rfc5118");
        Assert.Equal("malformed Request-URI", result.Error);
        Assert.True(message.CanBeAnswered);
    }

    [Theory]
    [InlineData("badinv01")]
    [InlineData("clerr")]
    [InlineData("ncl")]
    [InlineData("scalar02")]
    [InlineData("badvers")]
    [InlineData("mismatch01")]
    [InlineData("multi01")]
    [InlineData("mcl01")]
    public void Rejected_request_can_still_be_answered(string name)
    {
        var (_, message) = Load(name);
        Assert.True(message.CanBeAnswered);
    }

    [Fact]
    public void Insufficient_request_cannot_be_answered()
    {
        var (_, message) = Load("insuf");
        Assert.False(message.CanBeAnswered);
    }

    [Fact]
    public void Wsinv_folding_and_odd_whitespace()
    {
        var (result, m) = Load("wsinv");
        Assert.True(result.IsComplete, result.Error);
        Assert.Equal(68, m.MaxForwards);
        Assert.Equal(9u, m.CSeq);
        Assert.Equal(SipMethod.Invite, m.CSeqMethod);
        Assert.Equal("1918181833n", m.Str(m.To.Tag));
        Assert.Equal("sip:vivekg@chair-dnrc.example.com", m.Str(m.To.Uri));
        Assert.Equal("98asjd8", m.Str(m.From.Tag));
        Assert.Equal("J Rosenberg \\\\\\\"", m.Str(m.From.DisplayName));
        Assert.Equal("192.0.2.2", m.Str(m.TopVia.Host));
        Assert.Equal("390skdjuw", m.Str(m.TopVia.Branch));
        Assert.False(m.TopVia.HasMagicCookie);
        Assert.Equal(3, m.ViaCount);
        Assert.Equal(150, m.Body.Length);
        Assert.True(m.TryGetHeader("NewFangledHeader"u8, out var unknown));
        Assert.Equal(HeaderKind.Unknown, unknown.Kind);
        Assert.Equal("newfangled value\r\n continued newfangled value", m.Str(unknown.Value));
        Assert.Equal("NewFangledHeader:   newfangled value\r\n continued newfangled value\r\n", m.Str(unknown.Line));
        Assert.True(m.TryGetHeader(HeaderKind.Subject, out var subject));
        Assert.True(subject.Value.IsEmpty);
    }

    [Fact]
    public void Wsinv_second_via_field_values_parse_across_folds()
    {
        var (_, m) = Load("wsinv");
        var second = m.Headers[m.IndexOf(HeaderKind.Via, m.IndexOf(HeaderKind.Via) + 1)];
        var branches = new List<string>();
        foreach (var value in SipHeaderValues.Split(m.Span, second.Value))
        {
            Assert.True(SipHeaderValues.TryParseVia(m.Span, value, out var via));
            branches.Add(m.Str(via.Branch) + "@" + m.Str(via.Host) + "/" + m.Str(via.Transport));
        }

        Assert.Equal(["z9hG4bK9ikj8@spindle.example.com/TCP", "z9hG4bK30239@192.168.255.111/UDP"], branches);
    }

    [Fact]
    public void Intmeth_extension_method_and_raw_bytes_in_display_name()
    {
        var (result, m) = Load("intmeth");
        Assert.True(result.IsComplete, result.Error);
        Assert.Equal(SipMethod.Extension, m.Method);
        Assert.Equal("!interesting-Method0123456789_*+`.%indeed'~", m.Str(m.MethodToken));
        Assert.Equal(SipMethod.Extension, m.CSeqMethod);
        Assert.Equal(139122385u, m.CSeq);
        Assert.Equal((byte)7, m[m.To.DisplayName][5]); // "BEL:\<BEL>": the raw BEL after the backslash
        Assert.Contains((byte)0, m[m.To.DisplayName].ToArray());
        Assert.Equal("token1~` token2'+_ token3*%!.-", m.Str(m.From.DisplayName));
        Assert.Equal("_token~1'+`*%!-.", m.Str(m.From.Tag));
        Assert.True(SipUriParser.TryParse(m.Span, m.RequestUri, out var uri));
        Assert.Equal("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*", m.Str(uri.User));
        Assert.Equal("example.com", m.Str(uri.Host));
    }

    [Fact]
    public void Esc02_percent_method_is_an_extension_and_percent_contact_is_unknown()
    {
        var (result, m) = Load("esc02");
        Assert.True(result.IsComplete, result.Error);
        Assert.Equal(SipMethod.Extension, m.Method);
        Assert.Equal("RE%47IST%45R", m.Str(m.MethodToken));
        Assert.True(m.TryGetHeader("C%6Fntact"u8, out var h));
        Assert.Equal(HeaderKind.Unknown, h.Kind);
        Assert.Equal(2, CountOf(m, HeaderKind.Contact));
        Assert.Equal(0, m.ContentLength);
    }

    [Fact]
    public void Esc01_escaped_user_unescapes()
    {
        var (result, m) = Load("esc01");
        Assert.True(result.IsComplete, result.Error);
        Assert.True(SipUriParser.TryParse(m.Span, m.RequestUri, out var uri));
        Assert.Equal(UriScheme.Sip, uri.Scheme);
        Span<byte> decoded = stackalloc byte[64];
        var n = SipUriParser.Unescape(m[uri.User], decoded);
        Assert.Equal("sips:user@example.com", System.Text.Encoding.ASCII.GetString(decoded[..n]));
    }

    [Fact]
    public void Semiuri_user_part_keeps_its_semicolon()
    {
        var (result, m) = Load("semiuri");
        Assert.True(result.IsComplete, result.Error);
        Assert.True(SipUriParser.TryParse(m.Span, m.RequestUri, out var uri));
        Assert.Equal("user;par=u%40example.net", m.Str(uri.User));
        Assert.Equal("example.com", m.Str(uri.Host));
        Assert.True(uri.Parameters.IsEmpty);
    }

    [Fact]
    public void Mpart01_binary_body_is_framed_by_content_length_only()
    {
        var bytes = Fixtures.Load("rfc4475", "mpart01");
        var (result, m) = Msg.Parse(bytes);
        Assert.True(result.IsComplete, result.Error);
        Assert.Equal(m.ContentLength, m.Body.Length);
        Assert.Equal(bytes.Length, m.Body.End);
        Assert.Equal(SipMethod.Message, m.Method);
        Assert.Equal(HeaderKind.Identity, m.Headers[3].Kind);
    }

    [Fact]
    public void Longreq_long_values_parse()
    {
        var (result, m) = Load("longreq");
        Assert.True(result.IsComplete, result.Error);
        Assert.True(m.CallId.Length > 100);
        Assert.True(m.From.Tag.Length > 100);
        Assert.Equal("sip33.example.com", m.Str(m.TopVia.Host));
        Assert.Equal(34, m.ViaCount);
    }

    [Fact]
    public void Dblreq_trailing_invite_is_ignored()
    {
        var bytes = Fixtures.Load("rfc4475", "dblreq");
        var (result, m) = Msg.Parse(bytes);
        Assert.True(result.IsComplete, result.Error);
        Assert.Equal(SipMethod.Register, m.Method);
        Assert.True(result.Consumed < bytes.Length);
        Assert.Equal(result.Consumed, m.Buffer.Length);
        Assert.True(m.Body.IsEmpty);
        Assert.Equal("dblreq.0ha0isndaksdj99sdfafnl3lk233412", m.Str(m.CallId));
    }

    [Fact]
    public void Inv2543_without_content_length_takes_the_rest_of_the_datagram()
    {
        var bytes = Fixtures.Load("rfc4475", "inv2543");
        var (result, m) = Msg.Parse(bytes);
        Assert.True(result.IsComplete, result.Error);
        Assert.Equal(-1, m.ContentLength);
        Assert.Equal(-1, m.MaxForwards);
        Assert.Equal(bytes.Length, m.Body.End);
        Assert.StartsWith("v=0", m.Str(m.Body), StringComparison.Ordinal);
        Assert.True(m.TopVia.Branch.IsEmpty);
    }

    [Fact]
    public void Transports_unknown_tokens_are_kept()
    {
        var (result, m) = Load("transports");
        Assert.True(result.IsComplete, result.Error);
        Assert.Equal(5, m.ViaCount);
        var fourth = m.Headers[m.IndexOf(HeaderKind.Via) + 3];
        Assert.True(SipHeaderValues.TryParseVia(m.Span, fourth.Value, out var via));
        Assert.Equal("UNKNOWN", m.Str(via.Transport));
    }

    [Fact]
    public void Unknown_scheme_request_uri_is_other()
    {
        var (result, m) = Load("unkscm");
        Assert.True(result.IsComplete, result.Error);
        Assert.True(SipUriParser.TryParse(m.Span, m.RequestUri, out var uri));
        Assert.Equal(UriScheme.Other, uri.Scheme);
    }

    [Fact]
    public void Zeromf_parses_with_max_forwards_zero()
    {
        var (result, m) = Load("zeromf");
        Assert.True(result.IsComplete, result.Error);
        Assert.Equal(0, m.MaxForwards);
    }

    [Fact]
    public void Bext01_parses_since_420_is_the_proxys_business()
    {
        var (result, m) = Load("bext01");
        Assert.True(result.IsComplete, result.Error);
        Assert.True(m.TryGetHeader(HeaderKind.ProxyRequire, out _));
    }

    [Fact]
    public void Cparam01_contact_without_brackets_has_header_parameter()
    {
        var (_, m) = Load("cparam01");
        Assert.True(m.TryGetHeader(HeaderKind.Contact, out var contact));
        Assert.True(SipHeaderValues.TryParseNameAddr(m.Span, contact.Value, out var nameAddr));
        Assert.Equal("sip:+19725552222@gw1.example.net", m.Str(nameAddr.Uri));
        Assert.True(SipHeaderValues.TryGetParameter(m.Span, nameAddr.Parameters, "unknownparam"u8, out var flag));
        Assert.True(flag.IsEmpty);
    }

    [Fact]
    public void Cparam02_contact_with_brackets_has_uri_parameter()
    {
        var (_, m) = Load("cparam02");
        Assert.True(m.TryGetHeader(HeaderKind.Contact, out var contact));
        Assert.True(SipHeaderValues.TryParseNameAddr(m.Span, contact.Value, out var nameAddr));
        Assert.EndsWith(";unknownparam", m.Str(nameAddr.Uri), StringComparison.Ordinal);
        Assert.False(SipHeaderValues.TryGetParameter(m.Span, nameAddr.Parameters, "unknownparam"u8, out _));
    }

    [Fact]
    public void Bigcode_is_malformed_and_not_a_request()
    {
        var (result, m) = Load("bigcode");
        Assert.Equal("bad status code", result.Error);
        Assert.False(m.IsRequest);
        Assert.Equal(0, m.StatusCode);
    }

    [Fact]
    public void Noreason_has_an_empty_reason_phrase()
    {
        var (result, m) = Load("noreason");
        Assert.True(result.IsComplete, result.Error);
        Assert.Equal(100, m.StatusCode);
        Assert.True(m.ReasonPhrase.IsEmpty);
    }

    [Fact]
    public void Port_ambiguous_has_no_port()
    {
        var (result, m) = Load("port-ambiguous", "rfc5118");
        Assert.True(result.IsComplete, result.Error);
        Assert.True(SipUriParser.TryParse(m.Span, m.RequestUri, out var uri));
        Assert.Equal("[2001:db8::10:5070]", m.Str(uri.Host));
        Assert.Equal(0, uri.Port);
    }

    [Fact]
    public void Port_unambiguous_has_port_5070()
    {
        var (result, m) = Load("port-unambiguous", "rfc5118");
        Assert.True(result.IsComplete, result.Error);
        Assert.True(SipUriParser.TryParse(m.Span, m.RequestUri, out var uri));
        Assert.Equal("[2001:db8::10]", m.Str(uri.Host));
        Assert.Equal(5070, uri.Port);
    }

    [Theory]
    [InlineData("via-received-param-with-delim", "[2001:db8::9:255]")]
    [InlineData("via-received-param-no-delim", "2001:db8::9:255")]
    public void Via_received_ipv6_with_and_without_brackets(string name, string received)
    {
        var (result, m) = Load(name, "rfc5118");
        Assert.True(result.IsComplete, result.Error);
        Assert.Equal(received, m.Str(m.TopVia.Received));
        Assert.Equal("[2001:db8::9:1]", m.Str(m.TopVia.Host));
    }

    [Fact]
    public void Mult_ip_in_header_ipv6_via_port()
    {
        var (_, m) = Load("mult-ip-in-header", "rfc5118");
        Assert.Equal("[2001:db8::9:1]", m.Str(m.TopVia.Host));
        Assert.Equal(6050, m.TopVia.Port);
        Assert.Equal(3, m.ViaCount);
    }

    [Fact]
    public void Three_colon_ipv6_reference_is_tolerated()
    {
        var (result, m) = Load("ipv6-bug-abnf-3-colons", "rfc5118");
        Assert.True(result.IsComplete, result.Error);
        Assert.True(SipUriParser.TryParse(m.Span, m.RequestUri, out var uri));
        Assert.Equal("[2001:db8:::192.0.2.1]", m.Str(uri.Host));
    }

    private static int CountOf(SipMessage m, HeaderKind kind)
    {
        var n = 0;
        foreach (var h in m.Headers)
        {
            n += h.Kind == kind ? 1 : 0;
        }

        return n;
    }
}
