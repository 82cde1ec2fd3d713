using LiteDB;

namespace EdgeBlocker.Storage.Migrations;

/// <summary>Lists, list entries, packed numbers, audit log, settings and call records with their indexes.</summary>
internal sealed class Migration001_Initial : IMigration
{
    public int Number => 1;

    public string Description => "lists, entries, audit, settings, call records";

    public void Apply(LiteDatabase db)
    {
        db.GetCollection(Collections.Lists);
        var entries = db.GetCollection(Collections.ListEntries);
        entries.EnsureIndex("set", "$.set");
        entries.EnsureIndex("key", "$.key", unique: true);
        db.GetCollection(Collections.ListNumbers).EnsureIndex("set", "$.set");
        db.GetCollection(Collections.Audit).EnsureIndex("t", "$.t");
        db.GetCollection(Collections.Settings);
        var calls = db.GetCollection(Collections.Calls, BsonAutoId.Int64);
        calls.EnsureIndex("t", "$.t");
        calls.EnsureIndex("fn", "$.fn");
        calls.EnsureIndex("tn", "$.tn");
        calls.EnsureIndex("cid", "$.cid");
        calls.EnsureIndex("p", "$.p");
    }
}
