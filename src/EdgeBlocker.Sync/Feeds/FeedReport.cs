using EdgeBlocker.Storage.Subscriptions;

namespace EdgeBlocker.Sync.Feeds;

/// <summary>
/// What reading a feed found, filled in as its entries are enumerated: lines read, entries taken, lines skipped (the
/// first <see cref="KeptSkippedLines"/> kept with their numbers), and the error that refuses the whole feed, if any.
/// </summary>
public sealed class FeedReport
{
    /// <summary>Skipped lines kept for the history; the count goes on past it.</summary>
    public const int KeptSkippedLines = 100;

    private readonly List<SkippedLine> _skipped = [];

    public FeedReport(long maxEntries) => MaxEntries = maxEntries;

    /// <summary>The most entries the feed may have; one more refuses it.</summary>
    public long MaxEntries { get; }

    /// <summary>Lines (for JSON: array elements) read, comments and blank lines included.</summary>
    public long Lines { get; private set; }

    /// <summary>Entries taken (before de-duplication).</summary>
    public long Entries { get; private set; }

    public long SkippedCount { get; private set; }

    public IReadOnlyList<SkippedLine> Skipped => _skipped;

    /// <summary>Why the whole feed is refused; null while it is acceptable.</summary>
    public string? Error { get; private set; }

    public bool Failed => Error is not null;

    internal void Line(long number) => Lines = number;

    /// <summary>Counts a taken entry; false (and the feed refused) when it is one too many.</summary>
    internal bool Take()
    {
        if (Entries >= MaxEntries)
        {
            Fail($"the feed has more than {MaxEntries} entries (the subscription's limit)");
            return false;
        }

        Entries++;
        return true;
    }

    internal void Skip(long line, string error)
    {
        SkippedCount++;
        if (_skipped.Count < KeptSkippedLines)
        {
            _skipped.Add(new SkippedLine(line, error));
        }
    }

    internal void Fail(string error) => Error ??= error;

    /// <summary>The share of bad lines among the lines that held an entry or tried to.</summary>
    public double BadShare => Entries + SkippedCount == 0 ? 0 : (double)SkippedCount / (Entries + SkippedCount);
}
