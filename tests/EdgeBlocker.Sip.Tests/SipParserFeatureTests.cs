namespace EdgeBlocker.Sip.Tests;

/// <summary>Parser behaviour on small inline messages, one rule at a time.</summary>
public class SipParserFeatureTests
{
    private static ParseResult Result(string text, SipParseMode mode = SipParseMode.Datagram) => Msg.Parse(text, mode).Result;

    [Fact]
    public void Baseline_request_is_complete()
    {
        Assert.True(Result(Msg.Request()).IsComplete);
    }

    [Fact]
    public void Folded_value_spans_lines_and_is_trimmed()
    {
        var (result, m) = Msg.Parse(Msg.Request("Subject:   first\r\n\tsecond  \r\n"));
        Assert.True(result.IsComplete);
        Assert.True(m.TryGetHeader(HeaderKind.Subject, out var subject));
        Assert.Equal("first\r\n\tsecond", m.Str(subject.Value));
    }

    [Fact]
    public void Compact_and_mixed_case_names_fill_the_same_fields()
    {
        var text = "INVITE sip:b@example.com SIP/2.0\r\n" +
            "v: SIP/2.0/UDP h.example.com;branch=z9hG4bK9\r\n" +
            "f: <sip:a@example.com>;tag=9\r\n" +
            "T: sip:b@example.com\r\n" +
            "i: compact-id\r\n" +
            "cSeQ: 5 INVITE\r\n" +
            "mAX-forwards: 10\r\n" +
            "l: 2\r\n\r\nhi";
        var (result, m) = Msg.Parse(text);
        Assert.True(result.IsComplete, result.Error);
        Assert.Equal("compact-id", m.Str(m.CallId));
        Assert.Equal("9", m.Str(m.From.Tag));
        Assert.Equal("sip:b@example.com", m.Str(m.To.Uri));
        Assert.Equal(10, m.MaxForwards);
        Assert.Equal("hi", m.Str(m.Body));
        Assert.Equal("z9hG4bK9", m.Str(m.TopVia.Branch));
    }

    [Fact]
    public void Unknown_header_is_kept_byte_for_byte()
    {
        const string line = "X-Weird_Header :  ;;,,\"x\"  \r\n   more\r\n";
        var (result, m) = Msg.Parse(Msg.Request(line));
        Assert.True(result.IsComplete);
        Assert.True(m.TryGetHeader("x-weird_header"u8, out var h));
        Assert.Equal(HeaderKind.Unknown, h.Kind);
        Assert.Equal(line, m.Str(h.Line));
        Assert.Equal("X-Weird_Header", m.Str(h.Name));
    }

    [Fact]
    public void Multiple_via_fields_and_values_are_counted_and_the_first_is_top()
    {
        var text = Msg.Request("Via: SIP/2.0/TCP second.example.com;branch=z9hG4bK2, SIP/2.0/UDP third.example.com\r\n");
        var (result, m) = Msg.Parse(text);
        Assert.True(result.IsComplete);
        Assert.Equal(3, m.ViaCount);
        Assert.Equal("host.example.com", m.Str(m.TopVia.Host));
    }

    [Theory]
    [InlineData("Via: SIP/2.0/UDP a.example.com,,SIP/2.0/UDP b.example.com\r\n")]
    [InlineData("Via: SIP/2.0/UDP a.example.com,\r\n")]
    [InlineData("Via: SIP/2.0/UDP a.example.com;;branch=z9hG4bK1\r\n")]
    [InlineData("Via:\r\n")]
    public void Via_with_empty_values_or_parameters_is_malformed(string via)
    {
        var result = Result(Msg.Request(via));
        Assert.Equal(ParseStatus.Malformed, result.Status);
        Assert.Equal("malformed Via", result.Error is "empty Via" ? "malformed Via" : result.Error);
    }

