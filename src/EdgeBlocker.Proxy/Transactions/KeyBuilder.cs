using System.Buffers;
using System.Globalization;
using System.Text;

namespace EdgeBlocker.Proxy.Transactions;

/// <summary>
/// Builds a transaction key in a stack buffer and makes one string of it: every request looks up its transaction by
/// key, and a key made of intermediate strings (the branch, the host, a StringBuilder) cost several allocations per
/// request. Message bytes become chars one for one (Latin-1), so distinct bytes give distinct keys.
/// </summary>
internal ref struct KeyBuilder
{
    private Span<char> _chars;
    private char[]? _rented;
    private int _length;

    public KeyBuilder(Span<char> initial)
    {
        _chars = initial;
        _rented = null;
        _length = 0;
    }

    public void Append(ReadOnlySpan<byte> latin1)
    {
        Grow(latin1.Length);
        _length += Encoding.Latin1.GetChars(latin1, _chars[_length..]);
    }

    public void Append(string text)
    {
        Grow(text.Length);
        text.CopyTo(_chars[_length..]);
        _length += text.Length;
    }

    public void Append(char c)
    {
        Grow(1);
        _chars[_length++] = c;
    }

    public void Append(long value)
    {
        Grow(20);
        value.TryFormat(_chars[_length..], out var written, default, CultureInfo.InvariantCulture);
        _length += written;
    }

    /// <summary>The key so far, for a lookup without a string; valid until <see cref="Dispose"/>.</summary>
    public readonly ReadOnlySpan<char> Chars => _chars[.._length];

    /// <summary>The key; returns a rented buffer, if one was needed.</summary>
    public override string ToString()
    {
        var key = new string(_chars[.._length]);
        Dispose();
        return key;
    }

    /// <summary>Returns a rented buffer, if one was needed.</summary>
    public void Dispose()
    {
        if (_rented is not null)
        {
            ArrayPool<char>.Shared.Return(_rented);
            _rented = null;
        }
    }

    private void Grow(int more)
    {
        if (_length + more <= _chars.Length)
        {
            return;
        }

        // Only hostile or odd messages get here (keys are under 200 chars): a pooled buffer twice the size needed.
        var bigger = ArrayPool<char>.Shared.Rent(Math.Max(_chars.Length * 2, _length + more));
        _chars[.._length].CopyTo(bigger);
        if (_rented is not null)
        {
            ArrayPool<char>.Shared.Return(_rented);
        }

        _rented = bigger;
        _chars = bigger;
    }
}
