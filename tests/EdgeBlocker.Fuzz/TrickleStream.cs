namespace EdgeBlocker.Fuzz;

/// <summary>A read-only stream that hands out at most a few bytes per read, as a slow HTTP body does.</summary>
internal sealed class TrickleStream : Stream
{
    private readonly byte[] _data;
    private readonly int _chunk;
    private int _position;

    public TrickleStream(byte[] data, int chunk)
    {
        _data = data;
        _chunk = chunk;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = Math.Min(Math.Min(buffer.Length, _chunk), _data.Length - _position);
        _data.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
