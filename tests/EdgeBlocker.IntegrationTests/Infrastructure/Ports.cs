using System.Net;
using System.Net.Sockets;

namespace EdgeBlocker.IntegrationTests.Infrastructure;

/// <summary>
/// Hands out ports that are free for both UDP and TCP, below the Linux ephemeral range (32768+) so that no
/// client socket of another process takes one between the check and its use. Unique within the test run, so
/// test classes running in parallel never share a port.
/// </summary>
public static class Ports
{
    private const int First = 20000;
    private const int Count = 12000;
    private static int counter = Environment.ProcessId % 97 * 113;

    /// <summary>The next free port.</summary>
    public static int Next()
    {
        for (var attempt = 0; attempt < Count; attempt++)
        {
            var port = First + (int)((uint)Interlocked.Increment(ref counter) % Count);
            if (IsFree(port))
            {
                return port;
            }
        }
        throw new InvalidOperationException("no free port in 20000-31999");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Any, port));
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            tcp.Bind(new IPEndPoint(IPAddress.Any, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
