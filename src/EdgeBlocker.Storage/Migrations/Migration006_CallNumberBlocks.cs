using EdgeBlocker.Storage.Calls;
using LiteDB;
using M = EdgeBlocker.Storage.Calls.CallRecordMapper;

namespace EdgeBlocker.Storage.Migrations;

/// <summary>
/// Replaces the call records' calling- and called-number indexes with a number filter per block of 4,096 records
/// (<see cref="CallBlock"/>): the blocks of the records already stored are built in one pass in id order, then the two
/// indexes are dropped. One read of every stored record, once.
/// </summary>
internal sealed class Migration006_CallNumberBlocks : IMigration
{
    public int Number => 6;

    public string Description => "number filters per block of call records instead of the calling and called number indexes";

    public void Apply(LiteDatabase db)
    {
        var calls = db.GetCollection(Collections.Calls);
        var blocks = db.GetCollection(Collections.CallBlocks);
        CallBlock? block = null;
        foreach (var doc in calls.Query().OrderBy("_id").ToEnumerable())
        {
            var id = doc["_id"].AsInt64;
            if (block is null || block.Records >= CallBlock.DefaultRecords)
            {
                if (block is not null)
                {
                    blocks.Insert(block.ToDocument());
                }

                block = CallBlock.Start(id);
            }

            block.Add(id, doc[M.Time].AsInt64, M.Text(doc, M.Calling), M.Text(doc, M.Called));
        }

        if (block is not null)
        {
            blocks.Insert(block.ToDocument());
        }

        calls.DropIndex("fn");
        calls.DropIndex("tn");
    }
}
