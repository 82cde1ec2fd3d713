using System.Text;
using PhoneNumbers;

namespace EdgeBlocker.Screening;

/// <summary>
/// Normalises a calling or called user part to E.164 for one default region. Accepts a bare user part or a whole
/// <c>sip:</c>/<c>sips:</c>/<c>tel:</c> URI (scheme, <c>@host</c> and <c>;params</c> are dropped), <c>+</c> or
/// <c>%2B</c>, and visual separators. In a NANP region (US, CA...) national, <c>1</c>-prefixed and <c>011</c>/<c>00</c>
/// forms take an allocation-free path (<see cref="PhoneNumber.TryParse(ReadOnlySpan{byte}, out ulong)"/>); other
/// regions' national formats and vanity numbers go to libphonenumber, which allocates. Never throws on input.
/// </summary>
public sealed class PhoneNumberNormalizer
{
    private readonly PhoneNumberUtil _util = PhoneNumberUtil.GetInstance();
    private readonly string _region;
    private readonly bool _nanp;

    /// <param name="defaultRegion">An ISO 3166 region libphonenumber knows (<c>US</c>, <c>GB</c>, <c>DE</c>...).</param>
    public PhoneNumberNormalizer(string defaultRegion)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(defaultRegion);
        _region = defaultRegion.ToUpperInvariant();
        var countryCode = _util.GetCountryCodeForRegion(_region);
        if (countryCode == 0)
        {
            throw new ArgumentException($"'{defaultRegion}' is not a region libphonenumber knows (use an ISO 3166 code such as US or GB).", nameof(defaultRegion));
        }

        _nanp = countryCode == 1;
    }

    /// <summary>The region national numbers are read in.</summary>
    public string DefaultRegion => _region;

    /// <summary>True when <paramref name="region"/> is a region code libphonenumber knows.</summary>
    public static bool IsKnownRegion(string? region) =>
        !string.IsNullOrWhiteSpace(region) && PhoneNumberUtil.GetInstance().GetCountryCodeForRegion(region.ToUpperInvariant()) != 0;

    /// <summary>Reads <paramref name="user"/>; <paramref name="e164"/> is set (non-zero) only for <see cref="CallerFact.Number"/>.</summary>
    public CallerFact Normalize(ReadOnlySpan<byte> user, out ulong e164)
    {
        e164 = 0;
        user = UserPart(user);
        if (IsAnonymous(user))
        {
            return CallerFact.Anonymous;
        }

        var international = user[0] == (byte)'+' || user.StartsWith("%2B"u8) || user.StartsWith("%2b"u8);
        if ((international || _nanp) && PhoneNumber.TryParse(user, out e164))
        {
            return CallerFact.Number;
        }

        e164 = 0;
        return LooksLikeNumber(user) && TryLibrary(user, out e164) ? CallerFact.Number : CallerFact.Unparseable;
    }

    /// <summary>Reads a number from configuration or a list (<c>+15551230001</c>, or a national form of the region).</summary>
    public bool TryNormalize(string text, out ulong e164)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Normalize(Encoding.UTF8.GetBytes(text.Trim()), out e164) == CallerFact.Number;
    }

    /// <summary>Strips a URI scheme, <c>@host</c> and <c>;params</c>, leaving the user part itself.</summary>
    internal static ReadOnlySpan<byte> UserPart(ReadOnlySpan<byte> user)
    {
        if (StartsWithIgnoreCase(user, "sip:"u8) || StartsWithIgnoreCase(user, "tel:"u8))
        {
            user = user[4..];
        }
        else if (StartsWithIgnoreCase(user, "sips:"u8))
        {
            user = user[5..];
        }

        var end = user.IndexOfAny((byte)'@', (byte)';');
        return (end >= 0 ? user[..end] : user).Trim((byte)' ');
    }

    private static bool IsAnonymous(ReadOnlySpan<byte> user) =>
        user.IsEmpty
        || Ascii.EqualsIgnoreCase(user, "anonymous"u8)
        || Ascii.EqualsIgnoreCase(user, "restricted"u8)
        || Ascii.EqualsIgnoreCase(user, "unavailable"u8)
        || Ascii.EqualsIgnoreCase(user, "unknown"u8)
        || Ascii.EqualsIgnoreCase(user, "private"u8)
        || Ascii.EqualsIgnoreCase(user, "withheld"u8);

    private static bool StartsWithIgnoreCase(ReadOnlySpan<byte> text, ReadOnlySpan<byte> prefix) =>
        text.Length >= prefix.Length && Ascii.EqualsIgnoreCase(text[..prefix.Length], prefix);

    /// <summary>Only strings with a few digits and phone-ish characters are worth libphonenumber's (allocating) time;
    /// names such as <c>bob</c> are rejected here without allocating.</summary>
    private static bool LooksLikeNumber(ReadOnlySpan<byte> user)
    {
        var digits = 0;
        foreach (var b in user)
        {
            if (b is >= (byte)'0' and <= (byte)'9')
            {
                digits++;
            }
            else if (!(b is (byte)'+' or (byte)'-' or (byte)'.' or (byte)'/' or (byte)'(' or (byte)')' or (byte)' ' or (byte)'%'
                       || (b | 0x20) is >= (byte)'a' and <= (byte)'z'))
            {
                return false;
            }
        }

        return digits >= 3 && user.Length <= 40;
    }

    private bool TryLibrary(ReadOnlySpan<byte> user, out ulong e164)
    {
        e164 = 0;
        var text = Encoding.Latin1.GetString(user);
        if (text.StartsWith("%2B", StringComparison.OrdinalIgnoreCase))
        {
            text = "+" + text[3..];
        }

        PhoneNumbers.PhoneNumber parsed;
        try
        {
            parsed = _util.Parse(text, _region);
        }
        catch (NumberParseException)
        {
            // libphonenumber reports bad input by exception; here it is a fact about the caller, not an error.
            return false;
        }

        if (_util.IsPossibleNumberWithReason(parsed) != PhoneNumberUtil.ValidationResult.IS_POSSIBLE)
        {
            return false;
        }

        var formatted = _util.Format(parsed, PhoneNumberFormat.E164);
        return PhoneNumber.TryParse(formatted, out e164) && E164.IsValid(e164);
    }
}
