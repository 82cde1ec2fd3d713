using System.Buffers;
using EdgeBlocker.Sip;

namespace EdgeBlocker.Fuzz;

/// <summary>
/// The TCP path (RFC 3261 §18.3): <see cref="SipStreamFramer"/> cuts the input, a byte stream, into messages that
/// <see cref="SipParser"/> reads in stream mode, as the TCP connection does. The stream is framed twice: all at once, and
/// arriving in small reads with a framing attempt after each, as a pipe hands bytes over. Both must cut the same
/// messages and reach the same end; every framed message must parse without waiting for more bytes, to the same length.
/// The input's length picks the read size (1..29 bytes, more for inputs over 14 KB) and the size limit (odd: 1024, the least allowed; even: 65535),
/// so seeds are plain streams and a crash file replays as it ran.
/// </summary>
internal sealed class SipStreamTarget : IFuzzTarget
{
    public void Run(byte[] input)
    {
        var limit = input.Length % 2 == 1 ? 1024 : 65535;
        var whole = Frame(input, Math.Max(input.Length, 1), limit);
        // At most ~512 reads: each read re-frames the buffered bytes, so tiny reads of a large input cost n² time.
        var trickled = Frame(input, Math.Max(input.Length % 29 + 1, input.Length / 512), limit);
        Check.That(whole.SequenceEqual(trickled), "framing does not depend on how the bytes arrive: "
            + string.Join(' ', whole) + " vs " + string.Join(' ', trickled));
    }

    /// <summary>What the connection saw: each framed message as "offset+length", then how the stream ended.</summary>
    private static List<string> Frame(byte[] input, int chunk, int limit)
    {
        var events = new List<string>();
        var start = 0;
        for (var received = Math.Min(chunk, input.Length); ; received = Math.Min(received + chunk, input.Length))
        {
            while (true)
            {
                var buffer = ChunkSegment.Sequence(input, start, received, chunk);
                var framed = SipStreamFramer.TryFrame(buffer, limit, out var bytes, out var consumed);
                var used = (int)buffer.Slice(0, consumed).Length;
                Check.That(used >= 0 && start + used <= received, "the framer consumed only bytes it had");
                if (framed.Status == ParseStatus.Malformed)
                {
                    Check.That(framed.Error is not null, "a malformed stream says why");
                    events.Add("malformed");
                    return events;
                }

                if (framed.Status == ParseStatus.Incomplete)
                {
                    start += used;
                    break;
                }

                Check.That(framed.Consumed == bytes.Length && bytes.Length > 0 && bytes.Length <= limit, "a framed message is 1..limit bytes, as reported");
                Check.That(buffer.Slice(0, bytes.End).Length == used, "consumed ends where the framed message does");
                var messageStart = start + used - (int)bytes.Length;
                events.Add($"{messageStart}+{bytes.Length}");
                Parse(bytes);
                start += used;
            }

            if (received == input.Length)
            {
                events.Add(start == input.Length ? "end" : $"partial@{start}");
                return events;
            }
        }
    }

    private static void Parse(in ReadOnlySequence<byte> bytes)
    {
        var data = bytes.ToArray();
        var message = new SipMessage();
        var result = SipParser.Parse(data, message, SipParseMode.Stream);
        Check.That(result.Status != ParseStatus.Incomplete, "a framed message never waits for more bytes");
        Check.That(!result.IsComplete || result.Consumed == data.Length, "a framed message parses to the length it was framed at");
        SipInvariants.Verify(message, result, data.Length);
    }
}
