using EdgeBlocker.Storage.Subscriptions;

namespace EdgeBlocker.Sync.Feeds;

/// <summary>What a feed's lines mean when they do not say: the feed's role and its block response.</summary>
/// <param name="Role">Block, allow or Do-Not-Originate: decides the entries' action (and makes numbers <c>dno</c>).</param>
/// <param name="Response">The block response for lines without a <c>response</c> column.</param>
public sealed record FeedDefaults(FeedRole Role, string Response);