    [Theory]
    [InlineData("Call-ID: other\r\n", "duplicate Call-ID")]
    [InlineData("To: <sip:x@y>\r\n", "duplicate To")]
    [InlineData("f: <sip:x@y>;tag=2\r\n", "duplicate From")]
    [InlineData("CSeq: 1 OPTIONS\r\n", "duplicate CSeq")]
    [InlineData("Max-Forwards: 1\r\nMax-Forwards: 1\r\n", "duplicate Max-Forwards")]
    [InlineData("Content-Length: 7\r\n", "conflicting Content-Length")]
    public void Duplicate_single_value_headers_are_malformed(string extra, string error)
    {
        var result = Result(Msg.Request(extra));
        Assert.Equal(ParseStatus.Malformed, result.Status);
        Assert.Equal(error, result.Error);
    }

    [Fact]
    public void Identical_repeated_content_length_is_tolerated()
    {
        Assert.True(Result(Msg.Request("l: 0\r\n")).IsComplete);
    }

    [Theory]
    [InlineData("2147483647 OPTIONS", true)]
    [InlineData("0 OPTIONS", true)]
    [InlineData("2147483648 OPTIONS", false)]
    [InlineData("36893488147419103232 OPTIONS", false)]
    [InlineData("-1 OPTIONS", false)]
    [InlineData("abc OPTIONS", false)]
    [InlineData("1OPTIONS", false)]
    [InlineData("1", false)]
    [InlineData("1 OPTIONS extra", false)]
    [InlineData("1 INVITE", false)]
    public void CSeq_number_and_method_are_checked(string cseq, bool ok)
    {
        var text = Msg.Request().Replace("CSeq: 1 OPTIONS", "CSeq: " + cseq, StringComparison.Ordinal);
        var (result, m) = Msg.Parse(text);
        Assert.Equal(ok, result.IsComplete);
        if (ok)
        {
            Assert.Equal(uint.Parse(cseq.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture), m.CSeq);
        }
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("255", 255)]
    [InlineData("0068", 68)]
    [InlineData("256", -1)]
    [InlineData("300", -1)]
    [InlineData("seven", -1)]
    [InlineData("-1", -1)]
    public void Max_forwards_is_0_to_255(string value, int expected)
    {
        var (result, m) = Msg.Parse(Msg.Request($"Max-Forwards: {value}\r\n"));
        Assert.Equal(expected >= 0, result.IsComplete);
        Assert.Equal(expected, m.MaxForwards);
    }

    [Theory]
    [InlineData("-999")]
    [InlineData("ten")]
    [InlineData("99999999999")]
    public void Bad_content_length_is_malformed(string value)
    {
        var text = Msg.Request().Replace("Content-Length: 0", "Content-Length: " + value, StringComparison.Ordinal);
        Assert.Equal("bad Content-Length", Result(text).Error);
    }

    [Fact]
    public void Content_length_beyond_a_datagram_is_malformed_but_incomplete_on_a_stream()
    {
        var text = Msg.Request(body: "12345")[..^2];
        Assert.Equal(ParseStatus.Malformed, Result(text, SipParseMode.Datagram).Status);
        Assert.Equal(ParseStatus.Incomplete, Result(text, SipParseMode.Stream).Status);
    }

    [Fact]
    public void Trailing_octets_after_the_body_are_not_part_of_the_message()
    {
        var text = Msg.Request(body: "abc") + "GARBAGE";
        var (result, m) = Msg.Parse(text);
        Assert.True(result.IsComplete);
        Assert.Equal(Msg.Bytes(text).Length - 7, result.Consumed);
        Assert.Equal(result.Consumed, m.Buffer.Length);
        Assert.Equal("abc", m.Str(m.Body));
    }

    [Fact]
    public void Datagram_without_content_length_takes_the_rest_as_body()
    {
        var text = Msg.Request().Replace("Content-Length: 0\r\n", "", StringComparison.Ordinal) + "body bytes";
        var (result, m) = Msg.Parse(text);
        Assert.True(result.IsComplete);
        Assert.Equal("body bytes", m.Str(m.Body));
        Assert.Equal(-1, m.ContentLength);
    }

