using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EdgeBlocker.IntegrationTests.Infrastructure;

/// <summary>
/// A raw UDP flood from one loopback address: INVITEs (each with its own Call-ID and branch, as a scanner or a
/// robocaller sends them) mixed with garbage, at a target rate until stopped or a time limit passes. Counts what it
/// sent and every datagram the box answered.
/// </summary>
public sealed class UdpFlooder : IDisposable
{
    private const int Variants = 256;
    private readonly Socket socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly IPEndPoint target;
    private readonly byte[][] messages;
    private readonly CancellationTokenSource stop = new();
    private long answers;

    public UdpFlooder(IPAddress from, IPEndPoint target)
    {
        this.target = target;
        socket.Bind(new IPEndPoint(from, 0));
        socket.SendBufferSize = 1 << 20;
        var local = (IPEndPoint)socket.LocalEndPoint!;
        messages = new byte[Variants][];
        for (var i = 0; i < Variants; i++)
        {
            messages[i] = (i % 4) switch
            {
                // Garbage: a truncated request, binary noise, and a request with a broken Via.
                1 => Encoding.ASCII.GetBytes($"INVITE sip:{i}@{target.Address} SIP/2.0\r\nVia: SIP/2.0/UDP\r\n"),
                3 => [.. Enumerable.Range(0, 200).Select(b => (byte)((b * 31) + i))],
                _ => Encoding.ASCII.GetBytes(
                    $"INVITE sip:+1202555{i:D4}@{target.Address}:{target.Port} SIP/2.0\r\n" +
                    $"Via: SIP/2.0/UDP {local.Address}:{local.Port};branch=z9hG4bK-flood-{i}\r\n" +
                    "Max-Forwards: 70\r\n" +
                    $"From: <sip:+1900555{i:D4}@{local.Address}>;tag=flood{i}\r\n" +
                    $"To: <sip:+1202555{i:D4}@{target.Address}>\r\n" +
                    $"Call-ID: flood-{i}-{Guid.NewGuid():N}\r\n" +
                    "CSeq: 1 INVITE\r\n" +
                    "Content-Length: 0\r\n\r\n"),
            };
        }
    }

    /// <summary>Datagrams sent so far.</summary>
    public long Sent { get; private set; }

    /// <summary>Datagrams the box sent back.</summary>
    public long Answers => Interlocked.Read(ref answers);

    /// <summary>How long the flood ran.</summary>
    public TimeSpan Elapsed { get; private set; }

    /// <summary>Floods at <paramref name="rate"/> datagrams a second on a thread of its own until <see cref="Stop"/> or
    /// <paramref name="limit"/>; answers are counted until then too.</summary>
    public Task RunAsync(int rate, TimeSpan limit)
    {
        stop.CancelAfter(limit);
        var receiving = Task.Run(ReceiveAsync);
        var sending = Task.Factory.StartNew(() => Send(rate), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        return Task.WhenAll(sending, receiving);
    }

    public void Stop() => stop.Cancel();

    private void Send(int rate)
    {
        var clock = Stopwatch.StartNew();
        long sent = 0;
        while (!stop.IsCancellationRequested)
        {
            // Catch up with the target rate, then sleep a millisecond: a steady flood, not one long burst.
            var due = (long)(clock.Elapsed.TotalSeconds * rate);
            for (var n = 0; sent < due && n < 1000; n++, sent++)
            {
                try
                {
                    socket.SendTo(messages[sent % Variants], target);
                }
                catch (SocketException)
                {
                    // A full send buffer or an ICMP error: the flood goes on.
                }
            }

            Thread.Sleep(1);
        }

        Elapsed = clock.Elapsed;
        Sent = sent;
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[65536];
        var from = new IPEndPoint(IPAddress.Any, 0);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await socket.ReceiveFromAsync(buffer, SocketFlags.None, from, stop.Token);
                Interlocked.Increment(ref answers);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException)
            {
                // ICMP errors surface here on Linux; keep reading.
            }
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        socket.Dispose();
        stop.Dispose();
    }
}
