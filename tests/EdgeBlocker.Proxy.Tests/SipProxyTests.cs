using System.Net;
using System.Text;
using EdgeBlocker.Proxy.Configuration;
using EdgeBlocker.Proxy.Policy;
using EdgeBlocker.Proxy.Transactions;
using EdgeBlocker.Proxy.Transport;
using EdgeBlocker.Sip;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EdgeBlocker.Proxy.Tests;

public class SipProxyTests
{
    private static readonly Remote Caller = new(SipTransportKind.Udp, new IPEndPoint(IPAddress.Parse("127.0.0.2"), 5060));
    private static readonly Remote CoreRemote = new(SipTransportKind.Udp, new IPEndPoint(IPAddress.Parse("127.0.0.3"), 5080));
    private readonly FakeTimeProvider _clock = new();
    private readonly RecordingSender _sender;
    private readonly byte[] _receiveBuffer = new byte[65_536];
    private readonly SipMessage _received = new();

    public SipProxyTests() => _sender = new RecordingSender(_clock);

    private SipProxy CreateProxy(Action<SipOptions>? configure = null, BlockResponseOptions? block = null, params string[] blocked)
    {
        var options = new SipOptions { BindAddress = "127.0.0.1", Port = 5060, Core = "udp:127.0.0.3:5080" };
        configure?.Invoke(options);
        var settings = ProxySettings.Create(options, block ?? new BlockResponseOptions { Redress = "tel:+18005550199" }, out var errors);
        Assert.True(settings is not null, string.Join("; ", errors));
        var layer = new TransactionLayer(_sender, _clock, TransactionTimers.Default);
        return new SipProxy(settings, new ListPolicy(blocked), layer, _sender, 5060, NullLogger<SipProxy>.Instance);
    }

    /// <summary>
    /// Delivers a datagram as the UDP receive loop does: into one reused buffer and message. After the proxy is done
    /// with it the buffer is scribbled over, so a transaction that kept a view of it instead of a copy answers garbage.
    /// </summary>
    private void Deliver(SipProxy proxy, string text, Remote from)
    {
        var length = Encoding.UTF8.GetBytes(text, _receiveBuffer);
        var result = SipParser.Parse(_receiveBuffer.AsMemory(0, length), _received, SipParseMode.Datagram);
        proxy.OnMessage(_received, result, from);
        _receiveBuffer.AsSpan().Fill((byte)'#');
    }

    private List<RecordingSender.Sent> SentTo(Remote to) => [.. _sender.Messages.Where(m => m.To.EndPoint.Equals(to.EndPoint))];

    [Fact]
    public void A_listed_caller_gets_603_Network_Blocked_with_the_redress_reason_and_nothing_reaches_the_core()
    {
        var proxy = CreateProxy(blocked: "+15551230001");
        Deliver(proxy, Messages.Invite(from: "5551230001"), Caller);

        var response = Assert.Single(SentTo(Caller));
        Assert.Equal("SIP/2.0 603 Network Blocked", response.StartLine);
        Assert.Contains("Reason: SIP;cause=603;text=\"v=1;tel=+18005550199\";location=RLN\r\n", response.Text, StringComparison.Ordinal);
        Assert.Contains(";tag=eb", response.Parse().GetString(response.Parse().To.Value), StringComparison.Ordinal);
        Assert.Empty(SentTo(CoreRemote));
    }

