using System.Buffers.Text;

namespace EdgeBlocker.Sip;

/// <summary>
/// Appends bytes to a caller-provided span. Writers size their destination from the input (a message never grows by
/// more than the headers a proxy adds), so running out of room is a bug and throws.
/// </summary>
public ref struct SipBufferWriter
{
    private readonly Span<byte> _destination;

    public SipBufferWriter(Span<byte> destination)
    {
        _destination = destination;
        Written = 0;
    }

    /// <summary>Bytes written so far.</summary>
    public int Written { get; private set; }

    public void Write(scoped ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_destination[Written..]);
        Written += bytes.Length;
    }

    public void Write(byte b)
    {
        _destination[Written++] = b;
    }

    public void Write(int value)
    {
        if (!Utf8Formatter.TryFormat(value, _destination[Written..], out var n))
        {
            throw new InvalidOperationException("SIP writer destination too small.");
        }

        Written += n;
    }

    /// <summary>Writes <c>CRLF</c>.</summary>
    public void NewLine() => Write("\r\n"u8);
}
