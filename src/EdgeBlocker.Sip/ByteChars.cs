using System.Buffers;

namespace EdgeBlocker.Sip;

/// <summary>Byte classes of the SIP grammar (RFC 3261 §25.1) and small helpers over them.</summary>
internal static class ByteChars
{
    /// <summary>token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~").</summary>
    public static readonly SearchValues<byte> Token =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.!%*_+`'~"u8);

    /// <summary>SP and HT: whitespace inside one line.</summary>
    public static readonly SearchValues<byte> Whitespace = SearchValues.Create(" \t"u8);

    /// <summary>LWS inside a header value: SP, HT and the CRLF of a folded line (RFC 3261 §7.3.1, §25.1).</summary>
    public static readonly SearchValues<byte> Lws = SearchValues.Create(" \t\r\n"u8);

    /// <summary>A generic-param value that is not a quoted string: token, plus ':' '[' ']' for IPv6 hosts (RFC 5118 §4.5),
    /// plus '/' '?' '@' '&amp;' '=' '$' '(' ')' and non-ASCII bytes seen in the wild; never ';', ',', '"' or LWS, which delimit.</summary>
    public static readonly SearchValues<byte> ParamValue = SearchValues.Create(ParamValueBytes());

    /// <summary>hostname / IPv4address characters (RFC 3261 §25.1).</summary>
    public static readonly SearchValues<byte> HostName =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-."u8);

    /// <summary>What ends or nests a comma-separated value (RFC 3261 §7.3.1).</summary>
    public static readonly SearchValues<byte> ValueSeparators = SearchValues.Create(",\"<>"u8);

    public static readonly SearchValues<byte> Digits = SearchValues.Create("0123456789"u8);

    private static byte[] ParamValueBytes()
    {
        var bytes = new List<byte>("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.!%*_+`'~:[]/?@&=$()"u8.ToArray());
        for (var b = 0x80; b <= 0xFF; b++)
        {
            bytes.Add((byte)b);
        }

        return [.. bytes];
    }

    public static bool IsToken(ReadOnlySpan<byte> span) => !span.IsEmpty && !span.ContainsAnyExcept(Token);

    public static bool IsLws(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    /// <summary>The index of the first non-LWS byte at or after <paramref name="pos"/>, or the span length.</summary>
    public static int SkipLws(ReadOnlySpan<byte> span, int pos)
    {
        while (pos < span.Length && IsLws(span[pos]))
        {
            pos++;
        }

        return pos;
    }

    /// <summary>The range with leading and trailing LWS removed.</summary>
    public static TextRange TrimLws(ReadOnlySpan<byte> buffer, TextRange range)
    {
        var start = range.Start;
        var end = range.End;
        while (start < end && IsLws(buffer[start]))
        {
            start++;
        }

        while (end > start && IsLws(buffer[end - 1]))
        {
            end--;
        }

        return new TextRange(start, end - start);
    }

    /// <summary>Parses 1*DIGIT no larger than <paramref name="max"/>: a number that would overflow is rejected, never wrapped
    /// (RFC 4475 §3.1.2.4). Leading zeros are allowed (RFC 4475 §3.1.1.1: Max-Forwards 0068).</summary>
    public static bool TryParseDecimal(ReadOnlySpan<byte> digits, long max, out long value)
    {
        value = 0;
        if (digits.IsEmpty)
        {
            return false;
        }

        foreach (var b in digits)
        {
            var d = b - '0';
            if ((uint)d > 9)
            {
                return false;
            }

            value = (value * 10) + d;
            if (value > max)
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsHex(byte b) => b is >= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F';

    public static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
