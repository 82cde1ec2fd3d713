using System.Globalization;
using EdgeBlocker.Screening;
using EdgeBlocker.Storage.Lists;

namespace EdgeBlocker.Sync.Feeds;

/// <summary>
/// Validates one list entry as written by a person or a feed (<c>(202) 555-0143</c>, <c>+1202555</c>, <c>1202555*</c>,
/// a range, a CIDR...) and brings it to its stored form: numbers to E.164, prefixes to digits, other kinds checked by
/// the screening engine's own rule validation so that nothing it would skip at load gets stored.
/// </summary>
public sealed class FeedEntryParser
{
    private readonly PhoneNumberNormalizer _normalizer;
    private readonly SnapshotBuilder _check = new(new ScreeningSettings());

    public FeedEntryParser(PhoneNumberNormalizer normalizer) => _normalizer = normalizer;

    /// <summary>
    /// The kind a value is when none is given: a prefix when it ends in <c>*</c> or is too short to be a whole number
    /// (<c>+1202555</c>), else an exact number.
    /// </summary>
    public string KindOf(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.EndsWith('*'))
        {
            return ListEntryKinds.Prefix;
        }

        var digits = value.TrimStart('+');
        if (digits.Length is 0 or > 15 || !digits.All(char.IsAsciiDigit))
        {
            return ListEntryKinds.Exact;
        }

        // A North American number is +1 and ten digits: anything shorter after +1 is a prefix (+1202555).
        var shortNanp = value.StartsWith("+1", StringComparison.Ordinal) && digits.Length < 11;
        return shortNanp || !_normalizer.TryNormalize(value, out _) ? ListEntryKinds.Prefix : ListEntryKinds.Exact;
    }

    /// <summary>Validates one value of a kind (null: guessed by <see cref="KindOf"/>); returns the entry or why not.</summary>
    public (ListEntry? Entry, string? Error) ParseValue(string value, string? kind, string? reason, string action, string response, DateTimeOffset? expires, DateTimeOffset? effective = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        kind ??= KindOf(value);
        if (!ListActions.IsAction(action))
        {
            return (null, $"'{action}' is not an action (block, allow or tag)");
        }

        if (!ListActions.IsResponse(response))
        {
            return (null, $"'{response}' is not a response (603+, 603, 607 or 608)");
        }

        if (effective is { } from && expires is { } until && until <= from)
        {
            return (null, "expires before it takes effect");
        }

        var entry = new ListEntry { Kind = kind, Reason = reason, Action = action, Response = response, ExpiresAt = expires, EffectiveFrom = effective };
        switch (kind)
        {
            case ListEntryKinds.Exact or ListEntryKinds.Dno:
                // Letters are vanity digits on a keypad, never in a list: "call me maybe" is a bad line, not a number.
                if (value.Any(char.IsAsciiLetter) || !_normalizer.TryNormalize(value, out var number))
                {
                    return (null, $"'{value}' is not a phone number");
                }

                var e164 = number.ToString(CultureInfo.InvariantCulture);
                if (e164[0] == '1' && e164.Length != 11)
                {
                    return (null, $"'{value}' is not a North American number (+1 and ten digits)");
                }

                return (entry with { Number = (long)number, Value = "+" + e164 }, null);
            case ListEntryKinds.Prefix:
                var digits = value.TrimStart('+').TrimEnd('*');
                if (digits.Length is 0 or > 15 || !digits.All(char.IsAsciiDigit))
                {
                    return (null, $"'{value}' is not a prefix (E.164 digits, e.g. +1202555)");
                }

                return (entry with { Value = digits }, null);
            default:
                if (RuleKinds.ToKind(kind) is not { } ruleKind)
                {
                    return (null, $"'{kind}' is not a rule kind");
                }

                if (_check.Add(new RuleDefinition(0, "check", ruleKind, value, RuleKinds.ToAction(action))) is { } error)
                {
                    return (null, error.Message);
                }

                return (entry with { Value = value }, null);
        }
    }
}
