using System.Buffers;

namespace EdgeBlocker.Sip.Tests;

/// <summary>Hostile input never throws; parsing into a reused message allocates nothing.</summary>
public class RobustnessTests
{
    [Fact]
    public void Parsing_into_a_reused_message_allocates_nothing()
    {
        var messages = new[]
        {
            Msg.Bytes(Msg.Invite),
            Fixtures.Load("rfc4475", "wsinv"),
            Fixtures.Load("rfc4475", "longreq"),
            Fixtures.Load("rfc5118", "mult-ip-in-header"),
            Fixtures.Load("rfc4475", "badinv01"),
        };
        var memories = messages.Select(m => (ReadOnlyMemory<byte>)m).ToArray();
        var message = new SipMessage();
        foreach (var m in memories)
        {
            SipParser.Parse(m, message, SipParseMode.Datagram); // warm up: JIT, static tables, header array growth
        }

        foreach (var m in memories)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            SipParser.Parse(m, message, SipParseMode.Datagram);
            var after = GC.GetAllocatedBytesForCurrentThread();
            Assert.Equal(0, after - before);
        }
    }

    [Fact]
    public void Random_mutations_of_every_fixture_never_throw()
    {
        var random = new Random(4475);
        var fixtures = Fixtures.All().Append(Msg.Bytes(Msg.Invite)).ToArray();
        var message = new SipMessage();
        var outcomes = new int[3];
        for (var i = 0; i < 20_000; i++)
        {
            var bytes = Mutate(fixtures[i % fixtures.Length], random);
            var result = SipParser.Parse(bytes, message, (i & 1) == 0 ? SipParseMode.Datagram : SipParseMode.Stream);
            outcomes[(int)result.Status]++;
            _ = message.CanBeAnswered;
            ExerciseValues(message);

            var segmentSize = 1 + (i % 7);
            SipStreamFramer.TryFrame(Segments.Split(bytes, segmentSize), 4096, out _, out _);
        }

        // The mutations must reach both outcomes, or the test exercises nothing.
        Assert.True(outcomes[(int)ParseStatus.Complete] > 1000);
        Assert.True(outcomes[(int)ParseStatus.Malformed] > 1000);
    }

    [Fact]
    public void Value_parsers_reject_ranges_outside_the_buffer_without_throwing()
    {
        var buffer = "sip:a@b"u8;
        var outside = new TextRange(5, 50);
        Assert.False(SipUriParser.TryParse(buffer, outside, out _));
        Assert.False(SipHeaderValues.TryParseVia(buffer, outside, out _));
        Assert.False(SipHeaderValues.TryParseNameAddr(buffer, new TextRange(-1, 3), out _));
        Assert.False(SipHeaderValues.TryGetParameter(buffer, outside, "a"u8, out _));
        Assert.False(SipHeaderValues.Split(buffer, outside).MoveNext());
    }

    private static void ExerciseValues(SipMessage message)
    {
        var span = message.Span;
        foreach (var header in message.Headers)
        {
            foreach (var value in SipHeaderValues.Split(span, header.Value))
            {
                SipHeaderValues.TryParseNameAddr(span, value, out var nameAddr);
                SipUriParser.TryParse(span, nameAddr.Uri, out _);
                SipHeaderValues.TryParseVia(span, value, out _);
            }
        }

        SipUriParser.TryParse(span, message.RequestUri, out var uri);
        Span<byte> scratch = stackalloc byte[64];
        SipUriParser.Unescape(message[uri.User], scratch);
    }

    private static byte[] Mutate(byte[] source, Random random)
    {
        var bytes = new List<byte>(source);
        var edits = 1 + random.Next(4);
        for (var e = 0; e < edits && bytes.Count > 0; e++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(4))
            {
                case 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes.Insert(at, Interesting[random.Next(Interesting.Length)]);
                    break;
                case 2:
                    bytes.RemoveAt(at);
                    break;
                default:
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, random.Next(1, 40)));
                    break;
            }
        }

        return [.. bytes];
    }

    private static readonly byte[] Interesting = "\r\n \t:;,\"<>[]@%=/\\0\xff"u8.ToArray();
}
