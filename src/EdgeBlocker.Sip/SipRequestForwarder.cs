namespace EdgeBlocker.Sip;

/// <summary>
/// Builds a forwarded request (RFC 3261 §16.6) and a relayed response (§16.7 step 9), changing only what the proxy
/// must: its Via on top (and the previous hop's received/rport), Max-Forwards, Record-Route, the Route that named it.
/// Every other byte leaves as it arrived.
/// </summary>
public static class SipRequestForwarder
{
    /// <summary>Room enough for <paramref name="message"/> forwarded with <paramref name="addedLength"/> bytes of new headers.</summary>
    public static int MaxLength(SipMessage message, int addedLength)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.Buffer.Length + addedLength + 128;
    }

    /// <summary>Writes the forwarded request and returns its length.</summary>
    public static int WriteRequest(SipMessage request, scoped in ForwardEdits edits, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(request);
        var span = request.Span;
        var w = new SipBufferWriter(destination);
        w.Write(request.StartLine.Of(span));
        w.NewLine();
        w.Write(edits.PrependHeaders);

        var topViaSeen = false;
        var routesToRemove = edits.RemoveRoutes;
        foreach (var h in request.Headers)
        {
            switch (h.Kind)
            {
                case HeaderKind.Via when !topViaSeen:
                    topViaSeen = true;
                    ViaRewriter.WriteTopViaLine(request, h, edits.Hop, ref w);
                    break;
                case HeaderKind.MaxForwards:
                    // RFC 3261 §16.6 step 3: decrement (the caller has answered 483 to zero already).
                    w.Write(span[h.Line.Start..h.Value.Start]);
                    w.Write(Math.Max(request.MaxForwards - 1, 0));
                    w.Write(span[h.Value.End..h.Line.End]);
                    break;
                case HeaderKind.Route when routesToRemove > 0:
                    routesToRemove = WriteWithoutFirstValues(span, h, routesToRemove, ref w);
                    break;
                default:
                    w.Write(h.Line.Of(span));
                    break;
            }
        }

        if (request.MaxForwards < 0)
        {
            // RFC 3261 §16.6 step 3: a request without Max-Forwards gets one, with the value 70.
            w.Write("Max-Forwards: 70\r\n"u8);
        }

        WriteBody(request, ref w);
        return w.Written;
    }

    /// <summary>Writes a response with the top Via value (this proxy's) removed, and returns its length.</summary>
    public static int WriteResponse(SipMessage response, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(response);
        var span = response.Span;
        var w = new SipBufferWriter(destination);
        w.Write(response.StartLine.Of(span));
        w.NewLine();
        var topViaSeen = false;
        foreach (var h in response.Headers)
        {
            if (h.Kind == HeaderKind.Via && !topViaSeen)
            {
                topViaSeen = true;
                WriteWithoutFirstValues(span, h, 1, ref w);
            }
            else
            {
                w.Write(h.Line.Of(span));
            }
        }

        WriteBody(response, ref w);
        return w.Written;
    }

    private static void WriteBody(SipMessage message, ref SipBufferWriter w)
    {
        var span = message.Span;
        // The empty line and body are copied as received; a message parsed without Content-Length (RFC 2543 style
        // over UDP) keeps its framing, which is correct for the UDP it is sent on.
        var headersEnd = message.HeaderCount > 0 ? message.Headers[^1].Line.End : message.StartLine.End + 2;
        w.Write(span[headersEnd..]);
    }

    /// <summary>
    /// Writes a comma-separated header line without its first <paramref name="count"/> values, or nothing when no value
    /// is left. Returns how many values are still to remove from the following lines.
    /// </summary>
    private static int WriteWithoutFirstValues(ReadOnlySpan<byte> span, SipHeader h, int count, ref SipBufferWriter w)
    {
        var values = SipHeaderValues.Split(span, h.Value);
        while (values.MoveNext())
        {
            if (count == 0)
            {
                w.Write(span[h.Line.Start..h.Value.Start]);
                w.Write(span[values.Current.Start..h.Value.End]);
                w.Write(span[h.Value.End..h.Line.End]);
                return 0;
            }

            count--;
        }

        return count;
    }
}
