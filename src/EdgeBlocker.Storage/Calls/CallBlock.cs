using LiteDB;

namespace EdgeBlocker.Storage.Calls;

/// <summary>
/// A run of consecutive call records (by id) with a Bloom filter of their calling and called numbers: what the call log
/// reads to find a number's calls without an index entry per number per record.
/// </summary>
/// <remarks>
/// DESIGN: the writer kept two number indexes on every record (calling, called). Each insert walked and dirtied
/// index pages all over the file, and that was most of a record's cost: in the writer harness (300,000 calls, half
/// relayed), 110 µs of CPU a call with them against 52 µs without, and the cost grew with the table. A block of
/// 512 records costs one 2 KB document, rewritten with each batch while it fills. A number query reads the block
/// documents (about 4 bytes a record), skips every block whose filter lacks the number, and reads the records of the
/// rest by id range; with 16 filter bits a key and 7 hashes, in theory one block in about 1,400 is read for nothing. Blocks are
/// small because a number's calls are spread over many of them: each one read costs its 512 records (4,096 made a
/// caller's call log on 1M records take 250–300 ms; 512, 46 ms).
/// The filter's hashing is fixed (FNV-1a), as it is stored: changing it needs a migration that rebuilds the blocks;
/// its size may change, as each block is read with the size it was written with.
/// </remarks>
internal sealed class CallBlock
{
    /// <summary>Records per block: a block is closed when it holds this many and the next record starts a new one.</summary>
    public const int DefaultRecords = 512;

    /// <summary>Filter size in bits (2 KB), two keys a record: 16 bits a key when full.</summary>
    private const int FilterBits = 1 << 14;

    private const int Hashes = 7;

    private const string LastField = "l";
    private const string CountField = "n";
    private const string EarliestField = "t0";
    /// <summary>The field of a block's latest time, and its index (migration 007): how records are found by time.</summary>
    public const string LatestIndex = LatestField;

    private const string LatestField = "t1";
    private const string FilterField = "b";

    private readonly byte[] _filter;

    private CallBlock(long first, long last, int records, long earliest, long latest, byte[] filter)
    {
        First = first;
        Last = last;
        Records = records;
        EarliestTicks = earliest;
        LatestTicks = latest;
        _filter = filter;
    }

    /// <summary>The block's first record id (its document id).</summary>
    public long First { get; }

    /// <summary>The block's last record id so far.</summary>
    public long Last { get; private set; }

    public int Records { get; private set; }

    /// <summary>The earliest and latest screening times (UTC ticks) of the block's records: a clock that jumped back is allowed for.</summary>
    public long EarliestTicks { get; private set; }

    public long LatestTicks { get; private set; }

    public static CallBlock Start(long firstId) => Start(firstId, FilterBits / 8);

    /// <summary>A block with a filter of another size (a power of two): as blocks written by another version have.</summary>
    internal static CallBlock Start(long firstId, int filterBytes) => new(firstId, firstId, 0, long.MaxValue, long.MinValue, new byte[filterBytes]);

    /// <summary>
    /// The block the record with <paramref name="id"/> goes into: <paramref name="open"/>, or a new one when there is
    /// none, it is full, or ids started again (retention deleted every record).
    /// </summary>
    public static CallBlock For(CallBlock? open, long id, int recordsPerBlock) =>
        open is null || open.Records >= recordsPerBlock || id <= open.Last ? Start(id) : open;

    /// <summary>Adds a record; its id must be above every id in the block.</summary>
    public void Add(long id, long ticks, string? calling, string? called)
    {
        Last = id;
        Records++;
        EarliestTicks = Math.Min(EarliestTicks, ticks);
        LatestTicks = Math.Max(LatestTicks, ticks);
        if (calling is not null)
        {
            NumberKey.Calling(calling).AddTo(_filter);
        }

        if (called is not null)
        {
            NumberKey.Called(called).AddTo(_filter);
        }
    }

    /// <summary>False when no record of the block has the number; true when one may.</summary>
    public static bool MayHold(BsonDocument block, NumberKey key) => key.IsIn(block[FilterField].AsBinary);

