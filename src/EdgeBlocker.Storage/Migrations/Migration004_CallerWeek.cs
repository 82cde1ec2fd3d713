using EdgeBlocker.Storage.Calls;
using LiteDB;

namespace EdgeBlocker.Storage.Migrations;

/// <summary>The rolling week of blocked calls per caller behind the dashboard's top callers; filled on first use.</summary>
internal sealed class Migration004_CallerWeek : IMigration
{
    public int Number => 4;

    public string Description => "rolling week of blocked calls per caller";

    public void Apply(LiteDatabase db) => BlockedCallerWeek.Create(db);
}
