using LiteDB;

namespace EdgeBlocker.Storage.Subscriptions;

/// <summary>The history of syncs and uploads, newest first; the last <see cref="KeptPerList"/> runs of each list are kept.</summary>
public sealed class SyncRunLog
{
    /// <summary>Runs kept per list: a month of hourly syncs.</summary>
    public const int KeptPerList = 720;

    private readonly EdgeBlockerDatabase _database;

    internal SyncRunLog(EdgeBlockerDatabase database) => _database = database;

    /// <summary>Stores a run (and forgets the list's oldest beyond <see cref="KeptPerList"/>); returns its id.</summary>
    public StorageResult<long> Add(SyncRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return _database.Change(db =>
        {
            var runs = Collection(db);
            var id = runs.Insert(SubscriptionDocuments.From(run)).AsInt64;
            var old = runs.Find(Filter.Eq("l", run.List)).Select(d => d["_id"].AsInt64).OrderByDescending(i => i).Skip(KeptPerList).ToList();
            foreach (var stale in old)
            {
                runs.Delete(stale);
            }

            return StorageResult<long>.Ok(id);
        });
    }

    /// <summary>The newest runs, of one list or of all.</summary>
    public IReadOnlyList<SyncRun> Recent(string? list = null, int limit = 50) => _database.Read(db =>
    {
        var runs = Collection(db);
        var found = list is null
            ? runs.Find(Query.All("t", Query.Descending), limit: limit)
            : runs.Find(Filter.Eq("l", list)).OrderByDescending(d => d["t"].AsInt64).Take(limit);
        return (IReadOnlyList<SyncRun>)found.Select(SubscriptionDocuments.ToRun).ToList();
    });

    private static ILiteCollection<BsonDocument> Collection(LiteDatabase db) => db.GetCollection(Collections.SyncRuns, BsonAutoId.Int64);
}
