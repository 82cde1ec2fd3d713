namespace EdgeBlocker.Screening;

/// <summary>
/// An open-addressing hash table of exact numbers, one <see cref="ulong"/> per slot: the number in the low 50 bits
/// (E.164's 15 digits stay below 2^50) and a 14-bit index into the snapshot's <see cref="RuleMeta"/> table in the high
/// bits. 0 marks an empty slot (no number is 0). Capacity is 1.6× the entry count (not rounded to a power of two, the
/// slot is picked by multiply-high), so an entry costs 12.8 bytes. Linear probing; a number listed several times
/// (several lists, several time windows) occupies several slots along one probe run, in the order added.
/// </summary>
internal sealed class ExactTable
{
    public const int MetaBits = 14;
    public const int MaxMeta = (1 << MetaBits) - 1;
    public const int NumberBits = 64 - MetaBits;
    public const ulong NumberMask = (1UL << NumberBits) - 1;

    private readonly ulong[] _slots;

    /// <param name="entries">Packed entries: <c>number | (meta &lt;&lt; 50)</c>.</param>
    public ExactTable(ReadOnlySpan<ulong> entries)
    {
        Count = entries.Length;
        _slots = new ulong[Math.Max(8, entries.Length + (entries.Length * 3 / 5))];
        foreach (var entry in entries)
        {
            var i = Home(entry & NumberMask);
            while (_slots[i] != 0)
            {
                i = i + 1 == _slots.Length ? 0 : i + 1;
            }

            _slots[i] = entry;
        }
    }

    public int Count { get; }

    public long SizeInBytes => _slots.Length * (long)sizeof(ulong);

    public static ulong Pack(ulong number, int meta) => number | ((ulong)meta << NumberBits);

    /// <summary>The meta indexes listed for <paramref name="number"/>, in the order added.</summary>
    public Enumerator Find(ulong number) => new(_slots, number, Home(number));

    private int Home(ulong number)
    {
        // Fibonacci hashing, then multiply-high to map onto a capacity that is not a power of two.
        var hash = number * 0x9E3779B97F4A7C15UL;
        return (int)Math.BigMul(hash, (ulong)_slots.Length, out _);
    }

    internal ref struct Enumerator
    {
        private readonly ReadOnlySpan<ulong> _slots;
        private readonly ulong _number;
        private int _index;
        private bool _started;

        public Enumerator(ReadOnlySpan<ulong> slots, ulong number, int home)
        {
            _slots = slots;
            _number = number;
            _index = home;
            _started = false;
            Current = 0;
        }

        public int Current { get; private set; }

        public readonly Enumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            while (true)
            {
                if (_started)
                {
                    _index = _index + 1 == _slots.Length ? 0 : _index + 1;
                }

                _started = true;
                var slot = _slots[_index];
                if (slot == 0)
                {
                    return false;
                }

                if ((slot & NumberMask) == _number)
                {
                    Current = (int)(slot >> NumberBits);
                    return true;
                }
            }
        }
    }
}
