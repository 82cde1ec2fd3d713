using System.Globalization;
using EdgeBlocker.Screening;

namespace EdgeBlocker.Web.Services;

/// <summary>
/// Reads what people type in forms and query strings the way the CLI reads its options: instants as ISO 8601 in UTC
/// (a browser's <c>datetime-local</c> value counts as UTC) or a duration ago (<c>90m</c>), durations as <c>10m</c>,
/// <c>2h</c>, <c>7d</c>, numbers in any format read as E.164.
/// </summary>
public static class InputValues
{
    public static bool TryDuration(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        var unit = text[^1];
        if (char.IsAsciiLetter(unit) && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= 0 && n < 100_000)
        {
            duration = unit switch
            {
                's' => TimeSpan.FromSeconds(n),
                'm' => TimeSpan.FromMinutes(n),
                'h' => TimeSpan.FromHours(n),
                'd' => TimeSpan.FromDays(n),
                _ => TimeSpan.MinValue,
            };
            return duration != TimeSpan.MinValue;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration) && duration >= TimeSpan.Zero;
    }

    public static bool TryInstant(string? text, DateTimeOffset now, out DateTimeOffset instant)
    {
        instant = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out instant))
        {
            return true;
        }

        if (TryDuration(text, out var ago))
        {
            instant = now - ago;
            return true;
        }

        return false;
    }

    /// <summary>A number in any format as <c>+E164</c>; false when it is not a phone number.</summary>
    public static bool TryNumber(string text, string region, out string e164)
    {
        e164 = string.Empty;
        if (!new PhoneNumberNormalizer(region).TryNormalize(text.Trim(), out var number))
        {
            return false;
        }

        e164 = "+" + number.ToString(CultureInfo.InvariantCulture);
        return true;
    }

    /// <summary>An optional field: null for blank, otherwise trimmed.</summary>
    public static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
