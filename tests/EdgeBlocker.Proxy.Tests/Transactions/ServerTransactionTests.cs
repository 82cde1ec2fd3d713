using System.Net;
using System.Text;
using EdgeBlocker.Proxy.Transactions;
using EdgeBlocker.Proxy.Transport;
using EdgeBlocker.Sip;
using Microsoft.Extensions.Time.Testing;

namespace EdgeBlocker.Proxy.Tests.Transactions;

public class ServerTransactionTests
{
    private static readonly Remote Upstream = new(SipTransportKind.Udp, new IPEndPoint(IPAddress.Loopback, 5061));
    private readonly FakeTimeProvider _clock = new();
    private readonly RecordingSender _sender;
    private readonly TransactionLayer _layer;
    private readonly byte[] _receiveBuffer = new byte[4096];
    private readonly SipMessage _received = new();

    public ServerTransactionTests()
    {
        _sender = new RecordingSender(_clock);
        _layer = new TransactionLayer(_sender, _clock, TransactionTimers.Default);
    }

    /// <summary>Advances the fake clock in 50 ms steps, as real time passes, so timers re-armed in a callback fire on time.</summary>
    private void Tick(TimeSpan span) => _clock.Run(span);

    private ServerTransaction Create(string text, Remote? source = null)
    {
        var request = Messages.Parse(text);
        var transaction = _layer.CreateServer(request, source ?? Upstream, [], 0);
        transaction.EndReceive();
        return transaction;
    }

    [Fact]
    public void Invite_final_error_is_retransmitted_with_timer_G_doubling_until_T2_then_stops_at_timer_H()
    {
        var t = Create(Messages.Invite());
        t.Respond("SIP/2.0 603 Network Blocked\r\n\r\n"u8, 603);

        Tick(TimeSpan.FromSeconds(40));

        var times = _sender.Messages.Select(m => (m.At - _sender.Messages[0].At).TotalMilliseconds).ToArray();
        // Sent at 0, then G = 0.5, 1, 2, 4, 4, 4 ... s (RFC 3261 §17.2.1) until H = 64*T1 = 32 s.
        Assert.Equal([0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500], times);
        Assert.Equal(ServerTransactionState.Terminated, t.State);
        Assert.Null(_layer.FindServer(t.Key));
    }

    [Fact]
    public void Ack_stops_retransmissions_and_timer_I_ends_the_transaction()
    {
        var t = Create(Messages.Invite());
        t.Respond("SIP/2.0 486 Busy Here\r\n\r\n"u8, 486);
        Tick(TimeSpan.FromMilliseconds(600));
        Assert.Equal(2, _sender.Messages.Count);

        t.OnAck(t.Generation);
        Assert.Equal(ServerTransactionState.Confirmed, t.State);
        Tick(TimeSpan.FromSeconds(4));
        Assert.Equal(2, _sender.Messages.Count);
        Assert.NotNull(_layer.FindServer(t.Key));

        Assert.Equal(1, _layer.Scheduler.Count); // timer I; timer G was stopped by the ACK

        Tick(TimeSpan.FromSeconds(1.1)); // Timer I = T4 = 5 s
        Assert.Null(_layer.FindServer(t.Key));
        Assert.Equal(0, _layer.Scheduler.Count); // an ended transaction leaves no timer behind
    }

    [Fact]
    public void An_ack_whose_retransmissions_are_absorbed_elsewhere_ends_the_transaction_at_once_and_it_is_used_again()
    {
        var t = Create(Messages.Invite());
        t.Respond("SIP/2.0 603 Network Blocked\r\n\r\n"u8, 603);
        var life = t.Generation;

        Assert.Equal(603, t.OnAck(life, endNow: true));
        Assert.Equal(ServerTransactionState.Terminated, t.State);
        Assert.Null(_layer.FindServer(t.Key));
        Assert.Equal(0, _layer.Scheduler.Count); // neither timer G nor H nor I is left
        Assert.Equal(1, _layer.SpareServerCount);
        Assert.Equal(-1, t.OnAck(life, endNow: true)); // a retransmitted ACK finds no life

        Tick(TimeSpan.FromSeconds(40));
        Assert.Single(_sender.Messages); // the 603 was never sent again

        var next = Create(Messages.Invite(branch: "z9hG4bKnext"));
        Assert.Same(t, next);
        Assert.Equal(ServerTransactionState.Proceeding, next.State);
    }

