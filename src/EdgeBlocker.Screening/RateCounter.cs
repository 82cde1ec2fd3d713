namespace EdgeBlocker.Screening;

/// <summary>
/// Calls per key over about the last minute, lock-free and in fixed memory. A count-min sketch: two rows of
/// <c>width</c> cells, each cell six 10-second buckets packed as <c>(epoch &lt;&lt; 24) | count</c> in a <see cref="long"/>
/// updated with <see cref="Interlocked.CompareExchange(ref long, long, long)"/>. A key's count is the smaller of its two
/// cells' sums over the buckets of the last 60 s (the current, partial bucket plus five whole ones: a window of 50 to
/// 60 s). Keys sharing a cell in both rows add up, so a count can be too high, never too low; with the default width
/// (16,384 cells a row) that takes thousands of distinct busy callers in one minute.
/// </summary>
internal sealed class RateCounter
{
    public const int Buckets = 6;
    public const long BucketTicks = TimeSpan.TicksPerSecond * 10;

    private const int Rows = 2;
    private const int CountBits = 24;
    private const long CountMask = (1L << CountBits) - 1;

    private readonly long[] _cells;
    private readonly int _widthMask;

    /// <param name="width">Cells per row, a power of two.</param>
    public RateCounter(int width)
    {
        if (width <= 0 || (width & (width - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), width, "Width must be a power of two.");
        }

        _widthMask = width - 1;
        _cells = new long[Rows * width * Buckets];
    }

    public long SizeInBytes => _cells.Length * (long)sizeof(long);

    /// <summary>Counts one call for <paramref name="key"/> at <paramref name="utcTicks"/> and returns the calls in the
    /// window, this one included.</summary>
    public int Increment(ulong key, long utcTicks)
    {
        var epoch = utcTicks / BucketTicks;
        var bucket = (int)(epoch % Buckets);
        var min = int.MaxValue;
        for (var row = 0; row < Rows; row++)
        {
            var cell = Cell(key, row) * Buckets;
            ref var slot = ref _cells[cell + bucket];
            while (true)
            {
                var old = Volatile.Read(ref slot);
                var updated = old >> CountBits == epoch
                    ? ((old & CountMask) == CountMask ? old : old + 1)
                    : (epoch << CountBits) | 1;
                if (Interlocked.CompareExchange(ref slot, updated, old) == old)
                {
                    break;
                }
            }

            min = Math.Min(min, Sum(cell, epoch));
        }

        return min;
    }

    /// <summary>The calls counted for <paramref name="key"/> in the window ending at <paramref name="utcTicks"/>.</summary>
    public int Peek(ulong key, long utcTicks)
    {
        var epoch = utcTicks / BucketTicks;
        var min = int.MaxValue;
        for (var row = 0; row < Rows; row++)
        {
            min = Math.Min(min, Sum(Cell(key, row) * Buckets, epoch));
        }

        return min;
    }

    private int Sum(int cell, long epoch)
    {
        long sum = 0;
        for (var b = 0; b < Buckets; b++)
        {
            var value = Volatile.Read(ref _cells[cell + b]);
            var age = epoch - (value >> CountBits);
            if (age is >= 0 and < Buckets)
            {
                sum += value & CountMask;
            }
        }

        return (int)Math.Min(sum, int.MaxValue);
    }

    private int Cell(ulong key, int row)
    {
        // Two independent mixes (splitmix64 finaliser with different seeds) give the two rows.
        var h = key + (row == 0 ? 0x9E3779B97F4A7C15UL : 0xD1B54A32D192ED03UL);
        h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9UL;
        h = (h ^ (h >> 27)) * 0x94D049BB133111EBUL;
        h ^= h >> 31;
        return (row * (_widthMask + 1)) + (int)(h & (ulong)_widthMask);
    }
}