    [Fact]
    public void A_blocked_call_is_answered_once_its_retransmissions_repeat_the_answer_and_its_ack_is_absorbed()
    {
        var proxy = CreateProxy(blocked: "+15551230001");
        var invite = Messages.Invite(from: "+15551230001");
        Deliver(proxy, invite, Caller);
        Deliver(proxy, invite, Caller);
        Assert.Equal(2, SentTo(Caller).Count);
        Assert.Equal(SentTo(Caller)[0].Text, SentTo(Caller)[1].Text);

        Deliver(proxy, "ACK sip:+12125550000@127.0.0.1:5060 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2:5060;branch=z9hG4bKup1\r\nFrom: <sip:+15551230001@carrier.example>;tag=from1\r\nTo: <sip:+12125550000@provider.example>;tag=x\r\nCall-ID: call-1\r\nCSeq: 1 ACK\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n", Caller);
        _clock.Run(TimeSpan.FromSeconds(10));
        Assert.Equal(2, SentTo(Caller).Count);
        Assert.Empty(SentTo(CoreRemote));
        Assert.Equal(1, proxy.Counters.CallsBlocked);
    }

    [Fact]
    public void An_ack_to_a_block_ends_its_transaction_at_once_and_a_late_copy_is_absorbed_not_relayed()
    {
        var settings = ProxySettings.Create(new SipOptions { BindAddress = "127.0.0.1", Core = "udp:127.0.0.3:5080" }, new BlockResponseOptions(), out _)!;
        var layer = new TransactionLayer(_sender, _clock, TransactionTimers.Default);
        var proxy = new SipProxy(settings, new ListPolicy(["+15551230001"]), layer, _sender, 5060, NullLogger<SipProxy>.Instance);
        Deliver(proxy, Messages.Invite(), Caller);
        var blocked = Assert.Single(SentTo(Caller)).Parse();
        var ack = AckTo(blocked.GetString(blocked.To.Value));

        Deliver(proxy, ack, Caller);
        Assert.Equal(0, layer.ServerCount); // no Confirmed state kept for timer I
        Assert.Equal(0, layer.Scheduler.Count);

        Deliver(proxy, ack, Caller); // a retransmitted ACK, with no transaction left to match it
        _clock.Run(TimeSpan.FromSeconds(40));
        Assert.Single(SentTo(Caller));
        Assert.Empty(SentTo(CoreRemote));
    }

    [Fact]
    public void An_ack_to_an_error_from_the_core_keeps_its_transaction_for_timer_I_and_an_ack_with_no_transaction_goes_on()
    {
        var settings = ProxySettings.Create(new SipOptions { BindAddress = "127.0.0.1", Core = "udp:127.0.0.3:5080" }, new BlockResponseOptions(), out _)!;
        var layer = new TransactionLayer(_sender, _clock, TransactionTimers.Default);
        var proxy = new SipProxy(settings, new ListPolicy([]), layer, _sender, 5060, NullLogger<SipProxy>.Instance);
        Deliver(proxy, Messages.Invite(), Caller);
        var relayed = Assert.Single(SentTo(CoreRemote)).Parse();
        Deliver(proxy, Messages.ResponseTo(relayed, 486, "Busy Here", toTag: "uas1"), CoreRemote);
        Assert.Equal("SIP/2.0 486 Busy Here", SentTo(Caller)[^1].StartLine);
        _sender.Clear();

        var ack = AckTo("<sip:+12125550000@provider.example>;tag=uas1");
        Deliver(proxy, ack, Caller);
        Assert.Equal(1, layer.ServerCount); // Confirmed: absorbs this ACK's copies for T4
        Deliver(proxy, ack, Caller);
        Assert.Empty(SentTo(CoreRemote));

        _clock.Run(TimeSpan.FromSeconds(6));
        Assert.Equal(0, layer.ServerCount);
        Deliver(proxy, ack, Caller); // no transaction and not a tag of this box: an ACK for a 2xx, end to end
        Assert.StartsWith("ACK ", Assert.Single(SentTo(CoreRemote)).Text, StringComparison.Ordinal);
    }

    private static string AckTo(string to) =>
        "ACK sip:+12125550000@127.0.0.1:5060 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2:5060;branch=z9hG4bKup1\r\nFrom: \"Caller\" <sip:+15551230001@carrier.example>;tag=from1\r\n" +
        $"To: {to}\r\nCall-ID: call-1\r\nCSeq: 1 ACK\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";

