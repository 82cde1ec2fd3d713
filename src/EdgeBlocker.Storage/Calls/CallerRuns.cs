using System.Runtime.InteropServices;
using LiteDB;

namespace EdgeBlocker.Storage.Calls;

/// <summary>
/// Blocked-call counts per caller of the days not yet compacted (today, and a day that got late records), kept as
/// runs: each batch inserts one run per day it has blocked calls of, holding that batch's counts, and as soon as a day
/// has <see cref="Fanout"/> runs of one level they are merged into one run of the next level. A day's counts are the
/// sum of its runs; <see cref="BlockedCallerDays"/> folds a finished day's runs into its summary.
/// </summary>
/// <remarks>
/// DESIGN: a document per caller per day (and per caller for the rolling week) cost the writer two document writes per
/// caller per batch: 26 µs of CPU a caller in <c>CallWriterBenchmark</c> (batches of 1,000, half blocked, from 200,000
/// callers), more than the SIP path spends on a blocked call. A run costs one insert per batch and day, and each count
/// is merged again at most once per level: with a fan-out of 8, a day of 35,000 batches has 6 levels. A run keeps its
/// numbers in ascending order, so that runs merge in one pass over each (<see cref="Merge"/>). A day's runs
/// are listed, with their levels, in one state document (<c>runs|day</c>), written in the batch's transaction, so the
/// writer finds which runs to merge without reading their counts. Callers that are E.164 numbers are kept as the
/// integer of their digits (<see cref="TryKey"/>), in packed int64 arrays; other keys (numbers as received,
/// <c>anonymous</c>) as newline-joined text.
/// </remarks>
internal static class CallerRuns
{
    /// <summary>Runs of one level that are merged into one of the next.</summary>
    public const int Fanout = 8;

    /// <summary>
    /// Most callers of each kind one document holds (a run's E.164 numbers are then 4 MiB). LiteDB refuses a document
    /// over 16 MB, which a day's counts would pass at about a million callers: a flood from spoofed numbers. Counts
    /// beyond it are written in more documents (see <see cref="Closed"/>). High enough that a day of the ladder's
    /// 200,000 callers is merged as before.
    /// </summary>
    public const int MaxCallersPerDocument = 262_144;

    /// <summary>
    /// Most characters of other keys (and of a day summary's keys) one document holds: at most 6 MB of UTF-8, so that
    /// with its numbers and counts a document stays under LiteDB's limit.
    /// </summary>
    public const int MaxKeyCharsPerDocument = 2 << 20;

    /// <summary>
    /// The level of runs never merged again: a merge (or a batch) whose counts take more than one document writes them
    /// all at this level. Merging them would only make the same documents again.
    /// </summary>
    public const int Closed = int.MaxValue;

    public const string DayField = "d";
    private const string KeysField = "k";
    private const string CountsField = "c";
    private const string OtherKeysField = "o";
    private const string OtherCountsField = "oc";
    private const string IdsField = "i";
    private const string LevelsField = "l";

    /// <summary>The runs' index on their day (migration 009).</summary>
    public static void Create(LiteDatabase db) => db.GetCollection(Collections.StatsCallerRuns).EnsureIndex(DayField, "$." + DayField);

    /// <summary>
    /// Adds a batch's blocked calls of one day as a run, and merges runs as levels fill, giving way as it goes (a merge
    /// of the higher levels is hundreds of thousands of counts). Caller owns the transaction.
    /// </summary>
    public static void Add(LiteDatabase db, long day, CallerCounts counts, ref GiveWay giveWay)
    {
        if (counts.IsEmpty)
        {
            return;
        }

        var runs = db.GetCollection(Collections.StatsCallerRuns, BsonAutoId.Int64);
        var listed = Listed(db, day);
        Insert(runs, listed, counts.ToDocuments(day), 0);
        for (var level = 0; ; level++)
        {
            var full = listed.Where(r => r.Level == level).ToList();
            if (full.Count < Fanout)
            {
                break;
            }

            var merging = new List<BsonDocument>(full.Count);
            foreach (var run in full)
            {
                merging.Add(runs.FindById(run.Id));
                runs.Delete(run.Id);
                listed.Remove(run);
            }

            Insert(runs, listed, Merge(merging, day, ref giveWay), level + 1);
        }

        db.GetCollection(Collections.StatsState).Upsert(new BsonDocument
        {
            ["_id"] = StateId(day),
            [IdsField] = new BsonArray(listed.Select(r => new BsonValue(r.Id))),
            [LevelsField] = new BsonArray(listed.Select(r => new BsonValue(r.Level))),
        });
    }

