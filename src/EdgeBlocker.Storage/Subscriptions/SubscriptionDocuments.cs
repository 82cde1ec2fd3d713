using LiteDB;

namespace EdgeBlocker.Storage.Subscriptions;

/// <summary>BSON forms of subscriptions (configuration and sync state in one document) and sync runs.</summary>
internal static class SubscriptionDocuments
{
    public static BsonDocument From(Subscription s, BsonDocument? existing = null)
    {
        var doc = existing ?? new BsonDocument { ["_id"] = s.Name };
        doc["url"] = s.Url.AbsoluteUri;
        doc["fmt"] = s.Format.ToString();
        doc["role"] = s.Role.ToString();
        doc["ivl"] = (long)s.Interval.TotalSeconds;
        doc["en"] = s.Enabled;
        doc["key"] = s.PublicKeyPem is null ? BsonValue.Null : new BsonValue(s.PublicKeyPem);
        doc["mb"] = s.MaxBytes;
        doc["me"] = s.MaxEntries;
        doc["rsp"] = s.Response;
        doc["desc"] = s.Description;
        return doc;
    }

    public static Subscription ToSubscription(BsonDocument d) => new()
    {
        Name = d["_id"].AsString,
        Url = new Uri(d["url"].AsString, UriKind.Absolute),
        Format = Enum.Parse<FeedFormat>(d["fmt"].AsString),
        Role = Enum.Parse<FeedRole>(d["role"].AsString),
        Interval = TimeSpan.FromSeconds(d["ivl"].AsInt64),
        Enabled = d["en"].AsBoolean,
        PublicKeyPem = d["key"].IsNull ? null : d["key"].AsString,
        MaxBytes = d["mb"].AsInt64,
        MaxEntries = d["me"].AsInt64,
        Response = d["rsp"].AsString,
        Description = d["desc"].AsString,
    };

    public static void PutState(BsonDocument d, SubscriptionState s)
    {
        d["etag"] = Text(s.ETag);
        d["lm"] = Text(s.LastModified);
        d["la"] = Ticks(s.LastAttemptAt);
        d["ls"] = Ticks(s.LastSuccessAt);
        d["lo"] = s.LastOutcome is { } o ? new BsonValue(o.ToString()) : BsonValue.Null;
        d["le"] = Text(s.LastError);
        d["hash"] = Text(s.ContentHash);
    }

    public static SubscriptionState ToState(BsonDocument d) => new(
        d["_id"].AsString,
        OptionalText(d, "etag"),
        OptionalText(d, "lm"),
        OptionalTime(d, "la"),
        OptionalTime(d, "ls"),
        OptionalText(d, "lo") is { } o ? Enum.Parse<SyncOutcome>(o) : null,
        OptionalText(d, "le"),
        OptionalText(d, "hash"));

    public static BsonDocument From(SyncRun r) => new()
    {
        ["l"] = r.List,
        ["tr"] = r.Trigger,
        ["t"] = r.StartedAt.UtcTicks,
        ["e"] = r.EndedAt.UtcTicks,
        ["o"] = r.Outcome.ToString(),
        ["b"] = r.Bytes,
        ["v"] = r.Version,
        ["n"] = r.Entries,
        ["add"] = r.Added,
        ["rem"] = r.Removed,
        ["same"] = r.Unchanged,
        ["sk"] = r.SkippedCount,
        ["skl"] = new BsonArray(r.SkippedLines.Select(l => new BsonDocument { ["n"] = l.Line, ["e"] = l.Error })),
        ["err"] = Text(r.Error),
    };

    public static SyncRun ToRun(BsonDocument d) => new()
    {
        Id = d["_id"].AsInt64,
        List = d["l"].AsString,
        Trigger = d["tr"].AsString,
        StartedAt = new DateTimeOffset(d["t"].AsInt64, TimeSpan.Zero),
        EndedAt = new DateTimeOffset(d["e"].AsInt64, TimeSpan.Zero),
        Outcome = Enum.Parse<SyncOutcome>(d["o"].AsString),
        Bytes = d["b"].AsInt64,
        Version = d["v"].AsInt64,
        Entries = d["n"].AsInt64,
        Added = d["add"].AsInt64,
        Removed = d["rem"].AsInt64,
        Unchanged = d["same"].AsInt64,
        SkippedCount = d["sk"].AsInt64,
        SkippedLines = d["skl"].AsArray.Select(l => new SkippedLine(l["n"].AsInt64, l["e"].AsString)).ToList(),
        Error = OptionalText(d, "err"),
    };

    private static BsonValue Text(string? text) => text is null ? BsonValue.Null : new BsonValue(text);

    private static BsonValue Ticks(DateTimeOffset? time) => time is { } t ? new BsonValue(t.UtcTicks) : BsonValue.Null;

    private static string? OptionalText(BsonDocument d, string field) =>
        d.TryGetValue(field, out var v) && v.IsString ? v.AsString : null;

    private static DateTimeOffset? OptionalTime(BsonDocument d, string field) =>
        d.TryGetValue(field, out var v) && v.IsNumber ? new DateTimeOffset(v.AsInt64, TimeSpan.Zero) : null;
}