    [Theory]
    [InlineData(BlockResponse.Unwanted607, "SIP/2.0 607 Unwanted", null)]
    [InlineData(BlockResponse.Rejected608, "SIP/2.0 608 Rejected", "Call-Info: <https://provider.example/jcard.json>;purpose=jwscard\r\n")]
    [InlineData(BlockResponse.Decline603, "SIP/2.0 603 Decline", null)]
    public void Other_block_responses(BlockResponse kind, string statusLine, string? header)
    {
        var settings = ProxySettings.Create(new SipOptions { BindAddress = "127.0.0.1", Core = "udp:127.0.0.3:5080" }, new BlockResponseOptions { JCardUrl = "https://provider.example/jcard.json" }, out _)!;
        var proxy = new SipProxy(settings, new ListPolicy(["+15551230001"], kind), new TransactionLayer(_sender, _clock, TransactionTimers.Default), _sender, 5060, NullLogger<SipProxy>.Instance);
        Deliver(proxy, Messages.Invite(), Caller);
        var response = Assert.Single(SentTo(Caller));
        Assert.Equal(statusLine, response.StartLine);
        Assert.DoesNotContain("Reason:", response.Text, StringComparison.Ordinal);
        if (header is not null)
        {
            Assert.Contains(header, response.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_allowed_call_gets_100_Trying_and_is_relayed_to_the_core_with_via_record_route_and_max_forwards_decremented()
    {
        var proxy = CreateProxy(blocked: "+15551230001");
        Deliver(proxy, Messages.Invite(from: "+15551239999"), Caller);

        Assert.Equal("SIP/2.0 100 Trying", Assert.Single(SentTo(Caller)).StartLine);
        var relayed = Assert.Single(SentTo(CoreRemote)).Parse();
        Assert.Equal("INVITE sip:+12125550000@127.0.0.1:5060 SIP/2.0", relayed.GetString(relayed.StartLine));
        Assert.Equal(69, relayed.MaxForwards);
        Assert.Equal(2, relayed.ViaCount);
        Assert.Equal("127.0.0.1", relayed.GetString(relayed.TopVia.Host));
        Assert.StartsWith("z9hG4bKeb", relayed.GetString(relayed.TopVia.Branch), StringComparison.Ordinal);
        Assert.True(relayed.TryGetHeader(HeaderKind.RecordRoute, out var rr));
        Assert.Equal("<sip:127.0.0.1:5060;lr>", relayed.GetString(rr.Value));
        // Everything else byte for byte: the body and the headers the proxy has no business with.
        Assert.Equal("v=0\n", relayed.GetString(relayed.Body));
        Assert.Contains("Contact: <sip:caller@127.0.0.2:5060>\r\n", Encoding.UTF8.GetString(relayed.Span), StringComparison.Ordinal);
    }

    [Fact]
    public void Responses_from_the_core_are_relayed_upstream_without_the_proxy_via_and_100_is_not()
    {
        var proxy = CreateProxy();
        Deliver(proxy, Messages.Invite(), Caller);
        var relayed = Assert.Single(SentTo(CoreRemote)).Parse();
        _sender.Clear();

        Deliver(proxy, Messages.ResponseTo(relayed, 100, "Trying"), CoreRemote);
        Deliver(proxy, Messages.ResponseTo(relayed, 180, "Ringing"), CoreRemote);
        Deliver(proxy, Messages.ResponseTo(relayed, 200, "OK"), CoreRemote);

        var upstream = SentTo(Caller);
        Assert.Equal(["SIP/2.0 180 Ringing", "SIP/2.0 200 OK"], upstream.Select(m => m.StartLine));
        var ok = upstream[1].Parse();
        Assert.Equal(1, ok.ViaCount);
        Assert.Equal("z9hG4bKup1", ok.GetString(ok.TopVia.Branch));
        Assert.True(ok.TryGetHeader(HeaderKind.RecordRoute, out _));
    }

    [Fact]
    public void Bye_through_record_route_pops_the_route_and_goes_to_the_core()
    {
        var proxy = CreateProxy();
        var bye = "BYE sip:callee@127.0.0.3:5080 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2:5060;branch=z9hG4bKbye1\r\nRoute: <sip:127.0.0.1:5060;lr>\r\nMax-Forwards: 70\r\nFrom: <sip:+15551239999@carrier.example>;tag=from1\r\nTo: <sip:+12125550000@provider.example>;tag=uas1\r\nCall-ID: call-1\r\nCSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n";
        Deliver(proxy, bye, Caller);
        var relayed = Assert.Single(SentTo(CoreRemote)).Parse();
        Assert.Equal("BYE", relayed.GetString(relayed.MethodToken));
        Assert.False(relayed.TryGetHeader(HeaderKind.Route, out _));
        Assert.False(relayed.TryGetHeader(HeaderKind.RecordRoute, out _));
    }

    [Fact]
    public void Cancel_gets_200_the_core_gets_a_cancel_and_the_487_comes_back_up()
    {
        var proxy = CreateProxy();
        Deliver(proxy, Messages.Invite(), Caller);
        var relayed = Assert.Single(SentTo(CoreRemote)).Parse();
        Deliver(proxy, Messages.ResponseTo(relayed, 180, "Ringing"), CoreRemote);
        _sender.Clear();

        Deliver(proxy, "CANCEL sip:+12125550000@127.0.0.1:5060 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2:5060;branch=z9hG4bKup1\r\nMax-Forwards: 70\r\nFrom: \"Caller\" <sip:+15551230001@carrier.example>;tag=from1\r\nTo: <sip:+12125550000@provider.example>\r\nCall-ID: call-1\r\nCSeq: 1 CANCEL\r\nContent-Length: 0\r\n\r\n", Caller);
        Assert.Equal("SIP/2.0 200 OK", Assert.Single(SentTo(Caller)).StartLine);
        var cancel = Assert.Single(SentTo(CoreRemote)).Parse();
        Assert.Equal("CANCEL", cancel.GetString(cancel.MethodToken));
        Assert.Equal(relayed.GetString(relayed.TopVia.Branch), cancel.GetString(cancel.TopVia.Branch));

        Deliver(proxy, Messages.ResponseTo(relayed, 487, "Request Terminated"), CoreRemote);
        Assert.Equal("SIP/2.0 487 Request Terminated", SentTo(Caller)[^1].StartLine);
        Assert.StartsWith("ACK ", SentTo(CoreRemote)[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_core_that_never_answers_gives_the_caller_408_after_timer_B()
    {
        var proxy = CreateProxy();
        Deliver(proxy, Messages.Invite(), Caller);
        _clock.Run(TimeSpan.FromSeconds(31));
        Assert.DoesNotContain(SentTo(Caller), m => m.StartLine.StartsWith("SIP/2.0 408", StringComparison.Ordinal));
        _clock.Run(TimeSpan.FromSeconds(2));
        Assert.Equal("SIP/2.0 408 Request Timeout", SentTo(Caller)[^1].StartLine);
        // Built from the INVITE the transaction kept, long after the receive buffer moved on.
        var timeout = SentTo(Caller)[^1].Parse();
        Assert.Equal("call-1", timeout.GetString(timeout.CallId));
        Assert.Equal(SipMethod.Invite, timeout.CSeqMethod);
        Assert.Equal("z9hG4bKup1", timeout.GetString(timeout.TopVia.Branch));
    }

    [Theory]
    [InlineData("Max-Forwards: 0", "INVITE", "SIP/2.0 483 Too Many Hops")]
    [InlineData("Max-Forwards: 0", "OPTIONS", "SIP/2.0 200 OK")]
    [InlineData("Proxy-Require: foo", "INVITE", "SIP/2.0 420 Bad Extension")]
    public void Sanity_checks_answer_without_forwarding(string header, string method, string expected)
    {
        var proxy = CreateProxy();
        var text = $"{method} sip:+12125550000@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2:5060;branch=z9hG4bKs1\r\n{header}\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>\r\nCall-ID: s1\r\nCSeq: 1 {method}\r\nContent-Length: 0\r\n\r\n";
        Deliver(proxy, text, Caller);
        var answers = SentTo(Caller);
        Assert.Equal(expected, answers[^1].StartLine);
        Assert.Empty(SentTo(CoreRemote));
        if (expected.Contains("420", StringComparison.Ordinal))
        {
            Assert.Contains("Unsupported: foo\r\n", answers[^1].Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Unknown_uri_scheme_gets_416()
    {
        var proxy = CreateProxy();
        Deliver(proxy, "OPTIONS nobodyKnowsThisScheme:totallyopaquecontent SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2:5060;branch=z9hG4bKu1\r\nMax-Forwards: 70\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>\r\nCall-ID: u1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n", Caller);
        Assert.Equal("SIP/2.0 416 Unsupported URI Scheme", Assert.Single(SentTo(Caller)).StartLine);
    }

    [Fact]
    public void With_peers_configured_a_stranger_gets_403_and_a_peer_is_screened()
    {
        var proxy = CreateProxy(o => o.Peers.Add(new TrunkPeerOptions { Name = "carrier-a", Addresses = { "127.0.0.2/32" } }));
        var stranger = new Remote(SipTransportKind.Udp, new IPEndPoint(IPAddress.Parse("127.0.0.9"), 5060));
        Deliver(proxy, Messages.Invite(via: "127.0.0.9:5060"), stranger);
        Assert.Equal("SIP/2.0 403 Forbidden", Assert.Single(SentTo(stranger)).StartLine);

        Deliver(proxy, Messages.Invite(branch: "z9hG4bKpeer"), Caller);
        Assert.Single(SentTo(CoreRemote));
    }

    [Fact]
    public void A_stranger_that_never_acknowledges_its_403_gets_it_once_and_leaves_no_transaction()
    {
        var proxy = CreateProxy(o => o.Peers.Add(new TrunkPeerOptions { Name = "carrier-a", Addresses = { "127.0.0.2/32" } }));
        var stranger = new Remote(SipTransportKind.Udp, new IPEndPoint(IPAddress.Parse("127.0.0.9"), 5060));
        Deliver(proxy, Messages.Invite(via: "127.0.0.9:5060"), stranger);
        _clock.Run(TimeSpan.FromSeconds(40)); // past timer H: a transaction would have retransmitted the 403 by now
        Assert.Equal("SIP/2.0 403 Forbidden", Assert.Single(SentTo(stranger)).StartLine);

        Deliver(proxy, Messages.Invite(via: "127.0.0.9:5060"), stranger); // its retransmission: answered again, statelessly
        Assert.Equal(2, SentTo(stranger).Count);
    }

    [Fact]
    public void A_malformed_request_that_can_be_answered_gets_400_and_one_that_cannot_is_dropped()
    {
        var proxy = CreateProxy();
        Deliver(proxy, "INVITE sip:a@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2:5060;branch=z9hG4bKm1\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>\r\nCall-ID: m1\r\nCSeq: 1 INVITE\r\nContent-Length: 9999\r\n\r\n", Caller);
        Assert.Equal("SIP/2.0 400 Bad Request", Assert.Single(SentTo(Caller)).StartLine);

        Deliver(proxy, "garbage\r\n\r\n", Caller);
        Assert.Single(_sender.Messages);
        Assert.Equal(2, proxy.Counters.MalformedMessages);
    }

    [Fact]
    public void Redirect_mode_answers_302_to_the_core_or_the_block()
    {
        var proxy = CreateProxy(o => o.Mode = ProxyMode.Redirect, blocked: "+15551230001");
        Deliver(proxy, Messages.Invite(from: "+15551239999"), Caller);
        var moved = Assert.Single(SentTo(Caller));
        Assert.Equal("SIP/2.0 302 Moved Temporarily", moved.StartLine);
        Assert.Contains("Contact: <sip:+12125550000@127.0.0.3:5080>\r\n", moved.Text, StringComparison.Ordinal);

        Deliver(proxy, Messages.Invite(from: "+15551230001", branch: "z9hG4bKr2", callId: "call-2"), Caller);
        Assert.Equal("SIP/2.0 603 Network Blocked", SentTo(Caller)[^1].StartLine);
        Assert.Empty(SentTo(CoreRemote));
    }

    [Fact]
    public void Responses_whose_top_via_is_not_ours_are_dropped()
    {
        var proxy = CreateProxy();
        Deliver(proxy, "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 192.0.2.198;branch=z9hG4bK1324923\r\nVia: SIP/2.0/UDP 255.255.255.255;branch=z9hG4bK1saber23\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>;tag=2\r\nCall-ID: r1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n", CoreRemote);
        Assert.Empty(_sender.Messages);
        Assert.Equal(1, proxy.Counters.StrayResponses);
    }

    [Fact]
    public void A_tagged_call_is_relayed_with_the_verdict_header_and_answer_and_hang_up_are_reported()
    {
        var settings = ProxySettings.Create(new SipOptions { BindAddress = "127.0.0.1", Core = "udp:127.0.0.3:5080" }, new BlockResponseOptions(), out _)!;
        var events = new RecordingEvents();
        var tagging = new TagPolicy("X-EdgeBlocker-Verdict: suspect;rule=prefix\r\n");
        var proxy = new SipProxy(settings, tagging, new TransactionLayer(_sender, _clock, TransactionTimers.Default), _sender, 5060, NullLogger<SipProxy>.Instance, events);
        Deliver(proxy, Messages.Invite(), Caller);

        var relayed = Assert.Single(SentTo(CoreRemote)).Parse();
        Assert.True(relayed.TryGetHeader("X-EdgeBlocker-Verdict"u8, out var tag));
        Assert.Equal("suspect;rule=prefix", relayed.GetString(tag.Value));

        Deliver(proxy, Messages.ResponseTo(relayed, 200, "OK"), CoreRemote);
        Deliver(proxy, "BYE sip:callee@127.0.0.3:5080 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2:5060;branch=z9hG4bKbye9\r\nRoute: <sip:127.0.0.1:5060;lr>\r\nMax-Forwards: 70\r\nFrom: <sip:a@b>;tag=from1\r\nTo: <sip:c@d>;tag=uas1\r\nCall-ID: call-1\r\nCSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n", Caller);
        Assert.Equal(["answered call-1", "ended call-1"], events.Seen);
    }

    private sealed class TagPolicy(string header) : ICallPolicy
    {
        private readonly byte[] _header = Encoding.ASCII.GetBytes(header);

        public CallDecision Decide(in CallAttempt attempt) => new(CallAction.Tag, BlockResponse.NetworkBlocked603Plus, "prefix", "test", _header);
    }

    private sealed class RecordingEvents : ICallEvents
    {
        public List<string> Seen { get; } = [];

        public void OnAnswered(ReadOnlySpan<byte> callId) => Seen.Add("answered " + Encoding.ASCII.GetString(callId));

        public void OnEnded(ReadOnlySpan<byte> callId) => Seen.Add("ended " + Encoding.ASCII.GetString(callId));
    }

    /// <summary>Blocks the calling numbers given, as the real policy would after normalising to E.164.</summary>
    [Theory]
    [InlineData("+15551230001", true)]
    [InlineData("+15551239999", false)]
    public void A_cancel_that_overtakes_its_invite_on_another_receive_thread_waits_for_the_invite_s_handling(string caller, bool blocked)
    {
        using var screening = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var settings = ProxySettings.Create(new SipOptions { BindAddress = "127.0.0.1", Port = 5060, Core = "udp:127.0.0.3:5080" }, new BlockResponseOptions { Redress = "tel:+18005550199" }, out _)!;
        var policy = new GatedPolicy(new ListPolicy(["+15551230001"]), screening, release);
        var proxy = new SipProxy(settings, policy, new TransactionLayer(_sender, _clock, TransactionTimers.Default), _sender, 5060, NullLogger<SipProxy>.Instance);

        // Two receive threads, each with its own buffer and message, as the UDP transport runs them.
        var invite = new Thread(() => Deliver(proxy, Messages.Invite(from: caller), Caller));
        invite.Start();
        Assert.True(screening.Wait(TimeSpan.FromSeconds(10)));
        using var cancelled = new ManualResetEventSlim();
        var cancel = new Thread(() =>
        {
            var message = new SipMessage();
            var text = "CANCEL sip:+12125550000@127.0.0.1:5060 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2:5060;branch=z9hG4bKup1\r\nMax-Forwards: 70\r\nFrom: \"Caller\" <sip:+15551230001@carrier.example>;tag=from1\r\nTo: <sip:+12125550000@provider.example>\r\nCall-ID: call-1\r\nCSeq: 1 CANCEL\r\nContent-Length: 0\r\n\r\n";
            proxy.OnMessage(message, SipParser.Parse(Encoding.UTF8.GetBytes(text), message, SipParseMode.Datagram), Caller);
            cancelled.Set();
        });
        cancel.Start();
        Assert.False(cancelled.Wait(TimeSpan.FromMilliseconds(200)), "the CANCEL was handled while its INVITE was still being screened");

        release.Set();
        invite.Join();
        Assert.True(cancelled.Wait(TimeSpan.FromSeconds(10)));
        cancel.Join();

        var toCaller = SentTo(Caller).Select(m => m.StartLine).ToList();
        Assert.Contains("SIP/2.0 200 OK", toCaller);
        // The proxy never answers 487 itself here: a blocked INVITE was answered already, a relayed one is cancelled
        // at the core (whose 487 comes back up).
        Assert.DoesNotContain("SIP/2.0 487 Request Terminated", toCaller);
        if (blocked)
        {
            Assert.Contains("SIP/2.0 603 Network Blocked", toCaller);
            Assert.Empty(SentTo(CoreRemote));
        }
        else
        {
            // Cancelled at the core once it answers provisionally (RFC 3261 §9.1: no CANCEL before that).
            Deliver(proxy, Messages.ResponseTo(Assert.Single(SentTo(CoreRemote)).Parse(), 180, "Ringing"), CoreRemote);
            Assert.Equal(["INVITE", "CANCEL"], SentTo(CoreRemote).Select(m => m.StartLine.Split(' ')[0]));
        }
    }

    /// <summary>Holds each decision until released, saying when one is waiting.</summary>
    private sealed class GatedPolicy(ICallPolicy inner, ManualResetEventSlim waiting, ManualResetEventSlim release) : ICallPolicy
    {
        public CallDecision Decide(in CallAttempt attempt)
        {
            waiting.Set();
            Assert.True(release.Wait(TimeSpan.FromSeconds(10)));
            return inner.Decide(attempt);
        }
    }

    private sealed class ListPolicy(IEnumerable<string> numbers, BlockResponse response = BlockResponse.NetworkBlocked603Plus) : ICallPolicy
    {
        private readonly HashSet<string> _numbers = [.. numbers.Select(n => n.TrimStart('+'))];

        public CallDecision Decide(in CallAttempt attempt)
        {
            var user = Encoding.ASCII.GetString(attempt.CallingUser).TrimStart('+');
            var e164 = user.Length == 10 ? "1" + user : user;
            return _numbers.Contains(e164) ? new CallDecision(CallAction.Block, response, "exact", "test") : CallDecision.Allow;
        }
    }
}
