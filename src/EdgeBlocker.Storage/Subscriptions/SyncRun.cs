namespace EdgeBlocker.Storage.Subscriptions;

/// <summary>One sync of a subscription, or one upload into a list: what happened, for the history page and the CLI.</summary>
public sealed record SyncRun
{
    /// <summary>Assigned when stored.</summary>
    public long Id { get; init; }

    public required string List { get; init; }

    /// <summary><c>schedule</c>, <c>manual</c> or <c>upload</c>.</summary>
    public required string Trigger { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset EndedAt { get; init; }

    public required SyncOutcome Outcome { get; init; }

    /// <summary>Body bytes received (0 for 304).</summary>
    public long Bytes { get; init; }

    /// <summary>The list version active after the run.</summary>
    public long Version { get; init; }

    /// <summary>Distinct entries in the applied version (0 unless applied).</summary>
    public long Entries { get; init; }

    public long Added { get; init; }

    public long Removed { get; init; }

    public long Unchanged { get; init; }

    /// <summary>All lines skipped as bad; <see cref="SkippedLines"/> keeps the first of them.</summary>
    public long SkippedCount { get; init; }

    public IReadOnlyList<SkippedLine> SkippedLines { get; init; } = [];

    public string? Error { get; init; }
}
