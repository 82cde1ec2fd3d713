using EdgeBlocker.Storage.Calls;
using LiteDB;

namespace EdgeBlocker.Storage.Migrations;

/// <summary>
/// Blocked calls per caller counted in runs (<see cref="CallerRuns"/>) instead of a document per caller per day and
/// one per caller for the rolling week: the per-caller documents of the days not yet compacted become one run per day,
/// and the week goes (the dashboard's week is summed from the days).
/// </summary>
internal sealed class Migration009_CallerRuns : IMigration
{
    private const string WeekWindowId = "caller_week";

    public int Number => 9;

    public string Description => "blocked calls per caller counted in runs per day; no per-caller documents";

    public void Apply(LiteDatabase db)
    {
        CallerRuns.Create(db);
        var giveWay = new GiveWay();
        var perCaller = db.GetCollection(Collections.StatsCallerDay);
        foreach (var day in perCaller.FindAll().ToList().GroupBy(d => d["d"].AsInt64))
        {
            var counts = new CallerRuns.CallerCounts();
            foreach (var caller in day)
            {
                counts.Add(caller["n"].AsString, caller["blocked"].AsInt64);
            }

            CallerRuns.Add(db, day.Key, counts, ref giveWay);
        }

        perCaller.DeleteAll(); // with the runs made of them: a pass cut short after this commit has nothing to count again
        db.GetCollection(Collections.StatsState).Delete(WeekWindowId);

        // LiteDB drops a collection only outside a transaction.
        db.Commit();
        db.DropCollection(Collections.StatsCallerDay);
        db.DropCollection(Collections.StatsCallerWeek);
        db.BeginTrans();
    }
}
