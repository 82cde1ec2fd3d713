using LiteDB;

namespace EdgeBlocker.Storage.Migrations;

/// <summary>Feed subscriptions and the history of sync runs and uploads.</summary>
internal sealed class Migration003_Subscriptions : IMigration
{
    public int Number => 3;

    public string Description => "feed subscriptions and sync history";

    public void Apply(LiteDatabase db)
    {
        db.GetCollection(Collections.Subscriptions);
        var runs = db.GetCollection(Collections.SyncRuns, BsonAutoId.Int64);
        runs.EnsureIndex("l", "$.l");
        runs.EnsureIndex("t", "$.t");
    }
}
