using EdgeBlocker.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeBlocker.Sync;

/// <summary>
/// The sync schedule: syncs each enabled subscription when it is due (at once when never synced, every interval plus
/// jitter after, sooner after a failure), one at a time, checking every <see cref="SyncOptions.CheckInterval"/> and at
/// once when subscriptions change. Downloads left behind by a killed process are deleted at start.
/// </summary>
public sealed partial class ListSync : BackgroundService
{
    private static readonly ChangeContext Scheduler = new("sync", "local");

    private readonly ListSyncService _sync;
    private readonly TimeProvider _time;
    private readonly ILogger<ListSync> _logger;
    private readonly SemaphoreSlim _wake = new(0, 1);

    public ListSync(ListSyncService sync, TimeProvider time, ILogger<ListSync> logger)
    {
        _sync = sync;
        _time = time;
        _logger = logger;
        _sync.StatusChanged += OnStatusChanged;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        DeleteLeftovers();
        while (!stoppingToken.IsCancellationRequested)
        {
            // Due times are on the wall clock (they are stored), the wait is on the monotonic one: a wall clock stepped
            // back while the syncs below ran must not stretch the wait by the step. It is never longer than a check.
            var checkedAt = _time.GetTimestamp();
            var wait = _sync.Options.CheckInterval;
            foreach (var status in _sync.Statuses().Where(s => s.Enabled))
            {
                if (status.NextSyncAt is { } due && due <= _time.GetUtcNow())
                {
                    try
                    {
                        await _sync.SyncAsync(status.Name, SyncTriggers.Schedule, Scheduler, stoppingToken);
                    }
                    catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                    {
                        return;
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // A bug in one sync must not stop the schedule, let alone the service (a background service's
                        // exception stops the host): log it and try again at the next check.
                        LogSyncCrashed(status.Name, e);
                    }
                }
                else if (status.NextSyncAt is { } later)
                {
                    var dueAfterCheck = later - _time.GetUtcNow() + _time.GetElapsedTime(checkedAt);
                    wait = dueAfterCheck < wait ? dueAfterCheck : wait;
                }
            }

            await WaitAsync(wait - _time.GetElapsedTime(checkedAt), stoppingToken);
        }
    }

    private async Task WaitAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        if (delay <= TimeSpan.Zero)
        {
            return;
        }

        using var wakeOrStop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var woken = _wake.WaitAsync(wakeOrStop.Token);
        var elapsed = Task.Delay(delay, _time, wakeOrStop.Token);
        await Task.WhenAny(woken, elapsed);
        await wakeOrStop.CancelAsync();
        try
        {
            await Task.WhenAll(woken, elapsed);
        }
        catch (OperationCanceledException)
        {
            // One of the two ended the wait; the other was cancelled.
        }
    }

    private void OnStatusChanged(object? sender, EventArgs e)
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already woken.
            }
        }
    }

    private void DeleteLeftovers()
    {
        try
        {
            if (Directory.Exists(_sync.DownloadDirectory))
            {
                foreach (var file in Directory.EnumerateFiles(_sync.DownloadDirectory, "*.part"))
                {
                    File.Delete(file);
                    LogLeftover(file);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogLeftoverError(e.Message);
        }
    }

    public override void Dispose()
    {
        _sync.StatusChanged -= OnStatusChanged;
        _wake.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Sync {List} failed unexpectedly; the schedule goes on")]
    private partial void LogSyncCrashed(string list, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted an unfinished download left by a stopped sync: {File}")]
    private partial void LogLeftover(string file);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot clean the sync download directory: {Error}")]
    private partial void LogLeftoverError(string error);
}
