using PhoneNumbers;

namespace EdgeBlocker.Screening;

/// <summary>
/// The NANP area codes in service, as a 1,000-bit table (the 800 NXX codes plus unused room), so checking a calling
/// number is one lookup. <see cref="FromMetadata"/> asks libphonenumber's metadata once (about 0.1 s); build it once
/// and pass it to every <see cref="SnapshotBuilder"/>.
/// </summary>
public sealed class NanpAreaCodes
{
    // Exchanges tried per area code: enough to find one valid number in every area code whose metadata is a plain
    // "NPA + [2-9]XX-XXXX" pattern; the few with narrower patterns are found through the regions' example numbers.
    private static ReadOnlySpan<int> SampleExchanges => [201, 234, 345, 456, 555, 567, 678, 789, 890, 923];

    private readonly ulong[] _bits = new ulong[16];

    private NanpAreaCodes(IEnumerable<int> areaCodes)
    {
        foreach (var code in areaCodes)
        {
            if (code is >= 200 and <= 999)
            {
                _bits[code >> 6] |= 1UL << (code & 63);
            }
        }
    }

    /// <summary>How many area codes are in service.</summary>
    public int Count => _bits.Sum(System.Numerics.BitOperations.PopCount);

    /// <summary>The area codes libphonenumber's metadata knows as in service, in any NANP region.</summary>
    public static NanpAreaCodes FromMetadata()
    {
        var util = PhoneNumberUtil.GetInstance();
        var codes = new HashSet<int>();
        for (var npa = 200; npa <= 999; npa++)
        {
            foreach (var exchange in SampleExchanges)
            {
                var number = new PhoneNumbers.PhoneNumber.Builder()
                    .SetCountryCode(1)
                    .SetNationalNumber((ulong)((npa * 10_000_000L) + (exchange * 10_000L) + 1234))
                    .Build();
                if (util.IsValidNumber(number))
                {
                    codes.Add(npa);
                    break;
                }
            }
        }

        foreach (var region in util.GetRegionCodesForCountryCode(1))
        {
            foreach (var type in Enum.GetValues<PhoneNumberType>())
            {
                var example = util.GetExampleNumberForType(region, type);
                if (example is not null && util.IsValidNumber(example))
                {
                    codes.Add((int)(example.NationalNumber / 10_000_000));
                }
            }
        }

        return new NanpAreaCodes(codes);
    }

    /// <summary>A fixed set, for tests and for providers who keep their own table.</summary>
    public static NanpAreaCodes From(IEnumerable<int> areaCodes) => new(areaCodes);

    /// <summary>True when <paramref name="areaCode"/> (200–999) is in service.</summary>
    public bool IsInService(int areaCode) =>
        (uint)areaCode < 1024 && (_bits[areaCode >> 6] & (1UL << (areaCode & 63))) != 0;

    /// <summary>True for a NANP number (country code 1) that cannot exist: not 11 digits, area code or exchange
    /// starting 0 or 1, an N11 area code or exchange, or an area code not in service. False for non-NANP numbers.</summary>
    public bool IsInvalid(ulong e164)
    {
        var digits = E164.DigitCount(e164);
        if (digits == 0 || e164 / E164.PowerOfTen(digits - 1) != 1)
        {
            // Country code 1 is the only one starting with 1: anything else is not NANP.
            return false;
        }

        if (digits != 11)
        {
            return true;
        }

        var npa = (int)(e164 / 10_000_000 % 1000);
        var nxx = (int)(e164 / 10_000 % 1000);
        return npa < 200 || nxx < 200 || npa % 100 == 11 || nxx % 100 == 11 || !IsInService(npa);
    }
}
