using EdgeBlocker.Storage.Calls;
using LiteDB;
using M = EdgeBlocker.Storage.Calls.CallRecordMapper;

namespace EdgeBlocker.Storage.Migrations;

/// <summary>
/// Replaces the call records' calling- and called-number indexes with a number filter per block of 512 records
/// (<see cref="CallBlock"/>): the blocks of the records already stored are built in one pass in id order, then the two
/// indexes are dropped, and the Call-ID index with them (<see cref="LiveCalls"/> finds an update's record).
/// </summary>
/// <remarks>
/// The pass reads every record. In one transaction LiteDB keeps every page it read until the end (about the size of
/// the file: 0.8 GB for 1M records), more than a Pi-class board may have; so the pass commits after every
/// 128 blocks (65,536 records) and the pages can be reused. Only the last step commits the version, so a pass
/// cut short (power loss) leaves version 5 and some blocks, and the next start deletes them and begins again.
/// </remarks>
internal sealed class Migration006_CallNumberBlocks(int blocksPerStep = 128) : IMigration
{
    private readonly int _recordsPerStep = blocksPerStep * CallBlock.DefaultRecords;

    public int Number => 6;

    public string Description => "number filters per block of call records instead of the number and Call-ID indexes";

    public void Apply(LiteDatabase db)
    {
        var calls = db.GetCollection(Collections.Calls);
        var blocks = db.GetCollection(Collections.CallBlocks);
        blocks.DeleteAll();
        var after = 0L;
        while (true)
        {
            var step = calls.Query().Where(Filter.Gt("_id", after)).OrderBy("_id").Limit(_recordsPerStep).ToEnumerable();
            CallBlock? block = null;
            var read = 0;
            foreach (var doc in step)
            {
                var id = doc["_id"].AsInt64;
                var next = CallBlock.For(block, id, CallBlock.DefaultRecords);
                if (block is not null && next != block)
                {
                    blocks.Insert(block.ToDocument());
                }

                block = next;
                block.Add(id, doc[M.Time].AsInt64, M.Text(doc, M.Calling), M.Text(doc, M.Called));
                after = id;
                read++;
            }

            if (block is not null)
            {
                blocks.Insert(block.ToDocument());
            }

            if (read < _recordsPerStep)
            {
                break;
            }

            // A step done: committed, so LiteDB may reuse the pages it read (see remarks); the runner's transaction goes on.
            db.Commit();
            db.BeginTrans();
        }

        calls.DropIndex("fn");
        calls.DropIndex("tn");
        calls.DropIndex("cid"); // updates find their record through the calls in progress (LiveCalls)
    }
}
