using EdgeBlocker.Storage.Calls;

namespace EdgeBlocker.Storage.Tests;

internal static class CallRecords
{
    public static readonly DateTimeOffset T0 = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static CallRecord Make(DateTimeOffset time, string from, string to, string verdict = CallVerdicts.Allow, string peer = "carrier-a", string? callId = null) => new()
    {
        Time = time,
        CallingNumberReceived = from.TrimStart('+'),
        CallingNumber = from,
        CalledNumberReceived = to.TrimStart('+'),
        CalledNumber = to,
        Peer = peer,
        SourceAddress = "203.0.113.10:5060",
        Transport = "udp",
        CallId = callId ?? Guid.NewGuid().ToString("N"),
        PAssertedIdentity = $"<sip:{from}@carrier.example>",
        Attestation = "B",
        OrigId = "4437c7eb-8f7a-4f0e-a863-f53a0e60251a",
        Verdict = verdict,
        Rule = verdict == CallVerdicts.Block ? "exact" : null,
        List = verdict == CallVerdicts.Block ? "robocallers" : null,
        ResponseCode = verdict == CallVerdicts.Block ? 603 : 200,
    };

    public static void Write(EdgeBlockerDatabase db, IEnumerable<CallRecord> records)
    {
        var result = db.Calls.WriteBatch(records.Select(CallWriteItem.Insert).ToList());
        Assert.True(result.Succeeded, result.ToString());
    }
}