    [Fact]
    public void An_ack_ends_nothing_before_a_final_error_and_a_relayed_error_still_lingers_for_timer_I()
    {
        var proceeding = Create(Messages.Invite(branch: "z9hG4bKproceeding"));
        Assert.Equal(0, proceeding.OnAck(proceeding.Generation, endNow: true));
        Assert.Equal(ServerTransactionState.Proceeding, proceeding.State);

        var relayed = Create(Messages.Invite(branch: "z9hG4bKrelayed"));
        relayed.Respond("SIP/2.0 486 Busy Here\r\n\r\n"u8, 486);
        Assert.Equal(486, relayed.OnAck(relayed.Generation));
        Assert.Equal(ServerTransactionState.Confirmed, relayed.State);
        Assert.NotNull(_layer.FindServer(relayed.Key));
    }

    [Fact]
    public void After_the_ack_a_retransmitted_invite_is_absorbed_and_the_response_is_not_kept()
    {
        var t = Create(Messages.Invite());
        t.Respond("SIP/2.0 603 Network Blocked\r\n\r\n"u8, 603);
        t.OnRetransmission(t.Generation);
        Assert.Equal(2, _sender.Messages.Count); // Completed: the request gets the response again

        t.OnAck(t.Generation);
        t.OnRetransmission(t.Generation);
        Tick(TimeSpan.FromSeconds(1));
        Assert.Equal(2, _sender.Messages.Count); // Confirmed (RFC 3261 §17.2.1) only absorbs
        Assert.Equal(ServerTransactionState.Confirmed, t.State);
    }

    [Fact]
    public void An_invite_never_answered_ends_after_timer_C_and_the_ring_timeout_and_one_answered_keeps_no_such_timer()
    {
        var unanswered = Create(Messages.Invite(branch: "z9hG4bKquiet"));
        Assert.Equal(1, _layer.Scheduler.Count);

        var blocked = Receive(Messages.Invite(branch: "z9hG4bKblocked"));
        blocked.Respond("SIP/2.0 603 Network Blocked\r\n\r\n"u8, 603);
        blocked.EndReceive();
        Assert.Equal(3, _layer.Scheduler.Count); // the unanswered one's end, the blocked one's timers G and H
        blocked.OnAck(blocked.Generation);
        Assert.Equal(2, _layer.Scheduler.Count); // and timer I instead of G and H

        Tick(TimeSpan.FromSeconds(6));
        Assert.Null(_layer.FindServer(blocked.Key));
        Tick(TransactionTimers.Default.TimerC + TransactionTimers.Default.Timeout64T1 - TimeSpan.FromSeconds(7));
        Assert.NotNull(_layer.FindServer(unanswered.Key));
        Tick(TimeSpan.FromSeconds(2));
        Assert.Null(_layer.FindServer(unanswered.Key));
        Assert.Equal(0, _layer.Scheduler.Count);
    }

    [Fact]
    public void A_retransmitted_request_gets_the_last_response_again()
    {
        var t = Create(Messages.Invite());
        t.OnRetransmission(t.Generation);
        Assert.Empty(_sender.Messages);

        t.Respond("SIP/2.0 100 Trying\r\n\r\n"u8, 100);
        t.OnRetransmission(t.Generation);
        Assert.Equal(2, _sender.Messages.Count);
        Assert.All(_sender.Messages, m => Assert.StartsWith("SIP/2.0 100", m.Text, StringComparison.Ordinal));

        t.Respond("SIP/2.0 603 Network Blocked\r\n\r\n"u8, 603);
        t.OnRetransmission(t.Generation);
        Assert.Equal("SIP/2.0 603 Network Blocked", _sender.Messages[^1].StartLine);
    }

