namespace EdgeBlocker.Proxy.Flood;

/// <summary>
/// Message rates of many source addresses in a fixed-size table: a flood from spoofed addresses churns the table but
/// cannot grow it. Each address has a GCRA state (the "theoretical arrival time" form of a token bucket: a sliding
/// limit of <c>rate</c> a second with bursts of <c>burst</c>, one number per address). The table is set-associative:
/// an address hashes (with the process's random seed, so a flooder cannot aim at one bucket) to a bucket of
/// <see cref="Ways"/> entries; a new address takes an empty entry or the least recently seen one outside the penalty
/// box. Each bucket has a spin flag held for a few comparisons, never across a wait: no allocation, no OS lock.
/// </summary>
internal sealed class RateTable
{
    public const int Ways = 4;

    private readonly Entry[] _entries;
    private readonly int[] _busy;
    private readonly int _bucketMask;
    private readonly long _interval;
    private readonly long _tolerance;
    private readonly long _penalty;

    /// <param name="capacity">Addresses tracked at most (rounded up to a power of two).</param>
    /// <param name="rate">Sustained messages a second.</param>
    /// <param name="burst">Messages accepted at once from a quiet source.</param>
    /// <param name="penaltyTicks">Time in the penalty box, in timestamp ticks; 0 drops only the excess.</param>
    /// <param name="frequency">Timestamp ticks a second (<see cref="TimeProvider.TimestampFrequency"/>).</param>
    public RateTable(int capacity, int rate, int burst, long penaltyTicks, long frequency)
    {
        var buckets = (int)Math.Max(1, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(capacity, Ways)) / Ways);
        _entries = new Entry[buckets * Ways];
        _busy = new int[buckets];
        _bucketMask = buckets - 1;
        _interval = Math.Max(1, frequency / rate);
        _tolerance = _interval * (burst - 1);
        _penalty = penaltyTicks;
    }

    /// <summary>Entries in the table (for tests and diagnostics).</summary>
    public int Capacity => _entries.Length;

    /// <summary>Counts one message from <paramref name="key"/> at <paramref name="now"/> and says what to do with it.</summary>
    public RateVerdict Check(UInt128 key, long now)
    {
        var bucket = Bucket(key);
        Enter(bucket);
        try
        {
            var slot = Find(bucket, key, now, out var found);
            if (slot < 0)
            {
                // Every entry of the bucket is in the penalty box: newcomers wait rather than free one of them.
                return RateVerdict.Drop;
            }

            ref var entry = ref _entries[slot];
            if (!found)
            {
                entry = new Entry { Key = key, Tat = now };
            }

            entry.LastSeen = now;
            var tat = Math.Max(entry.Tat, now);
            var over = tat - now > _tolerance;
            if (entry.PenaltyUntil > now)
            {
                // Messages in the box still count, up to a penalty's worth: a source that keeps sending over its limit is
                // still over it when the penalty ends and goes straight back in, until it has kept under it for a penalty time.
                entry.Tat = Math.Min(tat + _interval, now + _tolerance + _penalty);
                return RateVerdict.Drop;
            }

            if (!over)
            {
                entry.Tat = tat + _interval;
                return RateVerdict.Admit;
            }

            if (_penalty == 0)
            {
                return RateVerdict.Drop;
            }

            var again = entry.PenaltyUntil != 0 && now - entry.PenaltyUntil < _penalty;
            entry.PenaltyUntil = now + _penalty;
            entry.Tat = Math.Min(tat + _interval, now + _tolerance + _penalty);
            return again ? RateVerdict.Drop : RateVerdict.EnteredPenalty;
        }
        finally
        {
            Volatile.Write(ref _busy[bucket], 0);
        }
    }

    /// <summary>Whether <paramref name="key"/> is in the penalty box at <paramref name="now"/>.</summary>
    public bool IsPenalized(UInt128 key, long now)
    {
        var bucket = Bucket(key);
        Enter(bucket);
        try
        {
            var start = bucket * Ways;
            for (var i = start; i < start + Ways; i++)
            {
                if (_entries[i].Key == key && key != UInt128.Zero)
                {
                    return _entries[i].PenaltyUntil > now;
                }
            }

            return false;
        }
        finally
        {
            Volatile.Write(ref _busy[bucket], 0);
        }
    }

    /// <summary>The entry of <paramref name="key"/>, else an empty one, else the least recently seen one outside the
    /// penalty box; -1 when all are in it.</summary>
    private int Find(int bucket, UInt128 key, long now, out bool found)
    {
        var start = bucket * Ways;
        var victim = -1;
        for (var i = start; i < start + Ways; i++)
        {
            ref var entry = ref _entries[i];
            if (entry.Key == key)
            {
                found = true;
                return i;
            }

            if (entry.Key == UInt128.Zero)
            {
                victim = victim >= 0 && _entries[victim].Key == UInt128.Zero ? victim : i;
            }
            else if (entry.PenaltyUntil <= now && (victim < 0 || (_entries[victim].Key != UInt128.Zero && entry.LastSeen < _entries[victim].LastSeen)))
            {
                victim = i;
            }
        }

        found = false;
        return victim;
    }

    private int Bucket(UInt128 key) => HashCode.Combine((ulong)key, (ulong)(key >> 64)) & _bucketMask;

    private void Enter(int bucket)
    {
        // Held for a few comparisons by whichever receive loop (UDP, or a TCP connection's) reads from this bucket's
        // addresses; a spin is cheaper than a lock and never blocks for long.
        var spin = default(SpinWait);
        while (Interlocked.CompareExchange(ref _busy[bucket], 1, 0) != 0)
        {
            spin.SpinOnce();
        }
    }

    private struct Entry
    {
        public UInt128 Key;
        public long Tat;
        public long PenaltyUntil;
        public long LastSeen;
    }
}