    /// <summary>Inserts a run's documents and lists them: at <paramref name="level"/> if it is one, else <see cref="Closed"/>.</summary>
    private static void Insert(ILiteCollection<BsonDocument> runs, List<(long Id, int Level)> listed, List<BsonDocument> documents, int level)
    {
        foreach (var document in documents)
        {
            listed.Add((runs.Insert(document).AsInt64, documents.Count == 1 ? level : Closed));
        }
    }

    /// <summary>The runs of days [first, last].</summary>
    public static IEnumerable<BsonDocument> OfDays(LiteDatabase db, long first, long last) =>
        db.GetCollection(Collections.StatsCallerRuns).Find(Filter.Between(DayField, first, last));

    /// <summary>Whether any day before <paramref name="day"/> has runs (read through the day index).</summary>
    public static bool AnyBefore(LiteDatabase db, long day) => db.GetCollection(Collections.StatsCallerRuns).Exists(Filter.Lt(DayField, day));

    /// <summary>Deletes the runs of days before <paramref name="day"/>, with their lists; returns the days they were of.</summary>
    public static List<long> DeleteBefore(LiteDatabase db, long day)
    {
        var runs = db.GetCollection(Collections.StatsCallerRuns);
        var days = runs.Find(Filter.Lt(DayField, day)).Select(DayOf).Distinct().ToList();
        runs.DeleteMany(Filter.Lt(DayField, day));
        foreach (var old in days)
        {
            db.GetCollection(Collections.StatsState).Delete(StateId(old));
        }

        return days;
    }

    public static long DayOf(BsonDocument run) => run[DayField].AsInt64;

