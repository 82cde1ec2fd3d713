namespace EdgeBlocker.Storage.Lists;

/// <summary>
/// One rule in a list. <see cref="Kind"/> and <see cref="Value"/> identify it within its list (adding the same kind and
/// value again replaces its attributes). For <c>exact</c> and <c>dno</c> the value is an E.164 number: give either
/// <see cref="Value"/> (<c>+15551234567</c> or digits) or <see cref="Number"/>; read back, both are set.
/// </summary>
public sealed record ListEntry
{
    /// <summary>The list the entry was read from; ignored when writing.</summary>
    public string? List { get; init; }

    /// <summary>One of <see cref="ListEntryKinds"/> (lower case).</summary>
    public required string Kind { get; init; }

    /// <summary>The rule's pattern as the screening engine reads it: number, prefix, range (<c>+1555..+1556</c>), regex, peer name, CIDR, rate... (may be empty for kinds without a pattern).</summary>
    public string Value { get; init; } = string.Empty;

    /// <summary>For <c>exact</c>/<c>dno</c>: the E.164 number without <c>+</c> (15551234567); 0 otherwise.</summary>
    public long Number { get; init; }

    /// <summary>One of <see cref="ListActions"/>: block (default), allow, tag.</summary>
    public string Action { get; init; } = ListActions.Block;

    /// <summary>Block response: 603+ (default), 607, 608, 603.</summary>
    public string Response { get; init; } = ListActions.Response603Plus;

    public string? Reason { get; init; }

    /// <summary>The rule applies from this time (UTC) on.</summary>
    public DateTimeOffset? EffectiveFrom { get; init; }

    /// <summary>The rule stops applying at this time (UTC).</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>An exact-number block entry.</summary>
    public static ListEntry Exact(long number, string? reason = null) =>
        new() { Kind = ListEntryKinds.Exact, Number = number, Value = "+" + number.ToString(System.Globalization.CultureInfo.InvariantCulture), Reason = reason };
}
