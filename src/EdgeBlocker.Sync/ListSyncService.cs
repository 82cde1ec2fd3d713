using System.Collections.Concurrent;
using EdgeBlocker.Storage;
using EdgeBlocker.Storage.Lists;
using EdgeBlocker.Storage.Subscriptions;
using EdgeBlocker.Sync.Feeds;
using EdgeBlocker.Sync.Fetching;
using Microsoft.Extensions.Logging;

namespace EdgeBlocker.Sync;

/// <summary>
/// Subscriptions and their syncs, for the schedule, the CLI and the web page alike: subscribe, change, remove, sync
/// now, upload, roll back, history and status. Syncs run one at a time (a small box, and no two writers of one list);
/// each fetches into a temporary file, applies the feed whole or not at all, records the run, and when a new version
/// landed swaps the screening snapshot before it returns, so "synced" means "screened".
/// </summary>
public sealed partial class ListSyncService : IDisposable
{
    private readonly EdgeBlockerDatabase _database;
    private readonly FeedFetcher _fetcher;
    private readonly FeedApplier _applier;
    private readonly IListActivator _activator;
    private readonly SyncOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ListSyncService> _logger;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly ConcurrentDictionary<string, bool> _syncing = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<SyncRun>> _inFlight = new(StringComparer.Ordinal);

    public ListSyncService(EdgeBlockerDatabase database, FeedFetcher fetcher, FeedApplier applier, IListActivator activator, SyncOptions options, TimeProvider time, ILogger<ListSyncService> logger)
    {
        _database = database;
        _fetcher = fetcher;
        _applier = applier;
        _activator = activator;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>Raised when a sync starts or ends, and when subscriptions change (the LEDs and the schedule listen).</summary>
    public event EventHandler? StatusChanged;

    public SyncOptions Options => _options;

    /// <summary>Where downloads are kept while they are checked and applied.</summary>
    public string DownloadDirectory => Path.Combine(Path.GetDirectoryName(_database.DatabasePath)!, "sync");

    public IReadOnlyList<Subscription> Subscriptions() => _database.Subscriptions.All();

    public Subscription? Subscription(string name) => _database.Subscriptions.Get(name);

    /// <summary>Adds a subscription (and its list); a public key must be a P-256 PEM key. The schedule syncs it at once.</summary>
    public StorageResult Subscribe(Subscription subscription, ChangeContext who)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        if (subscription.PublicKeyPem is { } pem && FeedSignature.CheckKey(pem) is { } keyError)
        {
            return StorageResult.Fail(StorageErrorCode.Invalid, keyError);
        }

        return Changed(_database.Subscriptions.Add(subscription, who));
    }

    public StorageResult Update(Subscription subscription, ChangeContext who)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        if (subscription.PublicKeyPem is { } pem && FeedSignature.CheckKey(pem) is { } keyError)
        {
            return StorageResult.Fail(StorageErrorCode.Invalid, keyError);
        }

