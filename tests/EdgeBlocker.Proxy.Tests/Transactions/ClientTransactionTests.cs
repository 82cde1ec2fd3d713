using System.Net;
using EdgeBlocker.Proxy.Transactions;
using EdgeBlocker.Proxy.Transport;
using EdgeBlocker.Sip;
using Microsoft.Extensions.Time.Testing;

namespace EdgeBlocker.Proxy.Tests.Transactions;

public class ClientTransactionTests
{
    private static readonly Remote Core = new(SipTransportKind.Udp, new IPEndPoint(IPAddress.Loopback, 5080));
    private readonly FakeTimeProvider _clock = new();
    private readonly RecordingSender _sender;
    private readonly TransactionLayer _layer;
    private readonly List<ClientTransaction> _timedOut = [];

    public ClientTransactionTests()
    {
        _sender = new RecordingSender(_clock);
        _layer = new TransactionLayer(_sender, _clock, TransactionTimers.Default);
        _layer.ClientTimedOut += _timedOut.Add;
    }

    private ClientTransaction Start(string? text = null, Remote? to = null) =>
        _layer.StartClient(System.Text.Encoding.UTF8.GetBytes(text ?? Messages.Invite(branch: "z9hG4bKebdown1")), to ?? Core, upstream: null);

    [Fact]
    public void Invite_is_retransmitted_with_timer_A_doubling_and_times_out_with_timer_B()
    {
        var t = Start();
        _clock.Run(TimeSpan.FromSeconds(33));

        var times = _sender.Messages.Select(m => (m.At - _sender.Messages[0].At).TotalMilliseconds).ToArray();
        // A = 0.5, 1, 2, 4, 8, 16 s (no cap for INVITE, RFC 3261 §17.1.1.2) until B = 64*T1 = 32 s.
        Assert.Equal([0, 500, 1500, 3500, 7500, 15500, 31500], times);
        Assert.Equal([t], _timedOut);
        Assert.Null(_layer.FindClient(t.Key));
    }

    [Fact]
    public void A_provisional_stops_retransmissions_and_timer_B()
    {
        var t = Start();
        Assert.True(t.OnResponse(Messages.Parse(Messages.ResponseTo(t.Request, 180, "Ringing"))));
        _clock.Run(TimeSpan.FromSeconds(40));
        Assert.Single(_sender.Messages);
        Assert.Empty(_timedOut);
        Assert.Equal(ClientTransactionState.Proceeding, t.State);
    }

