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
/// Encoding, version 2: a version byte, then per record: the id's offset from the page id (varint), the screening
/// time as its difference from the previous record's in the page (the first's from 0; int64 UTC ticks, zigzag
/// varint), the response code (varint), a flags byte (1: answered, 2: ended) followed by those times (int64 each,
/// little-endian), then the 14 text fields in <see cref="Texts"/> order, each 0 for none, 1 for the previous record's
/// text of that field, else its UTF-8 length plus two (varint) and its bytes. Ids within a page only grow; retention may
/// leave gaps. Version 1, which pages written before still hold, has the time as an int64 and each text as its length
/// plus one (0 for none), without "the previous record's".
/// <para>
/// A trunk's calls share most of their texts with the call before (source, transport, verdict, rule, list, the number
/// called): a blocked call of the benchmark ladder takes 86 bytes in version 2 against 133 in version 1, and what
/// LiteDB writes, logs and checkpoints for it shrinks with it (the ladder's database file: 82–84 MB against 108–121).
/// </para>
/// </remarks>
internal static class CallPage
{
    public const string LastField = "l";
    public const string CountField = "n";
    public const string RecordsField = "r";

    /// <summary>The encoding written; <see cref="Version1"/> is still read.</summary>
    private const byte Version = 2;
    private const byte Version1 = 1;
    private const string TotalId = "records";
    private const byte AnsweredFlag = 1;
    private const byte EndedFlag = 2;

