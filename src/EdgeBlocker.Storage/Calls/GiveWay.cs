using System.Diagnostics;

namespace EdgeBlocker.Storage.Calls;

/// <summary>
/// Gives the CPU away (<see cref="Thread.Yield"/>) once <see cref="Interval"/> has passed since it last did, for a long
/// write on a core it shares with the SIP receive loop.
/// </summary>
/// <remarks>
/// DESIGN: on a one- or two-core board the writer shares a core with the SIP receive loops. A batch is milliseconds of
/// CPU, and the scheduler lets a running thread finish its slice before a woken one; giving way keeps a datagram from
/// waiting out the batch. Giving way after every insert (15–30 µs each) was a system call per record: in a profile at
/// 4,000 calls a second, 14 % of the thread pool's CPU and a third of the writer's. Every 50 µs bounds the wait the
/// same way, with a system call per several inserts.
/// </remarks>
internal struct GiveWay
{
    public static readonly TimeSpan Interval = TimeSpan.FromMicroseconds(50);

    private long _last;

    public GiveWay() => _last = Stopwatch.GetTimestamp();

    /// <summary>Yields when the interval has passed since the last yield (or since this was made).</summary>
    public void WhenDue()
    {
        if (Stopwatch.GetElapsedTime(_last) >= Interval)
        {
            Thread.Yield();
            _last = Stopwatch.GetTimestamp();
        }
    }
}