    [Fact]
    public void A_second_final_response_is_not_sent_but_a_second_2xx_passes()
    {
        var t = Create(Messages.Invite());
        Assert.True(t.Respond("SIP/2.0 200 OK\r\n\r\n"u8, 200));
        Assert.True(t.Respond("SIP/2.0 200 OK\r\n\r\n"u8, 200));
        Assert.False(t.Respond("SIP/2.0 486 Busy Here\r\n\r\n"u8, 486));
        Assert.Equal(2, _sender.Messages.Count);
    }

    [Fact]
    public void After_a_2xx_the_INVITE_is_accepted_its_retransmissions_are_absorbed_and_the_UAS_2xx_retransmissions_pass_until_timer_L()
    {
        var t = Create(Messages.Invite());
        t.Respond("SIP/2.0 180 Ringing\r\n\r\n"u8, 180);
        t.OnRetransmission(t.Generation); // Proceeding: the last provisional again
        t.Respond("SIP/2.0 200 OK\r\n\r\n"u8, 200);
        Assert.Equal(ServerTransactionState.Accepted, t.State);

        t.OnRetransmission(t.Generation); // RFC 6026 §7.1: absorbed, not answered
        Tick(TimeSpan.FromSeconds(20));
        Assert.Equal(["SIP/2.0 180 Ringing", "SIP/2.0 180 Ringing", "SIP/2.0 200 OK"], _sender.Messages.Select(m => m.StartLine)); // no 2xx of its own
        Assert.True(t.Respond("SIP/2.0 200 OK\r\n\r\n"u8, 200)); // the UAS retransmitting its 2xx
        Assert.Equal(4, _sender.Messages.Count);
        Assert.Equal(200, t.OnAck(t.Generation)); // the ACK of a 2xx is the proxy's to relay
        Assert.Equal(ServerTransactionState.Accepted, t.State);

        Tick(TimeSpan.FromSeconds(13)); // 64*T1 after the 2xx
        Assert.Equal(ServerTransactionState.Terminated, t.State);
        Assert.Null(_layer.FindServer(t.Key));
    }

    [Fact]
    public void Over_TCP_a_final_response_is_not_retransmitted()
    {
        var tcp = new Remote(SipTransportKind.Tcp, new IPEndPoint(IPAddress.Loopback, 40000));
        var t = Create(Messages.Invite(), tcp);
        t.Respond("SIP/2.0 603 Network Blocked\r\n\r\n"u8, 603);
        Tick(TimeSpan.FromSeconds(10));
        Assert.Single(_sender.Messages);
    }

    [Fact]
    public void Non_invite_transaction_lingers_for_timer_J_then_ends()
    {
        var t = Create(Encoding.UTF8.GetString("OPTIONS sip:127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2:5060;branch=z9hG4bKopt\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>\r\nCall-ID: o1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n"u8));
        t.Respond("SIP/2.0 200 OK\r\n\r\n"u8, 200);
        Tick(TimeSpan.FromSeconds(31));
        Assert.NotNull(_layer.FindServer(t.Key));
        t.OnRetransmission(t.Generation);
        Assert.Equal(2, _sender.Messages.Count);
        Tick(TimeSpan.FromSeconds(2));
        Assert.Null(_layer.FindServer(t.Key));
    }

    [Fact]
    public void Ack_and_cancel_find_their_invite_by_branch_and_sent_by()
    {
        var invite = Messages.Parse(Messages.Invite(branch: "z9hG4bKabc"));
        var ack = Messages.Parse("ACK sip:x@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2:5060;branch=z9hG4bKabc\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>;tag=2\r\nCall-ID: call-1\r\nCSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n");
        var cancel = Messages.Parse("CANCEL sip:x@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2:5060;branch=z9hG4bKabc\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>\r\nCall-ID: call-1\r\nCSeq: 1 CANCEL\r\nContent-Length: 0\r\n\r\n");
        var other = Messages.Parse(Messages.Invite(branch: "z9hG4bKabc", via: "127.0.0.9:5060"));

        var key = TransactionLayer.ServerKey(invite, SipMethod.Invite);
        Assert.Equal(key, TransactionLayer.ServerKey(ack, SipMethod.Ack));
        Assert.Equal(key, TransactionLayer.ServerKey(cancel, SipMethod.Invite));
        Assert.NotEqual(key, TransactionLayer.ServerKey(cancel, SipMethod.Cancel));
        Assert.NotEqual(key, TransactionLayer.ServerKey(other, SipMethod.Invite));
    }

