using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using EdgeBlocker.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace EdgeBlocker.IntegrationTests;

/// <summary>
/// Flood protection end to end: a stranger (127.0.0.4) floods INVITEs and garbage at several times what the box can
/// handle while the trunk peer (127.0.0.2) places calls through to a sipp core (127.0.0.3).
/// </summary>
[Collection(RunsAlone.Name)]
public sealed partial class FloodTests(ITestOutputHelper output)
{
    /// <summary>Datagrams a second from the stranger: three times the box's blocking capacity (~10k calls/s on 2 cores),
    /// fifteen times its relaying capacity. <c>FLOOD_RATE</c> overrides it for measurements (0: no flood). Higher rates
    /// pass too while the machine is otherwise idle; on a shared, oversubscribed one the kernel then drops datagrams
    /// (the peer's among them) whenever the box is not scheduled, which says nothing about the box.</summary>
    private static readonly int FloodRate = Setting("FLOOD_RATE", 30_000);

    /// <summary>The peer's calls a second during the flood: sustainable on a shared, loaded 2-core machine.</summary>
    private static readonly int PeerRate = Setting("FLOOD_PEER_RATE", 200);

    private static readonly int PeerCalls = Setting("FLOOD_PEER_CALLS", 1000);

    /// <summary>sipp's socket buffers. With sipp's 64 KB default, at 1,000 calls a second the sipps themselves lost
    /// datagrams whenever the flood kept them off the cores (per-socket drops in /proc/net/udp: peer 499, core 483, the
    /// box 0), and the core aborted calls whose ACK it never read.</summary>
    private const int SippBuffer = 4 * 1024 * 1024;

    private static int Setting(string name, int value) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), CultureInfo.InvariantCulture, out var set) ? set : value;

    [Fact]
    public async Task A_flood_from_a_stranger_fails_no_call_of_the_peer_and_gets_no_answers()
    {
        var corePort = Ports.Next();
        await using var service = await ServiceProcess.StartAsync(new ServiceSettings { Core = $"udp:{Loopback.Core}:{corePort}", T1 = null });
        await using var core = await Sipp.StartAsync(new SippOptions { Scenario = "uas_call.xml", LocalAddress = Loopback.Core, LocalPort = corePort, Calls = PeerCalls, Timeout = TimeSpan.FromSeconds(30 + (PeerCalls / PeerRate)), BufferBytes = SippBuffer });
        using var flood = new UdpFlooder(Loopback.Stranger, service.SipEndPoint);

        var flooding = FloodRate > 0 ? flood.RunAsync(FloodRate, TimeSpan.FromSeconds(30 + (PeerCalls / PeerRate))) : Task.CompletedTask;
        await Task.Delay(TimeSpan.FromSeconds(1));
        var peer = UdpProxyCallTests.Uac("uac_call.xml", service, ServiceSettings.CleanNumber);
        var caller = await Sipp.RunAsync(new SippOptions
        {
            Scenario = peer.Scenario, LocalAddress = peer.LocalAddress, Remote = peer.Remote, Keys = peer.Keys,
            Calls = PeerCalls, Rate = PeerRate, Timeout = TimeSpan.FromSeconds(20 + (PeerCalls / PeerRate)), BufferBytes = SippBuffer,
        });
        flood.Stop();
        await flooding;
        var callee = await core.WaitAsync(TimeSpan.FromSeconds(caller.Succeeded(PeerCalls) ? 20 : 3));
        await service.AssertAliveAsync("a flood from a stranger");
        await service.StopAsync();

        var stopped = StoppedLine().Match(service.Printed);
        var dropped = stopped.Success ? long.Parse(stopped.Groups["dropped"].Value, CultureInfo.InvariantCulture) : -1;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"flood: {flood.Sent} datagrams in {flood.Elapsed.TotalSeconds:0.0} s = {flood.Sent / flood.Elapsed.TotalSeconds:0} /s offered, {flood.Answers} answered, {dropped} dropped by the box; " +
            $"peer: {PeerCalls} calls at {PeerRate} cps, {caller.SuccessfulCalls} succeeded, {caller.FailedCalls} failed"));

        var context = $"caller:\n{caller}\n\ncore:\n{callee}\n\nbox:\n{service.Output}";
        Assert.True(caller.Succeeded(PeerCalls), "the peer's calls failed during the flood\n" + context);
        Assert.True(callee.Succeeded(PeerCalls), "the core did not see every call\n" + context);
        if (FloodRate > 0)
        {
            // The stranger's first Burst (40) requests get their 403 or 400; after that the box says nothing at all.
            Assert.InRange(flood.Answers, 1, 40);
            Assert.True(dropped > flood.Sent / 2, $"the box dropped {dropped} of {flood.Sent} datagrams\n{service.Output}");
            Assert.Single(PenaltyLine().Matches(service.Printed));
        }
    }

    [Fact]
    public async Task TCP_connections_beyond_the_per_source_limit_are_refused_and_other_sources_still_connect()
    {
        await using var coreStub = CoreStub.Udp(Ports.Next());
        await using var service = await ServiceProcess.StartAsync(new ServiceSettings
        {
            Core = coreStub.Uri,
            Extra = new Dictionary<string, string> { ["EdgeBlocker:Sip:MaxTcpConnectionsPerSource"] = "2" },
        });

        var sockets = new List<Socket>();
        try
        {
            foreach (var from in new[] { Loopback.Stranger, Loopback.Stranger, Loopback.Stranger, Loopback.Peer })
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(from, 0));
                await socket.ConnectAsync(service.SipEndPoint);
                sockets.Add(socket);
                await Task.Delay(200);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            Assert.Equal(0, await sockets[2].ReceiveAsync(new byte[16], SocketFlags.None, timeout.Token)); // the third from .4

            var local = (IPEndPoint)sockets[3].LocalEndPoint!;
            await sockets[3].SendAsync(Encoding.ASCII.GetBytes(
                $"OPTIONS sip:{Loopback.Box}:{service.Settings.Port} SIP/2.0\r\nVia: SIP/2.0/TCP {local.Address}:{local.Port};branch=z9hG4bK-per-source\r\nMax-Forwards: 70\r\nFrom: <sip:ping@{local.Address}>;tag=1\r\nTo: <sip:box@{Loopback.Box}>\r\nCall-ID: per-source-1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n"));
            var buffer = new byte[4096];
            var read = await sockets[3].ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            Assert.StartsWith("SIP/2.0 200 OK\r\n", Encoding.ASCII.GetString(buffer, 0, read), StringComparison.Ordinal);
        }
        finally
        {
            sockets.ForEach(s => s.Dispose());
        }
    }

    [GeneratedRegex(@"flood protection dropped (?<dropped>\d+) messages")]
    private static partial Regex StoppedLine();

    [GeneratedRegex(@"SIP flood: 127\.0\.0\.4 is over its rate limit")]
    private static partial Regex PenaltyLine();
}
