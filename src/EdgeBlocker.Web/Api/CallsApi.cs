using System.Globalization;
using System.Text;
using EdgeBlocker.Web.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EdgeBlocker.Web.Api;

/// <summary>The call log and tracebacks, as JSON or CSV.</summary>
public static class CallsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/calls", (string? since, string? until, string? calling, string? called, string? peer, string? verdict, int? page, CallLogService log) =>
            {
                var (records, more, error) = log.Page(new CallFilter { Since = since, Until = until, Calling = calling, Called = called, Peer = peer, Verdict = verdict, Page = page ?? 1 });
                return error is null ? Results.Ok(new CallPage(records, page ?? 1, more)) : ApiError.BadRequest(error);
            })
            .WithSummary("The call log, newest first, 50 a page. Times: ISO 8601 UTC or a duration ago (1h).");
        api.MapGet("/calls.csv", (string? since, string? until, string? calling, string? called, string? peer, string? verdict, CallLogService log, TimeProvider time) =>
            {
                var (records, error) = log.Export(new CallFilter { Since = since, Until = until, Calling = calling, Called = called, Peer = peer, Verdict = verdict });
                return error is null ? Download(Csv.Calls(records), "text/csv", "calls", time) : ApiError.BadRequest(error);
            })
            .WithSummary("The call log as CSV (up to 10,000 records).");
        api.MapGet("/traceback", (string at, string from, string to, string? window, string? format, CallLogService log, TimeProvider time) =>
            {
                var (records, error) = log.Traceback(new TracebackRequest(at, from, to, window));
                if (error is not null)
                {
                    return ApiError.BadRequest(error);
                }

                return format switch
                {
                    "csv" => Download(Csv.Calls(records), "text/csv", "traceback", time),
                    "json" => Results.File(Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(records, JsonFiles.Options)), "application/json", FileName("traceback", "json", time)),
                    _ => Results.Ok(records),
                };
            })
            .WithSummary("Who sent this call: records within ±window (default 10m) of at, from and to in any format; format=csv or json downloads a file.");
    }

    private static IResult Download(string text, string type, string name, TimeProvider time) =>
        Results.File(Encoding.UTF8.GetBytes(text), type, FileName(name, "csv", time));

    private static string FileName(string name, string extension, TimeProvider time) =>
        string.Create(CultureInfo.InvariantCulture, $"edgeblocker-{name}-{time.GetUtcNow().UtcDateTime:yyyyMMdd-HHmmss}.{extension}");
}
