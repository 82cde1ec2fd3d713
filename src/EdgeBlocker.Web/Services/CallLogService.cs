using EdgeBlocker.Screening;
using EdgeBlocker.Storage;
using EdgeBlocker.Storage.Calls;

namespace EdgeBlocker.Web.Services;

/// <summary>The call log and tracebacks: filters read like the CLI's, queries answered by the call record store.</summary>
public sealed class CallLogService
{
    public const int PageSize = 50;

    /// <summary>Most records one CSV export holds.</summary>
    public const int ExportLimit = CallQuery.MaxLimit;

    private static readonly string[] Verdicts = ["allow", "block", "tag", "monitor", "bypass"];

    private readonly CallRecordStore _calls;
    private readonly ScreeningEngine _engine;
    private readonly TimeProvider _time;

    public CallLogService(EdgeBlockerDatabase database, ScreeningEngine engine, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(database);
        _calls = database.Calls;
        _engine = engine;
        _time = time;
    }

    /// <summary>One page of the call log (newest first) and whether there is a next; or an error naming the bad filter.</summary>
    public (IReadOnlyList<CallRecord> Records, bool More, string? Error) Page(CallFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var page = Math.Max(1, filter.Page);
        var (query, error) = ToQuery(filter, (page - 1) * PageSize, PageSize + 1);
        if (error is not null)
        {
            return ([], false, error);
        }

        var records = _calls.Query(query!);
        return (records.Take(PageSize).ToList(), records.Count > PageSize, null);
    }

    /// <summary>Every record matching the filters (up to <see cref="ExportLimit"/>), for CSV export.</summary>
    public (IReadOnlyList<CallRecord> Records, string? Error) Export(CallFilter filter)
    {
        var (query, error) = ToQuery(filter, 0, ExportLimit);
        return error is not null ? ([], error) : (_calls.Query(query!), null);
    }

    public (IReadOnlyList<CallRecord> Records, string? Error) Traceback(TracebackRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var region = _engine.Settings.DefaultRegion;
        if (!InputValues.TryInstant(request.At, _time.GetUtcNow(), out var at))
        {
            return ([], $"time: '{request.At}' is not a time (ISO 8601 UTC, e.g. 2026-11-28T14:03:00Z)");
        }

        if (!InputValues.TryDuration(string.IsNullOrWhiteSpace(request.Window) ? "10m" : request.Window, out var window) || window > TimeSpan.FromDays(1))
        {
            return ([], $"window: '{request.Window}' is not a duration of at most a day (10m, 2h)");
        }

        if (string.IsNullOrWhiteSpace(request.From) || !InputValues.TryNumber(request.From, region, out var from))
        {
            return ([], $"calling: '{request.From}' is not a phone number");
        }

        if (string.IsNullOrWhiteSpace(request.To) || !InputValues.TryNumber(request.To, region, out var to))
        {
            return ([], $"called: '{request.To}' is not a phone number");
        }

        return (_calls.Traceback(at, from, to, window), null);
    }

    private (CallQuery? Query, string? Error) ToQuery(CallFilter f, int skip, int limit)
    {
        var now = _time.GetUtcNow();
        var region = _engine.Settings.DefaultRegion;
        DateTimeOffset? since = null, until = null;
        string? calling = null, called = null;
        if (InputValues.Blank(f.Since) is { } s)
        {
            if (!InputValues.TryInstant(s, now, out var t))
            {
                return (null, $"since: '{s}' is not a time (ISO 8601 UTC, or a duration ago such as 1h)");
            }

            since = t;
        }

        if (InputValues.Blank(f.Until) is { } u)
        {
            if (!InputValues.TryInstant(u, now, out var t))
            {
                return (null, $"until: '{u}' is not a time (ISO 8601 UTC, or a duration ago such as 1h)");
            }

            until = t;
        }

        if (InputValues.Blank(f.Calling) is { } a)
        {
            if (!InputValues.TryNumber(a, region, out var n))
            {
                return (null, $"calling: '{a}' is not a phone number");
            }

            calling = n;
        }

        if (InputValues.Blank(f.Called) is { } b)
        {
            if (!InputValues.TryNumber(b, region, out var n))
            {
                return (null, $"called: '{b}' is not a phone number");
            }

            called = n;
        }

        var verdict = InputValues.Blank(f.Verdict)?.ToLowerInvariant();
        if (verdict is not null && !Verdicts.Contains(verdict))
        {
            return (null, $"verdict: '{verdict}' is not one of {string.Join(", ", Verdicts)}");
        }

        return (new CallQuery { From = since, Until = until, Calling = calling, Called = called, Peer = InputValues.Blank(f.Peer), Verdict = verdict, Skip = skip, Limit = limit }, null);
    }
}
