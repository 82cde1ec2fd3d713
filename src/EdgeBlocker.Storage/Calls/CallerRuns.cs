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
/// is merged again at most once per level: with a fan-out of 8, a day of 35,000 batches has 6 levels. A day's runs
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

            var merged = new CallerCounts();
            foreach (var run in full)
            {
                merged.Add(runs.FindById(run.Id), ref giveWay);
                runs.Delete(run.Id);
                listed.Remove(run);
            }

            Insert(runs, listed, merged.ToDocuments(day), level + 1);
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

    /// <summary>Blocked calls per caller, summed in memory: a batch's of one day, or runs being merged.</summary>
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

        /// <summary>Adds a run's counts, giving way every 1,024.</summary>
        public void Add(BsonDocument run, ref GiveWay giveWay)
        {
            var keys = MemoryMarshal.Cast<byte, long>(run[KeysField].AsBinary);
            var counts = MemoryMarshal.Cast<byte, long>(run[CountsField].AsBinary);
            for (var i = 0; i < keys.Length; i++)
            {
                _numbers[keys[i]] = _numbers.GetValueOrDefault(keys[i]) + counts[i];
                if ((i & 1023) == 1023)
                {
                    giveWay.WhenDue();
                }
            }

            foreach (var (other, count) in Others(run))
            {
                _others[other] = _others.GetValueOrDefault(other) + count;
            }
        }

        public void Clear()
        {
            _numbers.Clear();
            _others.Clear();
        }

        /// <summary>
        /// The counts as run documents of <paramref name="day"/>: one, unless they pass what a document holds
        /// (<see cref="MaxCallersPerDocument"/>).
        /// </summary>
        public List<BsonDocument> ToDocuments(long day)
        {
            var others = Parts(_others);
            var documents = new List<BsonDocument>();
            using var numbers = _numbers.GetEnumerator();
            var numbersLeft = _numbers.Count;
            for (var i = 0; i == 0 || numbersLeft > 0 || i < others.Count; i++)
            {
                var take = Math.Min(numbersLeft, MaxCallersPerDocument);
                var keys = new byte[take * sizeof(long)];
                var counts = new byte[keys.Length];
                var keyValues = MemoryMarshal.Cast<byte, long>(keys.AsSpan());
                var countValues = MemoryMarshal.Cast<byte, long>(counts.AsSpan());
                for (var n = 0; n < take && numbers.MoveNext(); n++)
                {
                    (keyValues[n], countValues[n]) = numbers.Current;
                }

                numbersLeft -= take;
                var run = new BsonDocument
                {
                    [DayField] = day,
                    [KeysField] = keys,
                    [CountsField] = counts,
                };
                WriteJoined(run, OtherKeysField, OtherCountsField, i < others.Count ? others[i] : []);
                documents.Add(run);
            }

            return documents;
        }
    }
}