    /// <summary>Adds a run's (or a day summary's) counts to per-caller totals keyed by caller text.</summary>
    public static void AddTo(Dictionary<string, long> totals, BsonDocument run)
    {
        var keys = MemoryMarshal.Cast<byte, long>(run[KeysField].AsBinary);
        var counts = MemoryMarshal.Cast<byte, long>(run[CountsField].AsBinary);
        for (var i = 0; i < keys.Length; i++)
        {
            var number = "+" + keys[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
            totals[number] = totals.GetValueOrDefault(number) + counts[i];
        }

        foreach (var (other, count) in Others(run))
        {
            totals[other] = totals.GetValueOrDefault(other) + count;
        }
    }

    /// <summary>An E.164 number ("+", a digit 1–9, up to 14 more) as the integer of its digits; other keys have none.</summary>
    internal static bool TryKey(string number, out long key)
    {
        key = 0;
        if (number.Length is < 2 or > 16 || number[0] != '+' || number[1] is < '1' or > '9')
        {
            return false;
        }

        for (var i = 1; i < number.Length; i++)
        {
            var digit = number[i] - '0';
            if ((uint)digit > 9)
            {
                return false;
            }

            key = (key * 10) + digit;
        }

        return true;
    }

    private static string StateId(long day) => $"runs|{day}";

    private static List<(long Id, int Level)> Listed(LiteDatabase db, long day)
    {
        if (db.GetCollection(Collections.StatsState).FindById(StateId(day)) is not { } state)
        {
            return [];
        }

        var ids = state[IdsField].AsArray;
        var levels = state[LevelsField].AsArray;
        return [.. ids.Select((id, i) => (id.AsInt64, levels[i].AsInt32))];
    }

    private static IEnumerable<(string Key, long Count)> Others(BsonDocument run) =>
        ReadJoined(run, OtherKeysField, OtherCountsField);

    /// <summary>
    /// Keys and counts stored as the keys joined by newlines in <paramref name="keysField"/> and the counts as packed
    /// int64 in <paramref name="countsField"/>: a run's other keys, and a finished day's summary. The counts say how
    /// many keys there are, as a single key may be empty text.
    /// </summary>
    internal static IEnumerable<(string Key, long Count)> ReadJoined(BsonDocument doc, string keysField, string countsField)
    {
        var counts = MemoryMarshal.Cast<byte, long>(doc[countsField].AsBinary).ToArray();
        if (counts.Length == 0)
        {
            yield break;
        }

        var keys = doc[keysField].AsString.Split('\n');
        for (var i = 0; i < counts.Length; i++)
        {
            yield return (keys[i], counts[i]);
        }
    }

    /// <summary>Stores <paramref name="counts"/> the way <see cref="ReadJoined"/> reads them.</summary>
    internal static void WriteJoined(BsonDocument doc, string keysField, string countsField, IReadOnlyList<KeyValuePair<string, long>> counts)
    {
        var values = new long[counts.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = counts[i].Value;
        }

        doc[keysField] = string.Join('\n', counts.Select(c => c.Key));
        doc[countsField] = MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
    }

    /// <summary>
    /// <paramref name="counts"/> in parts that each fit one document: at most <see cref="MaxCallersPerDocument"/> keys
    /// and <see cref="MaxKeyCharsPerDocument"/> characters of them (a longer single key is a part of its own). None
    /// for no counts.
    /// </summary>
    internal static List<List<KeyValuePair<string, long>>> Parts(IEnumerable<KeyValuePair<string, long>> counts)
    {
        var parts = new List<List<KeyValuePair<string, long>>>();
        List<KeyValuePair<string, long>>? part = null;
        var chars = 0;
        foreach (var count in counts)
        {
            var length = count.Key.Length + 1; // and its newline
            if (part is null || part.Count == MaxCallersPerDocument || (part.Count > 0 && chars + length > MaxKeyCharsPerDocument))
            {
                parts.Add(part = []);
                chars = 0;
            }

            part.Add(count);
            chars += length;
        }

        return parts;
    }

    /// <summary>
    /// The documents of one run holding the counts of <paramref name="runs"/> (of <paramref name="day"/>). Their numbers
    /// are merged in one pass in key order, each key's counts summed, giving way every 1,024 keys; a run stored in
    /// another order (before runs were kept sorted) is sorted first. Other keys are summed by text.
    /// </summary>
    /// <remarks>
    /// DESIGN: merging by a dictionary of the counts cost a hash and, past a few thousand callers, a cache miss per count,
    /// and the dictionary's growth was the writer's largest allocation at 30,000 blocked calls a second (50 MB in 10 s
    /// from 200,000 callers). Runs kept in key order merge by reading each once, front to back.
    /// </remarks>
    internal static List<BsonDocument> Merge(IReadOnlyList<BsonDocument> runs, long day, ref GiveWay giveWay)
    {
        var keys = new byte[runs.Count][];
        var counts = new byte[runs.Count][];
        var lengths = new int[runs.Count];
        var next = new int[runs.Count];
        var total = 0;
        var others = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var r = 0; r < runs.Count; r++)
        {
            (keys[r], counts[r]) = InKeyOrder(runs[r][KeysField].AsBinary, runs[r][CountsField].AsBinary);
            lengths[r] = keys[r].Length / sizeof(long);
            total += lengths[r];
            foreach (var (other, count) in Others(runs[r]))
            {
                others[other] = others.GetValueOrDefault(other) + count;
            }
        }

        var mergedKeys = new byte[total * sizeof(long)];
        var mergedCounts = new byte[mergedKeys.Length];
        var outKeys = MemoryMarshal.Cast<byte, long>(mergedKeys.AsSpan());
        var outCounts = MemoryMarshal.Cast<byte, long>(mergedCounts.AsSpan());
        var n = 0;
        while (true)
        {
            var found = false;
            var least = 0L;
            for (var r = 0; r < runs.Count; r++)
            {
                if (next[r] == lengths[r])
                {
                    continue;
                }

                var key = Read(keys[r], next[r]);
                if (!found || key < least)
                {
                    (least, found) = (key, true);
                }
            }

            if (!found)
            {
                break;
            }

            var sum = 0L;
            for (var r = 0; r < runs.Count; r++)
            {
                if (next[r] < lengths[r] && Read(keys[r], next[r]) == least)
                {
                    sum += Read(counts[r], next[r]++);
                }
            }

            (outKeys[n], outCounts[n]) = (least, sum);
            if ((++n & 1023) == 0)
            {
                giveWay.WhenDue();
            }
        }

        return Documents(day, mergedKeys, mergedCounts, n, others);
    }

