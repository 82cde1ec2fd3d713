using System.Buffers;

namespace EdgeBlocker.Sip.Tests;

/// <summary>Kestrel-style framing tests: every prefix, one byte per segment, back to back, keep-alives, size cap.</summary>
public class SipStreamFramerTests
{
    private const int Max = 64 * 1024;

    public static TheoryData<string> StreamMessages() => new()
    {
        Msg.Invite,
        Msg.Request(body: "hello"),
        Msg.Request("Subject: folded\r\n  over two lines\r\n"),
        "SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\nl: 3\r\n\r\nabc",
    };

    [Theory]
    [MemberData(nameof(StreamMessages))]
    public void Every_prefix_is_incomplete_until_the_whole_message(string text)
    {
        var bytes = Msg.Bytes(text);
        for (var n = 0; n < bytes.Length; n++)
        {
            var result = SipStreamFramer.TryFrame(new ReadOnlySequence<byte>(bytes, 0, n), Max, out _, out _);
            Assert.True(result.Status == ParseStatus.Incomplete, $"prefix {n}: {result.Status} {result.Error}");
        }

        var whole = SipStreamFramer.TryFrame(new ReadOnlySequence<byte>(bytes), Max, out var message, out var consumed);
        Assert.Equal(ParseStatus.Complete, whole.Status);
        Assert.Equal(bytes.Length, whole.Consumed);
        Assert.Equal(bytes.Length, message.Length);
        Assert.Equal(bytes.Length, consumed.GetInteger());
    }

    [Theory]
    [MemberData(nameof(StreamMessages))]
    public void One_byte_per_segment_frames_the_same_message(string text)
    {
        var bytes = Msg.Bytes(text);
        var sequence = Segments.Split(bytes, 1);

        var result = SipStreamFramer.TryFrame(sequence, Max, out var message, out var consumed);

        Assert.Equal(ParseStatus.Complete, result.Status);
        Assert.Equal(bytes, message.ToArray());
        Assert.Equal(sequence.End, consumed);
        var (parsed, m) = Msg.Parse(message.ToArray(), SipParseMode.Stream);
        Assert.Equal(ParseStatus.Complete, parsed.Status);
        Assert.Equal(m.ContentLength, m.Body.Length);
    }

    [Fact]
    public void Every_prefix_of_a_fragmented_stream_is_incomplete()
    {
        var bytes = Msg.Bytes(Msg.Invite);
        for (var n = 0; n < bytes.Length; n++)
        {
            var result = SipStreamFramer.TryFrame(Segments.Split(bytes[..n], 3), Max, out _, out _);
            Assert.Equal(ParseStatus.Incomplete, result.Status);
        }
    }

    [Fact]
    public void Two_messages_back_to_back_are_framed_one_after_the_other()
    {
        var first = Msg.Bytes(Msg.Request(body: "one"));
        var second = Msg.Bytes(Msg.Invite);
        var buffer = new ReadOnlySequence<byte>([.. first, .. second]);

        Assert.True(SipStreamFramer.TryFrame(buffer, Max, out var m1, out var consumed).IsComplete);
        Assert.Equal(first, m1.ToArray());
        buffer = buffer.Slice(consumed);
        Assert.True(SipStreamFramer.TryFrame(buffer, Max, out var m2, out consumed).IsComplete);
        Assert.Equal(second, m2.ToArray());
        Assert.Equal(0, buffer.Slice(consumed).Length);
    }

    [Fact]
    public void Leading_crlf_keepalives_are_skipped()
    {
        var message = Msg.Bytes(Msg.Invite);
        var buffer = new ReadOnlySequence<byte>([.. "\r\n\r\n\r\n"u8, .. message]);

        var result = SipStreamFramer.TryFrame(buffer, Max, out var framed, out var consumed);

        Assert.True(result.IsComplete);
        Assert.Equal(message.Length, result.Consumed);
        Assert.Equal(message, framed.ToArray());
        Assert.Equal(buffer.End, consumed);
    }

    [Fact]
    public void Keepalive_alone_is_consumed_and_incomplete()
    {
        var buffer = new ReadOnlySequence<byte>("\r\n\r\n"u8.ToArray());

        var result = SipStreamFramer.TryFrame(buffer, Max, out _, out var consumed);

        Assert.Equal(ParseStatus.Incomplete, result.Status);
        Assert.Equal(4, consumed.GetInteger());
    }

    [Fact]
    public void Message_over_the_maximum_size_is_malformed()
    {
        var bytes = Msg.Bytes(Msg.Request(body: new string('x', 2000)));
        var result = SipStreamFramer.TryFrame(new ReadOnlySequence<byte>(bytes), 1024, out _, out _);
        Assert.Equal(ParseStatus.Malformed, result.Status);
    }

    [Fact]
    public void Endless_header_section_over_the_maximum_size_is_malformed_before_it_ends()
    {
        var bytes = Msg.Bytes("INVITE sip:a@b SIP/2.0\r\n" + string.Concat(Enumerable.Repeat("X-Junk: 0123456789\r\n", 100)));
        var result = SipStreamFramer.TryFrame(new ReadOnlySequence<byte>(bytes), 1024, out _, out _);
        Assert.Equal(ParseStatus.Malformed, result.Status);
    }

    [Theory]
    [InlineData("", "missing Content-Length")]
    [InlineData("Content-Length: -1\r\n", "bad Content-Length")]
    [InlineData("Content-Length: 1\r\nl: 2\r\n", "conflicting Content-Length")]
    public void Stream_without_a_usable_content_length_is_malformed(string header, string error)
    {
        var bytes = Msg.Bytes("OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\n" + header + "\r\n");
        var result = SipStreamFramer.TryFrame(new ReadOnlySequence<byte>(bytes), Max, out _, out _);
        Assert.Equal(ParseStatus.Malformed, result.Status);
        Assert.Equal(error, result.Error);
    }

    [Fact]
    public void Compact_folded_content_length_is_found()
    {
        var bytes = Msg.Bytes("OPTIONS sip:a@b SIP/2.0\r\nL:\r\n 2\r\n\r\nokEXTRA");
        var result = SipStreamFramer.TryFrame(new ReadOnlySequence<byte>(bytes), Max, out var message, out _);
        Assert.True(result.IsComplete);
        Assert.EndsWith("ok", System.Text.Encoding.ASCII.GetString(message.ToArray()), StringComparison.Ordinal);
    }
}
