using System.Net;
using System.Text;
using EdgeBlocker.Hosting;
using EdgeBlocker.Proxy.Policy;
using EdgeBlocker.Proxy.Transport;
using EdgeBlocker.Screening;
using EdgeBlocker.Sip;
using EdgeBlocker.Storage;
using EdgeBlocker.Storage.Calls;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeBlocker.Tests.Hosting;

/// <summary>
/// The call recorder with a real screening policy, a real writer and a real database file: what the SIP thread hands
/// over is made into the record on the writer's thread, from copies, and handing it over allocates nothing.
/// </summary>
public sealed class CallRecorderTests : IDisposable
{
    private static readonly IPEndPoint Source = new(IPAddress.Parse("127.0.0.2"), 5062);

    private readonly string _directory = Directory.CreateTempSubdirectory("edgeblocker-recorder-").FullName;
    private readonly EdgeBlockerDatabase _database;
    private readonly byte[] _receiveBuffer = new byte[8192];
    private readonly SipMessage _received = new();

    public CallRecorderTests() => _database = EdgeBlockerDatabase.Open(new StorageOptions { DataDirectory = _directory }, TimeProvider.System);

    public void Dispose()
    {
        _database.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static string B64(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static ScreeningPolicy Policy(CallRecorder recorder)
    {
        var settings = new ScreeningSettings();
        var engine = new ScreeningEngine(TimeProvider.System, settings);
        var builder = new SnapshotBuilder(settings);
        builder.AddExact(12025550143UL, new RuleMeta("robocallers", RuleKind.Exact, RuleAction.Block, "listed", ResponseCode.Unwanted607));
        engine.Swap(builder.Build());
        return new ScreeningPolicy(engine, recorder);
    }

    private static string Invite(string calling, string callId, string identity) =>
        "INVITE sip:+13105550100@127.0.0.1:5060 SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 127.0.0.2:5062;branch=z9hG4bK-rec\r\n" +
        "Max-Forwards: 70\r\n" +
        $"From: <sip:{calling}@carrier.example>;tag=1\r\n" +
        "To: <sip:+13105550100@provider.example>\r\n" +
        $"Call-ID: {callId}\r\n" +
        "CSeq: 1 INVITE\r\n" +
        $"P-Asserted-Identity: <sip:{calling}@carrier.example>\r\n" +
        (identity.Length > 0 ? $"Identity: {identity}\r\n" : string.Empty) +
        "Content-Length: 0\r\n\r\n";

    /// <summary>Parses the INVITE into the one reused receive buffer and screens it, as a receive thread does.</summary>
    private CallDecision Screen(ScreeningPolicy policy, string calling, string callId, string identity = "")
    {
        var length = Encoding.UTF8.GetBytes(Invite(calling, callId, identity), _receiveBuffer);
        Assert.True(SipParser.Parse(_receiveBuffer.AsMemory(0, length), _received, SipParseMode.Datagram).IsComplete);
        var span = _received.Span;
        Assert.True(SipUriParser.TryParse(span, _received.PAssertedIdentity.Uri, out var from));
        Assert.True(SipUriParser.TryParse(span, _received.RequestUri, out var to));
        return policy.Decide(new CallAttempt(_received, from.User.Of(span), to.User.Of(span), "carrier-a", Source, SipTransportKind.Udp));
    }

    [Fact]
    public async Task A_call_is_recorded_whole_from_copies_made_before_the_receive_buffer_moves_on()
    {
        var writer = new CallRecordWriter(_database.Calls, new CallRecordWriterOptions(), TimeProvider.System, NullLogger<CallRecordWriter>.Instance);
        var policy = Policy(new CallRecorder(writer, TimeProvider.System));
        var identity = $"{B64("{\"alg\":\"ES256\",\"ppt\":\"shaken\",\"typ\":\"passport\"}")}.{B64("{\"attest\":\"B\",\"origid\":\"9f1c2d3e-0000-4000-8000-000000000001\"}")}.c2ln;info=<https://cert.example.org/passport.cer>;alg=ES256;ppt=shaken";

        var decision = Screen(policy, "+12025550143", "blocked-1@carrier.example", identity);
        Assert.Equal(CallAction.Block, decision.Action);
        // The receive buffer holds the next datagram before the writer makes the record.
        Screen(policy, "2025550199", "allowed-2@carrier.example");
        _receiveBuffer.AsSpan().Fill((byte)'#');
        await writer.StopAsync(CancellationToken.None); // writes what is queued

        var records = _database.Calls.Query(new CallQuery()).OrderBy(r => r.Id).ToList();
        Assert.Equal(2, records.Count);
        var blocked = records[0];
        Assert.Equal("+12025550143", blocked.CallingNumberReceived);
        Assert.Equal("+12025550143", blocked.CallingNumber);
        Assert.Equal("+13105550100", blocked.CalledNumberReceived);
        Assert.Equal("+13105550100", blocked.CalledNumber);
        Assert.Equal("carrier-a", blocked.Peer);
        Assert.Equal("127.0.0.2:5062", blocked.SourceAddress);
        Assert.Equal("udp", blocked.Transport);
        Assert.Equal("blocked-1@carrier.example", blocked.CallId);
        Assert.Equal("<sip:+12025550143@carrier.example>", blocked.PAssertedIdentity);
        Assert.Equal("B", blocked.Attestation);
        Assert.Equal("9f1c2d3e-0000-4000-8000-000000000001", blocked.OrigId);
        Assert.Equal(CallVerdicts.Block, blocked.Verdict);
        Assert.Equal("robocallers", blocked.List);
        Assert.Equal(607, blocked.ResponseCode);

        var allowed = records[1];
        Assert.Equal("2025550199", allowed.CallingNumberReceived);
        Assert.Equal("+12025550199", allowed.CallingNumber);
        Assert.Equal("allowed-2@carrier.example", allowed.CallId);
        Assert.Null(allowed.Attestation);
        Assert.Null(allowed.OrigId);
        Assert.Equal(CallVerdicts.Allow, allowed.Verdict);
        Assert.Null(allowed.List);
        Assert.Equal(0, allowed.ResponseCode);
    }

    [Fact]
    public void A_source_address_is_formatted_once_per_address_object_and_stays_right_past_the_kept_number()
    {
        var writer = new CallRecordWriter(_database.Calls, new CallRecordWriterOptions(), TimeProvider.System, NullLogger<CallRecordWriter>.Instance);
        var recorder = new CallRecorder(writer, TimeProvider.System);
        var v4 = new IPEndPoint(IPAddress.Parse("203.0.113.7"), 5060);
        var v6 = new IPEndPoint(IPAddress.Parse("2001:db8::7"), 5061);

        var text = recorder.AddressText(v4);
        Assert.Equal("203.0.113.7:5060", text);
        Assert.Same(text, recorder.AddressText(v4));
        Assert.Equal("[2001:db8::7]:5061", recorder.AddressText(v6));
        for (var port = 1; port <= 300; port++)
        {
            Assert.Equal($"198.51.100.1:{port}", recorder.AddressText(new IPEndPoint(IPAddress.Parse("198.51.100.1"), port)));
        }

        Assert.Equal("203.0.113.7:5060", recorder.AddressText(v4));
        Assert.Equal("[2001:db8::7]:5061", recorder.AddressText(v6));
    }

    [Fact]
    public async Task A_queue_as_deep_as_the_stock_is_given_back_whole_and_the_next_as_many_calls_allocate_nothing()
    {
        // The writer is held until the queue is that deep: as when it writes a batch while calls keep coming.
        var writer = new CallRecordWriter(_database.Calls, new CallRecordWriterOptions { FlushInterval = TimeSpan.FromMilliseconds(10) }, TimeProvider.System, NullLogger<CallRecordWriter>.Instance);
        var policy = Policy(new CallRecorder(writer, TimeProvider.System));
        for (var i = 0; i < CallRecorder.PendingStock; i++)
        {
            Screen(policy, "+12025550143", "queued-" + i);
        }

        await writer.StartAsync(CancellationToken.None);
        try
        {
            Assert.True(SpinWait.SpinUntil(() => writer.Written == CallRecorder.PendingStock, TimeSpan.FromSeconds(60)), $"written {writer.Written}");
            var length = Encoding.UTF8.GetBytes(Invite("+12025550143", "again", string.Empty), _receiveBuffer);
            SipParser.Parse(_receiveBuffer.AsMemory(0, length), _received, SipParseMode.Datagram);
            var span = _received.Span;
            SipUriParser.TryParse(span, _received.PAssertedIdentity.Uri, out var from);
            SipUriParser.TryParse(span, _received.RequestUri, out var to);
            var attempt = new CallAttempt(_received, from.User.Of(span), to.User.Of(span), "carrier-a", Source, SipTransportKind.Udp);
            policy.Decide(attempt); // the first call's code paths once, outside the count

            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 1; i < CallRecorder.PendingStock; i++)
            {
                policy.Decide(attempt);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        finally
        {
            await writer.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Screening_and_recording_a_call_allocates_nothing_on_the_SIP_thread_once_the_writer_gives_back()
    {
        var writer = new CallRecordWriter(_database.Calls, new CallRecordWriterOptions { FlushInterval = TimeSpan.FromMilliseconds(10) }, TimeProvider.System, NullLogger<CallRecordWriter>.Instance);
        var policy = Policy(new CallRecorder(writer, TimeProvider.System));
        await writer.StartAsync(CancellationToken.None);
        try
        {
            // Warm-up: the writer makes these records and gives their pending calls back for reuse.
            for (var i = 0; i < 200; i++)
            {
                Screen(policy, "+12025550143", "warm-" + i);
            }

            Assert.True(SpinWait.SpinUntil(() => writer.Written == 200, TimeSpan.FromSeconds(30)), $"written {writer.Written}");

            var calls = 0;
            long allocated = 0;
            for (var i = 0; i < 100; i++)
            {
                var length = Encoding.UTF8.GetBytes(Invite("+12025550143", "call-" + i, string.Empty), _receiveBuffer);
                SipParser.Parse(_receiveBuffer.AsMemory(0, length), _received, SipParseMode.Datagram);
                var span = _received.Span;
                SipUriParser.TryParse(span, _received.PAssertedIdentity.Uri, out var from);
                SipUriParser.TryParse(span, _received.RequestUri, out var to);
                var before = GC.GetAllocatedBytesForCurrentThread();
                var decision = policy.Decide(new CallAttempt(_received, from.User.Of(span), to.User.Of(span), "carrier-a", Source, SipTransportKind.Udp));
                allocated += GC.GetAllocatedBytesForCurrentThread() - before;
                calls += decision.IsBlock ? 1 : 0;
            }

            Assert.Equal(100, calls);
            Assert.Equal(0, allocated);
            Assert.True(SpinWait.SpinUntil(() => writer.Written == 300, TimeSpan.FromSeconds(30)), $"written {writer.Written}");
        }
        finally
        {
            await writer.StopAsync(CancellationToken.None);
        }
    }
}