    [Fact]
    public void A_key_is_one_string_even_for_a_branch_longer_than_the_stack_buffer()
    {
        var invite = Messages.Parse(Messages.Invite(branch: "z9hG4bKabc"));
        TransactionLayer.ServerKey(invite, SipMethod.Invite); // JIT out of the measurement
        var before = GC.GetAllocatedBytesForCurrentThread();
        var key = TransactionLayer.ServerKey(invite, SipMethod.Invite);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal("z9hG4bKabc|127.0.0.2:5060|Invite", key);
        Assert.True(allocated <= 24 + (2 * key.Length) + 8, $"{allocated} bytes allocated for a {key.Length}-char key");

        var longBranch = "z9hG4bK" + new string('b', 600);
        var long1 = Messages.Parse(Messages.Invite(branch: longBranch));
        Assert.Equal(longBranch + "|127.0.0.2:5060|Invite", TransactionLayer.ServerKey(long1, SipMethod.Invite));
        Assert.Equal(longBranch + "|Bye", TransactionLayer.ClientKey(System.Text.Encoding.ASCII.GetBytes(longBranch), SipMethod.Bye));
    }

    [Fact]
    public void Ack_and_cancel_are_found_without_a_key_string_and_a_long_key_is_found_too()
    {
        var longBranch = "z9hG4bK" + new string('b', 600);
        var invites = new[] { Create(Messages.Invite(branch: "z9hG4bKabc")), Create(Messages.Invite(branch: longBranch)) };
        var ack = Messages.Parse("ACK sip:x@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2:5060;branch=z9hG4bKabc\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>;tag=2\r\nCall-ID: call-1\r\nCSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n");
        var longAck = Messages.Parse($"ACK sip:x@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2:5060;branch={longBranch}\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>;tag=2\r\nCall-ID: call-1\r\nCSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n");
        var stranger = Messages.Parse(Messages.Invite(branch: "z9hG4bKabc", via: "127.0.0.9:5060"));

        Assert.Same(invites[0], _layer.FindServer(ack, SipMethod.Ack, out _));
        Assert.Same(invites[1], _layer.FindServer(longAck, SipMethod.Invite, out _));
        Assert.Null(_layer.FindServer(ack, SipMethod.Cancel, out _));
        Assert.Null(_layer.FindServer(stranger, SipMethod.Invite, out _));

        _layer.FindServer(ack, SipMethod.Ack, out _); // JIT out of the measurement
        var before = GC.GetAllocatedBytesForCurrentThread();
        _layer.FindServer(ack, SipMethod.Ack, out _);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>Parses <paramref name="text"/> into the one receive buffer and message, as a receive loop does, and
    /// makes its transaction, still being handled on this thread.</summary>
    private ServerTransaction Receive(string text)
    {
        var length = Encoding.UTF8.GetBytes(text, _receiveBuffer);
        Assert.True(SipParser.Parse(_receiveBuffer.AsMemory(0, length), _received, SipParseMode.Datagram).IsComplete);
        return _layer.CreateServer(_received, Upstream, [], 0);
    }

    [Fact]
    public void A_request_answered_while_it_is_handled_is_not_copied_and_its_answer_still_repeats()
    {
        var t = Receive(Messages.Invite());
        Assert.Same(_received, t.Request); // the received message itself while the receive thread handles it
        t.Respond("SIP/2.0 603 Network Blocked\r\n\r\n"u8, 603);
        t.EndReceive();
        _receiveBuffer.AsSpan().Fill((byte)'#');

        Assert.False(t.TryGetRequest(out _));
        Assert.Throws<InvalidOperationException>(() => t.Request);
        t.OnRetransmission(t.Generation);
        Assert.Equal(["SIP/2.0 603 Network Blocked", "SIP/2.0 603 Network Blocked"], _sender.Messages.Select(m => m.StartLine));
        t.OnAck(t.Generation);
        Assert.Equal(ServerTransactionState.Confirmed, t.State);
    }

    [Fact]
    public void A_kept_copy_is_let_go_at_the_final_response_and_a_request_answered_while_handled_is_readable_until_the_end()
    {
        var relayed = Receive(Messages.Invite(callId: "relayed-1", branch: "z9hG4bKrelayed"));
        relayed.Respond("SIP/2.0 100 Trying\r\n\r\n"u8, 100);
        relayed.EndReceive();
        Assert.True(relayed.TryGetRequest(out _));
        relayed.Respond("SIP/2.0 200 OK\r\n\r\n"u8, 200); // from downstream, later, on another thread
        Assert.False(relayed.TryGetRequest(out _));
        relayed.OnRetransmission(relayed.Generation);
        Assert.Equal(["SIP/2.0 100 Trying", "SIP/2.0 200 OK"], _sender.Messages.Select(m => m.StartLine)); // absorbed: Accepted

        var blocked = Receive(Messages.Invite(callId: "blocked-1", branch: "z9hG4bKblocked"));
        blocked.Respond("SIP/2.0 603 Network Blocked\r\n\r\n"u8, 603);
        Assert.Same(_received, blocked.Request); // the handling goes on with it (its log line names the Call-ID)
        blocked.EndReceive();
        Assert.False(blocked.TryGetRequest(out _));
    }

    [Fact]
    public void A_forwarded_transaction_lets_its_branch_go_at_the_final_response_and_is_used_again_when_it_ends()
    {
        var forwarded = Receive(Messages.Invite(branch: "z9hG4bKfwd2", callId: "call-4"));
        forwarded.Downstream = _layer.StartClient(Encoding.UTF8.GetBytes(Messages.Invite(branch: "z9hG4bKebdown2", callId: "call-4")), Upstream, forwarded);
        forwarded.EndReceive();
        Assert.Equal(CancelTarget.Forwarded, forwarded.ForCancel(forwarded.Generation, out _));

        forwarded.Respond("SIP/2.0 200 OK\r\n\r\n"u8, 200);
        Assert.Null(forwarded.Downstream);
        Assert.Equal(CancelTarget.Answered, forwarded.ForCancel(forwarded.Generation, out var downstream));
        Assert.Null(downstream);

        Tick(TimeSpan.FromSeconds(40));
        Assert.Equal(ServerTransactionState.Terminated, forwarded.State);
        Assert.Equal(1, _layer.SpareServerCount); // its client transaction names the life it carries on
    }

    [Fact]
    public void A_request_not_yet_answered_when_its_handling_ends_keeps_a_copy_that_outlives_the_receive_buffer()
    {
        var text = Messages.Invite(callId: "kept-1");
        var t = Receive(text);
        t.Respond("SIP/2.0 100 Trying\r\n\r\n"u8, 100);
        t.EndReceive();
        _receiveBuffer.AsSpan().Fill((byte)'#');

        Assert.True(t.TryGetRequest(out var kept));
        Assert.NotSame(_received, kept);
        Assert.Equal(text, Encoding.UTF8.GetString(kept.Span));
        Assert.Equal("kept-1", kept.GetString(kept.CallId));
    }

    [Fact]
    public void An_initial_invite_awaits_its_answer_until_its_final_response_and_a_re_invite_or_other_request_never_does()
    {
        var initial = Receive(Messages.Invite(branch: "z9hG4bKinit", callId: "call-5"));
        initial.Respond("SIP/2.0 100 Trying\r\n\r\n"u8, 100);
        initial.EndReceive();
        _receiveBuffer.AsSpan().Fill((byte)'#'); // the answer must not depend on the receive buffer
        Assert.True(initial.AwaitsAnswer(initial.Generation));
        Assert.False(initial.AwaitsAnswer(initial.Generation + 1)); // another life
        initial.Respond("SIP/2.0 200 OK\r\n\r\n"u8, 200);
        Assert.False(initial.AwaitsAnswer(initial.Generation));

        var reInvite = Receive(Messages.Invite(branch: "z9hG4bKre", callId: "call-6").Replace("To: <sip:+12125550000@provider.example>", "To: <sip:+12125550000@provider.example>;tag=callee1", StringComparison.Ordinal));
        reInvite.EndReceive();
        Assert.False(reInvite.AwaitsAnswer(reInvite.Generation));

        var bye = Receive(Messages.Invite(branch: "z9hG4bKbye5", callId: "call-6").Replace("INVITE", "BYE", StringComparison.Ordinal));
        bye.EndReceive();
        Assert.False(bye.AwaitsAnswer(bye.Generation));
    }

    [Fact]
    public void Another_thread_asking_for_the_request_waits_until_the_receive_thread_is_done_with_it()
    {
        var text = Messages.Invite(callId: "raced-1");
        var t = Receive(text);

        // A thread of its own: the receive thread (this one) must be the one that ends the handling.
        SipMessage? seen = null;
        using var asked = new ManualResetEventSlim();
        using var got = new ManualResetEventSlim();
        var other = new Thread(() =>
        {
            asked.Set();
            seen = t.Request;
            got.Set();
        });
        other.Start();
        Assert.True(asked.Wait(TimeSpan.FromSeconds(10)));
        Assert.False(got.Wait(TimeSpan.FromMilliseconds(200)), "another thread got the request while the receive thread still handled it");

        t.EndReceive();
        _receiveBuffer.AsSpan().Fill((byte)'#');
        Assert.True(got.Wait(TimeSpan.FromSeconds(10)));
        other.Join();
        Assert.NotSame(_received, seen);
        Assert.Equal(text, Encoding.UTF8.GetString(seen!.Span));
    }

    [Fact]
    public void The_buffer_of_an_ended_transaction_keeps_the_next_one_s_response_and_the_ended_one_sends_nothing_more()
    {
        // The system clock, as in the service (the fake clock allocates when its timer moves), with timer I = 1 ms.
        var sender = new LastSentSender();
        var layer = new TransactionLayer(sender, TimeProvider.System, TransactionTimers.Default with { T4 = TimeSpan.FromMilliseconds(1) });
        var first = Encoding.ASCII.GetBytes("SIP/2.0 603 Network Blocked\r\n" + new string('1', 400) + "\r\n\r\n");
        var second = Encoding.ASCII.GetBytes("SIP/2.0 607 Unwanted\r\n" + new string('2', 400) + "\r\n\r\n");
        ServerTransaction ReceiveOnLayer(string branch)
        {
            var request = Messages.Parse(Messages.Invite(branch: branch));
            return layer.CreateServer(request, Upstream, [], 0);
        }

        ServerTransaction ended = null!;
        var endedLife = 0;
        for (var i = 0; i < 2; i++)
        {
            // Twice: the pool's first rent from its stock makes what it needs once.
            ended = ReceiveOnLayer("z9hG4bKfirst" + i);
            endedLife = ended.Generation;
            ended.Respond(first, 603);
            ended.EndReceive();
            ended.OnAck(ended.Generation); // timer I: it ends, its buffer goes back
            Assert.True(SpinWait.SpinUntil(() => ended.State == ServerTransactionState.Terminated, TimeSpan.FromSeconds(10)));
        }

        var next = ReceiveOnLayer("z9hG4bKsecond");
        var before = GC.GetAllocatedBytesForCurrentThread();
        next.Respond(second, 607);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        next.EndReceive();
        Assert.True(allocated < second.Length, $"{allocated} bytes allocated to keep a {second.Length}-byte response");

        // A late retransmission of the ended one's INVITE gets nothing; the next one's gets its own response, whole.
        sender.Count = 0;
        ended.OnRetransmission(endedLife);
        Assert.Equal(0, sender.Count);
        next.OnRetransmission(next.Generation);
        Assert.Equal(1, sender.Count);
        Assert.Equal(second, sender.Last);
    }

    [Fact]
    public void An_ended_blocked_transaction_serves_the_next_request_and_what_came_for_its_old_life_does_nothing_to_it()
    {
        var t = Receive(Messages.Invite(branch: "z9hG4bKold"));
        t.Respond("SIP/2.0 603 Network Blocked\r\n\r\n"u8, 603);
        t.EndReceive();
        var oldLife = t.Generation;
        Assert.Equal(603, t.OnAck(oldLife));
        Tick(TimeSpan.FromSeconds(5.1)); // timer I
        Assert.Equal(ServerTransactionState.Terminated, t.State);
        Assert.Equal(1, _layer.SpareServerCount);

        var next = Receive(Messages.Invite(branch: "z9hG4bKnew", callId: "call-2"));
        Assert.Same(t, next);
        Assert.NotEqual(oldLife, next.Generation);
        Assert.Equal(0, _layer.SpareServerCount);
        next.Respond("SIP/2.0 607 Unwanted\r\n\r\n"u8, 607);
        next.EndReceive();
        _sender.Clear();

        // A retransmission, an ACK and a CANCEL that found the old life (on another thread, just before it ended).
        t.OnRetransmission(oldLife);
        Assert.Empty(_sender.Messages);
        Assert.Equal(-1, t.OnAck(oldLife));
        Assert.Equal(ServerTransactionState.Completed, next.State); // not confirmed: its 607 is still retransmitted
        Assert.Equal(CancelTarget.Gone, t.ForCancel(oldLife, out var downstream));
        Assert.Null(downstream);

        // The old key is gone; the new one finds the new life.
        Assert.Null(_layer.FindServer(Messages.Parse(Messages.Invite(branch: "z9hG4bKold")), SipMethod.Invite, out _));
        Assert.Same(next, _layer.FindServer(Messages.Parse(Messages.Invite(branch: "z9hG4bKnew", callId: "call-2")), SipMethod.Invite, out var found));
        Assert.Equal(next.Generation, found);
        next.OnRetransmission(found);
        Assert.Equal(["SIP/2.0 607 Unwanted"], _sender.Messages.Select(m => m.StartLine));
    }

    [Fact]
    public void A_transaction_that_kept_its_request_or_was_forwarded_is_used_again_and_what_came_for_its_old_life_does_nothing_to_the_next()
    {
        var kept = Receive(Messages.Invite(branch: "z9hG4bKkept"));
        kept.Respond("SIP/2.0 100 Trying\r\n\r\n"u8, 100);
        kept.EndReceive(); // unanswered: it keeps a copy, which a CANCEL or a timeout may still use
        Assert.True(kept.TryGetUnanswered(kept.Generation, out _, out _));
        kept.Respond("SIP/2.0 486 Busy Here\r\n\r\n"u8, 486);
        Assert.False(kept.TryGetUnanswered(kept.Generation, out _, out _)); // answered
        Assert.Equal(486, kept.OnAck(kept.Generation));

        var forwarded = Receive(Messages.Invite(branch: "z9hG4bKfwd", callId: "call-2"));
        var branch = _layer.StartClient(Encoding.UTF8.GetBytes(Messages.Invite(branch: "z9hG4bKebdown", callId: "call-2")), Upstream, forwarded);
        forwarded.Downstream = branch;
        forwarded.EndReceive();
        Assert.Same(forwarded, branch.Upstream);
        Assert.Equal(forwarded.Generation, branch.UpstreamGeneration);
        Assert.True(forwarded.Respond("SIP/2.0 486 Busy Here\r\n\r\n"u8, 486, branch.UpstreamGeneration));
        Assert.Equal(486, forwarded.OnAck(forwarded.Generation));
        var oldLives = new Dictionary<ServerTransaction, int> { [kept] = kept.Generation, [forwarded] = forwarded.Generation };

        Tick(TimeSpan.FromSeconds(40));
        Assert.Equal(ServerTransactionState.Terminated, kept.State);
        Assert.Equal(ServerTransactionState.Terminated, forwarded.State);
        Assert.Equal(0, _layer.ServerCount);
        Assert.Equal(2, _layer.SpareServerCount);

        var next = Receive(Messages.Invite(branch: "z9hG4bKnext", callId: "call-3"));
        Assert.True(oldLives.TryGetValue(next, out var oldLife));
        Assert.NotEqual(oldLife, next.Generation);
        next.EndReceive(); // unanswered, as a forwarded request is until its branch answers
        _sender.Clear();

        // A branch's response or timeout, or a CANCEL, for the old life: nothing is sent, nothing changes.
        Assert.False(next.TryGetUnanswered(oldLife, out _, out _));
        Assert.False(next.Respond("SIP/2.0 200 OK\r\n\r\n"u8, 200, oldLife));
        Assert.Equal(CancelTarget.Gone, next.ForCancel(oldLife, out _));
        Assert.Empty(_sender.Messages);
        Assert.Equal(ServerTransactionState.Proceeding, next.State);

        // The new life is answered as usual.
        Assert.True(next.TryGetUnanswered(next.Generation, out var request, out _));
        Assert.Equal("call-3", request.GetString(request.CallId));
        Assert.True(next.Respond("SIP/2.0 480 Temporarily Unavailable\r\n\r\n"u8, 480, next.Generation));
        Assert.Equal(["SIP/2.0 480 Temporarily Unavailable"], _sender.Messages.Select(m => m.StartLine));
    }

    [Fact]
    public void A_cancel_finds_an_unanswered_or_an_answered_invite_as_such()
    {
        var unanswered = Receive(Messages.Invite(branch: "z9hG4bKu"));
        unanswered.EndReceive();
        Assert.Equal(CancelTarget.Unanswered, unanswered.ForCancel(unanswered.Generation, out _));

        var answered = Receive(Messages.Invite(branch: "z9hG4bKa", callId: "call-2"));
        answered.Respond("SIP/2.0 603 Network Blocked\r\n\r\n"u8, 603);
        answered.EndReceive();
        Assert.Equal(CancelTarget.Answered, answered.ForCancel(answered.Generation, out _));
        Assert.Equal(CancelTarget.Gone, answered.ForCancel(answered.Generation + 1, out _));
    }

    [Fact]
    public void Thousands_of_live_transactions_are_each_found_and_all_leave_the_table_when_they_end()
    {
        const int Count = 5000; // past several doublings of the table's buckets
        var made = new ServerTransaction[Count];
        for (var i = 0; i < Count; i++)
        {
            made[i] = Receive(Messages.Invite(branch: "z9hG4bKmany" + i, callId: "many-" + i));
            made[i].Respond("SIP/2.0 603 Network Blocked\r\n\r\n"u8, 603);
            made[i].EndReceive();
        }

        Assert.Equal(Count, _layer.ServerCount);
        for (var i = 0; i < Count; i++)
        {
            Assert.Same(made[i], _layer.FindServer(Messages.Parse(Messages.Invite(branch: "z9hG4bKmany" + i, callId: "many-" + i)), SipMethod.Invite, out _));
        }

        // The same request made new on a second receive thread takes the table's place of the first.
        var again = Receive(Messages.Invite(branch: "z9hG4bKmany0", callId: "many-0"));
        again.Respond("SIP/2.0 603 Network Blocked\r\n\r\n"u8, 603);
        again.EndReceive();
        Assert.Equal(Count, _layer.ServerCount);
        Assert.Same(again, _layer.FindServer(again.Key));

        Tick(TimeSpan.FromSeconds(40));
        Assert.Equal(0, _layer.ServerCount);
        Assert.Equal(TransactionLayer.SpareServers, _layer.SpareServerCount);
    }

    /// <summary>Keeps the last message sent in a buffer of its own, so that sending allocates nothing.</summary>
    private sealed class LastSentSender : ISipSender
    {
        private readonly byte[] _last = new byte[4096];
        private int _length;

        public int Count { get; set; }

        public byte[] Last => _last[.._length];

        public void Send(in Remote destination, ReadOnlySpan<byte> message)
        {
            Count++;
            message.CopyTo(_last);
            _length = message.Length;
        }
    }
}