    /// <summary>A text's code (version 2) for "the previous record's text of this field"; a text's own is its length plus <see cref="TextBase"/>.</summary>
    private const ulong SameText = 1;
    private const ulong TextBase = 2;

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
        var records = new List<CallRecord>(CountOf(page));
        var cursor = new Cursor(first, data);
        while (cursor.Next())
        {
            records.Add(cursor.Record());
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
        var data = page[RecordsField].AsBinary;
        var cursor = new Cursor(FirstOf(page), data);
        var byId = Enumerable.Range(0, updates.Count).ToLookup(i => updates[i].Id);
        var output = new ArrayBufferWriter<byte>(data.Length + (updates.Count * 17));
        output.Write([data[0]]); // records are copied in the page's own encoding
        var set = new bool[updates.Count];
        while (cursor.Next())
        {
            var callId = cursor.Text(CallIdText);
            var match = -1;
            foreach (var u in byId[cursor.Id])
            {
                if (callId.SequenceEqual(Encoding.UTF8.GetBytes(updates[u].CallId)))
                {
                    match = u;
                    break;
                }
            }

            if (match < 0)
            {
                output.Write(data.AsSpan(cursor.Start, cursor.End - cursor.Start));
                continue;
            }

            var update = updates[match];
            var answered = update.AnsweredAt?.UtcTicks ?? cursor.AnsweredAt;
            var ended = update.EndedAt?.UtcTicks ?? cursor.EndedAt;
            output.Write(data.AsSpan(cursor.Start, cursor.FlagsAt - cursor.Start));
            output.Write([(byte)((answered is null ? 0 : AnsweredFlag) | (ended is null ? 0 : EndedFlag))]);
            if (answered is { } answeredTicks)
            {
                WriteInt64(output, answeredTicks);
            }

            if (ended is { } endedTicks)
            {
                WriteInt64(output, endedTicks);
            }

            output.Write(data.AsSpan(cursor.TextsAt, cursor.End - cursor.TextsAt));
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
        private readonly string?[] _previousTexts = new string?[Texts.Length];
        private long _first;
        private long _last;
        private long _previousTime;

        public int Count { get; private set; }

        /// <summary>Adds a record under <paramref name="id"/> (its own <see cref="CallRecord.Id"/> is not read).</summary>
        public void Add(long id, CallRecord record)
        {
            if (Count == 0)
            {
                _buffer.GetSpan(1)[0] = Version;
                _buffer.Advance(1);
                _first = id;
                _previousTime = 0;
                Array.Clear(_previousTexts);
            }
            else if (id <= _last)
            {
                throw new ArgumentException($"record ids in a page must grow: {id} after {_last}", nameof(id));
            }

            _last = id;
            Count++;
            WriteVarint(_buffer, (ulong)(id - _first));
            var time = record.Time.UtcTicks;
            WriteVarint(_buffer, ZigZag(time - _previousTime));
            _previousTime = time;
            WriteVarint(_buffer, (uint)record.ResponseCode);
            var flags = (byte)((record.AnsweredAt is null ? 0 : AnsweredFlag) | (record.EndedAt is null ? 0 : EndedFlag));
            _buffer.GetSpan(1)[0] = flags;
            _buffer.Advance(1);
            if (record.AnsweredAt is { } answered)
            {
                WriteInt64(_buffer, answered.UtcTicks);
            }

            if (record.EndedAt is { } ended)
            {
                WriteInt64(_buffer, ended.UtcTicks);
            }

            for (var i = 0; i < Texts.Length; i++)
            {
                var text = Texts[i](record);
                if (text is not null && string.Equals(text, _previousTexts[i], StringComparison.Ordinal))
                {
                    WriteVarint(_buffer, SameText);
                    continue;
                }

                WriteText(_buffer, text);
                _previousTexts[i] = text;
            }
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
        if (data.Length == 0 || data[0] is not (Version or Version1))
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

    private static void WriteText(ArrayBufferWriter<byte> buffer, string? text)
    {
        if (text is null)
        {
            WriteVarint(buffer, 0);
            return;
        }

        var length = Encoding.UTF8.GetByteCount(text);
        WriteVarint(buffer, (ulong)length + TextBase);
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

    private static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    private static long UnZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);

    /// <summary>
    /// Walks a page's records in either encoding: where each record and its parts lie in the page's bytes, and where
    /// each of its texts does, the previous record's for "the same text".
    /// </summary>
    private ref struct Cursor
    {
        private readonly long _first;
        private readonly byte[] _data;
        private readonly bool _version1;
        private readonly Span<(int At, int Length)> _texts; // Length -1: none
        private readonly string?[] _strings; // each text made into a string, kept while the records after share it
        private int _position;

        public Cursor(long first, byte[] data)
        {
            CheckVersion(first, data);
            _first = first;
            _data = data;
            _version1 = data[0] == Version1;
            _texts = new (int, int)[Texts.Length];
            _texts.Fill((0, -1));
            _strings = new string?[Texts.Length];
            _position = 1;
        }

        public long Id { get; private set; }

        public long Time { get; private set; }

        public int ResponseCode { get; private set; }

        public long? AnsweredAt { get; private set; }

        public long? EndedAt { get; private set; }

        /// <summary>Where the current record starts, its flags byte, its texts, and where it ends.</summary>
        public int Start { get; private set; }

        public int FlagsAt { get; private set; }

        public int TextsAt { get; private set; }

        public readonly int End => _position;

        /// <summary>Moves to the next record; false at the end of the page.</summary>
        public bool Next()
        {
            if (_position >= _data.Length)
            {
                return false;
            }

            Start = _position;
            Id = _first + (long)ReadVarint(_data, ref _position);
            Time = _version1 ? ReadInt64(_data, ref _position) : Time + UnZigZag(ReadVarint(_data, ref _position));
            ResponseCode = (int)ReadVarint(_data, ref _position);
            FlagsAt = _position;
            var flags = _data[_position++];
            AnsweredAt = (flags & AnsweredFlag) != 0 ? ReadInt64(_data, ref _position) : null;
            EndedAt = (flags & EndedFlag) != 0 ? ReadInt64(_data, ref _position) : null;
            TextsAt = _position;
            for (var i = 0; i < _texts.Length; i++)
            {
                var code = ReadVarint(_data, ref _position);
                if (code == 0)
                {
                    _texts[i] = (0, -1);
                    _strings[i] = null;
                }
                else if (_version1 || code != SameText)
                {
                    var length = (int)code - (_version1 ? 1 : (int)TextBase);
                    _texts[i] = (_position, length);
                    _strings[i] = null;
                    _position += length;
                }

                // else the same text as the previous record's: where it lies, and its string, stay as they were
            }

            return true;
        }

        /// <summary>The bytes of text field <paramref name="field"/> of the current record; empty for none.</summary>
        public readonly ReadOnlySpan<byte> Text(int field) =>
            _texts[field].Length < 0 ? default : _data.AsSpan(_texts[field].At, _texts[field].Length);

        /// <summary>The current record; a text shared with the record before is the same string.</summary>
        public readonly CallRecord Record()
        {
            var texts = _strings;
            for (var i = 0; i < _texts.Length; i++)
            {
                var (at, length) = _texts[i];
                if (length >= 0)
                {
                    texts[i] ??= Encoding.UTF8.GetString(_data, at, length);
                }
            }

            // Read in stored order (Texts): an initializer's order would be a trap for whoever sorts it.
            return new CallRecord
            {
                Id = Id,
                Time = CallRecordMapper.FromTicks(Time),
                CallingNumberReceived = texts[0],
                CallingNumber = texts[1],
                CalledNumberReceived = texts[2],
                CalledNumber = texts[3],
                Peer = texts[4],
                SourceAddress = texts[5],
                Transport = texts[6],
                CallId = texts[CallIdText],
                PAssertedIdentity = texts[8],
                Attestation = texts[9],
                OrigId = texts[10],
                Verdict = texts[11] ?? string.Empty,
                Rule = texts[12],
                List = texts[13],
                ResponseCode = ResponseCode,
                AnsweredAt = AnsweredAt is { } answered ? CallRecordMapper.FromTicks(answered) : null,
                EndedAt = EndedAt is { } ended ? CallRecordMapper.FromTicks(ended) : null,
            };
        }
    }
}
