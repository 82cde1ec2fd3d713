using EdgeBlocker.Storage.Calls;
using EdgeBlocker.Web.Services;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EdgeBlocker.Web.Pages;

/// <summary>The traceback form and its answer, exportable as CSV or JSON in one click.</summary>
public sealed class TracebackModel : PageModel
{
    private readonly CallLogService _log;

    public TracebackModel(CallLogService log) => _log = log;

    [BindProperty(SupportsGet = true)]
    public string? At { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Window { get; set; }

    public IReadOnlyList<CallRecord>? Records { get; private set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
        if (At is null && From is null && To is null)
        {
            return;
        }

        var (records, error) = _log.Traceback(new TracebackRequest(At, From, To, Window));
        Records = error is null ? records : null;
        Error = error;
    }

    public string ExportQuery(string format) =>
        new QueryBuilder { { "at", At ?? string.Empty }, { "from", From ?? string.Empty }, { "to", To ?? string.Empty }, { "window", Window ?? "10m" }, { "format", format } }.ToQueryString().Value!;
}
