using EdgeBlocker.Storage.Calls;
using LiteDB;

namespace EdgeBlocker.Storage.Migrations;

/// <summary>
/// Finds call records by time through their blocks instead of a time index on every record: the blocks get an index
/// on their latest time (<see cref="CallBlock.LatestIndex"/>), and the records' time index is dropped. The per-caller
/// daily counts lose their day index too: their id begins with the day (<see cref="BlockedCallerDays"/>).
/// </summary>
/// <remarks>
/// DESIGN: LiteDB reads every index node it passes into a new object, and an insert passes a few per level of the
/// index (a skip list: about 20 levels at a million entries). In a probe of the writer the time index was 45 % of what a record cost
/// to write (allocated bytes); a block's index entry changes once a batch, not once a record.
/// </remarks>
internal sealed class Migration007_BlockTimes : IMigration
{
    public int Number => 7;

    public string Description => "call records found by time through their blocks; no per-record time index";

    public void Apply(LiteDatabase db)
    {
        db.GetCollection(Collections.CallBlocks).EnsureIndex(CallBlock.LatestIndex, "$." + CallBlock.LatestIndex);
        db.GetCollection(Collections.Calls).DropIndex(CallRecordMapper.Time);
        db.GetCollection(Collections.StatsCallerDay).DropIndex("d");
    }
}