    [Fact]
    public void Final_error_is_acked_hop_by_hop_and_its_retransmission_absorbed()
    {
        var t = Start();
        var busy = Messages.Parse(Messages.ResponseTo(t.Request, 486, "Busy Here"));
        Assert.True(t.OnResponse(busy));
        var ack = _sender.Messages[^1].Parse();
        Assert.Equal("ACK", ack.GetString(ack.MethodToken));
        Assert.Equal(t.Request.GetString(t.Request.TopVia.Branch), ack.GetString(ack.TopVia.Branch));
        Assert.Equal("uas1", ack.GetString(ack.To.Tag));
        Assert.Equal(1u, ack.CSeq);

        Assert.False(t.OnResponse(busy));
        Assert.Equal(3, _sender.Messages.Count);
        Assert.StartsWith("ACK ", _sender.Messages[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Cancel_before_any_provisional_waits_for_one()
    {
        var t = Start();
        Assert.True(t.Cancel());
        Assert.Single(_sender.Messages);

        t.OnResponse(Messages.Parse(Messages.ResponseTo(t.Request, 180, "Ringing")));
        var cancel = _sender.Messages[^1].Parse();
        Assert.Equal("CANCEL", cancel.GetString(cancel.MethodToken));
        Assert.Equal(t.Request.GetString(t.Request.TopVia.Branch), cancel.GetString(cancel.TopVia.Branch));
        Assert.Equal(t.Request.GetString(t.Request.RequestUri), cancel.GetString(cancel.RequestUri));
    }

    [Fact]
    public void A_forwarded_request_is_keyed_by_the_branch_the_proxy_wrote_found_by_its_responses_and_parsed_only_to_cancel_it()
    {
        var text = Messages.Invite(branch: "z9hG4bKfwd7");
        var t = _layer.StartClient(System.Text.Encoding.UTF8.GetBytes(text), "z9hG4bKfwd7"u8, SipMethod.Invite, Core, upstream: null);
        Assert.Equal(TransactionLayer.ClientKey("z9hG4bKfwd7"u8, SipMethod.Invite), t.Key);
        Assert.True(t.IsInvite);
        Assert.Equal(text, _sender.Messages[0].Text);

        var ringing = Messages.Parse(Messages.ResponseTo(Messages.Parse(text), 180, "Ringing"));
        Assert.Same(t, _layer.FindClient(ringing[ringing.TopVia.Branch], ringing.CSeqMethod));
        Assert.Null(_layer.FindClient(ringing[ringing.TopVia.Branch], SipMethod.Bye));
        Assert.Null(_layer.FindClient("z9hG4bKfwd8"u8, SipMethod.Invite));

        Assert.True(t.OnResponse(ringing));
        Assert.True(t.Cancel()); // needs the request's fields, parsed now
        var cancel = _sender.Messages[^1].Parse();
        Assert.Equal("CANCEL", cancel.GetString(cancel.MethodToken));
        Assert.Equal("z9hG4bKfwd7", cancel.GetString(cancel.TopVia.Branch));
        Assert.Equal(t.Request.GetString(t.Request.CallId), cancel.GetString(cancel.CallId));
    }

    [Fact]
    public void A_2xx_ends_the_invite_client_transaction_so_later_2xx_are_relayed_statelessly()
    {
        var t = Start();
        Assert.True(t.OnResponse(Messages.Parse(Messages.ResponseTo(t.Request, 200, "OK"))));
        Assert.Equal(ClientTransactionState.Terminated, t.State);
        Assert.Null(_layer.FindClient(t.Key));
        Assert.False(t.Cancel());
    }

    [Fact]
    public void Over_TCP_nothing_is_retransmitted()
    {
        Start(to: new Remote(SipTransportKind.Tcp, Core.EndPoint));
        _clock.Run(TimeSpan.FromSeconds(20));
        Assert.Single(_sender.Messages);
    }

    [Fact]
    public void Non_invite_retransmissions_are_capped_at_T2()
    {
        var bye = "BYE sip:callee@127.0.0.1:5080 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKebbye\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>;tag=2\r\nCall-ID: b1\r\nCSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n";
        Start(bye);
        _clock.Run(TimeSpan.FromSeconds(33));
        var times = _sender.Messages.Select(m => (m.At - _sender.Messages[0].At).TotalMilliseconds).ToArray();
        // E = 0.5, 1, 2, 4, 4, ... s (RFC 3261 §17.1.2.2) until F = 32 s.
        Assert.Equal([0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500], times);
        Assert.Single(_timedOut);
    }

    [Fact]
    public void A_non_invite_lets_its_request_go_at_the_final_response_and_absorbs_the_final_responses_retransmissions()
    {
        var bye = "BYE sip:callee@127.0.0.1:5080 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKebbye2\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>;tag=2\r\nCall-ID: b2\r\nCSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n";
        var t = _layer.StartClient(System.Text.Encoding.UTF8.GetBytes(bye), "z9hG4bKebbye2"u8, SipMethod.Bye, Core, upstream: null);
        var ok = Messages.Parse(Messages.ResponseTo(Messages.Parse(bye), 200, "OK"));
        Assert.True(t.OnResponse(ok));
        Assert.Equal(ClientTransactionState.Completed, t.State);
        Assert.Throws<InvalidOperationException>(() => t.Request); // let go: Completed needs nothing of it

        Assert.False(t.OnResponse(ok)); // a retransmission, absorbed (timer K)
        _clock.Run(TimeSpan.FromSeconds(4));
        Assert.Single(_sender.Messages); // the BYE once, never again
        Assert.Same(t, _layer.FindClient(t.Key));
        _clock.Run(TimeSpan.FromSeconds(2)); // past T4
        Assert.Null(_layer.FindClient(t.Key));
        Assert.Empty(_timedOut);
    }
}
