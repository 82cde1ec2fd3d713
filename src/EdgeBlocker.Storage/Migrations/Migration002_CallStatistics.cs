using EdgeBlocker.Storage.Calls;
using LiteDB;

namespace EdgeBlocker.Storage.Migrations;

/// <summary>Pre-aggregated dashboard counters (per minute, per day, blocked callers and peers per day), back-filled from the calls already stored.</summary>
internal sealed class Migration002_CallStatistics : IMigration
{
    public int Number => 2;

    public string Description => "dashboard counters per minute, day, caller and peer";

    public void Apply(LiteDatabase db)
    {
        db.GetCollection(Collections.StatsMinute);
        db.GetCollection(Collections.StatsDay);
        db.GetCollection(Collections.StatsCallerDay).EnsureIndex("d", "$.d");
        db.GetCollection(Collections.StatsPeerDay).EnsureIndex("d", "$.d");

        var sums = new CallStatisticsAccumulator();
        foreach (var call in db.GetCollection(Collections.Calls).FindAll())
        {
            sums.Add(call);
        }

        sums.ApplyTo(db);
    }
}
