using LiteDB;

namespace EdgeBlocker.Storage.Lists;

/// <summary>
/// Writes a whole new entry set (one list version) from a stream of entries, inside the caller's transaction.
/// Exact/dno numbers are collected, sorted, de-duplicated (first occurrence wins) and packed per attribute group;
/// everything else becomes entry documents, inserted in bulk as the stream is read.
/// </summary>
internal sealed class EntrySetWriter
{
    private const int InsertBatch = 5_000;

    private readonly ILiteCollection<BsonDocument> _entries;
    private readonly ILiteCollection<BsonDocument> _chunks;
    private readonly string _set;
    private readonly Dictionary<NumberAttributes, int> _groups = [];
    private readonly List<NumberAttributes> _groupAttributes = [];
    private readonly List<ListEntry> _groupSample = [];
    private readonly Dictionary<string, (List<long> Numbers, List<int> Groups)> _numbersByKind = new(StringComparer.Ordinal);
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
    private readonly List<BsonDocument> _pending = [];
    private long _documents;

    public EntrySetWriter(LiteDatabase db, string set)
    {
        _entries = db.GetCollection(Collections.ListEntries, BsonAutoId.ObjectId);
        _chunks = NumberChunks.Collection(db);
        _set = set;
    }

    /// <summary>Writes the set; returns the number of distinct entries, or an error naming the bad entry (1-based).</summary>
    public StorageResult<long> Write(IEnumerable<ListEntry> source)
    {
        long index = 0;
        foreach (var entry in source)
        {
            index++;
            var error = ListEntryValidator.Check(entry, out var kind, out var number, out var value);
            if (error is not null)
            {
                return StorageResult<long>.Fail(StorageErrorCode.Invalid, $"entry {index}: {error}");
            }

            if (number != 0)
            {
                CollectNumber(entry, kind, number);
            }
            else if (_keys.Add(ListEntryValidator.Key(_set, kind, value)))
            {
                Queue(ListDocuments.Entry(_set, kind, value, 0, entry));
            }
        }

        var packed = WriteNumbers();
        Flush();
        return StorageResult<long>.Ok(_documents + packed);
    }

    private void CollectNumber(ListEntry entry, string kind, long number)
    {
        var attributes = NumberAttributes.Of(entry, kind);
        if (!_groups.TryGetValue(attributes, out var group))
        {
            group = _groupAttributes.Count;
            _groups.Add(attributes, group);
            _groupAttributes.Add(attributes);
            _groupSample.Add(entry);
        }

        if (!_numbersByKind.TryGetValue(kind, out var collected))
        {
            collected = ([], []);
            _numbersByKind.Add(kind, collected);
        }

        collected.Numbers.Add(number);
        collected.Groups.Add(group);
    }

    private long WriteNumbers()
    {
        long total = 0;
        foreach (var (kind, (numberList, groupList)) in _numbersByKind)
        {
            var numbers = numberList.ToArray();
            var order = new int[numbers.Length];
            for (var i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }

            Array.Sort(numbers, order);

            // Runs of one number: keep the earliest entry's attributes (first occurrence wins, like a file read top-down).
            var perGroup = new List<long>[_groupAttributes.Count];
            for (var i = 0; i < numbers.Length;)
            {
                var first = order[i];
                var j = i + 1;
                for (; j < numbers.Length && numbers[j] == numbers[i]; j++)
                {
                    first = Math.Min(first, order[j]);
                }

                var group = groupList[first];
                (perGroup[group] ??= []).Add(numbers[i]);
                total++;
                i = j;
            }

            for (var group = 0; group < perGroup.Length; group++)
            {
                if (perGroup[group] is not { } sorted)
                {
                    continue;
                }

                if (sorted.Count >= NumberChunks.MinPackedGroup)
                {
                    NumberChunks.Write(_chunks, _set, group, _groupAttributes[group], System.Runtime.InteropServices.CollectionsMarshal.AsSpan(sorted));
                    continue;
                }

                foreach (var number in sorted)
                {
                    var value = ListEntryValidator.FormatNumber(number);
                    Queue(ListDocuments.Entry(_set, kind, value, number, _groupSample[group]));
                }

                _documents -= sorted.Count; // counted once in total already
            }
        }

        return total;
    }

    private void Queue(BsonDocument doc)
    {
        _pending.Add(doc);
        _documents++;
        if (_pending.Count >= InsertBatch)
        {
            Flush();
        }
    }

    private void Flush()
    {
        if (_pending.Count > 0)
        {
            _entries.InsertBulk(_pending, InsertBatch);
            _pending.Clear();
        }
    }
}
