using EdgeBlocker.Sip;

namespace EdgeBlocker.Fuzz;

/// <summary>Invariant checks that throw, so that afl-fuzz sees a broken invariant as a crash.</summary>
internal static class Check
{
    public static void That(bool condition, string invariant)
    {
        if (!condition)
        {
            throw new InvariantViolationException(invariant);
        }
    }

    /// <summary>A range a parser handed out lies inside the <paramref name="length"/> bytes it was given.</summary>
    public static void Within(TextRange range, int length, string what)
    {
        if (range.Start < 0 || range.Length < 0 || range.End > length)
        {
            throw new InvariantViolationException($"{what} {range} lies outside the {length} bytes parsed");
        }
    }
}
