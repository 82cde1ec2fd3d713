using EdgeBlocker.Storage.Lists;

namespace EdgeBlocker.Web.Hosting;

/// <summary>
/// Reads an entry typed by an admin the way the CLI's add does (any number format, prefixes, kinds), so the page, the
/// API and the CLI accept the same input; whole files go through list sync's upload path. Implemented by the host.
/// </summary>
public interface IListEntryParser
{
    /// <summary>The response of entries that name none: <c>EdgeBlocker:Screening:Response</c>.</summary>
    string DefaultResponse { get; }

    /// <summary>One entry typed by an admin; an error value naming the problem otherwise.</summary>
    (ListEntry? Entry, string? Error) ParseEntry(string value, string? kind, string? reason, string action, string? response, DateTimeOffset? expiresAt);
}
