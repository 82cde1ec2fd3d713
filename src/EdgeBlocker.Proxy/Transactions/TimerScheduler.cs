namespace EdgeBlocker.Proxy.Transactions;

/// <summary>
/// Runs every transaction timer of a layer on one clock timer: a binary min-heap of the scheduled
/// <see cref="OneShotTimer"/>s by due time (each knows its place, so a restart or stop moves or removes it), and one
/// <see cref="ITimer"/> of the <see cref="TimeProvider"/> set for the earliest. Due timers fire in due order, on the
/// clock timer's thread, outside the lock. Due times are rounded up to the scheduler's resolution (10 ms by default),
/// so that timers due close together fire together: the clock timer wakes a hundred times a second at most, not once
/// per timer. SIP's timers are half a second and longer.
/// </summary>
/// <remarks>
/// DESIGN: with a timer of the runtime per transaction timer (two per transaction, each restarted several times), every
/// transaction alive under load had its timers in the runtime's timer queue: in a profile at 4,000 calls a second
/// (half relayed) the queue's firing loop was the costliest method of the process (14 % of the CPU), and every start
/// took the queue's lock on the SIP receive thread. Here a start is a heap insert under this lock, and the clock timer
/// changes only when the earliest does.
/// </remarks>
internal sealed class TimerScheduler
{
    /// <summary>How close together due times are fired as one.</summary>
    public static readonly TimeSpan DefaultResolution = TimeSpan.FromMilliseconds(10);

    private readonly TimeProvider _time;
    private readonly long _resolution; // in the provider's timestamp units, at least 1
    private readonly Lock _gate = new();
    private readonly ITimer _clock;
    private OneShotTimer[] _heap = new OneShotTimer[64];
    private int _count;
    private long _scheduled; // orders timers due at the same time: first started, first fired
    private long _armedFor = long.MaxValue; // the timestamp the clock timer is set for; MaxValue: not set
    private List<(OneShotTimer Timer, int Generation)>? _spareDue = [];

    public TimerScheduler(TimeProvider time)
        : this(time, DefaultResolution)
    {
    }

    public TimerScheduler(TimeProvider time, TimeSpan resolution)
    {
        _time = time;
        _resolution = Math.Max(1, ToTimestamp(resolution));
        _clock = time.CreateTimer(static s => ((TimerScheduler)s!).FireDue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Timers started and not yet fired, stopped or restarted.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    internal void Schedule(OneShotTimer timer, TimeSpan due)
    {
        var at = _time.GetTimestamp() + ToTimestamp(due);
        at += (_resolution - (at % _resolution)) % _resolution; // up to the next multiple of the resolution
        lock (_gate)
        {
            if (timer.Disposed)
            {
                return;
            }

            timer.Generation++;
            timer.DueAt = at;
            timer.Order = ++_scheduled;
            if (timer.HeapIndex < 0)
            {
                if (_count == _heap.Length)
                {
                    Array.Resize(ref _heap, _count * 2);
                }

                timer.HeapIndex = _count;
                _heap[_count++] = timer;
            }

            Restore(timer.HeapIndex);
            ArmForEarliest();
        }
    }

    internal void Cancel(OneShotTimer timer, bool dispose)
    {
        lock (_gate)
        {
            timer.Generation++;
            timer.Disposed |= dispose;
            if (timer.HeapIndex >= 0)
            {
                RemoveAt(timer.HeapIndex);
            }
        }
    }

    private long ToTimestamp(TimeSpan span) =>
        span <= TimeSpan.Zero ? 0 : (long)Math.Ceiling(span.Ticks * ((double)_time.TimestampFrequency / TimeSpan.TicksPerSecond));

    private void FireDue()
    {
        // The list of one firing is kept for the next; two firings may overlap (the clock is set again before the
        // first has fired its timers), and the second then makes its own.
        var due = Interlocked.Exchange(ref _spareDue, null) ?? [];
        lock (_gate)
        {
            _armedFor = long.MaxValue;
            var now = _time.GetTimestamp();
            while (_count > 0 && _heap[0].DueAt <= now)
            {
                var timer = _heap[0];
                due.Add((timer, timer.Generation));
                RemoveAt(0);
            }

            ArmForEarliest();
        }

        foreach (var (timer, generation) in due)
        {
            lock (_gate)
            {
                if (timer.Generation != generation)
                {
                    continue; // restarted or stopped since it was taken: that start or stop wins
                }
            }

            timer.Fire(generation);
        }

        due.Clear();
        _spareDue = due;
    }

    /// <summary>Sets the clock timer for the earliest timer when it is due before what the clock is set for. Under the lock.</summary>
    private void ArmForEarliest()
    {
        if (_count == 0 || _heap[0].DueAt >= _armedFor)
        {
            return;
        }

        _armedFor = _heap[0].DueAt;
        var wait = Math.Max(0, _armedFor - _time.GetTimestamp());
        // Whole milliseconds, rounded up: the runtime's timers count in milliseconds, and one set a fraction early
        // would find nothing due and be set again at once, until the time came.
        var ms = Math.Ceiling(wait * 1000.0 / _time.TimestampFrequency);
        _clock.Change(TimeSpan.FromMilliseconds(ms), Timeout.InfiniteTimeSpan);
    }

    private void RemoveAt(int index)
    {
        var removed = _heap[index];
        removed.HeapIndex = -1;
        var last = _heap[--_count];
        _heap[_count] = null!;
        if (index < _count)
        {
            _heap[index] = last;
            last.HeapIndex = index;
            Restore(index);
        }
    }

    /// <summary>Moves the timer at <paramref name="index"/> up or down until the heap is ordered again.</summary>
    private void Restore(int index)
    {
        var timer = _heap[index];
        while (index > 0 && Earlier(timer, _heap[(index - 1) / 2]))
        {
            Place(_heap[(index - 1) / 2], index);
            index = (index - 1) / 2;
        }

        while (true)
        {
            var child = (2 * index) + 1;
            if (child >= _count)
            {
                break;
            }

            if (child + 1 < _count && Earlier(_heap[child + 1], _heap[child]))
            {
                child++;
            }

            if (!Earlier(_heap[child], timer))
            {
                break;
            }

            Place(_heap[child], index);
            index = child;
        }

        Place(timer, index);
    }

    private void Place(OneShotTimer timer, int index)
    {
        _heap[index] = timer;
        timer.HeapIndex = index;
    }

    private static bool Earlier(OneShotTimer a, OneShotTimer b) => a.DueAt < b.DueAt || (a.DueAt == b.DueAt && a.Order < b.Order);
}
