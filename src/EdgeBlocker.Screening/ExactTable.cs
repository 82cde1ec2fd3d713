using System.Diagnostics;
using System.Numerics;

namespace EdgeBlocker.Screening;

/// <summary>
/// The exact numbers of a snapshot, each with a 14-bit index into the snapshot's <see cref="RuleMeta"/> table, in 7 to 8
/// bytes a number from 2^18 numbers up (7.05 at a million; the open-addressing table of <c>ulong</c>s this replaced
/// took 12.8), 11 to 12 below.
/// <para>
/// How: a number (E.164's 15 digits stay below 2^50) is scrambled by <see cref="Scramble"/>, a one-to-one map of the
/// 50-bit numbers onto themselves. The top B bits of the result pick one of 2^B buckets, about 4 numbers each; the
/// other 50 − B bits are all that is stored, since the bucket and they give the number back. At B = 18 (a million
/// numbers and more) they fit a <c>uint</c>. Entries are sorted by bucket (in the order added within one) into three
/// parallel arrays, low 32 bits, high bits (only when 50 − B &gt; 32: small tables) and meta index, and
/// <c>_starts[b]</c> is where bucket b's run begins. A lookup reads the bucket's start and its run of about 4.
/// </para>
/// A number listed several times (several lists, several time windows) has one entry each, in the order added.
/// </summary>
internal sealed class ExactTable
{
    public const int MetaBits = 14;
    public const int MaxMeta = (1 << MetaBits) - 1;
    public const int NumberBits = 64 - MetaBits;
    public const ulong NumberMask = (1UL << NumberBits) - 1;

    /// <summary>The odd multipliers of <see cref="Scramble"/>: the 64-bit golden ratio and SplitMix64's second.</summary>
    internal const ulong FirstMultiplier = 0x9E3779B97F4A7C15UL;
    internal const ulong SecondMultiplier = 0xBF58476D1CE4E5B9UL;

    /// <summary>Numbers a bucket holds on average, at most: fewer buckets cost more bits a number.</summary>
    private const int PerBucket = 4;

    private readonly int _restBits;
    private readonly uint[] _starts;
    private readonly uint[] _low;
    private readonly uint[]? _high;
    private readonly ushort[] _metas;

    /// <param name="entries">Packed entries: <c>number | (meta &lt;&lt; 50)</c>.</param>
    public ExactTable(ReadOnlySpan<ulong> entries)
    {
        Count = entries.Length;
        var bucketBits = entries.Length <= PerBucket ? 0 : BitOperations.Log2((uint)((entries.Length - 1) / PerBucket)) + 1;
        _restBits = NumberBits - bucketBits;
        _starts = new uint[(1 << bucketBits) + 1];
        _low = new uint[entries.Length];
        _high = _restBits > 32 ? new uint[entries.Length] : null;
        _metas = new ushort[entries.Length];

        // A counting sort by bucket, stable: the numbers of a bucket keep the order they were added in.
        foreach (var entry in entries)
        {
            _starts[(Scramble(entry & NumberMask) >> _restBits) + 1]++;
        }

        for (var b = 1; b < _starts.Length; b++)
        {
            _starts[b] += _starts[b - 1];
        }

        var next = _starts[..^1];
        var restMask = (1UL << _restBits) - 1;
        foreach (var entry in entries)
        {
            var number = entry & NumberMask;
            Debug.Assert(number != 0, "0 is no number");
            var scrambled = Scramble(number);
            var i = next[scrambled >> _restBits]++;
            var rest = scrambled & restMask;
            _low[i] = (uint)rest;
            if (_high is not null)
            {
                _high[i] = (uint)(rest >> 32);
            }

            _metas[i] = (ushort)(entry >> NumberBits);
        }
    }

    public int Count { get; }

    public long SizeInBytes => ((_starts.Length + _low.Length + (_high?.Length ?? 0)) * (long)sizeof(uint)) + (_metas.Length * (long)sizeof(ushort));

    public static ulong Pack(ulong number, int meta) => number | ((ulong)meta << NumberBits);

    /// <summary>The meta indexes listed for <paramref name="number"/>, in the order added.</summary>
    public Enumerator Find(ulong number)
    {
        if (number > NumberMask)
        {
            return default; // longer than any E.164 number: listed nowhere
        }

        var scrambled = Scramble(number);
        var bucket = (int)(scrambled >> _restBits);
        var rest = scrambled & ((1UL << _restBits) - 1);
        return new Enumerator(this, (int)_starts[bucket], (int)_starts[bucket + 1], (uint)rest, (uint)(rest >> 32));
    }

    /// <summary>
    /// A one-to-one map of [0, 2^50) onto itself that spreads close numbers (a list's neighbouring numbers) over the
    /// whole range: multiplying by an odd number modulo 2^50 and xor-ing the top half into the bottom half can each be
    /// undone, so no two numbers meet.
    /// </summary>
    internal static ulong Scramble(ulong number)
    {
        var x = (number * FirstMultiplier) & NumberMask;
        x ^= x >> (NumberBits / 2);
        x = (x * SecondMultiplier) & NumberMask;
        return x ^ (x >> (NumberBits / 2));
    }

    internal ref struct Enumerator
    {
        private readonly ReadOnlySpan<uint> _low;
        private readonly ReadOnlySpan<uint> _high;
        private readonly ReadOnlySpan<ushort> _metas;
        private readonly int _end;
        private readonly uint _wantLow;
        private readonly uint _wantHigh;
        private int _index;

        public Enumerator(ExactTable table, int start, int end, uint wantLow, uint wantHigh)
        {
            _low = table._low;
            _high = table._high;
            _metas = table._metas;
            _index = start - 1;
            _end = end;
            _wantLow = wantLow;
            _wantHigh = wantHigh;
            Current = 0;
        }

        public int Current { get; private set; }

        public readonly Enumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            while (++_index < _end)
            {
                if (_low[_index] == _wantLow && (_high.IsEmpty || _high[_index] == _wantHigh))
                {
                    Current = _metas[_index];
                    return true;
                }
            }

            return false;
        }
    }
}
