using EdgeBlocker.Sip;

namespace EdgeBlocker.Fuzz;

/// <summary>
/// What every parse result must satisfy, whatever the bytes: the result is consistent with its status, and every range
/// the message hands out lies inside the bytes parsed (a malformed request that <see cref="SipMessage.CanBeAnswered"/>
/// is still read to build its 400, so its ranges matter too). A complete message re-parses, its URIs parse without
/// throwing, and a response to it can be written in <see cref="SipResponseWriter.MaxLength"/> bytes.
/// </summary>
internal static class SipInvariants
{
    private static ReadOnlySpan<byte> ReceivedAddress => "192.0.2.1"u8;

    public static void Verify(SipMessage message, ParseResult result, int inputLength)
    {
        Check.That(Enum.IsDefined(result.Status), "the parse status is a defined value");
        switch (result.Status)
        {
            case ParseStatus.Complete:
                Check.That(result.Consumed > 0 && result.Consumed <= inputLength, "a complete message consumed 1..input bytes");
                Check.That(message.Buffer.Length == result.Consumed, "a complete message's buffer is exactly the bytes consumed");
                Check.That(result.Error is null && result.ErrorStatus == 0, "a complete message has no error");
                Check.That(message.Body.End == result.Consumed, "the body ends where the message does");
                break;
            case ParseStatus.Malformed:
                Check.That(result.Error is not null, "a malformed message says why");
                Check.That(result.ErrorStatus is 400 or 505, "a malformed message is answered 400 or 505");
                break;
            default:
                Check.That(result.Consumed == 0 && result.Error is null, "an incomplete message consumed nothing and has no error");
                break;
        }

        Ranges(message, message.Buffer.Length);
        if (message.CanBeAnswered)
        {
            Answer(message, result.IsComplete);
        }

        if (result.IsComplete)
        {
            Check.That(message.IsRequest || message.StatusCode is >= 100 and <= 699, "a complete response has a status code 100..699");
            Uris(message);
            var copy = message.Clone();
            Check.That(copy.Buffer.Span.SequenceEqual(message.Span) && copy.HeaderCount == message.HeaderCount, "a clone is the same message");
        }
    }

    private static void Ranges(SipMessage m, int length)
    {
        Check.Within(m.StartLine, length, "StartLine");
        Check.Within(m.MethodToken, length, "MethodToken");
        Check.Within(m.RequestUri, length, "RequestUri");
        Check.Within(m.ReasonPhrase, length, "ReasonPhrase");
        Check.Within(m.Body, length, "Body");
        Check.Within(m.CallId, length, "Call-ID");
        Check.Within(m.CSeqMethodToken, length, "CSeq method");
        foreach (var h in m.Headers)
        {
            Check.Within(h.Line, length, "header line");
            Check.Within(h.Name, length, "header name");
            Check.Within(h.Value, length, "header value");
            Check.That(h.Name.Start >= h.Line.Start && h.Value.End <= h.Line.End, "a header's name and value lie inside its line");
        }

        var via = m.TopVia;
        foreach (var (range, what) in new[] { (via.Value, "Via"), (via.Transport, "Via transport"), (via.Host, "Via host"), (via.Branch, "Via branch"), (via.Received, "Via received"), (via.Maddr, "Via maddr") })
        {
            Check.Within(range, length, what);
        }

        Check.That(via.Port is >= 0 and <= 65535 && via.Rport is >= 0 and <= 65535, "Via ports are 0..65535");
        NameAddr(m.From, length, "From");
        NameAddr(m.To, length, "To");
        NameAddr(m.PAssertedIdentity, length, "P-Asserted-Identity");
    }

    private static void NameAddr(NameAddr value, int length, string what)
    {
        Check.Within(value.Value, length, what);
        Check.Within(value.DisplayName, length, what + " display name");
        Check.Within(value.Uri, length, what + " URI");
        Check.Within(value.Tag, length, what + " tag");
        Check.Within(value.Parameters, length, what + " parameters");
    }

    private static void Uris(SipMessage m)
    {
        Span<TextRange> uris = [m.RequestUri, m.From.Uri, m.To.Uri, m.PAssertedIdentity.Uri];
        foreach (var range in uris)
        {
            if (range.IsEmpty || !SipUriParser.TryParse(m.Span, range, out var uri))
            {
                continue;
            }

            foreach (var part in new[] { uri.Value, uri.User, uri.Host, uri.Parameters, uri.Headers })
            {
                Check.Within(part, m.Buffer.Length, "URI part");
            }

            Check.That(uri.Port is >= 0 and <= 65535, "a URI port is 0..65535");
            var user = uri.User.Of(m.Span);
            var unescaped = new byte[user.Length];
            Check.That(SipUriParser.Unescape(user, unescaped) <= user.Length, "unescaping never lengthens a user part");
        }
    }

    // What the proxy does with a request it can answer: a 400 (malformed) or a block response (complete).
    private static void Answer(SipMessage request, bool complete)
    {
        var destination = new byte[SipResponseWriter.MaxLength(request, 0)];
        var status = complete ? 603 : 400;
        var length = SipResponseWriter.Write(request, status, "Fuzzed"u8, "f1"u8, default, new HopEdits(ReceivedAddress, 5060), destination);
        Check.That(length > 0 && length <= destination.Length, "a response fits the length MaxLength promised");
        if (complete)
        {
            var response = new SipMessage();
            var parsed = SipParser.Parse(destination.AsMemory(0, length), response, SipParseMode.Datagram);
            Check.That(parsed.IsComplete && response.StatusCode == status, $"the response to a well-formed request is well-formed ({parsed.Error})");
        }
    }
}
