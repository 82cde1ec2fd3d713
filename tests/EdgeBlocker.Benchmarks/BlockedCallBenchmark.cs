using System.Globalization;
using System.Net;
using System.Text;
using BenchmarkDotNet.Attributes;
using EdgeBlocker.Hosting;
using EdgeBlocker.Proxy;
using EdgeBlocker.Proxy.Configuration;
using EdgeBlocker.Proxy.Transactions;
using EdgeBlocker.Proxy.Transport;
using EdgeBlocker.Screening;
using EdgeBlocker.Sip;
using EdgeBlocker.Storage;
using EdgeBlocker.Storage.Calls;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeBlocker.Benchmarks;

/// <summary>
/// A blocked call through the receive thread's work, as the service composes it: the trunk's INVITE parsed, its
/// server transaction made, the caller screened against 1,000,000 numbers, the call record made and queued, the 603
/// written and sent; then the ACK parsed and matched. Everything is real but the socket (a sender that keeps the last
/// response instead of sending it). The ACK carries the To of the 603, copied from it as the caller's UA does (a byte
/// search for the To line, part of the time measured), so the transaction ends at its ACK as in the service, and each
/// call's INVITE, sent again 100,000 calls later, is new. What it allocates per call is what the service's counter of
/// bytes allocated on the SIP receive threads counts for a blocked call, less the socket's own cost of a send.
/// </summary>
[MemoryDiagnoser]
public class BlockedCallBenchmark
{
    private const int Calls = 100_000;

    private readonly Remote _caller = new(SipTransportKind.Udp, new IPEndPoint(IPAddress.Parse("198.51.100.7"), 5060));
    private readonly SipMessage _message = new();
    private readonly TimeProvider _clock = TimeProvider.System;
    private SipProxy _proxy = null!;
    private EdgeBlockerDatabase _database = null!;
    private string _directory = null!;
    private readonly DiscardingSender _sender = new();
    private readonly byte[] _ack = new byte[2048];
    private byte[][] _invites = [];
    private byte[][] _acksBeforeTo = [];
    private byte[][] _acksAfterTo = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var options = new SipOptions { BindAddress = "127.0.0.1", Port = 5060, Core = "udp:127.0.0.3:5080" };
        var settings = ProxySettings.Create(options, new BlockResponseOptions { Redress = "tel:+18005550199" }, out var errors)
            ?? throw new InvalidOperationException(string.Join("; ", errors));

        var random = new Random(20261129);
        var numbers = new HashSet<ulong>();
        while (numbers.Count < 1_000_000)
        {
            numbers.Add(10_000_000_000UL + ((ulong)random.Next(200, 1000) * 10_000_000UL) + ((ulong)random.Next(200, 1000) * 10_000UL) + (ulong)random.Next(10_000));
        }

        var listed = numbers.ToArray();
        var builder = new SnapshotBuilder(new ScreeningSettings());
        var meta = new RuleMeta("feed", RuleKind.Exact, RuleAction.Block, "robocaller");
        builder.EnsureExactCapacity(listed.Length);
        foreach (var number in listed)
        {
            builder.AddExact(number, meta);
        }

        var engine = new ScreeningEngine(_clock, new ScreeningSettings());
        engine.Swap(builder.Build());

        _directory = Directory.CreateTempSubdirectory("edgeblocker-bench-").FullName;
        _database = EdgeBlockerDatabase.Open(new StorageOptions { DataDirectory = _directory }, _clock);
        // Not started: its queue fills and then drops, but the record is made and offered either way, as in the service.
        var writer = new CallRecordWriter(_database.Calls, new CallRecordWriterOptions { QueueCapacity = Calls }, _clock, NullLogger<CallRecordWriter>.Instance);
        var recorder = new CallRecorder(writer, _clock);
        var layer = new TransactionLayer(_sender, _clock, TransactionTimers.Default);
        _proxy = new SipProxy(settings, new ScreeningPolicy(engine, recorder), layer, _sender, 5060, NullLogger<SipProxy>.Instance, recorder);

