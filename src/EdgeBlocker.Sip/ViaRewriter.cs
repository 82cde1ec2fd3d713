using System.Text;

namespace EdgeBlocker.Sip;

/// <summary>Writes the top Via line with the received/rport parameters a server transport adds (RFC 3261 §18.2.1, RFC 3581 §4).</summary>
internal static class ViaRewriter
{
    /// <summary>
    /// Writes the header line holding the top Via value. Only the first value of that line is changed; other values on
    /// the same line and every other byte stay as received.
    /// </summary>
    public static void WriteTopViaLine(SipMessage message, SipHeader line, scoped in HopEdits hop, ref SipBufferWriter w)
    {
        var span = message.Span;
        if (hop.Received.IsEmpty && hop.Rport == 0)
        {
            w.Write(line.Line.Of(span));
            return;
        }

        var value = message.TopVia.Value;
        w.Write(span[line.Line.Start..value.Start]);
        WriteValue(span, value, hop, ref w);
        w.Write(span[value.End..line.Line.End]);
    }

    private static void WriteValue(ReadOnlySpan<byte> span, TextRange value, scoped in HopEdits hop, ref SipBufferWriter w)
    {
        var text = value.Of(span);
        if (hop.Rport != 0)
        {
            // Drop the empty ";rport" the client sent; it is written again below with the port filled in.
            var bare = FindBareRport(text);
            if (bare >= 0)
            {
                w.Write(text[..bare]);
                w.Write(text[(bare + ";rport".Length)..]);
            }
            else
            {
                w.Write(text);
            }
        }
        else
        {
            w.Write(text);
        }

        if (!hop.Received.IsEmpty)
        {
            w.Write(";received="u8);
            w.Write(hop.Received);
        }

        if (hop.Rport != 0)
        {
            w.Write(";rport="u8);
            w.Write(hop.Rport);
        }
    }

    /// <summary>The offset of a <c>;rport</c> parameter written without a value, or -1.</summary>
    private static int FindBareRport(ReadOnlySpan<byte> via)
    {
        for (var i = via.IndexOf((byte)';'); i >= 0 && i + 6 <= via.Length; i = NextSemicolon(via, i))
        {
            var end = i + 6;
            if (Ascii.EqualsIgnoreCase(via[(i + 1)..end], "rport"u8) && (end == via.Length || via[end] == (byte)';'))
            {
                return i;
            }
        }

        return -1;

        static int NextSemicolon(ReadOnlySpan<byte> via, int after)
        {
            var j = via[(after + 1)..].IndexOf((byte)';');
            return j < 0 ? -1 : after + 1 + j;
        }
    }
}
