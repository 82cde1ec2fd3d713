using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using LiteDB;

namespace EdgeBlocker.Storage.Calls;

/// <summary>
/// Consecutive call records of one block (<see cref="CallBlock"/>) packed into one document: <c>_id</c> is the first
/// record's id, <c>l</c> the last's, <c>n</c> the count and <c>r</c> the records, encoded as below. The writer makes
/// a page of each run of a batch's records that falls in one block, so a page never spans two blocks and a block's
/// records are the pages whose id lies in the block's range.
/// </summary>
/// <remarks>
/// DESIGN: a LiteDB document per record cost the writer about 10 µs of CPU a record (an index node, a data block and
/// the BSON of 18 named fields, in `CallWriterBenchmark` with one caller), more than the SIP path spends on a blocked
/// call. A page is one insert per batch and block. Records are read a page at a time; answer and hang-up updates
/// rewrite the page they fall in, once per batch and page.
/// Encoding, version 1: a version byte, then per record: the id's offset from the page id (varint), the screening
/// time (int64 UTC ticks, little-endian), the response code (varint), a flags byte (1: answered, 2: ended) followed by
/// those times (int64 each), then the 14 text fields in <see cref="Texts"/> order, each its UTF-8 length plus one
/// (varint; 0 for none) and its bytes. Ids within a page only grow; retention may leave gaps.
/// </remarks>
internal static class CallPage
{
    public const string LastField = "l";
    public const string CountField = "n";
    public const string RecordsField = "r";

    private const byte Version = 1;
    private const string TotalId = "records";
    private const byte AnsweredFlag = 1;
    private const byte EndedFlag = 2;

    /// <summary>Where the Call-ID is among <see cref="Texts"/>.</summary>
    private const int CallIdText = 7;

    /// <summary>The text fields in stored order: never reordered, as it is stored.</summary>
    private static readonly Func<CallRecord, string?>[] Texts =
    [
        r => r.CallingNumberReceived, r => r.CallingNumber, r => r.CalledNumberReceived, r => r.CalledNumber,
        r => r.Peer, r => r.SourceAddress, r => r.Transport, r => r.CallId, r => r.PAssertedIdentity,
        r => r.Attestation, r => r.OrigId, r => r.Verdict, r => r.Rule, r => r.List,
    ];

    public static long FirstOf(BsonDocument page) => page["_id"].AsInt64;

    public static long LastOf(BsonDocument page) => page[LastField].AsInt64;

    public static int CountOf(BsonDocument page) => page[CountField].AsInt32;

    /// <summary>How many records the pages hold: kept in one document by every transaction that adds or deletes records.</summary>
    public static long Total(LiteDatabase db) =>
        db.GetCollection(Collections.StatsState).FindById(TotalId) is { } doc ? doc[CountField].AsInt64 : 0;

    public static void AddToTotal(LiteDatabase db, long delta)
    {
        if (delta != 0)
        {
            db.GetCollection(Collections.StatsState).Upsert(new BsonDocument { ["_id"] = TotalId, [CountField] = Total(db) + delta });
        }
    }

    /// <summary>The page holding record <paramref name="id"/>, if any: the page with the greatest id at or below it.</summary>
    public static BsonDocument? Holding(ILiteCollection<BsonDocument> pages, long id) =>
        pages.Query().Where(Filter.Lte("_id", id)).OrderByDescending("_id").Limit(1).FirstOrDefault() is { } page && id <= LastOf(page) ? page : null;

    /// <summary>The pages with ids in [<paramref name="first"/>, <paramref name="last"/>]: a block's records.</summary>
    public static IEnumerable<BsonDocument> Between(ILiteCollection<BsonDocument> pages, long first, long last) =>
        pages.Find(Filter.Between("_id", first, last));

    /// <summary>A page of <paramref name="records"/>, which carry their ids (ascending); its id is the first record's.</summary>
    public static BsonDocument ToDocument(IReadOnlyList<CallRecord> records)
    {
        var builder = new Builder();
        foreach (var record in records)
        {
            builder.Add(record.Id, record);
        }

        return builder.ToDocument();
    }

    /// <summary>The records of a page, ids ascending.</summary>
    public static List<CallRecord> Records(BsonDocument page)
    {
        var first = FirstOf(page);
        var data = page[RecordsField].AsBinary;
        CheckVersion(first, data);
        var records = new List<CallRecord>(CountOf(page));
        var reader = new Reader(data, 1, first);
        while (!reader.AtEnd)
        {
            records.Add(reader.Next());
        }

        return records;
    }

