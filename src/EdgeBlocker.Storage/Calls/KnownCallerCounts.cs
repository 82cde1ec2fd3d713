using LiteDB;

namespace EdgeBlocker.Storage.Calls;

/// <summary>
/// Per-caller blocked counts as committed for one period: one UTC day's documents (<c>call_stats_caller_day</c>), or the
/// rolling week's (<c>call_stats_caller_week</c>, the period being the window's first day). The writer adds to a known
/// caller's document by replacing it, and inserts a caller's first document without looking for it when the counts
/// are complete: every stored document of the period with an E.164 number is here. A batch stages what it writes; the
/// values are taken only once it commits.
/// </summary>
/// <remarks>
/// DESIGN: reading a document by id goes through LiteDB's query pipeline (parse, plan, pipe), far dearer than the index
/// lookup a replace does: in a profile at 4,000 calls a second of the 50/50 mix (callers from a file of 200,000), reading
/// the day's per-caller documents was 19 % of the process's CPU, nearly all of it for callers new that day (a read that
/// finds nothing); with that read gone, inserting by LiteDB's upsert was 24 %, half of it spent looking for the document. With the week kept as
/// well (the dashboard was viewed), a batch of 1,000 from 200,000 callers took 38.6 ms before this and 23.2 ms after
/// (CallWriterBenchmark). Numbers are kept as integers (an E.164 number is "+" and up to 15 digits, the first not 0, so
/// the digits are a one-to-one key): 250,000 callers took 9.1 MB, measured after loading them, where strings took 9 MB
/// for 100,000.
/// Other caller keys (numbers as received, "anonymous") are not kept and are always read. A value can be stale only
/// for a document changed another way; every such change (compaction, retention, moving or rebuilding the week) calls
/// <see cref="Forget"/>, and a known caller whose document is gone is counted the slow way.
/// </remarks>
internal sealed class KnownCallerCounts
{
    /// <summary>Callers kept per period; with more, the counts are no longer complete and new callers are read first.</summary>
    public const int Capacity = 250_000;

    private const long NoPeriod = long.MinValue;

    private readonly Lock _gate = new();
    private readonly Dictionary<long, long> _counts = [];
    private readonly List<(long Period, long Key, long Blocked)> _staged = [];
    private long _period = NoPeriod; // NoPeriod: nothing loaded
    private bool _complete;

    /// <summary>What is known of a caller's stored count.</summary>
    public enum Presence
    {
        /// <summary>Not known: read the document.</summary>
        Unknown,

        /// <summary>The caller has no document for the period.</summary>
        Absent,

        /// <summary>The caller's document holds the count given.</summary>
        Known,
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _counts.Count;
            }
        }
    }

    /// <summary>Whether the period's stored counts were loaded (<see cref="Load"/>) and not forgotten since.</summary>
    public bool Covers(long period)
    {
        lock (_gate)
        {
            return _period != NoPeriod && _period == period;
        }
    }

    /// <summary>
    /// Takes the stored counts of a period, replacing what was kept (of any period) and what was staged. Complete when
    /// they all fit. Called inside the batch's transaction, before it writes the period's documents.
    /// </summary>
    public void Load(long period, IEnumerable<(string Number, long Blocked)> stored)
    {
        lock (_gate)
        {
            _counts.Clear();
            _staged.Clear();
            _period = period;
            _complete = true;
            foreach (var (number, blocked) in stored)
            {
                if (!TryKey(number, out var key))
                {
                    continue;
                }

                if (_counts.Count == Capacity)
                {
                    _complete = false;
                    break;
                }

                _counts[key] = blocked;
            }
        }
    }

    public Presence Find(long period, string number, out long blocked)
    {
        blocked = 0;
        lock (_gate)
        {
            if (_period == NoPeriod || period != _period || !TryKey(number, out var key))
            {
                return Presence.Unknown;
            }

            return _counts.TryGetValue(key, out blocked) ? Presence.Known : _complete ? Presence.Absent : Presence.Unknown;
        }
    }

    /// <summary>Notes a caller's count as the batch in progress stored it; 0 or less: its document is gone.</summary>
    public void Stage(long period, string number, long blocked)
    {
        if (!TryKey(number, out var key))
        {
            return;
        }

        lock (_gate)
        {
            _staged.Add((period, key, blocked));
        }
    }

    /// <summary>The batch committed: its counts are known. Counts of a period other than the one loaded are not kept.</summary>
    public void Commit()
    {
        lock (_gate)
        {
            foreach (var (period, key, blocked) in _staged)
            {
                if (_period == NoPeriod || period != _period)
                {
                    continue;
                }

                if (blocked <= 0)
                {
                    _counts.Remove(key);
                }
                else if (_counts.Count < Capacity || _counts.ContainsKey(key))
                {
                    _counts[key] = blocked;
                }
                else
                {
                    _complete = false; // a caller with a document that is not kept
                }
            }

            _staged.Clear();
        }
    }

    /// <summary>Forgets everything: the batch failed, or per-caller documents were changed another way.</summary>
    public void Forget()
    {
        lock (_gate)
        {
            _staged.Clear();
            _counts.Clear();
            _period = NoPeriod;
            _complete = false;
        }
    }

    /// <summary>
    /// Adds <paramref name="count"/> to a caller's stored count for <paramref name="period"/> and stages the result in
    /// <paramref name="known"/>: a known caller's document is replaced (<paramref name="document"/> of the new count)
    /// without being read; a caller known to be absent gets its first document without a look for one (LiteDB's upsert
    /// looks first: half its cost); any other caller is counted by <paramref name="readAndAdd"/>, which reads its
    /// document. Should an absent caller have a document after all, the insert fails on the duplicate id and the batch
    /// with it, and the store writes the batch again with nothing known. Returns the stored count.
    /// </summary>
    public static long Add(
        KnownCallerCounts? known,
        ILiteCollection<BsonDocument> collection,
        long period,
        string number,
        long count,
        Func<long, BsonDocument> document,
        Func<long> readAndAdd)
    {
        long before = 0;
        long total;
        switch (known?.Find(period, number, out before) ?? Presence.Unknown)
        {
            case Presence.Known when collection.Update(document(before + count)):
                total = before + count;
                break;
            case Presence.Absent:
                collection.Insert(document(count));
                total = count;
                break;
            default:
                total = readAndAdd();
                break;
        }

        known?.Stage(period, number, total);
        return total;
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
}
