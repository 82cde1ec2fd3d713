namespace EdgeBlocker.Sip;

/// <summary>Builds the requests a stateful proxy originates itself: the ACK for a non-2xx final response and CANCEL.</summary>
public static class SipRequestBuilder
{
    /// <summary>Room enough for an ACK or CANCEL built from <paramref name="request"/> and <paramref name="response"/>.</summary>
    public static int MaxLength(SipMessage request, SipMessage? response = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Buffer.Length + (response?.Buffer.Length ?? 0) + 128;
    }

    /// <summary>
    /// The ACK a client transaction sends for a 3xx–6xx response to INVITE (RFC 3261 §17.1.1.3): same Request-URI, top
    /// Via, Route, From, Call-ID and CSeq number as the INVITE, To from the response.
    /// </summary>
    public static int WriteAck(SipMessage invite, SipMessage response, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(invite);
        ArgumentNullException.ThrowIfNull(response);
        var w = new SipBufferWriter(destination);
        WriteRequestLine("ACK"u8, invite, ref w);
        WriteCommon(invite, ref w);
        if (response.TryGetHeader(HeaderKind.To, out var to))
        {
            w.Write(to.Line.Of(response.Span));
        }

        WriteCSeq(invite, "ACK"u8, ref w);
        w.Write("Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n"u8);
        return w.Written;
    }

    /// <summary>
    /// A CANCEL for a pending INVITE (RFC 3261 §9.1): same Request-URI, top Via, Route, From, To, Call-ID and CSeq number.
    /// </summary>
    public static int WriteCancel(SipMessage invite, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(invite);
        var w = new SipBufferWriter(destination);
        WriteRequestLine("CANCEL"u8, invite, ref w);
        WriteCommon(invite, ref w);
        if (invite.TryGetHeader(HeaderKind.To, out var to))
        {
            w.Write(to.Line.Of(invite.Span));
        }

        WriteCSeq(invite, "CANCEL"u8, ref w);
        w.Write("Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n"u8);
        return w.Written;
    }

    private static void WriteRequestLine(ReadOnlySpan<byte> method, SipMessage invite, ref SipBufferWriter w)
    {
        w.Write(method);
        w.Write((byte)' ');
        w.Write(invite[invite.RequestUri]);
        w.Write(" SIP/2.0\r\n"u8);
    }

    /// <summary>The top Via value alone, every Route, From and Call-ID, as in the INVITE.</summary>
    private static void WriteCommon(SipMessage invite, ref SipBufferWriter w)
    {
        var span = invite.Span;
        w.Write("Via: "u8);
        w.Write(invite.TopVia.Value.Of(span));
        w.NewLine();
        foreach (var h in invite.Headers)
        {
            if (h.Kind is HeaderKind.Route or HeaderKind.From or HeaderKind.CallId)
            {
                w.Write(h.Line.Of(span));
            }
        }
    }

    private static void WriteCSeq(SipMessage invite, ReadOnlySpan<byte> method, ref SipBufferWriter w)
    {
        w.Write("CSeq: "u8);
        w.Write((int)invite.CSeq);
        w.Write((byte)' ');
        w.Write(method);
        w.NewLine();
    }
}
