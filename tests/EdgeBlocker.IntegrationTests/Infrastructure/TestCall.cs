using System.Globalization;

namespace EdgeBlocker.IntegrationTests.Infrastructure;

/// <summary>
/// A raw INVITE transaction built by hand for <see cref="SipClient"/>: the INVITE, the ACK for a non-2xx final
/// response and the CANCEL, all with the same branch, Call-ID and From tag (RFC 3261 §17.1.1.3, §9.1).
/// </summary>
public sealed class TestCall(SipClient client, string caller, string called = ServiceSettings.CalledNumber)
{
    private const string Sdp =
        "v=0\r\no=caller 1 1 IN IP4 127.0.0.2\r\ns=-\r\nc=IN IP4 127.0.0.2\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";

    public string CallId { get; } = $"it-{Guid.NewGuid():N}@{Loopback.Peer}";

    public string Branch { get; } = $"z9hG4bK-it-{Guid.NewGuid():N}";

    public string FromTag { get; } = Guid.NewGuid().ToString("N")[..10];

    /// <summary>A P-Asserted-Identity user part to send, or null for none.</summary>
    public string? AssertedIdentity { get; init; }

    public string RequestUri => $"sip:{called}@{client.RemoteEndPoint.Address}:{client.RemoteEndPoint.Port}";

    private string Via => $"Via: SIP/2.0/{client.Transport} {client.SentBy};branch={Branch}\r\n";

    private string From => $"From: \"caller\" <sip:{caller}@{Loopback.Peer}>;tag={FromTag}\r\n";

    public string Invite()
    {
        var pai = AssertedIdentity is null ? string.Empty : $"P-Asserted-Identity: <sip:{AssertedIdentity}@{Loopback.Peer}>\r\n";
        return $"INVITE {RequestUri} SIP/2.0\r\n" +
               Via +
               "Max-Forwards: 70\r\n" +
               From +
               $"To: <{RequestUri}>\r\n" +
               $"Call-ID: {CallId}\r\n" +
               "CSeq: 1 INVITE\r\n" +
               $"Contact: <sip:caller@{client.SentBy};transport={client.Transport.ToLowerInvariant()}>\r\n" +
               pai +
               "Content-Type: application/sdp\r\n" +
               $"Content-Length: {Sdp.Length.ToString(CultureInfo.InvariantCulture)}\r\n\r\n" +
               Sdp;
    }

    /// <summary>The ACK for a non-2xx final response: same branch, To with the response's tag.</summary>
    public string Ack(WireMessage final) =>
        $"ACK {RequestUri} SIP/2.0\r\n" +
        Via +
        "Max-Forwards: 70\r\n" +
        From +
        $"To: {final.Header("To")}\r\n" +
        $"Call-ID: {CallId}\r\n" +
        "CSeq: 1 ACK\r\n" +
        "Content-Length: 0\r\n\r\n";

    public string Cancel() =>
        $"CANCEL {RequestUri} SIP/2.0\r\n" +
        Via +
        "Max-Forwards: 70\r\n" +
        From +
        $"To: <{RequestUri}>\r\n" +
        $"Call-ID: {CallId}\r\n" +
        "CSeq: 1 CANCEL\r\n" +
        "Content-Length: 0\r\n\r\n";

    /// <summary>Sends the INVITE and returns its final response (fails the test if none comes).</summary>
    public async Task<WireMessage> InviteAsync(TimeSpan? timeout = null)
    {
        await client.SendAsync(Invite());
        return await client.ExpectFinalAsync(CallId, timeout ?? TimeSpan.FromSeconds(5));
    }
}
