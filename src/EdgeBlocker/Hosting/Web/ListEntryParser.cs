using EdgeBlocker.Screening;
using EdgeBlocker.Storage.Lists;
using EdgeBlocker.Sync.Feeds;
using EdgeBlocker.Web.Hosting;

namespace EdgeBlocker.Hosting.Web;

/// <summary>The web page reads a typed entry with the parser the CLI and the feeds use, so all accept exactly the same entries.</summary>
public sealed class ListEntryParser : IListEntryParser
{
    private readonly string _region;
    private readonly string _defaultResponse;

    public ListEntryParser(ScreeningOptions screening)
    {
        ArgumentNullException.ThrowIfNull(screening);
        _region = screening.DefaultRegion;
        var configured = screening.Response.Trim();
        _defaultResponse = ListActions.IsResponse(configured) ? configured : ListActions.Response603Plus;
    }

    public string DefaultResponse => _defaultResponse;

    public (ListEntry? Entry, string? Error) ParseEntry(string value, string? kind, string? reason, string action, string? response, DateTimeOffset? expiresAt) =>
        new FeedEntryParser(new PhoneNumberNormalizer(_region)).ParseValue(value, kind, reason, action, response ?? _defaultResponse, expiresAt);
}
