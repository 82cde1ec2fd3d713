using System.Globalization;

namespace EdgeBlocker.Storage.Lists;

/// <summary>Checks an entry before it is written and brings kind and numbers to their stored form.</summary>
internal static class ListEntryValidator
{
    private const int MaxValueLength = 1024;

    /// <summary>Returns null when valid, with the lower-case kind, the number (numeric kinds) and the stored value.</summary>
    public static string? Check(ListEntry entry, out string kind, out long number, out string value)
    {
        kind = NormaliseKind(entry.Kind);
        number = 0;
        value = entry.Value?.Trim() ?? string.Empty;
        if (kind.Length == 0 || kind.Length > 32 || !kind.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            return $"invalid entry kind '{entry.Kind}'";
        }

        if (!ListActions.IsAction(entry.Action))
        {
            return $"invalid action '{entry.Action}' (block, allow or tag)";
        }

        if (!ListActions.IsResponse(entry.Response))
        {
            return $"invalid response '{entry.Response}' (603+, 607, 608 or 603)";
        }

        if (entry.EffectiveFrom is { } from && entry.ExpiresAt is { } until && until <= from)
        {
            return $"entry {kind} {value}: expires before it takes effect";
        }

        if (ListEntryKinds.IsNumeric(kind))
        {
            if (value.Length > 0)
            {
                if (!TryParseNumber(value, out number))
                {
                    return $"entry {kind} '{value}' is not an E.164 number";
                }

                if (entry.Number != 0 && entry.Number != number)
                {
                    return $"entry {kind} '{value}' does not match its number {entry.Number}";
                }
            }
            else if (entry.Number is > 0 and < 1_000_000_000_000_000)
            {
                number = entry.Number;
            }
            else
            {
                return $"entry {kind} needs a number";
            }

            value = FormatNumber(number);
            return null;
        }

        // Empty is allowed: anonymous, unparseable, invalid-nanp take no pattern. The screening engine checks patterns.
        if (value.Length > MaxValueLength)
        {
            return $"entry {kind}: value longer than {MaxValueLength} characters";
        }

        return null;
    }

    public static string FormatNumber(long number) => "+" + number.ToString(CultureInfo.InvariantCulture);

    /// <summary>An E.164 number: optional <c>+</c>, then 1 to 15 digits.</summary>
    public static bool TryParseNumber(ReadOnlySpan<char> text, out long number)
    {
        number = 0;
        if (text.StartsWith("+"))
        {
            text = text[1..];
        }

        if (text.Length is 0 or > 15)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            number = (number * 10) + (c - '0');
        }

        return number > 0;
    }

    /// <summary>The identity of an entry in a set: adding the same key again replaces the entry.</summary>
    public static string Key(string set, string kind, string value) => $"{set}|{kind}|{value}";

    private static string NormaliseKind(string? kind) => kind switch
    {
        ListEntryKinds.Exact or ListEntryKinds.Dno or ListEntryKinds.Prefix or ListEntryKinds.Range => kind,
        null => string.Empty,
        _ => kind.Trim().ToLowerInvariant(),
    };
}
