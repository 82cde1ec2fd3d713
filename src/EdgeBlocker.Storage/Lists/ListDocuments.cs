using LiteDB;

namespace EdgeBlocker.Storage.Lists;

/// <summary>BSON forms of lists and list entries. Entry sets are named <c>list@version</c>.</summary>
internal static class ListDocuments
{
    public static string Set(string list, long version) => $"{list}@{version}";

    public static ListInfo ToInfo(BsonDocument d) => new(
        d["_id"].AsString,
        Enum.Parse<ListSource>(d["src"].AsString),
        d["desc"].AsString,
        d["ro"].AsBoolean,
        d["en"].AsBoolean,
        d["ac"].AsInt64,
        d["av"].AsInt64,
        d["pv"].IsNull ? null : d["pv"].AsInt64,
        Time(d["ct"]),
        Time(d["ut"]));

    public static BsonDocument NewList(string name, ListSource source, string description, DateTimeOffset now) => new()
    {
        ["_id"] = name,
        ["src"] = source.ToString(),
        ["desc"] = description,
        ["ro"] = source == ListSource.Config,
        ["en"] = true,
        ["av"] = 1L,
        ["pv"] = BsonValue.Null,
        ["lv"] = 1L,
        ["ac"] = 0L,
        ["pc"] = 0L,
        ["ct"] = now.UtcTicks,
        ["ut"] = now.UtcTicks,
    };

    public static BsonDocument Entry(string set, string kind, string value, long number, ListEntry e)
    {
        var doc = new BsonDocument
        {
            ["set"] = set,
            ["key"] = ListEntryValidator.Key(set, kind, value),
            ["k"] = kind,
            ["val"] = value,
            ["a"] = e.Action,
            ["rsp"] = e.Response,
        };
        if (number != 0)
        {
            doc["n"] = number;
        }

        PutAttributes(doc, e.Reason, e.EffectiveFrom?.UtcTicks, e.ExpiresAt?.UtcTicks);
        return doc;
    }

    public static void PutAttributes(BsonDocument doc, string? reason, long? effectiveFrom, long? expiresAt)
    {
        if (reason is not null)
        {
            doc["why"] = reason;
        }

        if (effectiveFrom is { } from)
        {
            doc["ef"] = from;
        }

        if (expiresAt is { } until)
        {
            doc["ex"] = until;
        }
    }

    public static ListEntry ToEntry(string list, BsonDocument d) => new()
    {
        List = list,
        Kind = d["k"].AsString,
        Value = d["val"].AsString,
        Number = d.TryGetValue("n", out var n) && n.IsNumber ? n.AsInt64 : 0,
        Action = d["a"].AsString,
        Response = d["rsp"].AsString,
        Reason = OptionalText(d, "why"),
        EffectiveFrom = OptionalTime(d, "ef"),
        ExpiresAt = OptionalTime(d, "ex"),
    };

    public static string? OptionalText(BsonDocument d, string field) =>
        d.TryGetValue(field, out var v) && v.IsString ? v.AsString : null;

    public static DateTimeOffset? OptionalTime(BsonDocument d, string field) =>
        d.TryGetValue(field, out var v) && v.IsNumber ? Time(v) : null;

    private static DateTimeOffset Time(BsonValue ticks) => new(ticks.AsInt64, TimeSpan.Zero);
}
