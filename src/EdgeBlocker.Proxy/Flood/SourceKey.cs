using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace EdgeBlocker.Proxy.Flood;

/// <summary>
/// A source address as one 128-bit number, read without allocating: IPv6 as is, IPv4 as its IPv4-mapped IPv6 form
/// (::ffff:a.b.c.d, RFC 4291 §2.5.5.2), so that a dual-mode socket and an IPv4 one give the same key. Zero (::) is never
/// a source and means "no key".
/// </summary>
internal static class SourceKey
{
    private static readonly UInt128 MappedPrefix = (UInt128)0xFFFF << 32;

    /// <summary>The key of a received datagram's address, straight from the socket address (sockaddr_in: the address at
    /// byte 4; sockaddr_in6: at byte 8), before any <see cref="IPEndPoint"/> is made.</summary>
    public static UInt128 From(SocketAddress address)
    {
        var bytes = address.Buffer.Span;
        return address.Family switch
        {
            AddressFamily.InterNetwork when address.Size >= 8 => MappedPrefix | BinaryPrimitives.ReadUInt32BigEndian(bytes[4..8]),
            AddressFamily.InterNetworkV6 when address.Size >= 24 => BinaryPrimitives.ReadUInt128BigEndian(bytes[8..24]),
            _ => UInt128.Zero,
        };
    }

    public static UInt128 From(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written))
        {
            return UInt128.Zero;
        }

        return written == 4 ? MappedPrefix | BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    /// <summary>The network as a (prefix, mask) pair over keys; an IPv4 /n is the mapped /96+n.</summary>
    public static (UInt128 Prefix, UInt128 Mask) From(IPNetwork network)
    {
        var length = network.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? 96 + network.PrefixLength : network.PrefixLength;
        var mask = length == 0 ? UInt128.Zero : UInt128.MaxValue << (128 - length);
        return (From(network.BaseAddress) & mask, mask);
    }

    /// <summary>For log lines only (allocates): the address a key stands for, IPv4 when mapped.</summary>
    public static IPAddress ToAddress(UInt128 key)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, key);
        var address = new IPAddress(bytes);
        return address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
    }
}
