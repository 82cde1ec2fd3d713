namespace EdgeBlocker.Screening;

/// <summary>
/// Reads a SIP or tel user part as an E.164 number held in a <see cref="ulong"/> (country code first; E.164 has at most
/// 15 digits and no country code starts with 0, so the digits alone are unambiguous). North American formats are read
/// the way US carriers send them: 10-digit national, <c>1</c>-prefixed, <c>+1</c>, and <c>011</c>/<c>00</c> international.
/// Allocation-free: it runs for every call. <see cref="PhoneNumberNormalizer"/> adds other regions and anonymous callers.
/// </summary>
public static class PhoneNumber
{
    /// <summary>Parses <paramref name="user"/>; false for anything that is not a phone number (anonymous, names...).</summary>
    public static bool TryParse(ReadOnlySpan<byte> user, out ulong number)
    {
        number = 0;
        var semicolon = user.IndexOf((byte)';');
        if (semicolon >= 0)
        {
            // A user part may carry its own parameters (tel: "+1555...;npdi", sip: "5551234;isub=1").
            user = user[..semicolon];
        }

        var international = false;
        if (user.StartsWith("%2B"u8) || user.StartsWith("%2b"u8))
        {
            international = true;
            user = user[3..];
        }
        else if (!user.IsEmpty && user[0] == (byte)'+')
        {
            international = true;
            user = user[1..];
        }

        Span<byte> digits = stackalloc byte[20];
        var count = 0;
        foreach (var b in user)
        {
            if (b is >= (byte)'0' and <= (byte)'9')
            {
                if (count == digits.Length)
                {
                    return false;
                }

                digits[count++] = (byte)(b - '0');
            }
            else if (b is not ((byte)'-' or (byte)'.' or (byte)'(' or (byte)')' or (byte)' '))
            {
                return false;
            }
        }

        var d = digits[..count];
        if (!international)
        {
            if (d.StartsWith((ReadOnlySpan<byte>)[0, 1, 1]))
            {
                d = d[3..];
            }
            else if (d.StartsWith((ReadOnlySpan<byte>)[0, 0]))
            {
                d = d[2..];
            }
            else if (d.Length == 10)
            {
                // NANP national number: the US default region's country code is 1.
                return Accumulate(1, d, out number);
            }
            else if (d.Length == 11 && d[0] == 1)
            {
                return Accumulate(0, d, out number);
            }
            else
            {
                return false;
            }
        }

        return d.Length is >= 3 and <= 15 && d[0] != 0 && Accumulate(0, d, out number);
    }

    /// <summary>Parses E.164 text from configuration or a list file (<c>+15551230001</c>, national forms accepted too).</summary>
    public static bool TryParse(string text, out ulong number)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(System.Text.Encoding.ASCII.GetBytes(text.Trim()), out number);
    }

    private static bool Accumulate(ulong prefix, ReadOnlySpan<byte> digits, out ulong number)
    {
        number = prefix;
        foreach (var digit in digits)
        {
            number = (number * 10) + digit;
        }

        return true;
    }
}