    /// <summary>
    /// Sets answer and hang-up times on records of <paramref name="page"/> in its encoding: every other record's bytes
    /// are copied as they are, not decoded. A record is set by the update with its id and its Call-ID (two calls in
    /// progress may share an id once retention has deleted every record and ids start again). Returns which updates
    /// were set; the page's records are replaced only when one was.
    /// </summary>
    /// <remarks>
    /// DESIGN: decoding the page into records and encoding it again for a few updates was 230 of the writer's 790
    /// samples in a profile at 6,000 calls a second, half relayed (each relayed call gets two updates).
    /// </remarks>
    public static bool[] SetTimes(BsonDocument page, IReadOnlyList<TimesUpdate> updates)
    {
        var first = FirstOf(page);
        var data = page[RecordsField].AsBinary;
        CheckVersion(first, data);
        var byId = Enumerable.Range(0, updates.Count).ToLookup(i => updates[i].Id);
        var output = new ArrayBufferWriter<byte>(data.Length + (updates.Count * 17));
        output.Write([Version]);
        var set = new bool[updates.Count];
        var at = 1;
        while (at < data.Length)
        {
            var start = at;
            var id = first + (long)ReadVarint(data, ref at);
            at += 8; // the screening time
            ReadVarint(data, ref at); // the response code
            var flagsAt = at;
            var flags = data[at++];
            long? answered = (flags & AnsweredFlag) != 0 ? ReadInt64(data, ref at) : null;
            long? ended = (flags & EndedFlag) != 0 ? ReadInt64(data, ref at) : null;
            var textsAt = at;
            var callId = ReadOnlySpan<byte>.Empty;
            for (var text = 0; text < Texts.Length; text++)
            {
                var length = (int)ReadVarint(data, ref at) - 1;
                if (length > 0 && text == CallIdText)
                {
                    callId = data.AsSpan(at, length);
                }

                at += Math.Max(length, 0);
            }

            var match = -1;
            foreach (var u in byId[id])
            {
                if (callId.SequenceEqual(Encoding.UTF8.GetBytes(updates[u].CallId)))
                {
                    match = u;
                    break;
                }
            }

            if (match < 0)
            {
                output.Write(data.AsSpan(start, at - start));
                continue;
            }

            var update = updates[match];
            answered = update.AnsweredAt?.UtcTicks ?? answered;
            ended = update.EndedAt?.UtcTicks ?? ended;
            output.Write(data.AsSpan(start, flagsAt - start));
            output.Write([(byte)((answered is null ? 0 : AnsweredFlag) | (ended is null ? 0 : EndedFlag))]);
            if (answered is { } answeredTicks)
            {
                WriteInt64(output, answeredTicks);
            }

            if (ended is { } endedTicks)
            {
                WriteInt64(output, endedTicks);
            }

            output.Write(data.AsSpan(textsAt, at - textsAt));
            set[match] = true;
        }

        if (Array.IndexOf(set, true) >= 0)
        {
            page[RecordsField] = output.WrittenSpan.ToArray();
        }

        return set;
    }

    /// <summary>Times to set on stored record <see cref="Id"/> (null: keep), if its Call-ID is <see cref="CallId"/>.</summary>
    internal readonly record struct TimesUpdate(long Id, string CallId, DateTimeOffset? AnsweredAt, DateTimeOffset? EndedAt);

    /// <summary>Encodes records one at a time into a buffer the writer keeps from page to page.</summary>
    internal sealed class Builder
    {
        private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
        private long _first;
        private long _last;

        public int Count { get; private set; }

        /// <summary>Adds a record under <paramref name="id"/> (its own <see cref="CallRecord.Id"/> is not read).</summary>
        public void Add(long id, CallRecord record)
        {
            if (Count == 0)
            {
                _buffer.GetSpan(1)[0] = Version;
                _buffer.Advance(1);
                _first = id;
            }
            else if (id <= _last)
            {
                throw new ArgumentException($"record ids in a page must grow: {id} after {_last}", nameof(id));
            }

            _last = id;
            Count++;
            Write(_buffer, id - _first, record);
        }

        /// <summary>Drops the records added since the last page (their batch was rolled back).</summary>
        public void Clear()
        {
            _buffer.ResetWrittenCount();
            Count = 0;
        }

