using System.Buffers;

namespace EdgeBlocker.Fuzz;

/// <summary>Builds a multi-segment sequence over part of a byte array, cut where TCP reads would have ended.</summary>
internal sealed class ChunkSegment : ReadOnlySequenceSegment<byte>
{
    private ChunkSegment(ReadOnlyMemory<byte> memory, long runningIndex)
    {
        Memory = memory;
        RunningIndex = runningIndex;
    }

    /// <summary><paramref name="data"/>[start..end) in segments that end at every multiple of <paramref name="chunk"/>.</summary>
    public static ReadOnlySequence<byte> Sequence(byte[] data, int start, int end, int chunk)
    {
        if (start == end)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new ChunkSegment(data.AsMemory(start, Math.Min(NextCut(start, chunk), end) - start), 0);
        var last = first;
        for (var offset = NextCut(start, chunk); offset < end; offset += chunk)
        {
            var next = new ChunkSegment(data.AsMemory(offset, Math.Min(offset + chunk, end) - offset), offset - start);
            last.Next = next;
            last = next;
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private static int NextCut(int offset, int chunk) => (offset / chunk + 1) * chunk;
}
