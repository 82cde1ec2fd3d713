using System.Globalization;
using EdgeBlocker.Screening;
using EdgeBlocker.Storage;
using EdgeBlocker.Storage.Lists;
using EdgeBlocker.Storage.Subscriptions;
using EdgeBlocker.Sync.Feeds;

namespace EdgeBlocker.Sync;

/// <summary>
/// The one parse-validate-apply path for list content, whether a feed was fetched or a file uploaded: the body is read
/// as a stream, every line validated, and the whole version written in one transaction that is rolled back when the
/// feed turns out unusable (an error that refuses it, too large a share of bad lines, no entries at all for a feed).
/// Synchronous on purpose: LiteDB binds a transaction to its thread.
/// </summary>
public sealed class FeedApplier
{
    private readonly EdgeBlockerDatabase _database;
    private readonly SyncOptions _options;
    private readonly PhoneNumberNormalizer _normalizer;
    private readonly TimeProvider _time;

    public FeedApplier(EdgeBlockerDatabase database, SyncOptions options, PhoneNumberNormalizer normalizer, TimeProvider time)
    {
        _database = database;
        _options = options;
        _normalizer = normalizer;
        _time = time;
    }

    /// <summary>Applies a downloaded feed to its subscription's list; the run says what happened (the caller stores it).</summary>
    public SyncRun ApplyFeed(Subscription subscription, Stream body, long bytes, SubscriptionState next, string trigger, DateTimeOffset started, ChangeContext who)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var report = new FeedReport(subscription.MaxEntries > 0 ? subscription.MaxEntries : _options.MaxEntries);
        var entries = Reader(subscription.Role, subscription.Response).Read(body, subscription.Format, report);
        var note = string.Create(CultureInfo.InvariantCulture, $"{trigger} sync of {subscription.Url}, {bytes} bytes");
        var result = _database.Subscriptions.Apply(subscription.Name, entries, next, who, note, stats => Refusal(report, stats, _options.MaxBadLineShare, allowEmpty: false));
        return Run(subscription.Name, trigger, started, bytes, report, result);
    }

    /// <summary>Replaces a list's entries with an uploaded file's; a missing list is created as an upload list (only if the file is applied).</summary>
    /// <param name="maxBadLineShare">0 for all or nothing: the first bad line refuses the file.</param>
    public SyncRun ApplyUpload(string list, Stream body, FeedFormat format, FeedDefaults defaults, double maxBadLineShare, ChangeContext who)
    {
        ArgumentNullException.ThrowIfNull(body);
        var started = _time.GetUtcNow();
        var report = new FeedReport(_options.MaxEntries);
        var entries = Reader(defaults.Role, defaults.Response).Read(body, format, report);
        var bytes = body.CanSeek ? body.Length : 0;
        var result = _database.Lists.ReplaceVersion(list, entries, who, "upload", stats => Refusal(report, stats, maxBadLineShare, allowEmpty: true), ListSource.Upload);
        return Run(list, SyncTriggers.Upload, started, bytes, report, result);
    }

    private FeedReader Reader(FeedRole role, string response) => new(new FeedEntryParser(_normalizer), new FeedDefaults(role, response));

    /// <summary>Why a parsed feed must not replace the list, or null to commit it.</summary>
    private static string? Refusal(FeedReport report, ReplaceStats stats, double maxBadShare, bool allowEmpty)
    {
        if (report.Error is { } error)
        {
            return error;
        }

        if (report.SkippedCount > 0 && report.BadShare > maxBadShare)
        {
            var first = report.Skipped[0];
            return maxBadShare == 0
                ? $"line {first.Line}: {first.Error}"
                : string.Create(CultureInfo.InvariantCulture, $"{report.SkippedCount} of {report.Entries + report.SkippedCount} lines are bad ({report.BadShare:P1}), over the limit of {maxBadShare:P1} (EdgeBlocker:Sync:MaxBadLineShare); first, line {first.Line}: {first.Error}");
        }

        return stats.Entries == 0 && !allowEmpty ? "the feed has no entries: refusing to empty the list (a broken feed looks like this)" : null;
    }

    private SyncRun Run(string list, string trigger, DateTimeOffset started, long bytes, FeedReport report, StorageResult<ReplaceStats> result)
    {
        var stats = result.Value;
        var outcome = result.Succeeded ? SyncOutcome.Applied : result.Code == StorageErrorCode.Invalid ? SyncOutcome.Rejected : SyncOutcome.Failed;
        return new SyncRun
        {
            List = list,
            Trigger = trigger,
            StartedAt = started,
            EndedAt = _time.GetUtcNow(),
            Outcome = outcome,
            Bytes = bytes,
            Version = stats?.Version ?? _database.Lists.Get(list)?.Version ?? 0,
            Entries = stats?.Entries ?? 0,
            Added = stats?.Added ?? 0,
            Removed = stats?.Removed ?? 0,
            Unchanged = stats?.Unchanged ?? 0,
            SkippedCount = report.SkippedCount,
            SkippedLines = report.Skipped,
            Error = result.Succeeded ? null : result.Error,
        };
    }
}
