namespace EdgeBlocker.Screening;

/// <summary>What the calling user part turned out to be. Not an error either way: rules can match each fact.</summary>
public enum CallerFact : byte
{
    /// <summary>A phone number, normalised to E.164.</summary>
    Number,

    /// <summary>No number: empty, <c>anonymous</c>, <c>restricted</c>, <c>unavailable</c>, <c>private</c>, <c>withheld</c>, <c>unknown</c>.</summary>
    Anonymous,

    /// <summary>Something that is not a phone number (a name, a malformed number).</summary>
    Unparseable,
}
