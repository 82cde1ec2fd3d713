using System.Text;

namespace EdgeBlocker.Sip;

/// <summary>
/// A parsed SIP request or response (RFC 3261 §7). It holds the received bytes and ranges into them; strings are
/// made only on demand. An instance is reusable: <see cref="SipParser.Parse"/> resets and refills it, so a receive
/// loop parses every datagram into the same object without allocating.
/// </summary>
public sealed class SipMessage
{
    /// <summary>More header fields than this make a message malformed (a cap against hostile input).</summary>
    public const int MaxHeaderCount = 256;

    private SipHeader[] _headers;

    /// <summary>An empty message, to be filled by <see cref="SipParser"/> and reused.</summary>
    public SipMessage()
        : this(32)
    {
    }

    private SipMessage(int headerCapacity) => _headers = new SipHeader[Math.Max(1, headerCapacity)];

    /// <summary>The message's bytes, exactly: start line to the end of the body, without trailing octets.</summary>
    public ReadOnlyMemory<byte> Buffer { get; internal set; }

    /// <summary>Shorthand for <c>Buffer.Span</c>.</summary>
    public ReadOnlySpan<byte> Span => Buffer.Span;

    public bool IsRequest { get; internal set; }

    public bool IsResponse => !IsRequest && StatusCode != 0;

    /// <summary>The request line (or status line) without its CRLF.</summary>
    public TextRange StartLine { get; internal set; }

    /// <summary>The method of a request; <see cref="SipMethod.Extension"/> for any other token.</summary>
    public SipMethod Method { get; internal set; }

    /// <summary>The method token as written (case-sensitive, RFC 3261 §7.1).</summary>
    public TextRange MethodToken { get; internal set; }

    /// <summary>The Request-URI as written.</summary>
    public TextRange RequestUri { get; internal set; }

    /// <summary>The status code of a response, else 0.</summary>
    public int StatusCode { get; internal set; }

    /// <summary>The reason phrase of a response (may be empty, RFC 4475 §3.1.1.13).</summary>
    public TextRange ReasonPhrase { get; internal set; }

    /// <summary>The body; empty when there is none.</summary>
    public TextRange Body { get; internal set; }

    /// <summary>Every header field in the order received.</summary>
    public ReadOnlySpan<SipHeader> Headers => _headers.AsSpan(0, HeaderCount);

    public int HeaderCount { get; private set; }

    /// <summary>The first value of the first Via field (the previous hop).</summary>
    public ViaValue TopVia { get; internal set; }

    /// <summary>How many Via values the message carries, across all Via fields.</summary>
    public int ViaCount { get; internal set; }

    public NameAddr From { get; internal set; }

    public NameAddr To { get; internal set; }

    /// <summary>The first P-Asserted-Identity value (RFC 3325), when present.</summary>
    public NameAddr PAssertedIdentity { get; internal set; }

    public bool HasPAssertedIdentity => !PAssertedIdentity.Uri.IsEmpty;

    public TextRange CallId { get; internal set; }

    /// <summary>The CSeq sequence number (RFC 3261 §20.16: less than 2**31).</summary>
    public uint CSeq { get; internal set; }

    public SipMethod CSeqMethod { get; internal set; }

    public TextRange CSeqMethodToken { get; internal set; }

    /// <summary>Max-Forwards, or -1 when absent.</summary>
    public int MaxForwards { get; internal set; } = -1;

    /// <summary>Content-Length, or -1 when absent.</summary>
    public int ContentLength { get; internal set; } = -1;

    /// <summary>
    /// True when enough was parsed to answer the request (RFC 3261 §8.2.6.1 copies Via, From, To, Call-ID and CSeq),
    /// even if the message is malformed elsewhere: the proxy answers 400 then, and drops the message otherwise.
    /// </summary>
    public bool CanBeAnswered =>
        IsRequest && !TopVia.Host.IsEmpty && !CallId.IsEmpty && !From.Value.IsEmpty && !To.Value.IsEmpty && !CSeqMethodToken.IsEmpty;

    /// <summary>The bytes of a range of this message.</summary>
    public ReadOnlySpan<byte> this[TextRange range] => Buffer.Span.Slice(range.Start, range.Length);

    /// <summary>A range decoded as UTF-8: for logs, records and tests, never on the per-packet path.</summary>
    public string GetString(TextRange range) => Encoding.UTF8.GetString(this[range]);

    /// <summary>The index of the first header of that kind, or -1.</summary>
    public int IndexOf(HeaderKind kind, int startAt = 0)
    {
        var headers = Headers;
        for (var i = startAt; i < headers.Length; i++)
        {
            if (headers[i].Kind == kind)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The first header of that kind, if any.</summary>
    public bool TryGetHeader(HeaderKind kind, out SipHeader header)
    {
        var i = IndexOf(kind);
        header = i >= 0 ? _headers[i] : default;
        return i >= 0;
    }

    /// <summary>The first header whose name matches, case-insensitively (for headers the proxy has no kind for).</summary>
    public bool TryGetHeader(ReadOnlySpan<byte> name, out SipHeader header)
    {
        foreach (var h in Headers)
        {
            if (Ascii.EqualsIgnoreCase(this[h.Name], name))
            {
                header = h;
                return true;
            }
        }

        header = default;
        return false;
    }

    /// <summary>A copy of this message that owns its bytes: for transactions that outlive the receive buffer.</summary>
    public SipMessage Clone()
    {
        // Sized to this message's headers: a copy lives as long as its transaction (32 s after it ends), thousands at a time.
        var copy = new SipMessage(HeaderCount);
        // Datagram rules: the buffer is exactly this message, which may lack Content-Length (RFC 2543 peers over UDP).
        var result = SipParser.Parse(Buffer.ToArray(), copy, SipParseMode.Datagram);
        if (!result.IsComplete)
        {
            throw new InvalidOperationException("A parsed message did not parse again: " + result.Error);
        }

        return copy;
    }

    /// <summary>Clears the message for reuse with a new buffer.</summary>
    internal void Reset(ReadOnlyMemory<byte> buffer)
    {
        Buffer = buffer;
        IsRequest = false;
        StartLine = default;
        Method = SipMethod.None;
        MethodToken = default;
        RequestUri = default;
        StatusCode = 0;
        ReasonPhrase = default;
        Body = default;
        HeaderCount = 0;
        TopVia = default;
        ViaCount = 0;
        From = default;
        To = default;
        PAssertedIdentity = default;
        CallId = default;
        CSeq = 0;
        CSeqMethod = SipMethod.None;
        CSeqMethodToken = default;
        MaxForwards = -1;
        ContentLength = -1;
    }

    /// <summary>Appends a header; false when the cap is reached.</summary>
    internal bool AddHeader(in SipHeader header)
    {
        if (HeaderCount == MaxHeaderCount)
        {
            return false;
        }

        if (HeaderCount == _headers.Length)
        {
            Array.Resize(ref _headers, Math.Min(_headers.Length * 2, MaxHeaderCount));
        }

        _headers[HeaderCount++] = header;
        return true;
    }

    /// <summary>Shrinks the buffer to the message proper once its length is known (trailing datagram octets dropped).</summary>
    internal void TrimBuffer(int length) => Buffer = Buffer[..length];
}
