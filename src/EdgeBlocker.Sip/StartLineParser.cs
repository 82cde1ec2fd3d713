using System.Text;

namespace EdgeBlocker.Sip;

/// <summary>Parses the Request-Line and Status-Line (RFC 3261 §7.1, §7.2, §25.1).</summary>
internal static class StartLineParser
{
    private static ReadOnlySpan<byte> SipVersion => "SIP/2.0"u8;

    /// <summary>Fills the start-line fields of <paramref name="message"/> from <paramref name="line"/> (without CRLF).</summary>
    public static void Parse(ReadOnlySpan<byte> buffer, TextRange line, SipMessage message, ref ParseErrors errors)
    {
        message.StartLine = line;
        var span = line.Of(buffer);

        // A method token never holds '/', so a line starting "SIP/" is a Status-Line.
        if (span.Length >= 4 && Ascii.EqualsIgnoreCase(span[..4], "SIP/"u8))
        {
            ParseStatusLine(span, line.Start, message, ref errors);
        }
        else
        {
            ParseRequestLine(buffer, span, line.Start, message, ref errors);
        }
    }

    // Request-Line = Method SP Request-URI SP SIP-Version CRLF: exactly single spaces, no LWS inside the URI
    // (RFC 4475 §3.1.2.8-10 make every other form a 400 candidate; this parser rejects them all).
    private static void ParseRequestLine(ReadOnlySpan<byte> buffer, ReadOnlySpan<byte> span, int offset, SipMessage message, ref ParseErrors errors)
    {
        var sp1 = span.IndexOf((byte)' ');
        var method = sp1 < 0 ? span : span[..sp1];
        var kind = SipMethods.Classify(method);
        if (kind == SipMethod.None)
        {
            errors.Add("bad request method");
            return;
        }

        message.IsRequest = true;
        message.Method = kind;
        message.MethodToken = new TextRange(offset, method.Length);
        if (sp1 < 0)
        {
            errors.Add("request line has fewer than three elements");
            return;
        }

        var afterMethod = span[(sp1 + 1)..];
        var sp2 = afterMethod.IndexOf((byte)' ');
        if (sp2 < 0)
        {
            errors.Add("request line has fewer than three elements");
            return;
        }

        var uri = new TextRange(offset + sp1 + 1, sp2);
        var version = afterMethod[(sp2 + 1)..];
        if (sp2 == 0 || version.IsEmpty || version.Contains((byte)' ') || uri.Of(buffer).ContainsAny(ByteChars.Lws))
        {
            errors.Add("request line does not have exactly three elements");
            return;
        }

        message.RequestUri = uri;
        CheckVersion(version, ref errors);
        if (!SipUriParser.TryParse(buffer, uri, out _))
        {
            errors.Add("malformed Request-URI");
        }
    }

    // Status-Line = SIP-Version SP Status-Code SP Reason-Phrase CRLF; the reason may be empty (RFC 4475 §3.1.1.13).
    private static void ParseStatusLine(ReadOnlySpan<byte> span, int offset, SipMessage message, ref ParseErrors errors)
    {
        var sp1 = span.IndexOf((byte)' ');
        if (sp1 < 0)
        {
            errors.Add("status line has no status code");
            return;
        }

        CheckVersion(span[..sp1], ref errors);
        var rest = span[(sp1 + 1)..];
        var sp2 = rest.IndexOf((byte)' ');
        var code = sp2 < 0 ? rest : rest[..sp2];

        // Status-Code = 3DIGIT, 100..699 (RFC 3261 §7.2); "4294967301" must not wrap into a valid code (RFC 4475 §3.1.2.19).
        if (code.Length != 3 || !ByteChars.TryParseDecimal(code, 699, out var status) || status < 100)
        {
            errors.Add("bad status code");
            return;
        }

        message.StatusCode = (int)status;
        message.ReasonPhrase = sp2 < 0 ? new TextRange(offset + span.Length, 0) : new TextRange(offset + sp1 + 1 + sp2 + 1, rest.Length - sp2 - 1);
    }

    private static void CheckVersion(ReadOnlySpan<byte> version, ref ParseErrors errors)
    {
        if (Ascii.EqualsIgnoreCase(version, SipVersion))
        {
            return;
        }

        // RFC 3261 §21.5.6: a SIP/x.y other than 2.0 is answered 505 (RFC 4475 §3.1.2.16); anything else is no SIP.
        if (version.Length > 4 && Ascii.EqualsIgnoreCase(version[..4], "SIP/"u8))
        {
            errors.Add("SIP version not supported", 505);
        }
        else
        {
            errors.Add("bad SIP version");
        }
    }
}
