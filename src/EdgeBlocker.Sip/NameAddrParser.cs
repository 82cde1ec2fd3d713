using System.Text;

namespace EdgeBlocker.Sip;

/// <summary>
/// Parses <c>( name-addr / addr-spec ) *( SEMI generic-param )</c> (RFC 3261 §20.10, §25.1): the From, To, Contact,
/// Route and P-Asserted-Identity value shape.
/// </summary>
internal static class NameAddrParser
{
    public static bool TryParse(ReadOnlySpan<byte> buffer, TextRange value, out NameAddr nameAddr)
    {
        nameAddr = default;
        if ((uint)value.Start > (uint)buffer.Length || (uint)value.Length > (uint)(buffer.Length - value.Start))
        {
            return false;
        }

        var span = buffer[..value.End];
        var pos = ByteChars.SkipLws(span, value.Start);
        if (pos == span.Length)
        {
            return false;
        }

        TextRange displayName;
        int laquot;
        if (span[pos] == '"')
        {
            // quoted-string: any byte but an unescaped quote, including raw NUL/BEL/DEL (RFC 4475 §3.1.1.2).
            var quoted = ParameterReader.QuotedLength(span, pos);
            if (quoted < 0)
            {
                return false; // RFC 4475 §3.1.2.6: an unterminated quote is not guessed at.
            }

            displayName = new TextRange(pos + 1, quoted - 2);
            laquot = ByteChars.SkipLws(span, pos + quoted);
            if (laquot == span.Length || span[laquot] != '<')
            {
                return false;
            }
        }
        else
        {
            // An unquoted display name ends at '<'; without '<' (or with a quote before it) this is an addr-spec.
            var rest = span[pos..];
            var lt = rest.IndexOfAny((byte)'<', (byte)'"');
            laquot = lt >= 0 && rest[lt] == '<' ? pos + lt : -1;
            displayName = laquot >= 0 ? ByteChars.TrimLws(span, new TextRange(pos, laquot - pos)) : default;
        }

        TextRange uri;
        int afterUri;
        if (laquot >= 0)
        {
            var gt = span[laquot..].IndexOf((byte)'>');
            if (gt < 0)
            {
                return false;
            }

            // RFC 4475 §3.1.2.14 (badaspec): LWS inside the brackets is tolerated and trimmed, never forwarded as part of the URI.
            uri = ByteChars.TrimLws(span, new TextRange(laquot + 1, gt - 1));
            afterUri = laquot + gt + 1;
        }
        else
        {
            // RFC 3261 §20.10: without <>, everything after the first ';' is a header parameter, not a URI parameter.
            var semi = span[pos..].IndexOf((byte)';');
            var end = semi < 0 ? span.Length : pos + semi;
            uri = ByteChars.TrimLws(span, new TextRange(pos, end - pos));
            afterUri = end;
            if (uri.Of(span).ContainsAny(ByteChars.Lws))
            {
                return false;
            }
        }

        if (uri.IsEmpty || uri.Of(span).IndexOf((byte)':') <= 0)
        {
            return false;
        }

        var parameters = new TextRange(afterUri, value.End - afterUri);
        var tag = default(TextRange);
        var reader = new ParameterReader(buffer, parameters);
        while (reader.MoveNext(out var name, out var paramValue))
        {
            if (tag.IsEmpty && Ascii.EqualsIgnoreCase(name.Of(buffer), "tag"u8))
            {
                tag = paramValue;
            }
        }

        if (reader.IsMalformed)
        {
            return false;
        }

        var paramStart = ByteChars.SkipLws(span, afterUri);
        nameAddr = new NameAddr
        {
            Value = value,
            DisplayName = displayName,
            Uri = uri,
            Tag = tag,
            Parameters = new TextRange(paramStart, value.End - paramStart),
        };
        return true;
    }
}
