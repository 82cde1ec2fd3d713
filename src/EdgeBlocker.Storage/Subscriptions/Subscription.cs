namespace EdgeBlocker.Storage.Subscriptions;

/// <summary>A feed a list is kept in sync with. The list has the subscription's name and source <c>Subscription</c>.</summary>
public sealed record Subscription
{
    /// <summary>The list's name (a-z 0-9 . _ -, at most 64 characters).</summary>
    public required string Name { get; init; }

    /// <summary>Where the feed is fetched from (http or https). With a public key, the signature is at this URL + <c>.sig</c>.</summary>
    public required Uri Url { get; init; }

    public FeedFormat Format { get; init; } = FeedFormat.Plain;

    public FeedRole Role { get; init; } = FeedRole.Block;

    /// <summary>Time between scheduled syncs (a random jitter is added to each); at least one minute.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromHours(6);

    /// <summary>A disabled subscription is not synced on schedule and its list is not screened.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>An ECDSA P-256 public key (PEM, SubjectPublicKeyInfo): when set, a feed is applied only when its detached signature verifies.</summary>
    public string? PublicKeyPem { get; init; }

    /// <summary>The largest body accepted, in bytes; 0 = <c>EdgeBlocker:Sync:MaxBytes</c>.</summary>
    public long MaxBytes { get; init; }

    /// <summary>The most entries accepted; 0 = <c>EdgeBlocker:Sync:MaxEntries</c>.</summary>
    public long MaxEntries { get; init; }

    /// <summary>The block response for the feed's entries when a line does not name one: 603+, 603, 607 or 608.</summary>
    public string Response { get; init; } = Lists.ListActions.Response603Plus;

    public string Description { get; init; } = string.Empty;
}