    [Theory]
    [InlineData("Via: ")]
    [InlineData("From: ")]
    [InlineData("To: ")]
    [InlineData("Call-ID: ")]
    [InlineData("CSeq: ")]
    public void Request_missing_a_mandatory_header_is_malformed(string prefix)
    {
        var lines = Msg.Request().Split("\r\n").Where(l => !l.StartsWith(prefix, StringComparison.Ordinal));
        var result = Result(string.Join("\r\n", lines));
        Assert.Equal(ParseStatus.Malformed, result.Status);
        Assert.StartsWith("missing ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_many_header_fields_is_malformed()
    {
        var many = string.Concat(Enumerable.Repeat("X-A: 1\r\n", SipMessage.MaxHeaderCount));
        Assert.Equal("too many header fields", Result(Msg.Request(many)).Error);
        var fits = string.Concat(Enumerable.Repeat("X-A: 1\r\n", SipMessage.MaxHeaderCount - 6));
        Assert.True(Result(Msg.Request(fits)).IsComplete);
    }

    [Theory]
    [InlineData("OPTIONS sip:bob@example.com SIP/3.0", 505)]
    [InlineData("OPTIONS sip:bob@example.com SIP/2.1", 505)]
    [InlineData("OPTIONS sip:bob@example.com HTTP/1.1", 400)]
    [InlineData("OPTIONS sip:bob@example.com; lr SIP/2.0", 400)]
    [InlineData("OPTIONS  sip:bob@example.com SIP/2.0", 400)]
    [InlineData("OPTIONS sip:bob@example.com SIP/2.0 ", 400)]
    [InlineData("OPTIONS sip:2001:db8::10 SIP/2.0", 400)]
    [InlineData("OPTIONS sip:bob@example.com", 400)]
    [InlineData("OPT(IONS sip:bob@example.com SIP/2.0", 400)]
    public void Bad_request_lines_are_malformed_with_the_right_status(string line, int status)
    {
        var text = Msg.Request().Replace("OPTIONS sip:bob@example.com SIP/2.0", line, StringComparison.Ordinal);
        var result = Result(text);
        Assert.Equal(ParseStatus.Malformed, result.Status);
        Assert.Equal(status, result.ErrorStatus);
    }

    [Fact]
    public void Version_is_case_insensitive()
    {
        var text = Msg.Request().Replace("SIP/2.0\r\nVia", "sip/2.0\r\nVia", StringComparison.Ordinal);
        Assert.True(Result(text).IsComplete);
    }

    [Fact]
    public void Unknown_request_uri_scheme_is_not_malformed()
    {
        var (result, m) = Msg.Parse(Msg.Request(uri: "urn:service:sos"));
        Assert.True(result.IsComplete, result.Error);
        Assert.Equal("urn:service:sos", m.Str(m.RequestUri));
    }

    [Theory]
    [InlineData("SIP/2.0 99 Too Low")]
    [InlineData("SIP/2.0 700 Too High")]
    [InlineData("SIP/2.0 2000 Long")]
    [InlineData("SIP/2.0 20x Bad")]
    [InlineData("SIP/2.0")]
    public void Bad_status_lines_are_malformed_responses(string line)
    {
        var (result, m) = Msg.Parse(line + "\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nContent-Length: 0\r\n\r\n");
        Assert.Equal(ParseStatus.Malformed, result.Status);
        Assert.False(m.IsRequest);
    }

    [Fact]
    public void Status_line_without_reason_is_accepted()
    {
        var (result, m) = Msg.Parse("SIP/2.0 486\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nContent-Length: 0\r\n\r\n");
        Assert.True(result.IsComplete);
        Assert.Equal(486, m.StatusCode);
        Assert.True(m.ReasonPhrase.IsEmpty);
    }

    [Theory]
    [InlineData("OPTIONS sip:a@b SIP/2.0\nVia: x\r\n\r\n")]
    [InlineData("OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h\nFrom: x\r\n\r\n")]
    [InlineData("OPTIONS sip:a@b SIP/2.0\r\n folded-start: x\r\n\r\n")]
    [InlineData("OPTIONS sip:a@b SIP/2.0\r\nNo colon here\r\n\r\n")]
    [InlineData("OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h\r\n")]
    [InlineData("\r\nOPTIONS sip:a@b SIP/2.0\r\n\r\n")]
    [InlineData("")]
    public void Broken_framing_is_malformed_in_a_datagram(string text)
    {
        Assert.Equal(ParseStatus.Malformed, Result(text).Status);
    }

    [Fact]
    public void Malformed_request_is_still_filled_so_it_can_be_answered()
    {
        var text = Msg.Request("Max-Forwards: 999\r\n");
        var (result, m) = Msg.Parse(text);
        Assert.Equal("bad Max-Forwards", result.Error);
        Assert.True(m.CanBeAnswered);
        Assert.Equal("c1", m.Str(m.CallId));
        Assert.Equal("1", m.Str(m.From.Tag));
    }

    [Fact]
    public void Malformed_from_keeps_its_raw_value_for_the_400()
    {
        var text = Msg.Request().Replace("From: <sip:alice@example.com>;tag=1", "From: \"unterminated <sip:a@b>", StringComparison.Ordinal);
        var (result, m) = Msg.Parse(text);
        Assert.Equal("malformed From", result.Error);
        Assert.Equal("\"unterminated <sip:a@b>", m.Str(m.From.Value));
        Assert.True(m.CanBeAnswered);
    }

    [Fact]
    public void Unparsable_p_asserted_identity_is_left_unset()
    {
        var (result, m) = Msg.Parse(Msg.Request("P-Asserted-Identity: <tel:+1555\r\n"));
        Assert.True(result.IsComplete);
        Assert.False(m.HasPAssertedIdentity);
    }

    [Fact]
    public void Reused_message_is_reset_between_parses()
    {
        var message = new SipMessage();
        Assert.True(SipParser.Parse(Msg.Bytes(Msg.Invite), message, SipParseMode.Datagram).IsComplete);
        var response = "SIP/2.0 100 Trying\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nContent-Length: 0\r\n\r\n";
        Assert.True(SipParser.Parse(Msg.Bytes(response), message, SipParseMode.Datagram).IsComplete);
        Assert.False(message.IsRequest);
        Assert.Equal(SipMethod.None, message.Method);
        Assert.True(message.From.Value.IsEmpty);
        Assert.False(message.HasPAssertedIdentity);
        Assert.Equal(-1, message.MaxForwards);
        Assert.Equal(2, message.HeaderCount);
        Assert.Equal(1, message.ViaCount);
    }

    [Fact]
    public void Clone_owns_its_bytes()
    {
        var bytes = Msg.Bytes(Msg.Invite);
        var (_, m) = Msg.Parse(bytes);
        var copy = m.Clone();
        Array.Clear(bytes);
        Assert.Equal("abc-123@192.0.2.10", copy.Str(copy.CallId));
        Assert.Equal("f00", copy.Str(copy.From.Tag));
    }

    [Fact]
    public void A_clone_keeps_every_header_and_holds_no_spare_header_slots()
    {
        // Transactions keep a clone of their request for 32 s after they end: thousands at a time under load.
        var bytes = Msg.Bytes(Msg.Invite);
        var (_, m) = Msg.Parse(bytes);
        m.Clone(); // JIT and first-use costs out of the measurement

        var before = GC.GetAllocatedBytesForCurrentThread();
        var copy = m.Clone();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(m.HeaderCount, copy.HeaderCount);
        Assert.Equal(m.Headers.ToArray().Select(h => m.Str(h.Line)), copy.Headers.ToArray().Select(h => copy.Str(h.Line)));
        var headerSlots = m.HeaderCount * System.Runtime.CompilerServices.Unsafe.SizeOf<SipHeader>();
        Assert.True(allocated <= bytes.Length + headerSlots + 600, $"a clone of a {bytes.Length}-byte message with {m.HeaderCount} headers allocated {allocated} bytes");
    }
}
