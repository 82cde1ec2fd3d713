using System.Net;
using System.Text;
using EdgeBlocker.Proxy.Configuration;
using EdgeBlocker.Proxy.Health;
using EdgeBlocker.Proxy.Transactions;
using EdgeBlocker.Proxy.Transport;
using EdgeBlocker.Sip;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EdgeBlocker.Proxy.Tests.Health;

/// <summary>OPTIONS health pings to the core and the trunk peers, on a fake clock, answered through the real proxy.</summary>
public sealed class TrunkHealthPingerTests
{
    private static readonly IPEndPoint Core = new(IPAddress.Parse("127.0.0.3"), 5080);
    private static readonly IPEndPoint Peer = new(IPAddress.Parse("127.0.0.2"), 5062);
    private readonly FakeTimeProvider _clock = new();
    private readonly RecordingSender _sender;
    private readonly SipProxy _proxy;
    private readonly TrunkHealthPinger _pinger;
    private int _changes;

    public TrunkHealthPingerTests()
    {
        _sender = new RecordingSender(_clock);
        (_proxy, _pinger) = Create(TimeSpan.FromSeconds(10));
        _pinger.Changed += () => _changes++;
    }

    private (SipProxy, TrunkHealthPinger) Create(TimeSpan interval)
    {
        var options = new SipOptions { BindAddress = "127.0.0.1", Port = 5060, Core = $"udp:{Core}", HealthInterval = interval };
        options.Peers.Add(new TrunkPeerOptions { Name = "carrier-a", Addresses = { "127.0.0.2/32" }, Uri = $"udp:{Peer}" });
        options.Peers.Add(new TrunkPeerOptions { Name = "no-uri", Addresses = { "127.0.0.9/32" } });
        var settings = ProxySettings.Create(options, new BlockResponseOptions(), out var errors);
        Assert.True(settings is not null, string.Join("; ", errors));
        var layer = new TransactionLayer(_sender, _clock, TransactionTimers.Default);
        var proxy = new SipProxy(settings, new AllowAll(), layer, _sender, 5060, NullLogger<SipProxy>.Instance);
        return (proxy, new TrunkHealthPinger(settings, layer, 5060, _clock, NullLogger<TrunkHealthPinger>.Instance));
    }

    /// <summary>The distinct pings sent to a target (timer E retransmits each over UDP with the same Call-ID).</summary>
    private List<RecordingSender.Sent> Pings(IPEndPoint to) =>
        [.. _sender.Messages.Where(m => m.To.EndPoint.Equals(to) && m.StartLine.StartsWith("OPTIONS ", StringComparison.Ordinal)).DistinctBy(m => m.Parse().GetString(m.Parse().CallId))];

    /// <summary>The target answers a ping as a SIP server would: its Via, From, To (tagged), Call-ID and CSeq back.</summary>
    private void Answer(RecordingSender.Sent ping, IPEndPoint from, int status = 200)
    {
        var lines = ping.Text.Split("\r\n");
        string Header(string name) => lines.First(l => l.StartsWith(name + ":", StringComparison.Ordinal));
        var text = $"SIP/2.0 {status} Whatever\r\n{Header("Via")};received={from.Address}\r\n{Header("From")}\r\n{Header("To")};tag=t1\r\n{Header("Call-ID")}\r\n{Header("CSeq")}\r\nContent-Length: 0\r\n\r\n";
        var message = new SipMessage();
        var result = SipParser.Parse(Encoding.ASCII.GetBytes(text), message, SipParseMode.Datagram);
        _proxy.OnMessage(message, result, new Remote(SipTransportKind.Udp, from));
    }

    private sealed class AllowAll : EdgeBlocker.Proxy.Policy.ICallPolicy
    {
        public EdgeBlocker.Proxy.Policy.CallDecision Decide(in EdgeBlocker.Proxy.Policy.CallAttempt attempt) => EdgeBlocker.Proxy.Policy.CallDecision.Allow;
    }

    private TargetHealth Target(string name) => _pinger.Snapshot().Targets.Single(t => t.Name == name);

    [Fact]
    public void The_core_and_each_peer_with_a_Uri_get_an_OPTIONS_ping_with_the_box_Via_at_start()
    {
        _pinger.Start();

        var core = Assert.Single(Pings(Core));
        var peer = Assert.Single(Pings(Peer));
        Assert.Equal("OPTIONS sip:127.0.0.3:5080 SIP/2.0", core.StartLine);
        Assert.Equal("OPTIONS sip:127.0.0.2:5062 SIP/2.0", peer.StartLine);
        var via = core.Parse().TopVia;
        Assert.StartsWith("z9hG4bKeb", core.Parse().GetString(via.Branch), StringComparison.Ordinal);
        Assert.Equal("127.0.0.1", core.Parse().GetString(via.Host));
        Assert.Equal(["core", "carrier-a"], _pinger.Snapshot().Targets.Select(t => t.Name));
        Assert.All(_pinger.Snapshot().Targets, t => Assert.Null(t.Up));
    }

    [Fact]
    public void A_target_that_answers_is_up_one_that_does_not_is_down_when_the_next_ping_is_due()
    {
        _pinger.Start();
        Answer(Pings(Core)[0], Core);
        Assert.True(Target("core").Up);
        Assert.Equal(200, Target("core").LastStatus);
        Assert.Equal(1, _changes);

        _clock.Run(TimeSpan.FromSeconds(9.9));
        Assert.Null(Target("carrier-a").Up);
        _clock.Run(TimeSpan.FromSeconds(0.1));
        Assert.False(Target("carrier-a").Up);
        Assert.True(Target("core").Up, "the core answered its ping: still up while its second ping is out");
        Assert.Equal(2, Pings(Core).Count);
        Assert.Equal(2, _changes);
        var snapshot = _pinger.Snapshot();
        Assert.True(snapshot.CoreUp);
        Assert.False(snapshot.AllUp);
    }

    [Fact]
    public void Any_response_even_503_means_up_and_a_core_that_stops_answering_goes_down()
    {
        _pinger.Start();
        Answer(Pings(Core)[0], Core, 503);
        Answer(Pings(Peer)[0], Peer, 404);
        Assert.True(_pinger.Snapshot().AllUp);

        _clock.Run(TimeSpan.FromSeconds(10));
        Answer(Pings(Peer)[1], Peer);
        _clock.Run(TimeSpan.FromSeconds(10));

        Assert.False(Target("core").Up);
        Assert.True(Target("carrier-a").Up);
        Assert.False(_pinger.Snapshot().CoreUp);

        Answer(Pings(Core)[2], Core);
        Assert.True(Target("core").Up);
    }

    [Fact]
    public void A_zero_interval_sends_nothing()
    {
        var (_, pinger) = Create(TimeSpan.Zero);
        pinger.Start();
        _clock.Run(TimeSpan.FromSeconds(30));

        Assert.Empty(_sender.Messages);
        Assert.False(pinger.Snapshot().Enabled);
    }

    [Theory]
    [InlineData("00:00:00.5")]
    [InlineData("02:00:00")]
    public void An_interval_out_of_range_is_refused_naming_the_key(string interval)
    {
        var options = new SipOptions { Core = "udp:127.0.0.3:5080", HealthInterval = TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture) };
        Assert.Null(ProxySettings.Create(options, new BlockResponseOptions(), out var errors));
        Assert.Contains(errors, e => e.StartsWith("EdgeBlocker:Sip:HealthInterval:", StringComparison.Ordinal));
    }
}
