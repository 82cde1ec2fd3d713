using EdgeBlocker.Storage.Lists;
using Microsoft.Extensions.Hosting;

namespace EdgeBlocker.Hosting;

/// <summary>
/// Rebuilds the screening snapshot when a list changes (CLI, web page or sync: all write through the one
/// <see cref="ListStore"/>). Changes that come in a burst are coalesced into one rebuild.
/// </summary>
public sealed class ListReloader : BackgroundService
{
    private readonly ListStore _lists;
    private readonly SnapshotLoader _loader;
    private readonly SemaphoreSlim _changed = new(0, 1);

    public ListReloader(ListStore lists, SnapshotLoader loader)
    {
        _lists = lists;
        _loader = loader;
        _lists.Changed += OnChanged;
    }

    private void OnChanged(object? sender, ListChangedEventArgs e)
    {
        // A full semaphore means a rebuild is already pending; it will see this change too.
        if (_changed.CurrentCount == 0)
        {
            try
            {
                _changed.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another change released it first.
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _changed.WaitAsync(stoppingToken);
                await Task.Delay(TimeSpan.FromMilliseconds(50), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            // A change whose writer already swapped the snapshot (sync, the CLI) needs no second build.
            _loader.ReloadIfStale();
        }
    }

    public override void Dispose()
    {
        _lists.Changed -= OnChanged;
        _changed.Dispose();
        base.Dispose();
    }
}
