using EdgeBlocker.Cli;
using EdgeBlocker.Screening;
using EdgeBlocker.Storage.Lists;
using EdgeBlocker.Web.Hosting;

namespace EdgeBlocker.Hosting.Web;

/// <summary>The web page reads list input with the CLI's parser, so both accept exactly the same entries and files.</summary>
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

    public (ListEntry? Entry, string? Error) ParseEntry(string value, string? kind, string? reason, string action, string? response, DateTimeOffset? expiresAt) =>
        Parser().ParseValue(value, kind, reason, action, response ?? _defaultResponse, expiresAt);

    public (IReadOnlyList<ListEntry> Entries, string? Error) ParseFile(TextReader reader) => Parser().Parse(reader);

    private ListFileParser Parser() => new(new PhoneNumberNormalizer(_region), _defaultResponse);
}
