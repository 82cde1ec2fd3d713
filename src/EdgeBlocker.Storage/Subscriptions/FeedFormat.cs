namespace EdgeBlocker.Storage.Subscriptions;

/// <summary>How a feed's body is written.</summary>
public enum FeedFormat
{
    /// <summary>One number or prefix per line; <c>#</c> starts a comment.</summary>
    Plain,

    /// <summary>A header row naming the columns (<c>number</c> or <c>value</c>, <c>kind</c>, <c>reason</c>, ...), then one entry per row.</summary>
    Csv,

    /// <summary>A JSON array of numbers as strings, or of objects with the CSV columns as properties.</summary>
    Json,
}
