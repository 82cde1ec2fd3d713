using System.Runtime.InteropServices;
using EdgeBlocker.Storage.Calls;
using LiteDB;

namespace EdgeBlocker.Storage.Tests;

public class CallerRunsMergeTests
{
    private const long Day = 20_000;

    private static BsonDocument Run(long[] keys, long[] counts, params (string Key, long Count)[] others)
    {
        var run = new BsonDocument
        {
            ["d"] = Day,
            ["k"] = MemoryMarshal.AsBytes(keys.AsSpan()).ToArray(),
            ["c"] = MemoryMarshal.AsBytes(counts.AsSpan()).ToArray(),
        };
        CallerRuns.WriteJoined(run, "o", "oc", [.. others.Select(o => KeyValuePair.Create(o.Key, o.Count))]);
        return run;
    }

    private static long[] Longs(BsonDocument run, string field) => MemoryMarshal.Cast<byte, long>(run[field].AsBinary).ToArray();

    private static List<BsonDocument> Merge(params BsonDocument[] runs)
    {
        var giveWay = new GiveWay();
        return CallerRuns.Merge(runs, Day, ref giveWay);
    }

    [Fact]
    public void Runs_merge_into_one_in_key_order_with_each_callers_counts_summed()
    {
        var merged = Assert.Single(Merge(
            Run([1, 4, 9], [1, 1, 1], ("anonymous", 2)),
            Run([], []),
            Run([4, 5], [10, 20], ("anonymous", 3), ("5551234", 1)),
            Run([0, 9, 12], [7, 7, 7])));

        Assert.Equal([0, 1, 4, 5, 9, 12], Longs(merged, "k"));
        Assert.Equal([7, 1, 11, 20, 8, 7], Longs(merged, "c"));
        Assert.Equal(Day, merged["d"].AsInt64);
        Assert.Equal([("anonymous", 5L), ("5551234", 1L)], CallerRuns.ReadJoined(merged, "o", "oc").ToList());
    }

    [Fact]
    public void A_run_stored_in_another_order_as_before_runs_were_sorted_merges_exactly_and_is_left_as_it_was()
    {
        var unsorted = Run([900, 5, 300, 7], [1, 2, 3, 4]);
        var merged = Assert.Single(Merge(unsorted, Run([6, 7, 300], [10, 10, 10])));

        Assert.Equal([5, 6, 7, 300, 900], Longs(merged, "k"));
        Assert.Equal([2, 10, 14, 13, 1], Longs(merged, "c"));
        Assert.Equal([900, 5, 300, 7], Longs(unsorted, "k"));
    }

    [Fact]
    public void A_batchs_run_keeps_its_numbers_in_ascending_order()
    {
        var counts = new CallerRuns.CallerCounts();
        foreach (var number in new[] { "+15550000009", "+4420000000", "+15550000001", "anonymous", "+15550000009" })
        {
            counts.Add(number, 1);
        }

        var run = Assert.Single(counts.ToDocuments(Day));
        Assert.Equal([4420000000, 15550000001, 15550000009], Longs(run, "k"));
        Assert.Equal([1, 1, 2], Longs(run, "c"));
        Assert.Equal([("anonymous", 1L)], CallerRuns.ReadJoined(run, "o", "oc").ToList());
    }

    [Fact]
    public void A_merge_past_what_a_document_holds_is_split_in_key_order()
    {
        var half = CallerRuns.MaxCallersPerDocument / 2;
        var evens = Enumerable.Range(0, half + 10).Select(i => 2L * i).ToArray();
        var odds = Enumerable.Range(0, half + 10).Select(i => (2L * i) + 1).ToArray();
        var parts = Merge(Run(evens, [.. evens.Select(_ => 1L)]), Run(odds, [.. odds.Select(_ => 2L)]));

        Assert.Equal(2, parts.Count);
        var keys = parts.SelectMany(p => Longs(p, "k")).ToArray();
        Assert.Equal(CallerRuns.MaxCallersPerDocument, Longs(parts[0], "k").Length);
        Assert.Equal(Enumerable.Range(0, keys.Length).Select(i => (long)i), keys);
        Assert.Equal(keys.Select(k => k % 2 == 0 ? 1L : 2L), parts.SelectMany(p => Longs(p, "c")));
    }
}
