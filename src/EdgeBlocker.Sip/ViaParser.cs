using System.Text;

namespace EdgeBlocker.Sip;

/// <summary>Parses one Via value (RFC 3261 §20.42, §25.1 via-parm; rport per RFC 3581; IPv6 per RFC 5118).</summary>
internal static class ViaParser
{
    /// <summary>The RFC 3261 §8.1.1.7 magic cookie that marks a branch as globally unique.</summary>
    private static ReadOnlySpan<byte> MagicCookie => "z9hG4bK"u8;

    /// <summary>Parses a Via value. When false, <paramref name="via"/> still holds the sent-protocol and sent-by if
    /// those parsed (only a parameter was bad), so that a 400 can be sent back to the previous hop.</summary>
    public static bool TryParse(ReadOnlySpan<byte> buffer, TextRange value, out ViaValue via)
    {
        via = default;
        if ((uint)value.Start > (uint)buffer.Length || (uint)value.Length > (uint)(buffer.Length - value.Start))
        {
            return false;
        }

        var span = buffer[..value.End];
        var pos = value.Start;

        // sent-protocol = protocol-name SLASH protocol-version SLASH transport; SLASH = SWS "/" SWS, so RFC 4475 §3.1.1.1's
        // "SIP  /   2.0 /UDP" spread over folded lines is legal.
        if (!Token(span, ref pos, out _) || !Slash(span, ref pos) || !Token(span, ref pos, out _) || !Slash(span, ref pos)
            || !Token(span, ref pos, out var transport))
        {
            return false;
        }

        var afterTransport = pos;
        pos = ByteChars.SkipLws(span, pos);
        if (pos == afterTransport || !HostPort.TryRead(span, ref pos, allowLwsAroundColon: true, out var host, out var port))
        {
            return false;
        }

        // What was read so far is kept even if a parameter turns out bad: a 400 still needs the sent-by (RFC 3261 §8.2.6.2).
        via = new ViaValue { Value = value, Transport = transport, Host = host, Port = port };
        var parameters = new TextRange(pos, value.End - pos);
        var reader = new ParameterReader(buffer, parameters);
        TextRange branch = default, received = default, maddr = default;
        var hasRport = false;
        var rport = 0;
        while (reader.MoveNext(out var name, out var paramValue))
        {
            var n = name.Of(buffer);
            if (Ascii.EqualsIgnoreCase(n, "branch"u8))
            {
                branch = paramValue;
            }
            else if (Ascii.EqualsIgnoreCase(n, "received"u8))
            {
                received = paramValue;
            }
            else if (Ascii.EqualsIgnoreCase(n, "maddr"u8))
            {
                maddr = paramValue;
            }
            else if (Ascii.EqualsIgnoreCase(n, "rport"u8))
            {
                // RFC 3581 §3: "rport" alone in a request; "rport=port" once a server filled it in.
                hasRport = true;
                if (!paramValue.IsEmpty)
                {
                    if (!ByteChars.TryParseDecimal(paramValue.Of(buffer), 65535, out var r))
                    {
                        return false; // via keeps the sent-by read above
                    }

                    rport = (int)r;
                }
            }
        }

        if (reader.IsMalformed)
        {
            return false;
        }

        via = via with
        {
            Branch = branch,
            Received = received,
            HasRport = hasRport,
            Rport = rport,
            Maddr = maddr,
            HasMagicCookie = branch.Of(buffer).StartsWith(MagicCookie),
        };
        return true;
    }

    private static bool Token(ReadOnlySpan<byte> span, ref int pos, out TextRange token)
    {
        var n = span[pos..].IndexOfAnyExcept(ByteChars.Token);
        if (n < 0)
        {
            n = span.Length - pos;
        }

        token = new TextRange(pos, n);
        pos += n;
        return n > 0;
    }

    private static bool Slash(ReadOnlySpan<byte> span, ref int pos)
    {
        var p = ByteChars.SkipLws(span, pos);
        if (p == span.Length || span[p] != '/')
        {
            return false;
        }

        pos = ByteChars.SkipLws(span, p + 1);
        return true;
    }
}
