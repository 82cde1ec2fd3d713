using System.Numerics;

namespace EdgeBlocker.Proxy.Transactions;

/// <summary>
/// Runs every transaction timer of a layer on one clock timer: a timer wheel of <see cref="Slots"/> slots, one per
/// tick of the scheduler's resolution (10 ms by default), and one <see cref="ITimer"/> of the
/// <see cref="TimeProvider"/> set for the earliest tick that has timers. A timer due at tick <c>t</c> waits in slot
/// <c>t mod Slots</c>, in a list in start order, with the timers of the same slot due whole turns of the wheel later.
/// Due times are rounded up to a tick, so that timers due close together fire together: the clock timer wakes a
/// hundred times a second at most, not once per timer. SIP's timers are half a second and longer. Due timers fire in
/// due order (ties in start order), on the clock timer's thread, outside the lock.
/// </summary>
/// <remarks>
/// DESIGN: with a timer of the runtime per transaction timer (two per transaction, each restarted several times), every
/// transaction alive under load had its timers in the runtime's timer queue: in a profile at 4,000 calls a second
/// (half relayed) the queue's firing loop was the costliest method of the process (14 % of the CPU), and every start
/// took the queue's lock on the SIP receive thread. A binary heap of the timers came next: at 30,000 blocked calls a
/// second it held 150,000 timers (timer I keeps each transaction 5 s after its ACK), and every firing, stop and
/// restart walked 17 levels of it, a cache miss each; taking the due timers off it was a fifth of the process's CPU
/// outside the SIP thread. In the wheel a start or a stop is a few links, and a firing walks the slot of its tick.
/// </remarks>
internal sealed class TimerScheduler
{
    /// <summary>How close together due times are fired as one.</summary>
    public static readonly TimeSpan DefaultResolution = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// Ticks in one turn of the wheel: 41 s at the default resolution, more than timer H's 32 s, so that only the
    /// guard of an unanswered INVITE (timer C) waits for more than one turn.
    /// </summary>
    internal const int Slots = 4096;

    private readonly TimeProvider _time;
    private readonly long _resolution; // in the provider's timestamp units, at least 1
    private readonly Lock _gate = new();
    private readonly ITimer _clock;
    private readonly OneShotTimer?[] _heads = new OneShotTimer?[Slots];
    private readonly OneShotTimer?[] _tails = new OneShotTimer?[Slots];
    private readonly ulong[] _occupied = new ulong[Slots / 64]; // a bit per slot that has timers
    private int _count;
    private long _current; // the tick the last firing reached: earlier ticks are done, this one may get more timers
    private long _armedFor = long.MaxValue; // the tick the clock timer is set for; MaxValue: not set
    private List<(OneShotTimer Timer, int Generation)>? _spareDue = [];

    public TimerScheduler(TimeProvider time)
        : this(time, DefaultResolution)
    {
    }

    public TimerScheduler(TimeProvider time, TimeSpan resolution)
    {
        _time = time;
        _resolution = Math.Max(1, ToTimestamp(resolution));
        _current = _time.GetTimestamp() / _resolution;
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
        var tick = (at + _resolution - 1) / _resolution; // rounded up to the next tick
        lock (_gate)
        {
            if (timer.Disposed)
            {
                return;
            }

            timer.Generation++;
            if (timer.Scheduled)
            {
                Unlink(timer);
            }

            timer.DueTick = Math.Max(tick, _current); // a tick already fired is done: the timer goes in the current one
            Link(timer);
            if (timer.DueTick < _armedFor)
            {
                Arm(timer.DueTick);
            }
        }
    }

