using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace EdgeBlocker.Proxy.Routing;

/// <summary>
/// The To tags of the responses this box makes itself (RFC 3261 §8.2.6.2): "eb", twelve hex digits drawn at random when
/// the proxy starts, then a counter in hex. A tag with that prefix was made by this life of the service; another
/// element's tag has it by chance once in 2^48.
/// </summary>
/// <remarks>
/// DESIGN: the box answers INVITEs itself only with non-2xx responses (a block, a redirect, a 408 or 487 for a branch
/// it gave up on), whose ACK is hop-by-hop and ends here (§17.1.1.3). An ACK with one of these tags is therefore
/// absorbed whether or not its transaction is still there, which is what the transaction's Confirmed state was for
/// (§17.2.1, timer I: absorb retransmitted ACKs for T4, 5 s): so such a transaction ends at its ACK instead. A stateless
/// proxy knows the ACKs of its own replies the same way.
/// </remarks>
public sealed class LocalTags
{
    /// <summary>The longest tag made: the prefix and a 64-bit counter in hex.</summary>
    public const int MaxLength = 2 + (2 * RandomBytes) + 16;

    private const int RandomBytes = 6;

    // Random.Shared, not a cryptographic generator: a tag is no secret (a forged one only gets its own ACK absorbed), and
    // that generator loads the cryptography assembly and OpenSSL's libcrypto at start, 4.9 MB resident (measured).
    private readonly byte[] _prefix = Encoding.ASCII.GetBytes("eb" + Convert.ToHexStringLower(RandomPrefix()));
    private long _counter;

    private static byte[] RandomPrefix()
    {
        var bytes = new byte[RandomBytes];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Writes a new tag into <paramref name="destination"/> (at least <see cref="MaxLength"/> bytes); returns its length.</summary>
    public int Next(Span<byte> destination)
    {
        _prefix.CopyTo(destination);
        Utf8Formatter.TryFormat(Interlocked.Increment(ref _counter), destination[_prefix.Length..], out var written, new StandardFormat('x'));
        return _prefix.Length + written;
    }

    /// <summary>Whether <paramref name="tag"/> is one this box made (tags compare byte for byte).</summary>
    public bool IsOwn(ReadOnlySpan<byte> tag) => tag.Length > _prefix.Length && tag.StartsWith(_prefix);
}