    public static long FirstOf(BsonDocument block) => block["_id"].AsInt64;

    public static long LastOf(BsonDocument block) => block[LastField].AsInt64;

    public static long LatestOf(BsonDocument block) => block[LatestField].AsInt64;

    public static long EarliestOf(BsonDocument block) => block[EarliestField].AsInt64;

    public static CallBlock FromDocument(BsonDocument doc) =>
        new(FirstOf(doc), LastOf(doc), doc[CountField].AsInt32, EarliestOf(doc), LatestOf(doc), doc[FilterField].AsBinary);

    public BsonDocument ToDocument() => new()
    {
        ["_id"] = First,
        [LastField] = Last,
        [CountField] = Records,
        [EarliestField] = EarliestTicks,
        [LatestField] = LatestTicks,
        [FilterField] = _filter,
    };

    /// <summary>
    /// The blocks that may hold records screened at or after <paramref name="from"/>, latest first (read through the
    /// index on their latest time). Blocks overlap in time only where the clock was set back.
    /// </summary>
    public static IEnumerable<BsonDocument> LatestFirst(LiteDatabase db, long from) =>
        db.GetCollection(Collections.CallBlocks).Query().Where(Filter.Gte(LatestField, from)).OrderByDescending(LatestField).ToEnumerable();

    /// <summary>The blocks that may hold records screened before <paramref name="until"/>, for retention.</summary>
    public static IEnumerable<BsonDocument> StartingBefore(LiteDatabase db, long until) =>
        db.GetCollection(Collections.CallBlocks).Find(Filter.Lt(EarliestField, until));

    /// <summary>The records of a block, ids ascending, from its pages (<see cref="CallPage"/>; retention may have deleted some).</summary>
    public static IEnumerable<CallRecord> RecordsOf(ILiteCollection<BsonDocument> pages, BsonDocument block) =>
        CallPage.Between(pages, FirstOf(block), LastOf(block)).SelectMany(CallPage.Records);

    /// <summary>Where the id range of a block ends, for retention: blocks whose last record is gone are deleted.</summary>
    public static BsonExpression EndsBefore(long id) => Filter.Lt(LastField, id);

    /// <summary>
    /// A number's filter positions: FNV-1a of its text with the side (calling or called) first; the seven positions
    /// come from its two 32-bit halves (double hashing), taken modulo the filter's size in bits (a power of two), so a
    /// block keeps the size it was written with.
    /// </summary>
    internal readonly struct NumberKey
    {
        private readonly uint _h1;
        private readonly uint _h2;

        private NumberKey(uint h1, uint h2)
        {
            _h1 = h1;
            _h2 = h2;
        }

        public static NumberKey Calling(string number) => Of(1, number);

        public static NumberKey Called(string number) => Of(2, number);

        public bool IsIn(byte[] filter)
        {
            var mask = (uint)(filter.Length * 8) - 1;
            for (var i = 0u; i < Hashes; i++)
            {
                var bit = (_h1 + (i * _h2)) & mask;
                if ((filter[bit >> 3] & (1 << (int)(bit & 7))) == 0)
                {
                    return false;
                }
            }

            return true;
        }

        public void AddTo(byte[] filter)
        {
            var mask = (uint)(filter.Length * 8) - 1;
            for (var i = 0u; i < Hashes; i++)
            {
                var bit = (_h1 + (i * _h2)) & mask;
                filter[bit >> 3] |= (byte)(1 << (int)(bit & 7));
            }
        }

        private static NumberKey Of(byte side, string number)
        {
            const ulong offset = 14695981039346656037UL;
            const ulong prime = 1099511628211UL;
            var hash = (offset ^ side) * prime;
            foreach (var c in number)
            {
                hash = (hash ^ (byte)c) * prime;
                hash = (hash ^ (byte)(c >> 8)) * prime;
            }

            return new NumberKey((uint)hash, (uint)(hash >> 32) | 1); // odd: the seven positions all differ
        }
    }
}
