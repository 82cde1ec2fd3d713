namespace EdgeBlocker.Sip;

/// <summary>
/// Reads header fields one at a time (RFC 3261 §7.3.1): <c>name HCOLON value CRLF</c>, where a CRLF followed by SP or HT
/// folds the value onto the next line. Ranges are absolute offsets into the span it reads.
/// </summary>
internal ref struct HeaderLineReader
{
    private readonly ReadOnlySpan<byte> _span;

    public HeaderLineReader(ReadOnlySpan<byte> span, int position)
    {
        _span = span;
        Position = position;
    }

    /// <summary>Where the next field starts; after <see cref="HeaderLineStatus.End"/>, the first byte of the body.</summary>
    public int Position { get; private set; }

    /// <summary>When <see cref="TryRead"/> returned <see cref="HeaderLineStatus.Malformed"/>, why.</summary>
    public string? Error { get; private set; }

    public HeaderLineStatus TryRead(out TextRange name, out TextRange value, out TextRange line)
    {
        name = default;
        value = default;
        line = default;
        var span = _span;
        var start = Position;
        var rest = span[start..];
        if (rest.Length < 2)
        {
            return rest.IsEmpty || rest[0] == '\r' ? HeaderLineStatus.Incomplete : Fail("header field without CRLF");
        }

        if (rest[0] == '\r')
        {
            if (rest[1] != '\n')
            {
                return Fail("bare CR in header section");
            }

            Position = start + 2;
            return HeaderLineStatus.End;
        }

        var nameLength = rest.IndexOfAnyExcept(ByteChars.Token);
        if (nameLength <= 0)
        {
            // A line that starts with SP/HT here would continue a field that does not exist (the start line cannot fold).
            return nameLength == 0 ? Fail("bad header field name") : HeaderLineStatus.Incomplete;
        }

        var end = FindFieldEnd(span, start, out var status);
        if (end < 0)
        {
            return status;
        }

        // HCOLON = *( SP / HTAB ) ":" SWS (RFC 3261 §25.1): whitespace may precede the colon ("TO :", RFC 4475 §3.1.1.1).
        var colon = start + nameLength;
        while (span[colon] is (byte)' ' or (byte)'\t')
        {
            colon++;
        }

        if (span[colon] != ':')
        {
            return Fail("header field without a colon");
        }

        name = new TextRange(start, nameLength);
        value = ByteChars.TrimLws(span, new TextRange(colon + 1, end - 2 - (colon + 1)));
        line = new TextRange(start, end - start);
        Position = end;
        return HeaderLineStatus.Field;
    }

    /// <summary>The offset just past the CRLF that ends the field starting at <paramref name="start"/>, folded lines
    /// included; -1 with the reason in <paramref name="status"/> when the end is not there yet or the line is bad.</summary>
    private int FindFieldEnd(ReadOnlySpan<byte> span, int start, out HeaderLineStatus status)
    {
        var cursor = start;
        while (true)
        {
            var lf = span[cursor..].IndexOf((byte)'\n');
            if (lf < 0)
            {
                status = HeaderLineStatus.Incomplete;
                return -1;
            }

            lf += cursor;
            if (lf == start || span[lf - 1] != '\r')
            {
                // RFC 3261 §7.3.1 ends lines with CRLF; a bare LF would let two parsers disagree on where a field ends.
                status = Fail("bare LF in header section");
                return -1;
            }

            var next = lf + 1;
            if (next == span.Length)
            {
                // Whether the next line folds into this one is not known until its first byte arrives.
                status = HeaderLineStatus.Incomplete;
                return -1;
            }

            if (span[next] is not ((byte)' ' or (byte)'\t'))
            {
                status = HeaderLineStatus.Field;
                return next;
            }

            cursor = next;
        }
    }

    private HeaderLineStatus Fail(string error)
    {
        Error = error;
        return HeaderLineStatus.Malformed;
    }
}