    internal void Cancel(OneShotTimer timer, bool dispose)
    {
        lock (_gate)
        {
            timer.Generation++;
            timer.Disposed |= dispose;
            if (timer.Scheduled)
            {
                Unlink(timer);
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
            var now = _time.GetTimestamp() / _resolution;
            if (now >= _current)
            {
                TakeDue(now, due);
                _current = now;
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

    /// <summary>Takes the timers due at ticks from <see cref="_current"/> to <paramref name="now"/> off the wheel, in due order. Under the lock.</summary>
    private void TakeDue(long now, List<(OneShotTimer Timer, int Generation)> due)
    {
        if (now - _current < Slots)
        {
            // Each tick has a slot of its own: its timers due by now are due at that very tick (an earlier turn was
            // fired at its time, a timer is never put in a tick already done), and its list is in start order.
            for (var tick = _current; tick <= now; tick++)
            {
                TakeFromSlot((int)(tick & (Slots - 1)), now, due);
            }

            return;
        }

        // The clock came more than a turn late (a suspended machine): every slot, then into due order. The timers of
        // one tick share a slot, in start order, which a stable sort keeps.
        for (var slot = 0; slot < Slots; slot++)
        {
            TakeFromSlot(slot, now, due);
        }

        var ordered = due.OrderBy(d => d.Timer.DueTick).ToList();
        due.Clear();
        due.AddRange(ordered);
    }

    private void TakeFromSlot(int slot, long now, List<(OneShotTimer Timer, int Generation)> due)
    {
        for (var timer = _heads[slot]; timer is not null;)
        {
            var next = timer.Next;
            if (timer.DueTick <= now)
            {
                due.Add((timer, timer.Generation));
                Unlink(timer);
            }

            timer = next;
        }
    }

    /// <summary>Sets the clock timer for the first tick after the current one whose slot has timers. Under the lock.</summary>
    private void ArmForEarliest()
    {
        if (_count == 0)
        {
            return;
        }

        // The current tick's slot holds only timers of later turns now: the search starts at the tick after it.
        var from = (int)((_current + 1) & (Slots - 1));
        var distance = DistanceToOccupied(from);
        Arm(_current + 1 + distance);
    }

    /// <summary>How many slots after <paramref name="from"/> (0: itself) the first one with timers is, going round.</summary>
    private int DistanceToOccupied(int from)
    {
        var word = from >> 6;
        var bits = _occupied[word] & (ulong.MaxValue << (from & 63)); // this word, from the slot on
        for (var words = 0; words <= _occupied.Length; words++)
        {
            if (bits != 0)
            {
                var slot = ((word << 6) + BitOperations.TrailingZeroCount(bits)) & (Slots - 1);
                return (slot - from) & (Slots - 1);
            }

            word = (word + 1) % _occupied.Length;
            bits = _occupied[word];
        }

        return 0; // not reached while a timer is scheduled
    }

    /// <summary>Sets the clock timer for <paramref name="tick"/>. Under the lock.</summary>
    private void Arm(long tick)
    {
        _armedFor = tick;
        var wait = Math.Max(0, (tick * _resolution) - _time.GetTimestamp());
        // Whole milliseconds, rounded up: the runtime's timers count in milliseconds, and one set a fraction early
        // would find nothing due and be set again at once, until the time came.
        var ms = Math.Ceiling(wait * 1000.0 / _time.TimestampFrequency);
        _clock.Change(TimeSpan.FromMilliseconds(ms), Timeout.InfiniteTimeSpan);
    }

    /// <summary>Puts the timer at the end of its tick's slot. Under the lock.</summary>
    private void Link(OneShotTimer timer)
    {
        var slot = (int)(timer.DueTick & (Slots - 1));
        var tail = _tails[slot];
        timer.Previous = tail;
        timer.Next = null;
        if (tail is null)
        {
            _heads[slot] = timer;
            _occupied[slot >> 6] |= 1UL << (slot & 63);
        }
        else
        {
            tail.Next = timer;
        }

        _tails[slot] = timer;
        timer.Scheduled = true;
        _count++;
    }

    /// <summary>Takes the timer out of its slot. Under the lock.</summary>
    private void Unlink(OneShotTimer timer)
    {
        var slot = (int)(timer.DueTick & (Slots - 1));
        if (timer.Previous is { } previous)
        {
            previous.Next = timer.Next;
        }
        else
        {
            _heads[slot] = timer.Next;
        }

        if (timer.Next is { } next)
        {
            next.Previous = timer.Previous;
        }
        else
        {
            _tails[slot] = timer.Previous;
        }

        if (_heads[slot] is null)
        {
            _occupied[slot >> 6] &= ~(1UL << (slot & 63));
        }

        timer.Previous = timer.Next = null;
        timer.Scheduled = false;
        _count--;
    }
}
