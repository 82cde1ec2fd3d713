namespace EdgeBlocker.Sip;

/// <summary>
/// A From, To, Contact, Route or P-Asserted-Identity value (RFC 3261 §20.10, §25.1 name-addr / addr-spec).
/// Ranges point into the message buffer; an absent part is an empty range.
/// </summary>
public readonly record struct NameAddr
{
    /// <summary>The whole value.</summary>
    public TextRange Value { get; init; }

    /// <summary>The display name without surrounding quotes (escapes not undone), or the unquoted token sequence.</summary>
    public TextRange DisplayName { get; init; }

    /// <summary>The URI, without the angle brackets.</summary>
    public TextRange Uri { get; init; }

    /// <summary>The tag parameter's value (outside the URI); empty when absent.</summary>
    public TextRange Tag { get; init; }

    /// <summary>Header parameters after the URI (after <c>&gt;</c>, or after the addr-spec), starting at the first <c>;</c>.</summary>
    public TextRange Parameters { get; init; }
}
