using EdgeBlocker.Sync.Tests;
using EdgeBlocker.Screening;
using EdgeBlocker.Storage.Lists;
using EdgeBlocker.Storage.Subscriptions;
using EdgeBlocker.Sync.Feeds;

namespace EdgeBlocker.Fuzz;

/// <summary>
/// The feed readers: the input is a feed body, read as plain, CSV and JSON through <see cref="FeedReader"/> with every
/// entry enumerated, as a sync does. Each format reads it twice: in one piece, and trickling in a few bytes per read
/// (1..7, picked by the input's length) as a slow server sends it; both must give the same entries and the same report.
/// A small entry limit (20) lets the fuzzer reach the "too many entries" refusal.
/// </summary>
internal sealed class FeedTarget : IFuzzTarget
{
    private const long MaxEntries = 20;

    private static readonly FeedFormat[] Formats = [FeedFormat.Plain, FeedFormat.Csv, FeedFormat.Json];

    public void Run(byte[] input)
    {
        foreach (var format in Formats)
        {
            var whole = Read(new MemoryStream(input, writable: false), format);
            var trickled = Read(new TrickleStream(input, input.Length % 7 + 1), format);
            Check.That(whole.Entries.SequenceEqual(trickled.Entries), $"{format}: the entries do not depend on how the body arrives");
            Check.That(whole.Summary == trickled.Summary, $"{format}: the report does not depend on how the body arrives: {whole.Summary} vs {trickled.Summary}");
        }
    }

    private static (List<ListEntry> Entries, string Summary) Read(Stream body, FeedFormat format)
    {
        // A fresh parser per read: its rule check keeps state, and a crash file must replay alone as it ran.
        var reader = new FeedReader(new FeedEntryParser(new PhoneNumberNormalizer("US")), new FeedDefaults(FeedRole.Block, "607"));
        var report = new FeedReport(MaxEntries);
        var entries = reader.Read(body, format, report).ToList();
        Verify(entries, report);
        return (entries, $"lines={report.Lines} entries={report.Entries} skipped={report.SkippedCount} failed={report.Failed}");
    }

    private static void Verify(List<ListEntry> entries, FeedReport report)
    {
        Check.That(report.Entries == entries.Count, "the report counts every entry enumerated");
        Check.That(report.Entries <= report.MaxEntries, "no more entries than the limit");
        Check.That(report.Skipped.Count <= FeedReport.KeptSkippedLines && report.Skipped.Count <= report.SkippedCount, "skipped lines kept within the cap");
        Check.That(report.Skipped.All(s => s.Line >= 1 && s.Line <= report.Lines && s.Error.Length > 0), "a skipped line has a number within the lines read, and a reason");
        Check.That(report.BadShare is >= 0 and <= 1, "the bad share is 0..1");
        foreach (var entry in entries)
        {
            Check.That(RuleKinds.ToKind(entry.Kind) is not null, $"'{entry.Kind}' is a kind the screening engine loads");
            Check.That(ListActions.IsAction(entry.Action) && ListActions.IsResponse(entry.Response), "the action and response are valid");
            if (entry.Kind is ListEntryKinds.Exact or ListEntryKinds.Dno)
            {
                Check.That(entry.Number > 0 && entry.Value == "+" + entry.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), $"an exact entry's value is its E.164 number: {entry.Value} / {entry.Number}");
            }
        }
    }
}
