using System.Globalization;
using EdgeBlocker.Storage.Calls;
using EdgeBlocker.Web.Services;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EdgeBlocker.Web.Pages;

/// <summary>The call log: filters, 50 a page newest first, CSV of the same filters.</summary>
public sealed class CallsModel : PageModel
{
    private readonly CallLogService _log;

    public CallsModel(CallLogService log) => _log = log;

    public CallFilter Filter { get; private set; } = new();

    public IReadOnlyList<CallRecord> Records { get; private set; } = [];

    public bool More { get; private set; }

    public string? Error { get; private set; }

    public void OnGet(string? since, string? until, string? calling, string? called, string? peer, string? verdict, int? page)
    {
        Filter = new CallFilter { Since = since, Until = until, Calling = calling, Called = called, Peer = peer, Verdict = verdict, Page = Math.Max(1, page ?? 1) };
        (Records, More, Error) = _log.Page(Filter);
    }

    /// <summary>The current query string without one parameter (for the CSV link and paging).</summary>
    public string QueryWithout(string name)
    {
        var query = new QueryBuilder(Request.Query.Where(q => q.Key != name && !string.IsNullOrEmpty(q.Value)).SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? string.Empty))));
        return query.ToQueryString().Value ?? string.Empty;
    }

    public string PageLink(int page)
    {
        var rest = QueryWithout("page");
        return "/calls" + (rest.Length == 0 ? "?" : rest + "&") + "page=" + page.ToString(CultureInfo.InvariantCulture);
    }
}