        _invites = new byte[Calls][];
        _acksBeforeTo = new byte[Calls][];
        _acksAfterTo = new byte[Calls][];
        for (var i = 0; i < Calls; i++)
        {
            var caller = "+" + listed[random.Next(listed.Length)].ToString(CultureInfo.InvariantCulture);
            _invites[i] = Encoding.ASCII.GetBytes(Message("INVITE", caller, i));
            var ack = Message("ACK", caller, i);
            var to = ack.IndexOf(ToLine, StringComparison.Ordinal);
            _acksBeforeTo[i] = Encoding.ASCII.GetBytes(ack[..(to + 2)]);
            _acksAfterTo[i] = Encoding.ASCII.GetBytes(ack[ack.IndexOf("\r\n", to + 2, StringComparison.Ordinal)..]);
        }

        Deliver(_invites[0]);
        Deliver(AckTo(0, _sender.Last));
        if (_proxy.Counters.CallsBlocked != 1 || layer.ServerCount != 0)
        {
            throw new InvalidOperationException("the benchmark INVITE was not blocked, or its ACK did not end its transaction");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _database.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>One blocked call: INVITE in, 603 out, ACK in.</summary>
    [Benchmark]
    public void InviteBlockedAndAcked()
    {
        var i = _next;
        _next = i + 1 == Calls ? 0 : i + 1;
        Deliver(_invites[i]);
        Deliver(AckTo(i, _sender.Last));
    }

    /// <summary>The ACK of call <paramref name="i"/>, with the To line of its final response.</summary>
    private ReadOnlyMemory<byte> AckTo(int i, ReadOnlySpan<byte> response)
    {
        var to = response.IndexOf("\r\nTo: "u8) + 2;
        var line = response[to..];
        line = line[..line.IndexOf("\r\n"u8)];
        var w = 0;
        _acksBeforeTo[i].CopyTo(_ack.AsSpan(w));
        w += _acksBeforeTo[i].Length;
        line.CopyTo(_ack.AsSpan(w));
        w += line.Length;
        _acksAfterTo[i].CopyTo(_ack.AsSpan(w));
        return _ack.AsMemory(0, w + _acksAfterTo[i].Length);
    }

    private void Deliver(ReadOnlyMemory<byte> datagram)
    {
        var result = SipParser.Parse(datagram, _message, SipParseMode.Datagram);
        _proxy.OnMessage(_message, result, _caller);
    }

    private const string ToLine = "\r\nTo: ";

    /// <summary>A trunk INVITE as the ladder's sipp sends it (PAI on every one here), and the ACK to its 603 (whose To is replaced).</summary>
    private static string Message(string method, string caller, int call) =>
        $"{method} sip:+12125550100@203.0.113.10:5060 SIP/2.0\r\n" +
        $"Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bK-{call}-bench\r\n" +
        "Max-Forwards: 70\r\n" +
        $"From: <sip:{caller}@198.51.100.7:5060>;tag={call}\r\n" +
        "To: <sip:+12125550100@203.0.113.10:5060>\r\n" +
        $"Call-ID: {call}-bench@198.51.100.7\r\n" +
        $"CSeq: 1 {method}\r\n" +
        "Contact: <sip:sipp@198.51.100.7:5060>\r\n" +
        $"P-Asserted-Identity: <sip:{caller}@198.51.100.7>\r\n" +
        "Content-Length: 0\r\n\r\n";

    /// <summary>Sends nothing; keeps the last message given, as the caller's UA would have received it.</summary>
    private sealed class DiscardingSender : ISipSender
    {
        private readonly byte[] _last = new byte[4096];
        private int _length;

        public ReadOnlySpan<byte> Last => _last.AsSpan(0, _length);

        public void Send(in Remote destination, ReadOnlySpan<byte> message)
        {
            message.CopyTo(_last);
            _length = message.Length;
        }
    }
}
