namespace EdgeBlocker.Storage.Subscriptions;

/// <summary>What a feed's entries are.</summary>
public enum FeedRole
{
    /// <summary>Numbers and prefixes to block.</summary>
    Block,

    /// <summary>Numbers and prefixes that always pass (an allowlist).</summary>
    Allow,

    /// <summary>Do-Not-Originate numbers: never legitimately a calling number (blocked as <c>dno</c>).</summary>
    Dno,
}
