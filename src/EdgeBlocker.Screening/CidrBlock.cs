using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace EdgeBlocker.Screening;

/// <summary>
/// An IP address or CIDR block. IPv4 is held as IPv4-mapped IPv6 (<c>::ffff:a.b.c.d</c>), so one 128-bit compare
/// serves both families and a dual-stack socket's mapped source addresses match IPv4 blocks without allocating.
/// </summary>
internal readonly struct CidrBlock
{
    private static readonly UInt128 MappedPrefix = (UInt128)0xFFFF << 32;

    private readonly UInt128 _network;
    private readonly UInt128 _mask;

    private CidrBlock(UInt128 network, UInt128 mask)
    {
        _network = network & mask;
        _mask = mask;
    }

    public static bool TryParse(string text, out CidrBlock block)
    {
        block = default;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash >= 0 ? text[..slash] : text;
        if (!IPAddress.TryParse(addressText.Trim(), out var address))
        {
            return false;
        }

        var v4 = address.AddressFamily == AddressFamily.InterNetwork;
        var maxBits = v4 ? 32 : 128;
        var bits = maxBits;
        if (slash >= 0 && (!int.TryParse(text[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture, out bits) || bits < 0 || bits > maxBits))
        {
            return false;
        }

        var prefixBits = v4 ? bits + 96 : bits;
        var mask = prefixBits == 0 ? UInt128.Zero : UInt128.MaxValue << (128 - prefixBits);
        block = new CidrBlock(ToUInt128(address), mask);
        return true;
    }

    public bool Contains(IPAddress address) => (ToUInt128(address) & _mask) == _network;

    private static UInt128 ToUInt128(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written))
        {
            return UInt128.Zero;
        }

        return written == 4 ? MappedPrefix | BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }
}
