using System.Buffers;

namespace EdgeBlocker.Sip.Tests;

/// <summary>Builds multi-segment sequences, as a pipe hands them over when bytes trickle in.</summary>
internal sealed class Segments : ReadOnlySequenceSegment<byte>
{
    private Segments(ReadOnlyMemory<byte> memory, long runningIndex)
    {
        Memory = memory;
        RunningIndex = runningIndex;
    }

    /// <summary>A sequence of <paramref name="data"/> cut into segments of <paramref name="size"/> bytes.</summary>
    public static ReadOnlySequence<byte> Split(byte[] data, int size)
    {
        if (data.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segments(data.AsMemory(0, Math.Min(size, data.Length)), 0);
        var last = first;
        for (var offset = size; offset < data.Length; offset += size)
        {
            var next = new Segments(data.AsMemory(offset, Math.Min(size, data.Length - offset)), offset);
            last.Next = next;
            last = next;
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }
}
