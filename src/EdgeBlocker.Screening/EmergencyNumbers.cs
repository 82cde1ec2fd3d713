namespace EdgeBlocker.Screening;

/// <summary>
/// Called numbers that are never screened: 911, 933 and the configured <see cref="ScreeningSettings.NeverBlock"/>
/// numbers. Short codes are compared as dialled (digits and their count, so <c>000</c> differs from <c>0</c>); full
/// numbers as E.164.
/// </summary>
internal sealed class EmergencyNumbers
{
    private const int MaxShortCodeDigits = 6;

    private readonly ulong[] _shortCodes;
    private readonly ulong[] _numbers;

    public EmergencyNumbers(IEnumerable<string> neverBlock, PhoneNumberNormalizer normalizer)
    {
        var shortCodes = new List<ulong> { Pack(911, 3), Pack(933, 3) };
        var numbers = new List<ulong>();
        foreach (var text in neverBlock)
        {
            if (TryAdd(text, normalizer, out var shortCode, out var number))
            {
                if (shortCode != 0)
                {
                    shortCodes.Add(shortCode);
                }
                else
                {
                    numbers.Add(number);
                }
            }
        }

        _shortCodes = [.. shortCodes.Distinct()];
        _numbers = [.. numbers.Distinct()];
    }

    /// <summary>Reads one never-block entry: a short code (packed digits and length) or an E.164 number.</summary>
    public static bool TryAdd(string text, PhoneNumberNormalizer normalizer, out ulong shortCode, out ulong number)
    {
        shortCode = 0;
        number = 0;
        var trimmed = text.Trim();
        if (trimmed.Length is > 0 and <= MaxShortCodeDigits && trimmed.All(char.IsAsciiDigit))
        {
            shortCode = Pack(ulong.Parse(trimmed, System.Globalization.CultureInfo.InvariantCulture), trimmed.Length);
            return true;
        }

        return normalizer.TryNormalize(trimmed, out number);
    }

    /// <summary>True when the called user part is a never-block short code or its E.164 form a never-block number.</summary>
    public bool Contains(ReadOnlySpan<byte> calledUser, ulong calledE164)
    {
        if (calledE164 != 0 && _numbers.AsSpan().Contains(calledE164))
        {
            return true;
        }

        var user = PhoneNumberNormalizer.UserPart(calledUser);
        if (user.IsEmpty || user.Length > MaxShortCodeDigits)
        {
            return false;
        }

        ulong value = 0;
        foreach (var b in user)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = (value * 10) + (ulong)(b - '0');
        }

        return _shortCodes.AsSpan().Contains(Pack(value, user.Length));
    }

    private static ulong Pack(ulong digits, int length) => (digits << 3) | (uint)length;
}
