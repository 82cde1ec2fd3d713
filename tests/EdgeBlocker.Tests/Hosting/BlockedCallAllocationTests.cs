using System.Net;
using System.Net.Sockets;
using System.Text;
using EdgeBlocker.Hosting;
using EdgeBlocker.Proxy;
using EdgeBlocker.Proxy.Configuration;
using EdgeBlocker.Proxy.Transactions;
using EdgeBlocker.Proxy.Transport;
using EdgeBlocker.Screening;
using EdgeBlocker.Storage;
using EdgeBlocker.Storage.Calls;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeBlocker.Tests.Hosting;

/// <summary>
/// Blocked calls over real UDP sockets on loopback, through the proxy as the service composes it (screening policy,
/// call recorder, transaction layer, transports), counted by the receive thread's own allocation counter (the one the
/// service exports): once the box is warm, a blocked call (INVITE in, 607 out, ACK in) allocates nothing on the SIP
/// thread.
/// </summary>
public sealed class BlockedCallAllocationTests : IDisposable
{
    private const string Blocked = "+12025550143";

    private readonly string _directory = Directory.CreateTempSubdirectory("edgeblocker-alloc-").FullName;
    private readonly EdgeBlockerDatabase _database;

    public BlockedCallAllocationTests() => _database = EdgeBlockerDatabase.Open(new StorageOptions { DataDirectory = _directory }, TimeProvider.System);

    public void Dispose()
    {
        _database.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_blocked_call_allocates_nothing_on_the_receive_thread_once_warm()
    {
        var options = new SipOptions { BindAddress = "127.0.0.1", Port = 0, Core = "udp:127.0.0.3:5080" };
        var settings = ProxySettings.Create(options, new BlockResponseOptions(), out var errors)
            ?? throw new InvalidOperationException(string.Join("; ", errors));
        var screening = new ScreeningSettings();
        var engine = new ScreeningEngine(TimeProvider.System, screening);
        var builder = new SnapshotBuilder(screening);
        builder.AddExact(12025550143UL, new RuleMeta("robocallers", RuleKind.Exact, RuleAction.Block, "listed", ResponseCode.Unwanted607));
        engine.Swap(builder.Build());

        // The writer is not started and takes one record: every other is offered and refused, and its pending call goes
        // straight back to the recorder's stock (the writer's own thread is not what this test counts).
        var writer = new CallRecordWriter(_database.Calls, new CallRecordWriterOptions { QueueCapacity = 1 }, TimeProvider.System, NullLogger<CallRecordWriter>.Instance);
        var recorder = new CallRecorder(writer, TimeProvider.System);
        var sip = settings.Sip;
        var limits = new TcpLimits(sip.MaxTcpConnections, sip.MaxTcpConnectionsPerSource, sip.MaxMessageSize, sip.TcpIdleTimeout, sip.TcpMessageTimeout);
        using var transports = new SipTransports(settings.Bind, limits, NullLoggerFactory.Instance);
        // Timer I of 1 ms instead of T4 (5 s): a confirmed transaction ends at the scheduler's next tick.
        var layer = new TransactionLayer(transports, TimeProvider.System, TransactionTimers.Default with { T4 = TimeSpan.FromMilliseconds(1) });
        var proxy = new SipProxy(settings, new ScreeningPolicy(engine, recorder), layer, transports, transports.Port, NullLogger<SipProxy>.Instance, recorder);
        using var stop = new CancellationTokenSource();
        var receiving = transports.Udp.RunReceiveThreads(proxy, settings.Sip.MaxMessageSize, threads: 1, stop.Token);

        using var caller = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        caller.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        caller.ReceiveTimeout = 10_000;
        var box = new IPEndPoint(IPAddress.Loopback, transports.Port);
        var callerPort = ((IPEndPoint)caller.LocalEndPoint!).Port;
        var answer = new byte[4096];

        // One call: the INVITE is answered 607 (which proves it handled), then the ACK goes. The receive thread adds
        // what a datagram allocated to its counter when it comes back for the next one, so the counter read after a
        // call's 607 holds everything up to the ACK of the call before it.
        void Call(int i)
        {
            caller.SendTo(Encoding.ASCII.GetBytes(Message("INVITE", i, callerPort)), box);
            var length = caller.Receive(answer);
            Assert.StartsWith("SIP/2.0 607 ", Encoding.ASCII.GetString(answer, 0, length), StringComparison.Ordinal);
            caller.SendTo(Encoding.ASCII.GetBytes(Message("ACK", i, callerPort)), box);
        }

        // Warm: code compiled, pools and tables at their working size, then every transaction ended, so that the ended
        // ones wait to be used again.
        const int WarmUp = 3000;
        for (var i = 0; i < WarmUp; i++)
        {
            Call(i);
        }

        Assert.True(SpinWait.SpinUntil(() => layer.ServerCount == 0, TimeSpan.FromSeconds(30)), $"{layer.ServerCount} transactions still live");
        Call(WarmUp);
        var before = transports.Udp.AllocatedBytes;

        const int Measured = 500; // fewer than the ended transactions and response buffers kept, whatever the timers' pace
        for (var i = WarmUp + 1; i <= WarmUp + Measured; i++)
        {
            Call(i);
        }

        Call(WarmUp + Measured + 1);
        var allocated = transports.Udp.AllocatedBytes - before;

        await stop.CancelAsync();
        transports.Udp.SendKeepAliveToSelf(); // wakes the receive thread to see the cancellation
        await receiving.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(WarmUp + Measured + 2, proxy.Counters.CallsBlocked);
        Assert.True(layer.SpareServerCount > 0 || layer.ServerCount > 0);
        // Nothing per call. What a run may still show is once per lock, not per call: the first time a thread has to
        // wait for a given lock (the timer thread holding the table's, say), the runtime makes the lock's wait event on
        // that thread (about 300 bytes, seen once or twice in a run of this test). The smallest object is 24 bytes, so
        // anything made per call, or even every third call, is over this bound.
        Assert.True(allocated < Measured * 8, $"{allocated} bytes allocated on the receive thread for {Measured} blocked calls");
    }

    /// <summary>A trunk INVITE from the caller's socket, and the ACK of its 607.</summary>
    private static string Message(string method, int call, int port) =>
        $"{method} sip:+13105550100@127.0.0.1 SIP/2.0\r\n" +
        $"Via: SIP/2.0/UDP 127.0.0.1:{port};branch=z9hG4bK-{call}-alloc\r\n" +
        "Max-Forwards: 70\r\n" +
        $"From: <sip:{Blocked}@127.0.0.1:{port}>;tag={call}\r\n" +
        $"To: <sip:+13105550100@127.0.0.1>{(method == "ACK" ? ";tag=x" : string.Empty)}\r\n" +
        $"Call-ID: {call}-alloc@127.0.0.1\r\n" +
        $"CSeq: 1 {method}\r\n" +
        $"P-Asserted-Identity: <sip:{Blocked}@127.0.0.1>\r\n" +
        "Content-Length: 0\r\n\r\n";
}
