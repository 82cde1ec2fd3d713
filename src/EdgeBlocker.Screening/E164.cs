using System.Globalization;

namespace EdgeBlocker.Screening;

/// <summary>Arithmetic on E.164 numbers held as <see cref="ulong"/> digits.</summary>
internal static class E164
{
    /// <summary>E.164 allows 15 digits; 10^15 &lt; 2^50, which is why a number fits the low 50 bits of a table slot.</summary>
    public const int MaxDigits = 15;

    // A static readonly array rather than a span literal: Debug builds allocate a fresh array for a ulong span
    // literal on every use, which would break the allocation-free hot path in tests. Never written after start.
    private static readonly ulong[] Pow10 =
    [
        1UL, 10UL, 100UL, 1_000UL, 10_000UL, 100_000UL, 1_000_000UL, 10_000_000UL, 100_000_000UL, 1_000_000_000UL,
        10_000_000_000UL, 100_000_000_000UL, 1_000_000_000_000UL, 10_000_000_000_000UL, 100_000_000_000_000UL,
        1_000_000_000_000_000UL,
    ];

    public static ulong PowerOfTen(int exponent) => Pow10[exponent];

    /// <summary>Number of decimal digits of a positive number (0 for 0).</summary>
    public static int DigitCount(ulong number)
    {
        var count = 0;
        while (count < Pow10.Length && number >= Pow10[count])
        {
            count++;
        }

        return count;
    }

    /// <summary>True for a number E.164 can hold: 1 to 15 digits (a leading zero cannot be represented at all).</summary>
    public static bool IsValid(ulong number) => number is > 0 and < 1_000_000_000_000_000UL;

    /// <summary>Writes <c>+digits</c> into <paramref name="destination"/> (at least 16 chars).</summary>
    public static int Format(ulong number, Span<char> destination)
    {
        destination[0] = '+';
        number.TryFormat(destination[1..], out var written, default, CultureInfo.InvariantCulture);
        return written + 1;
    }

    public static string ToText(ulong number) => "+" + number.ToString(CultureInfo.InvariantCulture);
}
