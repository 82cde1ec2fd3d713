namespace EdgeBlocker.Sip;

/// <summary>
/// Walks a header parameter list <c>*( SEMI generic-param )</c> (RFC 3261 §25.1): <c>;name</c> or <c>;name=value</c>,
/// with LWS allowed around <c>;</c> and <c>=</c>. A value is a token, a host (IPv6 references and, per RFC 5118 §4.5,
/// bare IPv6 addresses in <c>received</c>) or a quoted string (quotes kept).
/// </summary>
internal ref struct ParameterReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private readonly int _end;
    private int _pos;

    public ParameterReader(ReadOnlySpan<byte> buffer, TextRange parameters)
    {
        _buffer = buffer;
        _pos = parameters.Start;
        _end = parameters.End;
        IsMalformed = false;
    }

    /// <summary>True once a parameter was empty (<c>;;</c>, RFC 4475 §3.1.2.1), had an empty value or stray bytes.</summary>
    public bool IsMalformed { get; private set; }

    public bool MoveNext(out TextRange name, out TextRange value)
    {
        name = default;
        value = default;
        var span = _buffer[.._end];
        var pos = ByteChars.SkipLws(span, _pos);
        if (pos == span.Length || IsMalformed)
        {
            return false;
        }

        if (span[pos] != ';')
        {
            return Fail();
        }

        pos = ByteChars.SkipLws(span, pos + 1);
        var nameLength = TokenLength(span, pos);
        if (nameLength == 0)
        {
            return Fail();
        }

        name = new TextRange(pos, nameLength);
        pos = ByteChars.SkipLws(span, pos + nameLength);
        if (pos < span.Length && span[pos] == '=')
        {
            pos = ByteChars.SkipLws(span, pos + 1);
            var valueLength = pos < span.Length && span[pos] == '"' ? QuotedLength(span, pos) : ValueLength(span, pos);
            if (valueLength <= 0)
            {
                return Fail();
            }

            value = new TextRange(pos, valueLength);
            pos += valueLength;
        }

        _pos = pos;
        return true;
    }

    /// <summary>The length of a quoted string starting at <paramref name="pos"/> (quotes included), or -1 when it does not
    /// end. Quoted-pairs escape any byte (RFC 3261 §25.1 quoted-pair), raw non-ASCII bytes are accepted.</summary>
    public static int QuotedLength(ReadOnlySpan<byte> span, int pos)
    {
        for (var i = pos + 1; i < span.Length; i++)
        {
            if (span[i] == '\\')
            {
                i++;
            }
            else if (span[i] == '"')
            {
                return i + 1 - pos;
            }
        }

        return -1;
    }

    private static int TokenLength(ReadOnlySpan<byte> span, int pos)
    {
        var n = span[pos..].IndexOfAnyExcept(ByteChars.Token);
        return n < 0 ? span.Length - pos : n;
    }

    private static int ValueLength(ReadOnlySpan<byte> span, int pos)
    {
        var n = span[pos..].IndexOfAnyExcept(ByteChars.ParamValue);
        return n < 0 ? span.Length - pos : n;
    }

    private bool Fail()
    {
        IsMalformed = true;
        return false;
    }
}