    /// <summary>The n-th packed int64 of <paramref name="values"/>.</summary>
    private static long Read(byte[] values, int n) => BitConverter.ToInt64(values, n * sizeof(long));

    /// <summary>A run's numbers and counts in ascending key order: as stored, or a sorted copy if stored in another order.</summary>
    private static (byte[] Keys, byte[] Counts) InKeyOrder(byte[] keys, byte[] counts)
    {
        var keyValues = MemoryMarshal.Cast<byte, long>(keys.AsSpan());
        for (var i = 1; i < keyValues.Length; i++)
        {
            if (keyValues[i] < keyValues[i - 1])
            {
                var sortedKeys = (byte[])keys.Clone();
                var sortedCounts = (byte[])counts.Clone();
                MemoryMarshal.Cast<byte, long>(sortedKeys.AsSpan()).Sort(MemoryMarshal.Cast<byte, long>(sortedCounts.AsSpan()));
                return (sortedKeys, sortedCounts);
            }
        }

        return (keys, counts);
    }

    /// <summary>
    /// Run documents of <paramref name="day"/> for the first <paramref name="n"/> numbers of <paramref name="keys"/> and
    /// <paramref name="counts"/> (packed int64, keys ascending) and for <paramref name="others"/>: one, unless they pass
    /// what a document holds (<see cref="MaxCallersPerDocument"/>, <see cref="MaxKeyCharsPerDocument"/>).
    /// </summary>
    private static List<BsonDocument> Documents(long day, byte[] keys, byte[] counts, int n, IEnumerable<KeyValuePair<string, long>> others)
    {
        var otherParts = Parts(others);
        var documents = new List<BsonDocument>();
        var first = 0;
        for (var i = 0; i == 0 || first < n || i < otherParts.Count; i++)
        {
            var take = Math.Min(n - first, MaxCallersPerDocument);
            var run = new BsonDocument
            {
                [DayField] = day,
                [KeysField] = Slice(keys, first, take),
                [CountsField] = Slice(counts, first, take),
            };
            WriteJoined(run, OtherKeysField, OtherCountsField, i < otherParts.Count ? otherParts[i] : []);
            documents.Add(run);
            first += take;
        }

        return documents;
    }

    /// <summary>Packed int64 values [first, first + count) of <paramref name="values"/>: the array itself when that is all of it.</summary>
    private static byte[] Slice(byte[] values, int first, int count) =>
        first == 0 && count * sizeof(long) == values.Length ? values : values.AsSpan(first * sizeof(long), count * sizeof(long)).ToArray();

    /// <summary>Blocked calls per caller of one day, summed in memory from a batch.</summary>
    internal sealed class CallerCounts
    {
        private readonly Dictionary<long, long> _numbers = [];
        private readonly Dictionary<string, long> _others = new(StringComparer.Ordinal);

        public bool IsEmpty => _numbers.Count == 0 && _others.Count == 0;

        public int Callers => _numbers.Count + _others.Count;

        public void Add(string caller, long count)
        {
            if (TryKey(caller, out var key))
            {
                _numbers[key] = _numbers.GetValueOrDefault(key) + count;
            }
            else
            {
                _others[caller] = _others.GetValueOrDefault(caller) + count;
            }
        }

        public void Clear()
        {
            _numbers.Clear();
            _others.Clear();
        }

        /// <summary>
        /// The counts as run documents of <paramref name="day"/>, numbers in ascending order (what <see cref="Merge"/>
        /// reads them in): one document, unless they pass what a document holds (<see cref="MaxCallersPerDocument"/>).
        /// </summary>
        public List<BsonDocument> ToDocuments(long day)
        {
            var keys = new byte[_numbers.Count * sizeof(long)];
            var counts = new byte[keys.Length];
            var keyValues = MemoryMarshal.Cast<byte, long>(keys.AsSpan());
            var countValues = MemoryMarshal.Cast<byte, long>(counts.AsSpan());
            var n = 0;
            foreach (var (key, count) in _numbers)
            {
                (keyValues[n], countValues[n]) = (key, count);
                n++;
            }

            keyValues.Sort(countValues);
            return Documents(day, keys, counts, n, _others);
        }
    }
}
