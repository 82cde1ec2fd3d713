using System.Text;
using BenchmarkDotNet.Attributes;
using EdgeBlocker.Sip;

namespace EdgeBlocker.Benchmarks;

/// <summary>
/// The per-call cost of screening input: parse a typical trunk INVITE (STIR/SHAKEN Identity header and SDP included)
/// into a reused <see cref="SipMessage"/> and pull out what the screening decision reads. Target: under 1 µs, 0 B.
/// </summary>
[MemoryDiagnoser]
public class SipParseBenchmark
{
    private static readonly string Jwt =
        "eyJhbGciOiJFUzI1NiIsInBwdCI6InNoYWtlbiIsInR5cCI6InBhc3Nwb3J0IiwieDV1IjoiaHR0cHM6Ly9jZXJ0LmV4YW1wbGUub3JnL3Bhc3Nwb3J0LmNlciJ9." +
        "eyJhdHRlc3QiOiJBIiwiZGVzdCI6eyJ0biI6WyIxNTU1MTIzMDAwMCJdfSwiaWF0IjoxNzAwMDAwMDAwLCJvcmlnIjp7InRuIjoiMTU1NTAwMDExMTEifSwib3JpZ2lkIjoiMTIzZTQ1NjctZTg5Yi0xMmQzLWE0NTYtNDI2NjE0MTc0MDAwIn0." +
        new string('A', 300);

    private static readonly string Sdp =
        "v=0\r\no=- 2890844526 2890844526 IN IP4 198.51.100.7\r\ns=-\r\nc=IN IP4 198.51.100.7\r\nt=0 0\r\n" +
        "m=audio 49170 RTP/AVP 0 8 18 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:18 G729/8000\r\n" +
        "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=ptime:20\r\na=sendrecv\r\n";

    private static readonly string Invite =
        "INVITE sip:+15551230000@edge.example.com:5060;user=phone SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bK-524287-1---7c3e2f1a9b8d6e5f;rport\r\n" +
        "Max-Forwards: 69\r\n" +
        "From: \"WIRELESS CALLER\" <sip:+15550001111@198.51.100.7:5060;user=phone>;tag=3f8a9c1e\r\n" +
        "To: <sip:+15551230000@edge.example.com;user=phone>\r\n" +
        "Call-ID: 7f1b2c3d4e5f60718293a4b5c6d7e8f9@198.51.100.7\r\n" +
        "CSeq: 102 INVITE\r\n" +
        "Contact: <sip:+15550001111@198.51.100.7:5060;transport=udp>\r\n" +
        "P-Asserted-Identity: <tel:+15550001111>\r\n" +
        $"Identity: {Jwt};info=<https://cert.example.org/passport.cer>;alg=ES256;ppt=shaken\r\n" +
        "Content-Type: application/sdp\r\n" +
        $"Content-Length: {Sdp.Length}\r\n" +
        "\r\n" + Sdp;

    private readonly SipMessage _message = new();
    private ReadOnlyMemory<byte> _datagram;

    [GlobalSetup]
    public void Setup()
    {
        _datagram = Encoding.ASCII.GetBytes(Invite);
        const long expected = (long)SipMethod.Invite + 12 + 12 + 12 + 45 + 35 + 102 + 69;
        if (Parse() != expected)
        {
            throw new InvalidOperationException("the benchmark INVITE did not parse");
        }
    }

    [Benchmark]
    public long Parse()
    {
        var result = SipParser.Parse(_datagram, _message, SipParseMode.Datagram);
        if (!result.IsComplete)
        {
            return -1;
        }

        // What screening reads: method, called and calling numbers, asserted identity, dialog and transaction keys.
        var m = _message;
        var span = m.Span;
        if (!SipUriParser.TryParse(span, m.RequestUri, out var requestUri)
            || !SipUriParser.TryParse(span, m.From.Uri, out var from)
            || !SipUriParser.TryParse(span, m.PAssertedIdentity.Uri, out var pai))
        {
            return -1;
        }

        return (long)m.Method + requestUri.User.Length + from.User.Length + pai.User.Length + m.CallId.Length
            + m.TopVia.Branch.Length + m.CSeq + m.MaxForwards;
    }
}
