namespace EdgeBlocker.Sip;

/// <summary>
/// Builds the responses the box itself sends (RFC 3261 §8.2.6, §16.7): Via, From, To, Call-ID and CSeq copied from the
/// request, a To tag added to final responses, then the caller's extra header lines.
/// </summary>
public static class SipResponseWriter
{
    /// <summary>A size that always fits a response to <paramref name="request"/> with <paramref name="extraLength"/> bytes of extra headers.</summary>
    public static int MaxLength(SipMessage request, int extraLength)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Buffer.Length + extraLength + 256;
    }

    /// <summary>
    /// Writes the response into <paramref name="destination"/> and returns its length.
    /// </summary>
    /// <param name="request">The request answered; must satisfy <see cref="SipMessage.CanBeAnswered"/>.</param>
    /// <param name="statusCode">100..699.</param>
    /// <param name="reason">The reason phrase.</param>
    /// <param name="toTag">The tag to add to To when it has none (ignored for 100 Trying, RFC 3261 §8.2.6.2).</param>
    /// <param name="extraHeaders">Whole header lines, each ending in CRLF (Reason, Contact, Call-Info...).</param>
    /// <param name="hop">received/rport for the top Via.</param>
    /// <param name="destination">Where to write; at least <see cref="MaxLength"/> bytes.</param>
    public static int Write(
        SipMessage request,
        int statusCode,
        ReadOnlySpan<byte> reason,
        ReadOnlySpan<byte> toTag,
        ReadOnlySpan<byte> extraHeaders,
        scoped in HopEdits hop,
        Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(request);
        var w = new SipBufferWriter(destination);
        var span = request.Span;
        w.Write("SIP/2.0 "u8);
        w.Write(statusCode);
        w.Write((byte)' ');
        w.Write(reason);
        w.NewLine();

        var topViaSeen = false;
        foreach (var h in request.Headers)
        {
            switch (h.Kind)
            {
                case HeaderKind.Via when !topViaSeen:
                    topViaSeen = true;
                    ViaRewriter.WriteTopViaLine(request, h, hop, ref w);
                    break;
                case HeaderKind.Via:
                case HeaderKind.From:
                case HeaderKind.CallId:
                case HeaderKind.CSeq:
                    w.Write(h.Line.Of(span));
                    break;
                case HeaderKind.To:
                    WriteTo(request, h, statusCode, toTag, ref w);
                    break;
            }
        }

        w.Write(extraHeaders);
        w.Write("Content-Length: 0\r\n\r\n"u8);
        return w.Written;
    }

    private static void WriteTo(SipMessage request, SipHeader to, int statusCode, ReadOnlySpan<byte> toTag, ref SipBufferWriter w)
    {
        var span = request.Span;
        if (statusCode == 100 || toTag.IsEmpty || !request.To.Tag.IsEmpty)
        {
            w.Write(to.Line.Of(span));
            return;
        }

        // RFC 3261 §8.2.6.2: a final response gets a To tag when the request had none.
        w.Write(span[to.Line.Start..to.Value.End]);
        w.Write(";tag="u8);
        w.Write(toTag);
        w.Write(span[to.Value.End..to.Line.End]);
    }
}
