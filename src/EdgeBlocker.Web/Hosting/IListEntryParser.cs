using EdgeBlocker.Storage.Lists;

namespace EdgeBlocker.Web.Hosting;

/// <summary>
/// Reads list entries the way the CLI does (any number format, prefixes, kinds, CSV files), so the page, the API and
/// the CLI accept the same input. Implemented by the host.
/// </summary>
public interface IListEntryParser
{
    /// <summary>One entry typed by an admin; an error value naming the problem otherwise.</summary>
    (ListEntry? Entry, string? Error) ParseEntry(string value, string? kind, string? reason, string action, string? response, DateTimeOffset? expiresAt);

    /// <summary>A whole list file (plain or CSV with a header); the first bad line is reported with its number.</summary>
    (IReadOnlyList<ListEntry> Entries, string? Error) ParseFile(TextReader reader);
}
