using System.Buffers;

namespace EdgeBlocker.Sip;

/// <summary>Finds message boundaries in a byte stream (RFC 3261 §18.3: Content-Length is mandatory on streams).</summary>
public static class SipStreamFramer
{
    private static ReadOnlySpan<byte> HeaderEnd => "\r\n\r\n"u8;

    /// <summary>
    /// Looks for the first whole message in <paramref name="buffer"/>. Leading CRLFs (keep-alives, RFC 5626 §3.5.1)
    /// are skipped. On Complete, <paramref name="message"/> is the message and <paramref name="consumed"/> is the
    /// position after it; on Incomplete, <paramref name="consumed"/> is past any skipped keep-alives; on Malformed
    /// (no or bad Content-Length, or a message over <paramref name="maxMessageSize"/>) the stream cannot be resynchronised
    /// and the connection should close. <see cref="ParseResult.Consumed"/> is the message's own length (keep-alives excluded).
    /// </summary>
    public static ParseResult TryFrame(in ReadOnlySequence<byte> buffer, int maxMessageSize, out ReadOnlySequence<byte> message, out SequencePosition consumed)
    {
        message = default;
        var reader = new SequenceReader<byte>(buffer);

        // RFC 3261 §7.5: CRLFs before the start line are ignored on streams.
        reader.AdvancePastAny((byte)'\r', (byte)'\n');
        consumed = reader.Position;
        var start = reader.Position;
        var startOffset = reader.Consumed;

        if (!reader.TryReadTo(out ReadOnlySequence<byte> head, HeaderEnd, advancePastDelimiter: true))
        {
            return reader.Remaining > maxMessageSize ? ParseResult.Malformed("message too large") : ParseResult.Incomplete;
        }

        var headLength = head.Length + HeaderEnd.Length;
        if (headLength > maxMessageSize)
        {
            return ParseResult.Malformed("message too large");
        }

        var contentLength = FindContentLength(buffer.Slice(start, headLength), out var error);
        if (contentLength < 0)
        {
            return ParseResult.Malformed(error ?? "missing Content-Length");
        }

        var total = headLength + contentLength;
        if (total > maxMessageSize)
        {
            return ParseResult.Malformed("message too large");
        }

        if (buffer.Length - startOffset < total)
        {
            return ParseResult.Incomplete;
        }

        message = buffer.Slice(start, total);
        consumed = message.End;
        return ParseResult.Complete((int)total);
    }

    /// <summary>The Content-Length of a header section (start line, fields and the empty line that ends them),
    /// or -1 with a reason when it is missing, malformed or given twice with different values.</summary>
    private static long FindContentLength(in ReadOnlySequence<byte> head, out string? error)
    {
        if (head.IsSingleSegment)
        {
            return FindContentLength(head.FirstSpan, out error);
        }

        // The header section is bounded by maxMessageSize; copying a fragmented one is the rare path.
        var length = (int)head.Length;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            head.CopyTo(rented);
            return FindContentLength(rented.AsSpan(0, length), out error);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static long FindContentLength(ReadOnlySpan<byte> head, out string? error)
    {
        error = null;
        var lineEnd = head.IndexOf("\r\n"u8);
        var reader = new HeaderLineReader(head, lineEnd + 2);
        long found = -1;
        while (true)
        {
            var status = reader.TryRead(out var name, out var value, out _);
            if (status == HeaderLineStatus.End)
            {
                break;
            }

            if (status != HeaderLineStatus.Field)
            {
                error = reader.Error ?? "malformed header section";
                return -1;
            }

            if (!Apply(head, name, value, ref found, out error))
            {
                return -1;
            }
        }

        if (found < 0)
        {
            error = "missing Content-Length";
        }

        return found;
    }

    private static bool Apply(ReadOnlySpan<byte> head, TextRange name, TextRange value, ref long found, out string? error)
    {
        error = null;
        if (HeaderNames.Classify(name.Of(head)) != HeaderKind.ContentLength)
        {
            return true;
        }

        if (!ByteChars.TryParseDecimal(value.Of(head), int.MaxValue, out var length))
        {
            error = "bad Content-Length";
            return false;
        }

        if (found >= 0 && found != length)
        {
            error = "conflicting Content-Length";
            return false;
        }

        found = length;
        return true;
    }
}
