using LiteDB;

namespace EdgeBlocker.Storage.Calls;

/// <summary>CallRecord ⇄ BSON by hand: short field names (stored in every one of a million documents) and no reflection.</summary>
internal static class CallRecordMapper
{
    public const string Time = "t";
    public const string CallingReceived = "fr";
    public const string Calling = "fn";
    public const string CalledReceived = "tr";
    public const string Called = "tn";
    public const string Peer = "p";
    public const string Source = "src";
    public const string Transport = "tp";
    public const string CallId = "cid";
    public const string Pai = "pai";
    public const string Attestation = "att";
    public const string OrigId = "oid";
    public const string Verdict = "v";
    public const string Rule = "r";
    public const string List = "l";
    public const string ResponseCode = "rc";
    public const string Answered = "ans";
    public const string Ended = "end";

    public static BsonDocument ToDocument(CallRecord r)
    {
        var doc = new BsonDocument { [Time] = r.Time.UtcTicks };
        if (r.Id != 0)
        {
            doc["_id"] = r.Id;
        }

        Put(doc, CallingReceived, r.CallingNumberReceived);
        Put(doc, Calling, r.CallingNumber);
        Put(doc, CalledReceived, r.CalledNumberReceived);
        Put(doc, Called, r.CalledNumber);
        Put(doc, Peer, r.Peer);
        Put(doc, Source, r.SourceAddress);
        Put(doc, Transport, r.Transport);
        Put(doc, CallId, r.CallId);
        Put(doc, Pai, r.PAssertedIdentity);
        Put(doc, Attestation, r.Attestation);
        Put(doc, OrigId, r.OrigId);
        doc[Verdict] = r.Verdict;
        Put(doc, Rule, r.Rule);
        Put(doc, List, r.List);
        doc[ResponseCode] = r.ResponseCode;
        if (r.AnsweredAt is { } answered)
        {
            doc[Answered] = answered.UtcTicks;
        }

        if (r.EndedAt is { } ended)
        {
            doc[Ended] = ended.UtcTicks;
        }

        return doc;
    }

    public static CallRecord FromDocument(BsonDocument doc) => new()
    {
        Id = doc["_id"].AsInt64,
        Time = FromTicks(doc[Time].AsInt64),
        CallingNumberReceived = Text(doc, CallingReceived),
        CallingNumber = Text(doc, Calling),
        CalledNumberReceived = Text(doc, CalledReceived),
        CalledNumber = Text(doc, Called),
        Peer = Text(doc, Peer),
        SourceAddress = Text(doc, Source),
        Transport = Text(doc, Transport),
        CallId = Text(doc, CallId),
        PAssertedIdentity = Text(doc, Pai),
        Attestation = Text(doc, Attestation),
        OrigId = Text(doc, OrigId),
        Verdict = Text(doc, Verdict) ?? string.Empty,
        Rule = Text(doc, Rule),
        List = Text(doc, List),
        ResponseCode = doc.TryGetValue(ResponseCode, out var rc) && rc.IsNumber ? rc.AsInt32 : 0,
        AnsweredAt = OptionalTime(doc, Answered),
        EndedAt = OptionalTime(doc, Ended),
    };

    public static DateTimeOffset FromTicks(long ticks) => new(ticks, TimeSpan.Zero);

    public static string? Text(BsonDocument doc, string field) =>
        doc.TryGetValue(field, out var value) && value.IsString ? value.AsString : null;

    private static DateTimeOffset? OptionalTime(BsonDocument doc, string field) =>
        doc.TryGetValue(field, out var value) && value.IsNumber ? FromTicks(value.AsInt64) : null;

    private static void Put(BsonDocument doc, string field, string? value)
    {
        if (value is not null)
        {
            doc[field] = value;
        }
    }
}
