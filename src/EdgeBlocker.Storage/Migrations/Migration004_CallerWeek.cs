using LiteDB;

namespace EdgeBlocker.Storage.Migrations;

/// <summary>The rolling week of blocked calls per caller behind the dashboard's top callers; filled on first use.</summary>
internal sealed class Migration004_CallerWeek : IMigration
{
    public int Number => 4;

    public string Description => "rolling week of blocked calls per caller";

    /// <summary>The collection and its count index; migration 009 replaced the week with a sum of the days' counts.</summary>
    public void Apply(LiteDatabase db)
    {
        db.GetCollection(Collections.StatsCallerWeek).EnsureIndex("b", "$.b");
        db.GetCollection(Collections.StatsState);
    }
}
