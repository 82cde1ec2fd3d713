namespace EdgeBlocker.Proxy.Transactions;

/// <summary>A restartable one-shot timer on a <see cref="TimeProvider"/>, so tests drive transaction timers with a fake clock.</summary>
internal sealed class OneShotTimer : IDisposable
{
    private readonly ITimer _timer;

    public OneShotTimer(TimeProvider time, Action callback)
    {
        _timer = time.CreateTimer(static state => ((Action)state!)(), callback, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public void Start(TimeSpan due) => _timer.Change(due, Timeout.InfiniteTimeSpan);

    public void Stop() => _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

    public void Dispose() => _timer.Dispose();
}