        return Changed(_database.Subscriptions.Update(subscription, who));
    }

    public StorageResult Unsubscribe(string name, ChangeContext who) => Changed(_database.Subscriptions.Remove(name, who));

    /// <summary>Makes a list's previous version active again (a second rollback undoes the first).</summary>
    public StorageResult<long> Rollback(string name, ChangeContext who)
    {
        var result = _database.Lists.Rollback(name, who);
        if (result.Succeeded)
        {
            _activator.ActivateLists();
        }

        return result;
    }

    /// <summary>The newest runs of one list, or of all.</summary>
    public IReadOnlyList<SyncRun> History(string? name = null, int limit = 50) => _database.SyncRuns.Recent(name, limit);

    /// <summary>Every subscription's state, by name.</summary>
    public IReadOnlyList<ListSyncStatus> Statuses()
    {
        var now = _time.GetUtcNow();
        return _database.Subscriptions.All().Select(s => StatusOf(s, _database.Subscriptions.State(s.Name), now)).ToList();
    }

    /// <summary>The state the sync LED shows: syncing when any runs, else failed when any failed, stale when any is stale, else fresh.</summary>
    public SyncStatus Overall()
    {
        var enabled = Statuses().Where(s => s.Enabled).Select(s => s.Status).ToList();
        return enabled.Contains(SyncStatus.Syncing) ? SyncStatus.Syncing
            : enabled.Contains(SyncStatus.Failed) ? SyncStatus.Failed
            : enabled.Contains(SyncStatus.Stale) ? SyncStatus.Stale
            : SyncStatus.Fresh;
    }

    /// <summary>
    /// When the schedule should sync a subscription next: at once when never tried, sooner after a failure, and at once
    /// when the last try lies in the future: the wall clock was set back since (an admin, or NTP after a stale boot),
    /// and waiting for the interval after that try would stop the schedule for as long as the step.
    /// </summary>
    public DateTimeOffset NextSyncAt(Subscription subscription, SubscriptionState state)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(state);
        if (state.LastAttemptAt is not { } last || last > _time.GetUtcNow())
        {
            return DateTimeOffset.MinValue;
        }

        if (state.LastOutcome is SyncOutcome.Failed or SyncOutcome.Rejected)
        {
            return last + (subscription.Interval < _options.RetryFailedAfter ? subscription.Interval : _options.RetryFailedAfter);
        }

        // A fixed jitter per subscription and attempt: the same answer every time it is asked, different across boxes.
        var seed = HashCode.Combine(subscription.Name, last.UtcTicks, Environment.MachineName);
        var share = new Random(seed).NextDouble() * _options.Jitter;
        return last + subscription.Interval + (subscription.Interval * share);
    }

    /// <summary>Syncs every enabled subscription, one after the other.</summary>
    public async Task<IReadOnlyList<SyncRun>> SyncAllAsync(string trigger, ChangeContext who, CancellationToken cancellationToken)
    {
        var runs = new List<SyncRun>();
        foreach (var subscription in _database.Subscriptions.All().Where(s => s.Enabled))
        {
            runs.Add(await SyncAsync(subscription.Name, trigger, who, cancellationToken));
        }

        return runs;
    }

    /// <summary>
    /// Fetches and applies one subscription's feed now; the run is recorded and returned, whatever happened. A sync of
    /// the same list already running (the schedule's, say) is joined rather than repeated: its run is the answer.
    /// </summary>
    public async Task<SyncRun> SyncAsync(string name, string trigger, ChangeContext who, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        var mine = new TaskCompletionSource<SyncRun>(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = _inFlight.GetOrAdd(name, mine.Task);
        if (running != mine.Task)
        {
            return await running.WaitAsync(cancellationToken);
        }

        try
        {
            var run = await SyncOneAsync(name, trigger, who, cancellationToken);
            mine.SetResult(run);
            return run;
        }
        catch (Exception e)
        {
            mine.SetException(e);
            throw;
        }
        finally
        {
            _inFlight.TryRemove(KeyValuePair.Create(name, mine.Task));
        }
    }

    private async Task<SyncRun> SyncOneAsync(string name, string trigger, ChangeContext who, CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            var started = _time.GetUtcNow();
            if (_database.Subscriptions.Get(name) is not { } subscription)
            {
                return new SyncRun { List = name, Trigger = trigger, StartedAt = started, EndedAt = started, Outcome = SyncOutcome.Failed, Error = $"no subscription named {name}" };
            }

            _syncing[name] = true;
            OnStatusChanged();
            LogSyncing(name, subscription.Url);
            SyncRun run;
            try
            {
                run = await RunAsync(subscription, trigger, started, who, cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The local disk (full, read-only, gone): the feed was fine, this box could not keep it.
                var error = "cannot store the download: " + e.Message;
                _database.Subscriptions.SaveState(_database.Subscriptions.State(name) with { LastAttemptAt = _time.GetUtcNow(), LastOutcome = SyncOutcome.Failed, LastError = error });
                run = new SyncRun { List = name, Trigger = trigger, StartedAt = started, EndedAt = _time.GetUtcNow(), Outcome = SyncOutcome.Failed, Version = CurrentVersion(name), Error = error };
            }

            if (!_database.SyncRuns.Add(run).Succeeded)
            {
                LogRunNotStored(name);
            }

            Log(run);
            return run;
        }
        finally
        {
            _syncing.TryRemove(name, out _);
            _oneAtATime.Release();
            OnStatusChanged();
        }
    }

    /// <summary>Replaces a list's entries with an uploaded file through the same parse-validate-apply path as a feed.</summary>
    public async Task<SyncRun> UploadAsync(string list, Stream content, FeedFormat format, FeedDefaults defaults, double maxBadLineShare, ChangeContext who, CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            var run = await Task.Run(() => _applier.ApplyUpload(list, content, format, defaults, maxBadLineShare, who), cancellationToken);
            if (run.Outcome == SyncOutcome.Applied)
            {
                _activator.ActivateLists();
            }

            _database.SyncRuns.Add(run);
            Log(run);
            return run;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private async Task<SyncRun> RunAsync(Subscription subscription, string trigger, DateTimeOffset started, ChangeContext who, CancellationToken cancellationToken)
    {
        var state = _database.Subscriptions.State(subscription.Name);
        using var download = await _fetcher.FetchAsync(subscription, state, DownloadDirectory, cancellationToken);
        var ended = _time.GetUtcNow();
        switch (download.Status)
        {
            case FeedDownloadStatus.NotModified:
                return Unchanged(subscription, state, trigger, started, 0, state with { LastAttemptAt = ended, LastSuccessAt = ended, LastOutcome = SyncOutcome.Unchanged, LastError = null });
            case FeedDownloadStatus.Rejected or FeedDownloadStatus.Failed:
                var outcome = download.Status == FeedDownloadStatus.Rejected ? SyncOutcome.Rejected : SyncOutcome.Failed;
                _database.Subscriptions.SaveState(state with { LastAttemptAt = ended, LastOutcome = outcome, LastError = download.Error });
                return new SyncRun { List = subscription.Name, Trigger = trigger, StartedAt = started, EndedAt = ended, Outcome = outcome, Bytes = download.Bytes, Version = CurrentVersion(subscription.Name), Error = download.Error };
        }

        var validators = state with { ETag = download.ETag, LastModified = download.LastModified, ContentHash = download.ContentHash };
        if (download.ContentHash == state.ContentHash)
        {
            // Served again without validators (or they changed), but the same bytes: nothing to write.
            return Unchanged(subscription, state, trigger, started, download.Bytes, validators with { LastAttemptAt = ended, LastSuccessAt = ended, LastOutcome = SyncOutcome.Unchanged, LastError = null });
        }

        var body = download.Body!;
        var run = await Task.Run(
            () =>
            {
                var now = _time.GetUtcNow();
                return _applier.ApplyFeed(subscription, body, download.Bytes, validators with { LastAttemptAt = now, LastSuccessAt = now, LastOutcome = SyncOutcome.Applied, LastError = null }, trigger, started, who);
            },
            cancellationToken);
        if (run.Outcome == SyncOutcome.Applied)
        {
            _activator.ActivateLists();
            return run with { EndedAt = _time.GetUtcNow() };
        }

        _database.Subscriptions.SaveState(state with { LastAttemptAt = run.EndedAt, LastOutcome = run.Outcome, LastError = run.Error });
        return run;
    }

    private SyncRun Unchanged(Subscription subscription, SubscriptionState state, string trigger, DateTimeOffset started, long bytes, SubscriptionState next)
    {
        _database.Subscriptions.SaveState(next);
        var list = _database.Lists.Get(subscription.Name);
        return new SyncRun
        {
            List = subscription.Name,
            Trigger = trigger,
            StartedAt = started,
            EndedAt = _time.GetUtcNow(),
            Outcome = SyncOutcome.Unchanged,
            Bytes = bytes,
            Version = list?.Version ?? 0,
            Entries = list?.EntryCount ?? 0,
            Unchanged = list?.EntryCount ?? 0,
        };
    }

    private long CurrentVersion(string name) => _database.Lists.Get(name)?.Version ?? 0;

    private ListSyncStatus StatusOf(Subscription s, SubscriptionState state, DateTimeOffset now)
    {
        var status = _syncing.ContainsKey(s.Name) ? SyncStatus.Syncing
            : state.LastOutcome is SyncOutcome.Failed or SyncOutcome.Rejected ? SyncStatus.Failed
            : state.LastSuccessAt is not { } success || now - success > _options.StaleAfter ? SyncStatus.Stale
            : SyncStatus.Fresh;
        return new ListSyncStatus(s.Name, s.Enabled, status, state.LastAttemptAt, state.LastSuccessAt, state.LastOutcome, state.LastError, s.Enabled ? NextSyncAt(s, state) : null);
    }

    private StorageResult Changed(StorageResult result)
    {
        if (result.Succeeded)
        {
            OnStatusChanged();
        }

        return result;
    }

    public void Dispose() => _oneAtATime.Dispose();

    private void OnStatusChanged() => StatusChanged?.Invoke(this, EventArgs.Empty);

    private void Log(SyncRun run)
    {
        var milliseconds = (long)(run.EndedAt - run.StartedAt).TotalMilliseconds;
        if (run.Outcome is SyncOutcome.Applied or SyncOutcome.Unchanged)
        {
            LogSynced(run.List, run.Outcome, run.Version, run.Entries, run.Added, run.Removed, run.SkippedCount, run.Bytes, milliseconds);
        }
        else
        {
            LogFailed(run.List, run.Outcome, run.Error ?? "?", milliseconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sync {List}: fetching {Url}")]
    private partial void LogSyncing(string list, Uri url);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sync {List}: {Outcome}, version {Version} with {Entries} entries (+{Added} -{Removed}), {Skipped} bad lines skipped, {Bytes} bytes in {Milliseconds} ms")]
    private partial void LogSynced(string list, SyncOutcome outcome, long version, long entries, long added, long removed, long skipped, long bytes, long milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sync {List}: {Outcome}: {Error} ({Milliseconds} ms); the last good version stays active")]
    private partial void LogFailed(string list, SyncOutcome outcome, string error, long milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sync {List}: the run could not be recorded in the history (database full?)")]
    private partial void LogRunNotStored(string list);
}
