namespace EdgeBlocker.Screening;

/// <summary>
/// Prefix rules by their E.164 digits. A prefix has no leading zero, so its value alone says its length, and the
/// truncation of a calling number to L digits is looked up directly; only the lengths some prefix has are tried,
/// longest first. Open addressing (Fibonacci hashing, linear probing), with a parallel array of rule indexes.
/// </summary>
internal sealed class PrefixTable
{
    private readonly ulong[] _keys;
    private readonly int[] _rules;

    public PrefixTable(IReadOnlyList<CompiledRule> rules)
    {
        var capacity = Math.Max(8, rules.Count * 2);
        _keys = new ulong[capacity];
        _rules = new int[capacity];
        for (var r = 0; r < rules.Count; r++)
        {
            var key = rules[r].Low;
            LengthMask |= 1 << E164.DigitCount(key);
            var i = Home(key);
            while (_keys[i] != 0)
            {
                i = i + 1 == capacity ? 0 : i + 1;
            }

            _keys[i] = key;
            _rules[i] = r;
        }
    }

    /// <summary>Bit L is set when some prefix has L digits.</summary>
    public int LengthMask { get; }

    /// <summary>The indexes of the rules whose prefix is exactly <paramref name="prefix"/>, in the order added.</summary>
    public Enumerator Find(ulong prefix) => new(_keys, _rules, prefix, Home(prefix));

    private int Home(ulong key) => (int)Math.BigMul(key * 0x9E3779B97F4A7C15UL, (ulong)_keys.Length, out _);

    internal ref struct Enumerator
    {
        private readonly ReadOnlySpan<ulong> _keys;
        private readonly ReadOnlySpan<int> _rules;
        private readonly ulong _key;
        private int _index;
        private bool _started;

        public Enumerator(ReadOnlySpan<ulong> keys, ReadOnlySpan<int> rules, ulong key, int home)
        {
            _keys = keys;
            _rules = rules;
            _key = key;
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
                    _index = _index + 1 == _keys.Length ? 0 : _index + 1;
                }

                _started = true;
                var key = _keys[_index];
                if (key == 0)
                {
                    return false;
                }

                if (key == _key)
                {
                    Current = _rules[_index];
                    return true;
                }
            }
        }
    }
}
