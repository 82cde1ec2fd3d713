namespace EdgeBlocker.Sip;

/// <summary>Enumerates the comma-separated values of a header field without allocating (see <see cref="SipHeaderValues.Split"/>).
/// Commas inside quoted strings and angle brackets do not split (RFC 3261 §7.3.1). Empty values between commas are
/// yielded (as empty ranges) so that callers can reject them (RFC 4475 §3.1.2.1); an empty field yields nothing.</summary>
public ref struct ValueSplitter
{
    private readonly ReadOnlySpan<byte> _buffer;
    private readonly TextRange _value;
    private int _next;

    public ValueSplitter(ReadOnlySpan<byte> buffer, TextRange value)
    {
        _buffer = buffer;
        // A range that does not fit the buffer yields nothing rather than throwing.
        _value = (uint)value.Start <= (uint)buffer.Length && (uint)value.Length <= (uint)(buffer.Length - value.Start) ? value : default;
        _next = _value.IsEmpty ? -1 : _value.Start;
        Current = default;
    }

    public TextRange Current { get; private set; }

    public readonly ValueSplitter GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_next < 0)
        {
            return false;
        }

        var span = _buffer[.._value.End];
        var start = _next;
        var i = start;
        var inAngle = false;
        while (i < span.Length)
        {
            var stop = span[i..].IndexOfAny(ByteChars.ValueSeparators);
            if (stop < 0)
            {
                i = span.Length;
                break;
            }

            i += stop;
            var b = span[i];
            if (b == '"')
            {
                var quoted = ParameterReader.QuotedLength(span, i);
                if (quoted < 0)
                {
                    i = span.Length; // an unterminated quote runs to the end; the value parser will reject it
                    break;
                }

                i += quoted;
                continue;
            }

            if (b == ',' && !inAngle)
            {
                break;
            }

            inAngle = b == '<' || (inAngle && b != '>');
            i++;
        }

        Current = ByteChars.TrimLws(_buffer, new TextRange(start, i - start));
        _next = i < span.Length ? i + 1 : -1;
        return true;
    }
}