        /// <summary>The page of the records added since the last one; the builder is then empty.</summary>
        public BsonDocument ToDocument()
        {
            if (Count == 0)
            {
                throw new InvalidOperationException("a page holds at least one record");
            }

            var page = new BsonDocument
            {
                ["_id"] = _first,
                [LastField] = _last,
                [CountField] = Count,
                [RecordsField] = _buffer.WrittenSpan.ToArray(),
            };
            Clear();
            return page;
        }
    }

    private static void CheckVersion(long first, byte[] data)
    {
        if (data.Length == 0 || data[0] != Version)
        {
            throw new InvalidDataException($"call page {first}: unknown encoding {(data.Length == 0 ? "(empty)" : data[0].ToString(System.Globalization.CultureInfo.InvariantCulture))}");
        }
    }

    private static long ReadInt64(byte[] data, ref int at)
    {
        var value = BinaryPrimitives.ReadInt64LittleEndian(data.AsSpan(at, 8));
        at += 8;
        return value;
    }

    private static ulong ReadVarint(byte[] data, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = data[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }

    private static void Write(ArrayBufferWriter<byte> buffer, long offset, CallRecord record)
    {
        WriteVarint(buffer, (ulong)offset);
        WriteInt64(buffer, record.Time.UtcTicks);
        WriteVarint(buffer, (uint)record.ResponseCode);
        var flags = (byte)((record.AnsweredAt is null ? 0 : AnsweredFlag) | (record.EndedAt is null ? 0 : EndedFlag));
        buffer.GetSpan(1)[0] = flags;
        buffer.Advance(1);
        if (record.AnsweredAt is { } answered)
        {
            WriteInt64(buffer, answered.UtcTicks);
        }

        if (record.EndedAt is { } ended)
        {
            WriteInt64(buffer, ended.UtcTicks);
        }

        foreach (var text in Texts)
        {
            WriteText(buffer, text(record));
        }
    }

    private static void WriteText(ArrayBufferWriter<byte> buffer, string? text)
    {
        if (text is null)
        {
            WriteVarint(buffer, 0);
            return;
        }

        var length = Encoding.UTF8.GetByteCount(text);
        WriteVarint(buffer, (ulong)length + 1);
        Encoding.UTF8.GetBytes(text, buffer.GetSpan(length));
        buffer.Advance(length);
    }

    private static void WriteInt64(ArrayBufferWriter<byte> buffer, long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(buffer.GetSpan(8), value);
        buffer.Advance(8);
    }

    private static void WriteVarint(ArrayBufferWriter<byte> buffer, ulong value)
    {
        var span = buffer.GetSpan(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        buffer.Advance(i);
    }

    private ref struct Reader(byte[] data, int position, long first)
    {
        private int _position = position;

        public readonly bool AtEnd => _position >= data.Length;

        public CallRecord Next()
        {
            var id = first + (long)Varint();
            var time = Int64();
            var responseCode = (int)Varint();
            var flags = data[_position++];
            DateTimeOffset? answered = (flags & AnsweredFlag) != 0 ? CallRecordMapper.FromTicks(Int64()) : null;
            DateTimeOffset? ended = (flags & EndedFlag) != 0 ? CallRecordMapper.FromTicks(Int64()) : null;

            // One local a field, read in stored order (an initializer's order would be a trap for whoever sorts it).
            var callingReceived = Text();
            var calling = Text();
            var calledReceived = Text();
            var called = Text();
            var peer = Text();
            var source = Text();
            var transport = Text();
            var callId = Text();
            var pai = Text();
            var attestation = Text();
            var origId = Text();
            var verdict = Text() ?? string.Empty;
            var rule = Text();
            var list = Text();
            return new CallRecord
            {
                Id = id,
                Time = CallRecordMapper.FromTicks(time),
                CallingNumberReceived = callingReceived,
                CallingNumber = calling,
                CalledNumberReceived = calledReceived,
                CalledNumber = called,
                Peer = peer,
                SourceAddress = source,
                Transport = transport,
                CallId = callId,
                PAssertedIdentity = pai,
                Attestation = attestation,
                OrigId = origId,
                Verdict = verdict,
                Rule = rule,
                List = list,
                ResponseCode = responseCode,
                AnsweredAt = answered,
                EndedAt = ended,
            };
        }

        private long Int64() => ReadInt64(data, ref _position);

        private ulong Varint() => ReadVarint(data, ref _position);

        private string? Text()
        {
            var length = (int)Varint();
            if (length == 0)
            {
                return null;
            }

            var text = Encoding.UTF8.GetString(data, _position, length - 1);
            _position += length - 1;
            return text;
        }
    }
}
