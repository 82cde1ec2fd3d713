using LiteDB;

namespace EdgeBlocker.Storage.Migrations;

/// <summary>
/// Drops the call records' index on the peer. No query reads it: the call log filters on the peer while it walks the
/// time index, and the dashboard's peer figures come from the per-day counters. It was kept up on every record written,
/// one index insert in six of the writer's work.
/// </summary>
internal sealed class Migration005_DropPeerIndex : IMigration
{
    public int Number => 5;

    public string Description => "drop the unused peer index of call records";

    public void Apply(LiteDatabase db) => db.GetCollection(Collections.Calls).DropIndex("p");
}
