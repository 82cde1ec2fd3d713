namespace EdgeBlocker.Sip;

/// <summary>Parses one SIP message from bytes (RFC 3261 §7, §25).</summary>
public static class SipParser
{
    /// <summary>
    /// Parses <paramref name="data"/> into <paramref name="message"/> (reset first). Never throws for bad input, and
    /// allocates nothing when <paramref name="message"/> is reused. A malformed message is still filled as far as it
    /// could be read, so that <see cref="SipMessage.CanBeAnswered"/> tells whether a 400 (or 505) can be sent.
    /// </summary>
    /// <remarks>
    /// In <see cref="SipParseMode.Datagram"/> mode a Content-Length beyond the datagram is malformed (RFC 4475 §3.1.2.2),
    /// a missing one makes the body the rest of the datagram (RFC 3261 §18.3), and octets after the body are ignored
    /// (RFC 4475 §3.1.1.8). In <see cref="SipParseMode.Stream"/> mode the same holds, except that a message cut short
    /// is <see cref="ParseStatus.Incomplete"/>; <see cref="SipStreamFramer"/> has already enforced Content-Length.
    /// </remarks>
    public static ParseResult Parse(ReadOnlyMemory<byte> data, SipMessage message, SipParseMode mode)
    {
        ArgumentNullException.ThrowIfNull(message);
        message.Reset(data);
        var span = data.Span;
        var errors = default(ParseErrors);

        var lineEnd = span.IndexOf("\r\n"u8);
        if (lineEnd < 0)
        {
            return Short(mode, "no start line");
        }

        if (lineEnd == 0)
        {
            return ParseResult.Malformed("empty start line");
        }

        StartLineParser.Parse(span, new TextRange(0, lineEnd), message, ref errors);

        var reader = new HeaderLineReader(span, lineEnd + 2);
        var seen = SeenHeaders.None;
        while (true)
        {
            var status = reader.TryRead(out var name, out var value, out var line);
            if (status == HeaderLineStatus.End)
            {
                break;
            }

            if (status == HeaderLineStatus.Incomplete)
            {
                return Short(mode, "header section not terminated");
            }

            if (status == HeaderLineStatus.Malformed)
            {
                return ParseResult.Malformed(reader.Error ?? "malformed header field");
            }

            var header = new SipHeader(HeaderNames.Classify(name.Of(span)), name, value, line);
            if (!message.AddHeader(header))
            {
                return ParseResult.Malformed("too many header fields");
            }

            KnownHeaderReader.Apply(span, header, message, ref seen, ref errors);
        }

        var bodyStart = reader.Position;
        var bodyLength = message.ContentLength >= 0 ? message.ContentLength : span.Length - bodyStart;
        if (bodyLength > span.Length - bodyStart)
        {
            // An earlier error (e.g. two Content-Lengths, RFC 4475 §3.3.9) says more than the length mismatch it causes.
            return errors.HasError ? ParseResult.Malformed(errors.Error!, errors.Status) : Short(mode, "Content-Length larger than the message");
        }

        message.Body = new TextRange(bodyStart, bodyLength);
        message.TrimBuffer(bodyStart + bodyLength);
        if (message.IsRequest)
        {
            CheckRequest(message, seen, ref errors);
        }

        return errors.HasError ? ParseResult.Malformed(errors.Error!, errors.Status) : ParseResult.Complete(bodyStart + bodyLength);
    }

    // RFC 3261 §8.1.1: To, From, CSeq, Call-ID, Max-Forwards and Via are mandatory; Max-Forwards is not enforced
    // because RFC 2543 peers omit it (RFC 4475 §3.4.1) and a proxy then supplies one (§16.6 step 3).
    private static void CheckRequest(SipMessage message, SeenHeaders seen, ref ParseErrors errors)
    {
        if ((seen & SeenHeaders.Via) == 0)
        {
            errors.Add("missing Via");
        }

        if ((seen & SeenHeaders.From) == 0)
        {
            errors.Add("missing From");
        }

        if ((seen & SeenHeaders.To) == 0)
        {
            errors.Add("missing To");
        }

        if ((seen & SeenHeaders.CallId) == 0)
        {
            errors.Add("missing Call-ID");
        }

        if ((seen & SeenHeaders.CSeq) == 0)
        {
            errors.Add("missing CSeq");
        }
        else if (!message.CSeqMethodToken.IsEmpty && !message.MethodToken.IsEmpty
            && !message[message.CSeqMethodToken].SequenceEqual(message[message.MethodToken]))
        {
            // RFC 3261 §8.1.1.5: the CSeq method matches the request's (RFC 4475 §3.1.2.17, §3.1.2.18).
            errors.Add("CSeq method does not match the request method");
        }
    }

    private static ParseResult Short(SipParseMode mode, string error) =>
        mode == SipParseMode.Stream ? ParseResult.Incomplete : ParseResult.Malformed(error);
}
