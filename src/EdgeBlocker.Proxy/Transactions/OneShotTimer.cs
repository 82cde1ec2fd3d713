namespace EdgeBlocker.Proxy.Transactions;

/// <summary>
/// A restartable one-shot timer on a <see cref="TimeProvider"/>, so tests drive transaction timers with a fake clock.
/// A struct over the provider's timer, with a static callback and the transaction as its state: every transaction has
/// two, and a wrapper object and a delegate for each were allocations on every request.
/// </summary>
internal readonly struct OneShotTimer : IDisposable
{
    private readonly ITimer _timer;

    public OneShotTimer(TimeProvider time, TimerCallback callback, object owner)
    {
        _timer = time.CreateTimer(callback, owner, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public void Start(TimeSpan due) => _timer.Change(due, Timeout.InfiniteTimeSpan);

    public void Stop() => _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

    public void Dispose() => _timer.Dispose();
}
