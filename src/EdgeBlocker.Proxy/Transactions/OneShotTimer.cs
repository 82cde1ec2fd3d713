namespace EdgeBlocker.Proxy.Transactions;

/// <summary>
/// A restartable one-shot transaction timer, run by its layer's <see cref="TimerScheduler"/>: a static callback with
/// the transaction as its state, so that nothing else is allocated per start. The callback is given the generation the
/// firing was taken for: its owner, which starts and stops the timer only under its own lock, tells under that lock
/// whether the firing is still the one it asked for (<see cref="IsCurrent"/>), or one taken before a later start or
/// stop, which the scheduler could not hold back once taken.
/// </summary>
internal sealed class OneShotTimer : IDisposable
{
    private readonly TimerScheduler _scheduler;
    private readonly Action<object, int> _callback;
    private readonly object _owner;

    public OneShotTimer(TimerScheduler scheduler, Action<object, int> callback, object owner)
    {
        _scheduler = scheduler;
        _callback = callback;
        _owner = owner;
    }

    // The scheduler's bookkeeping, changed only under its lock.

    /// <summary>The scheduler's tick the timer is due at.</summary>
    internal long DueTick { get; set; }

    /// <summary>Whether the timer is in the scheduler's wheel now.</summary>
    internal bool Scheduled { get; set; }

    /// <summary>Its neighbours in its slot of the wheel, in start order.</summary>
    internal OneShotTimer? Previous { get; set; }

    internal OneShotTimer? Next { get; set; }

    /// <summary>Bumped by every start and stop: a firing taken for an older generation is dropped.</summary>
    internal int Generation
    {
        get => _generation;
        set => Volatile.Write(ref _generation, value);
    }

    private int _generation;

    internal bool Disposed { get; set; }

    /// <summary>Fires the callback once, <paramref name="due"/> from now, instead of when it was due before.</summary>
    public void Start(TimeSpan due) => _scheduler.Schedule(this, due);

    public void Stop() => _scheduler.Cancel(this, dispose: false);

    /// <summary>Stops the timer for good: a later start does nothing.</summary>
    public void Dispose() => _scheduler.Cancel(this, dispose: true);

    /// <summary>Whether a firing taken for <paramref name="generation"/> is still wanted: no start or stop came since.</summary>
    public bool IsCurrent(int generation) => Volatile.Read(ref _generation) == generation;

    internal void Fire(int generation) => _callback(_owner, generation);
}
