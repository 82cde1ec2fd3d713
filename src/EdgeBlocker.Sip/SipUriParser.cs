using System.Text;

namespace EdgeBlocker.Sip;

/// <summary>Parses SIP, SIPS and tel URIs (RFC 3261 §19.1, §25.1; RFC 3966; IPv6 references per RFC 5118).</summary>
public static class SipUriParser
{
    /// <summary>Parses the URI at <paramref name="uri"/> in <paramref name="buffer"/>. False for a malformed sip/sips/tel URI.
    /// A URI of another scheme parses as <see cref="UriScheme.Other"/> when it is a syntactically valid absoluteURI.</summary>
    public static bool TryParse(ReadOnlySpan<byte> buffer, TextRange uri, out SipUri result)
    {
        result = default;
        if ((uint)uri.Start > (uint)buffer.Length || (uint)uri.Length > (uint)(buffer.Length - uri.Start))
        {
            return false;
        }

        var span = uri.Of(buffer);
        var colon = span.IndexOf((byte)':');
        if (colon <= 0 || !UriSyntax.IsScheme(span[..colon]))
        {
            return false;
        }

        var scheme = span[..colon];
        if (Ascii.EqualsIgnoreCase(scheme, "sip"u8))
        {
            return TryParseSip(buffer, uri, colon + 1, UriScheme.Sip, out result);
        }

        if (Ascii.EqualsIgnoreCase(scheme, "sips"u8))
        {
            return TryParseSip(buffer, uri, colon + 1, UriScheme.Sips, out result);
        }

        if (Ascii.EqualsIgnoreCase(scheme, "tel"u8))
        {
            return TryParseTel(buffer, uri, colon + 1, out result);
        }

        // RFC 3261 §8.2.2.1: an unknown scheme is well-formed and answered 416 by whoever routes it, not 400 (RFC 4475 §3.3.2).
        var rest = span[(colon + 1)..];
        if (rest.IsEmpty || rest.ContainsAnyExcept(UriSyntax.UriChars))
        {
            return false;
        }

        result = new SipUri { Scheme = UriScheme.Other, Value = uri };
        return true;
    }

    /// <summary>Decodes %-escapes into <paramref name="destination"/>; returns the decoded length, or -1 when it does not fit
    /// or an escape is malformed.</summary>
    public static int Unescape(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var written = 0;
        for (var i = 0; i < source.Length; i++)
        {
            var b = source[i];
            if (b == '%')
            {
                if (i + 2 >= source.Length || !ByteChars.IsHex(source[i + 1]) || !ByteChars.IsHex(source[i + 2]))
                {
                    return -1;
                }

                b = (byte)((ByteChars.HexValue(source[i + 1]) << 4) | ByteChars.HexValue(source[i + 2]));
                i += 2;
            }

            if (written == destination.Length)
            {
                return -1;
            }

            destination[written++] = b;
        }

        return written;
    }

    // sip:/sips: [ userinfo "@" ] hostport uri-parameters [ headers ]  (RFC 3261 §19.1.1, §25.1)
    private static bool TryParseSip(ReadOnlySpan<byte> buffer, TextRange uri, int offset, UriScheme scheme, out SipUri result)
    {
        result = default;
        var span = buffer[..uri.End];
        var pos = uri.Start + offset;
        var user = default(TextRange);

        // Neither host, parameters nor headers may hold a raw '@', so the first one ends the userinfo, whatever ';', '?'
        // or '/' the user part holds before it (RFC 4475 §3.1.1.2, §3.1.1.9).
        var at = span[pos..].IndexOf((byte)'@');
        if (at >= 0)
        {
            var userinfo = span.Slice(pos, at);
            var passwordColon = userinfo.IndexOf((byte)':');
            var userPart = passwordColon < 0 ? userinfo : userinfo[..passwordColon];
            if (userPart.IsEmpty || !UriSyntax.IsEscapedRun(userPart, UriSyntax.UserChars)
                || (passwordColon >= 0 && !UriSyntax.IsEscapedRun(userinfo[(passwordColon + 1)..], UriSyntax.PasswordChars)))
            {
                return false;
            }

            user = new TextRange(pos, userPart.Length);
            pos += at + 1;
        }

        if (!HostPort.TryRead(span, ref pos, allowLwsAroundColon: false, out var host, out var port))
        {
            return false;
        }

        if (!TryReadParametersAndHeaders(span, pos, out var parameters, out var headers))
        {
            return false;
        }

        result = new SipUri
        {
            Scheme = scheme,
            Value = uri,
            User = user,
            Host = host,
            Port = port,
            Parameters = parameters,
            Headers = headers,
            IsLooseRouter = UriSyntax.HasFlag(buffer, parameters, "lr"u8),
        };
        return true;
    }

    // tel: telephone-subscriber with ;parameters (RFC 3966 §3)
    private static bool TryParseTel(ReadOnlySpan<byte> buffer, TextRange uri, int offset, out SipUri result)
    {
        result = default;
        var span = buffer[..uri.End];
        var pos = uri.Start + offset;
        var numberLength = span[pos..].IndexOfAnyExcept(UriSyntax.TelChars);
        if (numberLength < 0)
        {
            numberLength = span.Length - pos;
        }

        if (numberLength == 0)
        {
            return false;
        }

        var paramStart = pos + numberLength;
        if (paramStart < span.Length && span[paramStart] != ';')
        {
            return false;
        }

        var parameters = new TextRange(paramStart, span.Length - paramStart);
        if (!UriSyntax.IsParameterList(parameters.Of(buffer)))
        {
            return false;
        }

        result = new SipUri { Scheme = UriScheme.Tel, Value = uri, User = new TextRange(pos, numberLength), Parameters = parameters };
        return true;
    }

    private static bool TryReadParametersAndHeaders(ReadOnlySpan<byte> span, int pos, out TextRange parameters, out TextRange headers)
    {
        parameters = default;
        headers = default;
        if (pos == span.Length)
        {
            return true;
        }

        var question = span[pos..].IndexOf((byte)'?');
        var paramEnd = question < 0 ? span.Length : pos + question;
        parameters = new TextRange(pos, paramEnd - pos);
        if (!parameters.IsEmpty && (span[pos] != ';' || !UriSyntax.IsParameterList(parameters.Of(span))))
        {
            return false;
        }

        if (question >= 0)
        {
            headers = new TextRange(paramEnd + 1, span.Length - paramEnd - 1);
            var h = headers.Of(span);
            if (h.IsEmpty || !UriSyntax.IsEscapedRun(h, UriSyntax.HeaderChars))
            {
                return false;
            }
        }

        return true;
    }
}
