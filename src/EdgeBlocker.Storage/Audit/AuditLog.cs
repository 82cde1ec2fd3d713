using LiteDB;

namespace EdgeBlocker.Storage.Audit;

/// <summary>
/// The audit log: who changed what, when, from where. Written only by the stores, inside the same transaction as the
/// change it describes, so a change never lands without its entry (and an entry never without its change).
/// </summary>
public sealed class AuditLog
{
    private readonly EdgeBlockerDatabase _database;

    internal AuditLog(EdgeBlockerDatabase database) => _database = database;

    /// <summary>Entries newest first, optionally within [from, until), paged.</summary>
    public IReadOnlyList<AuditEntry> Query(DateTimeOffset? from = null, DateTimeOffset? until = null, int skip = 0, int limit = 100) =>
        _database.Read(db =>
        {
            var query = db.GetCollection(Collections.Audit).Query();
            if (from is { } f)
            {
                query = query.Where(Filter.Gte("t", f.UtcTicks));
            }

            if (until is { } u)
            {
                query = query.Where(Filter.Lt("t", u.UtcTicks));
            }

            return (IReadOnlyList<AuditEntry>)query.OrderByDescending("_id").Skip(skip).Limit(limit).ToEnumerable().Select(FromDocument).ToList();
        });

    /// <summary>All entries about one target (a list name or a setting key), newest first.</summary>
    public IReadOnlyList<AuditEntry> ForTarget(string target, int limit = 100) =>
        _database.Read(db => (IReadOnlyList<AuditEntry>)db.GetCollection(Collections.Audit).Query()
            .Where(Filter.Eq("target", target)).OrderByDescending("_id").Limit(limit)
            .ToEnumerable().Select(FromDocument).ToList());

    /// <summary>Records an action that changes no stored data (a restart asked for on the web page).</summary>
    public StorageResult Record(ChangeContext who, string action, string target, string details)
    {
        ArgumentNullException.ThrowIfNull(who);
        return _database.Change(db =>
        {
            Write(db, _database.Time.GetUtcNow(), who, action, target, details);
            return StorageResult<bool>.Ok(true);
        }).ToResult();
    }

    internal static void Write(LiteDatabase db, DateTimeOffset now, ChangeContext who, string action, string target, string details) =>
        db.GetCollection(Collections.Audit, BsonAutoId.Int64).Insert(new BsonDocument
        {
            ["t"] = now.UtcTicks,
            ["actor"] = who.Actor,
            ["source"] = who.Source,
            ["action"] = action,
            ["target"] = target,
            ["details"] = details,
        });

    private static AuditEntry FromDocument(BsonDocument doc) => new(
        doc["_id"].AsInt64,
        new DateTimeOffset(doc["t"].AsInt64, TimeSpan.Zero),
        doc["actor"].AsString,
        doc["source"].AsString,
        doc["action"].AsString,
        doc["target"].AsString,
        doc["details"].AsString);
}
