namespace EdgeBlocker.Storage.Calls;

/// <summary>A call-log query: all filters optional and combined with AND; results newest first.</summary>
public sealed record CallQuery
{
    /// <summary>The largest page <see cref="CallRecordStore.Query"/> returns.</summary>
    public const int MaxLimit = 10_000;

    /// <summary>Calls at or after this time.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Calls before this time.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>Normalised calling number, exact E.164 text (<c>+15551234567</c>).</summary>
    public string? Calling { get; init; }

    /// <summary>Normalised called number, exact E.164 text.</summary>
    public string? Called { get; init; }

    public string? Peer { get; init; }

    /// <summary>One of <see cref="CallVerdicts"/>.</summary>
    public string? Verdict { get; init; }

    public int Skip { get; init; }

    /// <summary>Page size, 1 to <see cref="MaxLimit"/>; default 100.</summary>
    public int Limit { get; init; } = 100;
}
