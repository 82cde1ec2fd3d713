namespace EdgeBlocker.Sip;

/// <summary>
/// A slice of a message buffer, by offset and length. Parsed messages keep ranges instead of strings so that
/// nothing is copied or decoded until somebody asks for it.
/// </summary>
public readonly record struct TextRange(int Start, int Length)
{
    /// <summary>The range that holds nothing (also "absent" for optional parts).</summary>
    public static readonly TextRange Empty;

    /// <summary>Offset one past the last byte.</summary>
    public int End => Start + Length;

    public bool IsEmpty => Length == 0;

    /// <summary>The bytes of this range in <paramref name="buffer"/>.</summary>
    public ReadOnlySpan<byte> Of(ReadOnlySpan<byte> buffer) => buffer.Slice(Start, Length);

    /// <summary>A range relative to this one's start.</summary>
    public TextRange Slice(int offset, int length) => new(Start + offset, length);

    /// <summary>A range starting <paramref name="offset"/> bytes in, to this range's end.</summary>
    public TextRange Slice(int offset) => new(Start + offset, Length - offset);
}
