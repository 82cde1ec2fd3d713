namespace EdgeBlocker.Sip;

/// <summary>Reads <c>hostport = host [ ":" port ]</c> (RFC 3261 §25.1), with IPv6 references in brackets (RFC 5118).</summary>
internal static class HostPort
{
    /// <summary>Reads a host and optional port at <paramref name="pos"/>, advancing past them. False when there is no host,
    /// the brackets do not close, or the port is not a number up to 65535.</summary>
    public static bool TryRead(ReadOnlySpan<byte> span, ref int pos, bool allowLwsAroundColon, out TextRange host, out int port)
    {
        host = default;
        port = 0;
        var start = pos;
        var i = start;
        if (i < span.Length && span[i] == '[')
        {
            // RFC 5118 §4.10: tolerate the "2001:db8:::192.0.2.1" form the RFC 3261 ABNF bug allowed, so only the
            // character set is checked here, not the exact IPv6 grammar.
            i++;
            while (i < span.Length && (ByteChars.IsHex(span[i]) || span[i] is (byte)':' or (byte)'.'))
            {
                i++;
            }

            if (i == span.Length || span[i] != ']' || i == start + 1)
            {
                return false;
            }

            i++;
        }
        else
        {
            // hostname / IPv4address: alphanum, "-" and "." (RFC 3261 §25.1). An IPv6 address without brackets stops at its
            // first colon and then fails as a port (RFC 5118 §4.2).
            var n = span[i..].IndexOfAnyExcept(ByteChars.HostName);
            i = n < 0 ? span.Length : i + n;

            if (i == start)
            {
                return false;
            }
        }

        host = new TextRange(start, i - start);
        var colon = allowLwsAroundColon ? ByteChars.SkipLws(span, i) : i;
        if (colon < span.Length && span[colon] == ':')
        {
            var p = allowLwsAroundColon ? ByteChars.SkipLws(span, colon + 1) : colon + 1;
            var digits = p;
            while (p < span.Length && (uint)(span[p] - '0') <= 9)
            {
                p++;
            }

            if (!ByteChars.TryParseDecimal(span[digits..p], 65535, out var value))
            {
                return false;
            }

            port = (int)value;
            i = p;
        }

        pos = i;
        return true;
    }
}
