using System.Globalization;
using System.Text;
using EdgeBlocker.Storage.Lists;
using EdgeBlocker.Storage.Subscriptions;

namespace EdgeBlocker.Sync.Feeds;

/// <summary>
/// Streams a feed's entries: plain (one number or prefix per line, <c>#</c> comments; a first line that is a CSV header
/// makes it CSV), CSV with a header row (<c>number</c> or <c>value</c>, and optionally <c>kind</c>, <c>reason</c>,
/// <c>action</c>, <c>response</c>, <c>expires_at</c>, <c>effective_from</c>), or a JSON array of the same as strings or
/// objects. Every line is validated; a bad one is skipped and reported in the <see cref="FeedReport"/> with its number,
/// and what makes the whole feed unusable (an HTML page, no header column, broken JSON, too many entries) stops the
/// enumeration with <see cref="FeedReport.Error"/> set. Nothing here throws on bad content.
/// </summary>
public sealed class FeedReader
{
    private readonly FeedEntryParser _parser;
    private readonly FeedDefaults _defaults;

    public FeedReader(FeedEntryParser parser, FeedDefaults defaults)
    {
        _parser = parser;
        _defaults = defaults;
    }

    public IEnumerable<ListEntry> Read(Stream body, FeedFormat format, FeedReport report)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(report);
        // Feeds are UTF-8, as JSON ones must be; a UTF-8 BOM is skipped. No BOM sniffing: StreamReader keeps looking for
        // one while reads return 2 bytes or fewer, so a slow body whose later read began with FF FE was decoded as
        // UTF-16 from there on (found by fuzzing: the same feed read differently depending on how its bytes arrived).
        return format == FeedFormat.Json
            ? new JsonFeedReader(this).Read(body, report)
            : ReadLines(new StreamReader(body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024, leaveOpen: true), format, report);
    }

    private IEnumerable<ListEntry> ReadLines(StreamReader reader, FeedFormat format, FeedReport report)
    {
        using (reader)
        {
            string[]? header = null;
            var first = true;
            long number = 0;
            for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
            {
                report.Line(++number);
                var text = line.Trim();
                if (text.Length == 0 || text[0] == '#')
                {
                    continue;
                }

                if (first)
                {
                    first = false;
                    if (LooksLikeHtml(text))
                    {
                        report.Fail($"line {number}: the feed is an HTML page, not a list");
                        yield break;
                    }

                    if (format == FeedFormat.Csv || IsHeader(text))
                    {
                        header = [.. CsvLine.Split(text).Select(h => h.Trim().ToLowerInvariant())];
                        if (!header.Contains("value") && !header.Contains("number"))
                        {
                            report.Fail($"line {number}: the CSV header needs a 'number' or 'value' column");
                            yield break;
                        }

                        continue;
                    }
                }

                var (entry, error) = header is null
                    ? Parse(text.Split('#', 2)[0].Trim(), null)
                    : Parse(CsvFields(header, CsvLine.Split(text)));
                if (Accept(entry, error, number, report) is { } accepted)
                {
                    yield return accepted;
                }
                else if (report.Failed)
                {
                    yield break;
                }
            }
        }
    }

    /// <summary>Counts and returns a parsed entry, or records why not; null when the line is skipped or the feed refused.</summary>
    internal static ListEntry? Accept(ListEntry? entry, string? error, long line, FeedReport report)
    {
        if (error is not null || entry is null)
        {
            report.Skip(line, error ?? "no entry");
            return null;
        }

        return report.Take() ? entry : null;
    }

    /// <summary>Reads one entry from named fields (a CSV row or a JSON object; names in lower case).</summary>
    internal (ListEntry? Entry, string? Error) Parse(Func<string, string?> field)
    {
        var value = field("number") ?? field("value");
        if (value is null)
        {
            return (null, "no number or value");
        }

        if (!TryTime(field("expires_at"), out var expires, out var error) || !TryTime(field("effective_from"), out var effective, out error))
        {
            return (null, error);
        }

        return Parse(value, field("kind"), field("reason"), field("action"), field("response"), expires, effective);
    }

    internal (ListEntry? Entry, string? Error) Parse(string value, string? kind) => Parse(value, kind, null, null, null, null, null);

    private (ListEntry? Entry, string? Error) Parse(string value, string? kind, string? reason, string? action, string? response, DateTimeOffset? expires, DateTimeOffset? effective)
    {
        if (value.Length == 0)
        {
            return (null, "no number or value");
        }

        kind = kind?.ToLowerInvariant();
        action = _defaults.Role switch
        {
            FeedRole.Allow => ListActions.Allow,
            FeedRole.Dno => ListActions.Block,
            _ => action?.ToLowerInvariant() ?? ListActions.Block,
        };
        var (entry, error) = _parser.ParseValue(value, kind, reason, action, response ?? _defaults.Response, expires, effective);
        if (entry is not null && _defaults.Role == FeedRole.Dno && entry.Kind == ListEntryKinds.Exact)
        {
            entry = entry with { Kind = ListEntryKinds.Dno };
        }

        return (entry, error);
    }

    private static Func<string, string?> CsvFields(string[] header, List<string> cells) => name =>
    {
        var i = Array.IndexOf(header, name);
        return i >= 0 && i < cells.Count && cells[i].Trim().Length > 0 ? cells[i].Trim() : null;
    };

    private static bool TryTime(string? text, out DateTimeOffset? time, out string? error)
    {
        time = null;
        error = null;
        if (text is null)
        {
            return true;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
        {
            error = $"'{text}' is not a time (ISO 8601)";
            return false;
        }

        time = t;
        return true;
    }

    /// <summary>A CSV header: words only (no digits), one of them naming the value column.</summary>
    private static bool IsHeader(string line) =>
        CsvLine.Split(line).Select(c => c.Trim().ToLowerInvariant()) is var cells
        && cells.All(c => c.Length > 0 && c.All(ch => char.IsAsciiLetterLower(ch) || ch == '_'))
        && cells.Any(c => c is "value" or "number");

    /// <summary>An error page where a list was expected (a captive portal, a web server's 200 error page).</summary>
    internal static bool LooksLikeHtml(string text) =>
        text.StartsWith("<!doctype", StringComparison.OrdinalIgnoreCase) || text.StartsWith("<html", StringComparison.OrdinalIgnoreCase)
        || text.StartsWith("<?xml", StringComparison.OrdinalIgnoreCase) || text.StartsWith("<head", StringComparison.OrdinalIgnoreCase);
}
