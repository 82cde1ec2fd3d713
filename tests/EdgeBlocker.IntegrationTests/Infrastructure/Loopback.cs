using System.Globalization;
using System.Net;

namespace EdgeBlocker.IntegrationTests.Infrastructure;

/// <summary>
/// The loopback addresses the tests give each role, so the box can tell peer, core and strangers apart by source IP.
/// All test traffic stays on 127.0.0.0/8.
/// </summary>
public static class Loopback
{
    /// <summary>The box under test binds here.</summary>
    public static IPAddress Box { get; } = IPAddress.Parse("127.0.0.1");

    /// <summary>The trunk peer (carrier-a, 127.0.0.2/32): sipp UACs and raw clients send from here.</summary>
    public static IPAddress Peer { get; } = IPAddress.Parse("127.0.0.2");

    /// <summary>The core (softswitch): sipp UAS or a <see cref="CoreStub"/> listens here.</summary>
    public static IPAddress Core { get; } = IPAddress.Parse("127.0.0.3");

    /// <summary>Neither peer nor core.</summary>
    public static IPAddress Stranger { get; } = IPAddress.Parse("127.0.0.4");

    /// <summary>
    /// Whether a socket is bound to <paramref name="address"/>:<paramref name="port"/> (TCP: listening), read from
    /// /proc/net so that checking does not disturb the listener (a probe connection would count as a call to sipp).
    /// </summary>
    public static bool IsListening(IPAddress address, int port, bool tcp)
    {
        var table = tcp ? "/proc/net/tcp" : "/proc/net/udp";
        var bytes = address.GetAddressBytes();
        // /proc/net shows the IPv4 address as a little-endian 32-bit hex number: 127.0.0.3 -> 0300007F.
        var wanted = string.Create(CultureInfo.InvariantCulture, $"{bytes[3]:X2}{bytes[2]:X2}{bytes[1]:X2}{bytes[0]:X2}:{port:X4}");
        var wildcard = string.Create(CultureInfo.InvariantCulture, $"00000000:{port:X4}");
        foreach (var line in File.ReadLines(table).Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 4)
            {
                continue;
            }
            var local = fields[1];
            var state = fields[3];
            // TCP state 0A is LISTEN; UDP sockets show 07 (CLOSE) when bound and unconnected.
            var stateMatches = tcp ? state == "0A" : state == "07";
            if (stateMatches && (local == wanted || local == wildcard))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Polls <see cref="IsListening"/> until true or the timeout passes.</summary>
    public static async Task<bool> WaitListeningAsync(IPAddress address, int port, bool tcp, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (IsListening(address, port, tcp))
            {
                return true;
            }
            await Task.Delay(50);
        }
        return IsListening(address, port, tcp);
    }
}
