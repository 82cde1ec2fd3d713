using EdgeBlocker.Storage.Calls;
using LiteDB;
using M = EdgeBlocker.Storage.Calls.CallRecordMapper;

namespace EdgeBlocker.Storage.Migrations;

/// <summary>
/// Packs the call records into pages (<see cref="CallPage"/>): a document per run of records of one block instead of
/// a document per record, which was most of what a record cost the writer. The records keep their ids, so the blocks
/// stay as they are; the record count the store reports is kept from here on.
/// </summary>
/// <remarks>
/// The pass reads every record, oldest first, and commits after every <c>recordsPerStep</c> records (see
/// <see cref="Migration006_CallNumberBlocks"/> for why): each step inserts its pages and deletes its records in one
/// transaction, so a pass cut short leaves version 7 with some records packed, and the next start packs the rest.
/// </remarks>
internal sealed class Migration008_CallPages(int recordsPerStep = 65_536) : IMigration
{
    public int Number => 8;

    public string Description => "call records packed into a page per run of records of one block";

    public void Apply(LiteDatabase db)
    {
        var calls = db.GetCollection(Collections.Calls);
        var pages = db.GetCollection(Collections.CallPages);
        var blocks = db.GetCollection(Collections.CallBlocks).Query().OrderBy("_id").ToEnumerable()
            .Select(b => (First: CallBlock.FirstOf(b), Last: CallBlock.LastOf(b)))
            .ToList();
        var page = new CallPage.Builder();
        var block = 0;
        while (true)
        {
            long first = 0, last = 0;
            var read = 0;
            var pageBlock = -1;
            foreach (var doc in calls.Query().OrderBy("_id").Limit(recordsPerStep).ToEnumerable())
            {
                var record = M.FromDocument(doc);
                while (block < blocks.Count && blocks[block].Last < record.Id)
                {
                    block++;
                }

                // Records outside every block (none are expected) are kept too, in pages of a block's size.
                var inBlock = block < blocks.Count && blocks[block].First <= record.Id ? block : -1;
                if (page.Count > 0 && (inBlock != pageBlock || page.Count >= CallBlock.DefaultRecords))
                {
                    pages.Insert(page.ToDocument());
                }

                pageBlock = inBlock;
                page.Add(record.Id, record);
                first = read == 0 ? record.Id : first;
                last = record.Id;
                read++;
            }

            if (read == 0)
            {
                break;
            }

            pages.Insert(page.ToDocument());
            calls.DeleteMany(Filter.Between("_id", first, last));
            CallPage.AddToTotal(db, read);

            // A step done: committed, so LiteDB may reuse the pages it read; the runner's transaction goes on.
            db.Commit();
            db.BeginTrans();
        }

        // Every record is packed and committed; LiteDB drops a collection only outside a transaction.
        db.Commit();
        db.DropCollection(Collections.Calls);
        db.BeginTrans();
    }
}
