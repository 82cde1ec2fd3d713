namespace EdgeBlocker.Sip;

/// <summary>Reads the header fields a proxy routes by into <see cref="SipMessage"/>'s properties as they are parsed,
/// recording why the message is malformed instead of stopping (RFC 3261 §8.2.6.1 needs them to answer 400).</summary>
internal static class KnownHeaderReader
{
    public static void Apply(ReadOnlySpan<byte> buffer, in SipHeader header, SipMessage message, ref SeenHeaders seen, ref ParseErrors errors)
    {
        switch (header.Kind)
        {
            case HeaderKind.Via:
                ReadVia(buffer, header.Value, message, ref seen, ref errors);
                break;
            case HeaderKind.From:
                if (Once(ref seen, SeenHeaders.From, "duplicate From", ref errors))
                {
                    message.From = ReadNameAddr(buffer, header.Value, "malformed From", ref errors);
                }

                break;
            case HeaderKind.To:
                if (Once(ref seen, SeenHeaders.To, "duplicate To", ref errors))
                {
                    message.To = ReadNameAddr(buffer, header.Value, "malformed To", ref errors);
                }

                break;
            case HeaderKind.CallId:
                // Call-ID = word [ "@" word ]: kept as an opaque identifier; only emptiness is an error here.
                if (Once(ref seen, SeenHeaders.CallId, "duplicate Call-ID", ref errors))
                {
                    if (header.Value.IsEmpty)
                    {
                        errors.Add("empty Call-ID");
                    }

                    message.CallId = header.Value;
                }

                break;
            case HeaderKind.CSeq:
                if (Once(ref seen, SeenHeaders.CSeq, "duplicate CSeq", ref errors))
                {
                    ReadCSeq(buffer, header.Value, message, ref errors);
                }

                break;
            case HeaderKind.MaxForwards:
                // Max-Forwards = 1*DIGIT, 0-255 (RFC 3261 §20.22); 300 is an error (RFC 4475 §3.1.2.4).
                if (Once(ref seen, SeenHeaders.MaxForwards, "duplicate Max-Forwards", ref errors))
                {
                    if (ByteChars.TryParseDecimal(header.Value.Of(buffer), 255, out var maxForwards))
                    {
                        message.MaxForwards = (int)maxForwards;
                    }
                    else
                    {
                        errors.Add("bad Max-Forwards");
                    }
                }

                break;
            case HeaderKind.ContentLength:
                ReadContentLength(buffer, header.Value, message, ref seen, ref errors);
                break;
            case HeaderKind.PAssertedIdentity:
                ReadPAssertedIdentity(buffer, header.Value, message, ref seen);
                break;
            default:
                break;
        }
    }

    private static bool Once(ref SeenHeaders seen, SeenHeaders flag, string duplicateError, ref ParseErrors errors)
    {
        if ((seen & flag) != 0)
        {
            errors.Add(duplicateError);
            return false;
        }

        seen |= flag;
        return true;
    }

    private static NameAddr ReadNameAddr(ReadOnlySpan<byte> buffer, TextRange value, string error, ref ParseErrors errors)
    {
        if (NameAddrParser.TryParse(buffer, value, out var nameAddr))
        {
            return nameAddr;
        }

        // Keep the raw value so that a 400 can still copy the field (RFC 3261 §8.2.6.2).
        errors.Add(error);
        return new NameAddr { Value = value };
    }

    private static void ReadVia(ReadOnlySpan<byte> buffer, TextRange value, SipMessage message, ref SeenHeaders seen, ref ParseErrors errors)
    {
        var isFirstField = (seen & SeenHeaders.Via) == 0;
        seen |= SeenHeaders.Via;
        var count = 0;
        foreach (var item in new ValueSplitter(buffer, value))
        {
            // Every value must parse: "192.0.2.15;;,;,," (RFC 4475 §3.1.2.1) is a 400, wherever in the list it is.
            if (!ViaParser.TryParse(buffer, item, out var via))
            {
                errors.Add("malformed Via");
                if (isFirstField && count == 0)
                {
                    message.TopVia = via with { Value = item };
                }
            }
            else if (isFirstField && count == 0)
            {
                message.TopVia = via;
            }

            count++;
        }

        if (count == 0)
        {
            errors.Add("empty Via");
        }

        message.ViaCount += count;
    }

    // CSeq = 1*DIGIT LWS Method; the number is below 2**31 (RFC 3261 §20.16), a larger one is an error (RFC 4475 §3.1.2.4).
    private static void ReadCSeq(ReadOnlySpan<byte> buffer, TextRange value, SipMessage message, ref ParseErrors errors)
    {
        var span = value.Of(buffer);
        var digits = span.IndexOfAnyExcept(ByteChars.Digits);
        var methodStart = digits < 0 ? span.Length : ByteChars.SkipLws(span, digits);
        var method = span[methodStart..];
        if (digits > 0 && methodStart > digits && SipMethods.Classify(method) is var kind && kind != SipMethod.None)
        {
            message.CSeqMethod = kind;
            message.CSeqMethodToken = new TextRange(value.Start + methodStart, method.Length);
        }
        else
        {
            errors.Add("malformed CSeq");
            return;
        }

        if (ByteChars.TryParseDecimal(span[..digits], int.MaxValue, out var number))
        {
            message.CSeq = (uint)number;
        }
        else
        {
            errors.Add("CSeq number out of range");
        }
    }

    // Content-Length = 1*DIGIT (RFC 3261 §20.14). Two that disagree leave the framing unknowable (RFC 4475 §3.3.9); an
    // identical repeat is harmless and tolerated.
    private static void ReadContentLength(ReadOnlySpan<byte> buffer, TextRange value, SipMessage message, ref SeenHeaders seen, ref ParseErrors errors)
    {
        if (!ByteChars.TryParseDecimal(value.Of(buffer), int.MaxValue, out var length))
        {
            errors.Add("bad Content-Length");
            return;
        }

        if ((seen & SeenHeaders.ContentLength) != 0 && message.ContentLength != length)
        {
            errors.Add("conflicting Content-Length");
            return;
        }

        seen |= SeenHeaders.ContentLength;
        message.ContentLength = (int)length;
    }

    // RFC 3325 §9.1: the first value is the identity screening uses. An unparsable one is left unset rather than failing
    // the whole message: P-Asserted-Identity is not needed to route or answer it.
    private static void ReadPAssertedIdentity(ReadOnlySpan<byte> buffer, TextRange value, SipMessage message, ref SeenHeaders seen)
    {
        if ((seen & SeenHeaders.PAssertedIdentity) != 0)
        {
            return;
        }

        seen |= SeenHeaders.PAssertedIdentity;
        var values = new ValueSplitter(buffer, value);
        if (values.MoveNext() && NameAddrParser.TryParse(buffer, values.Current, out var identity))
        {
            message.PAssertedIdentity = identity;
        }
    }
}
