using System.Globalization;
using System.Text;
using EdgeBlocker.Screening;

namespace EdgeBlocker.Fuzz;

/// <summary>
/// The number normaliser: the input is a user part or URI as a SIP header carries it (bytes,
/// <see cref="PhoneNumberNormalizer.Normalize"/>) and a number as a list or configuration writes it (text,
/// <see cref="PhoneNumberNormalizer.TryNormalize"/>), in a NANP region (US, the allocation-free path) and another (GB,
/// libphonenumber). A number found is valid E.164 and reads back as itself from its <c>+</c> form, the form lists store.
/// </summary>
internal sealed class NumberTarget : IFuzzTarget
{
    private readonly PhoneNumberNormalizer[] _normalizers = [new("US"), new("GB")];

    public void Run(byte[] input)
    {
        if (PhoneNumber.TryParse(input, out var fast))
        {
            Check.That(fast > 0, "PhoneNumber.TryParse gives a number when it says it did");
        }

        var text = Encoding.UTF8.GetString(input);
        foreach (var normalizer in _normalizers)
        {
            var fact = normalizer.Normalize(input, out var e164);
            Check.That(Enum.IsDefined(fact), "the caller fact is a defined value");
            Check.That((fact == CallerFact.Number) == (e164 != 0), $"{normalizer.DefaultRegion}: e164 is set exactly when the fact is Number ({fact}, {e164})");
            if (fact == CallerFact.Number)
            {
                ReadsBack(normalizer, e164);
            }

            var found = normalizer.TryNormalize(text, out var fromText);
            Check.That(found == (fromText != 0), $"{normalizer.DefaultRegion}: TryNormalize sets the number exactly when it returns true");
            if (found)
            {
                ReadsBack(normalizer, fromText);
            }
        }
    }

    private static void ReadsBack(PhoneNumberNormalizer normalizer, ulong e164)
    {
        // E.164: at most 15 digits, and no country code starts with 0.
        Check.That(e164 is > 0 and < 1_000_000_000_000_000UL, $"{normalizer.DefaultRegion}: {e164} is valid E.164");
        var plus = "+" + e164.ToString(CultureInfo.InvariantCulture);
        Check.That(normalizer.TryNormalize(plus, out var again) && again == e164, $"{normalizer.DefaultRegion}: {plus} reads back as itself, not {again}");
    }
}
