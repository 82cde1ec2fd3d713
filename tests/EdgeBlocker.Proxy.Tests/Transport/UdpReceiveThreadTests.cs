using System.Net;
using System.Net.Sockets;
using System.Text;
using EdgeBlocker.Proxy.Transport;
using EdgeBlocker.Sip;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeBlocker.Proxy.Tests.Transport;

/// <summary>The receive threads over a real loopback socket: every datagram handled, allocation counted, a clean stop.</summary>
public sealed class UdpReceiveThreadTests
{
    private const int Messages = 50;
    private const int AllocatedPerMessage = 10_000;

    private static readonly byte[] Options = Encoding.ASCII.GetBytes("OPTIONS sip:box SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bK1\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:box>\r\nCall-ID: c1\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n");

    [Fact]
    public async Task Two_threads_handle_every_datagram_count_what_the_handler_allocates_and_stop_when_the_socket_closes()
    {
        var transport = new UdpTransport(new IPEndPoint(IPAddress.Loopback, 0), NullLogger.Instance);
        var handler = new AllocatingHandler();
        using var stopping = new CancellationTokenSource();
        var threads = transport.RunReceiveThreads(handler, 65535, threads: 2, stopping.Token);

        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        for (var i = 0; i < Messages; i++)
        {
            await sender.SendToAsync(Options, SocketFlags.None, transport.LocalEndPoint);
        }

        for (var i = 0; i < 100 && Volatile.Read(ref handler.Handled) < Messages; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(Messages, Volatile.Read(ref handler.Handled));
        await Task.Delay(100);
        for (var i = 0; i < 100 && transport.AllocatedBytes < Messages * (AllocatedPerMessage - 100); i++)
        {
            await Task.Delay(50);
        }

        Assert.InRange(transport.AllocatedBytes, Messages * (AllocatedPerMessage - 100), Messages * (AllocatedPerMessage + 4_000));

        await stopping.CancelAsync();
        transport.Dispose();
        await threads.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Receive_threads_ask_for_the_kernels_shortest_slice_and_get_it_where_the_kernel_has_custom_slices()
    {
        var transport = new UdpTransport(new IPEndPoint(IPAddress.Loopback, 0), NullLogger.Instance);
        var handler = new SliceHandler();
        using var stopping = new CancellationTokenSource();
        var threads = transport.RunReceiveThreads(handler, 65535, threads: 2, stopping.Token);

        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        await sender.SendToAsync(Options, SocketFlags.None, transport.LocalEndPoint);

        // Linux 6.12 brought custom slices for ordinary threads; this machine's kernel is newer. Each thread asks before
        // its first receive: the one that did not get the datagram may still be on its way there.
        var customSlices = Environment.OSVersion.Version >= new Version(6, 12);
        var expected = customSlices ? 2 : 0;
        for (var i = 0; i < 100 && (handler.Slice is null || transport.ShortSliceThreads != expected); i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(expected, transport.ShortSliceThreads);
        if (customSlices)
        {
            Assert.Equal(100_000, handler.Slice);
            Assert.NotEqual(100_000, SliceOfThisThread()); // the receive threads only
        }

        await stopping.CancelAsync();
        transport.Dispose();
        await threads.WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>The calling thread's scheduler slice in nanoseconds, as the kernel reports it; null where it does not.</summary>
    private static long? SliceOfThisThread() =>
        File.ReadLines("/proc/thread-self/sched")
            .Where(line => line.StartsWith("se.slice", StringComparison.Ordinal))
            .Select(line => (long?)long.Parse(line[(line.IndexOf(':') + 1)..].Trim(), System.Globalization.CultureInfo.InvariantCulture))
            .FirstOrDefault();

    private sealed class SliceHandler : ISipMessageHandler
    {
        private long _slice = -1;

        public long? Slice => Volatile.Read(ref _slice) is var s && s >= 0 ? s : null;

        public void OnMessage(SipMessage message, ParseResult result, in Remote source) =>
            Volatile.Write(ref _slice, SliceOfThisThread() ?? 0);
    }

    private sealed class AllocatingHandler : ISipMessageHandler
    {
        public int Handled;

        public void OnMessage(SipMessage message, ParseResult result, in Remote source)
        {
            Assert.True(result.IsComplete);
            GC.KeepAlive(new byte[AllocatedPerMessage - 24]);
            Interlocked.Increment(ref Handled);
        }
    }
}
