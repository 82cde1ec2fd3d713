using EdgeBlocker.Storage.Lists;

namespace EdgeBlocker.Storage.Tests;

public sealed class ListReplaceTests : IDisposable
{
    private static readonly ChangeContext Sync = new("sync", "local");
    private readonly TempDirectory _dir = new();
    private readonly EdgeBlockerDatabase _db;

    public ListReplaceTests()
    {
        _db = EdgeBlockerDatabase.Open(_dir.Options());
        _db.Lists.Create("feed", ListSource.Subscription, "test feed", Sync);
    }

    public void Dispose()
    {
        _db.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Replace_writes_a_new_version_with_packed_numbers_and_other_entries()
    {
        var entries = ListStoreTests.Numbers(100_000)
            .Append(new ListEntry { Kind = "prefix", Value = "1900", Action = "block", Response = "608" })
            .Append(new ListEntry { Kind = "dno", Value = "+18005550100", Reason = "DNO" })
            .Append(ListEntry.Exact(15550000005, "duplicate, ignored"));

        var result = _db.Lists.ReplaceEntries("feed", entries, Sync);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(2, result.Value);
        var info = _db.Lists.Get("feed")!;
        Assert.Equal((2L, 1L, 100_002L), (info.Version, info.PreviousVersion!.Value, info.EntryCount));
        var active = _db.Lists.LoadActive();
        var block = Assert.Single(active.NumberBlocks);
        Assert.Equal(("feed", "exact", "feed", 100_000), (block.List, block.Kind, block.Reason, block.Numbers.Length));
        Assert.Equal(Enumerable.Range(0, 100_000).Select(i => 15550000000L + i), block.Numbers);
        Assert.Equal(["dno +18005550100 DNO", "prefix 1900 "], active.Entries.Select(e => $"{e.Kind} {e.Value} {e.Reason}").Order());
        Assert.Equal(100_002, _db.Lists.StreamActiveEntries().Count());
        var audit = _db.Audit.Query()[0];
        Assert.Equal(("sync", "list.replace", "feed"), (audit.Actor, audit.Action, audit.Target));
        Assert.Contains("version 2: 100002 entries, +100002 -0 (was version 1: 0 entries)", audit.Details, StringComparison.Ordinal);
    }

    [Fact]
    public void Numbers_with_different_attributes_are_packed_in_separate_blocks_and_small_groups_stay_entries()
    {
        var entries = ListStoreTests.Numbers(1000, reason: "a")
            .Concat(ListStoreTests.Numbers(1000, first: 16660000000, reason: "b"))
            .Concat(ListStoreTests.Numbers(3, first: 17770000000, reason: "c"));

        _db.Lists.ReplaceEntries("feed", entries, Sync);

        var active = _db.Lists.LoadActive();
        Assert.Equal(["a:1000", "b:1000"], active.NumberBlocks.Select(b => $"{b.Reason}:{b.Numbers.Length}").Order());
        Assert.Equal([17770000000L, 17770000001L, 17770000002L], active.Entries.Select(e => e.Number).Order());
        Assert.Equal(2003, active.EntryCount);
    }

    [Fact]
    public void A_number_listed_twice_keeps_the_first_occurrence()
    {
        var entries = new[]
        {
            ListEntry.Exact(15550000001, "first"),
            ListEntry.Exact(15550000001, "second"),
        };

        _db.Lists.ReplaceEntries("feed", entries, Sync);

        var only = Assert.Single(_db.Lists.ReadEntries("feed"));
        Assert.Equal("first", only.Reason);
        Assert.Equal(1, _db.Lists.Get("feed")!.EntryCount);
    }

    [Fact]
    public void An_exception_mid_replace_leaves_the_old_version_active_and_nothing_audited()
    {
        _db.Lists.ReplaceEntries("feed", ListStoreTests.Numbers(5_000), Sync);
        var before = _db.Lists.Get("feed")!;
        var auditBefore = _db.Audit.Query().Count;

        Assert.Throws<InvalidDataException>(() => _db.Lists.ReplaceEntries("feed", ThrowsAfter(50_000), Sync));

        Assert.Equal(before, _db.Lists.Get("feed"));
        Assert.Equal(Enumerable.Range(0, 5_000).Select(i => 15550000000L + i), _db.Lists.ReadEntries("feed").Select(e => e.Number));
        Assert.Equal(auditBefore, _db.Audit.Query().Count);
        // The half-written version left nothing behind: one chunk set (version 2) only.
        Assert.Equal(["feed@2"], _db.Read(d => d.GetCollection(Collections.ListNumbers).FindAll().Select(x => x["set"].AsString).Distinct().ToList()));

        // And the next replace works.
        Assert.True(_db.Lists.ReplaceEntries("feed", ListStoreTests.Numbers(10), Sync).Succeeded);
        Assert.Equal(10, _db.Lists.ReadEntries("feed").Count());
    }

    [Fact]
    public void An_invalid_entry_mid_replace_is_an_error_value_naming_it_and_changes_nothing()
    {
        _db.Lists.ReplaceEntries("feed", ListStoreTests.Numbers(100), Sync);
        var before = _db.Lists.Get("feed")!;

        var result = _db.Lists.ReplaceEntries("feed",
            ListStoreTests.Numbers(10).Append(new ListEntry { Kind = "exact", Value = "12ab" }), Sync);

        Assert.Equal(StorageErrorCode.Invalid, result.Code);
        Assert.StartsWith("entry 11:", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, _db.Lists.Get("feed"));
        Assert.Equal(100, _db.Lists.ReadEntries("feed").Count());
    }

    [Fact]
    public void Rollback_returns_to_the_previous_version_and_a_second_rollback_undoes_it()
    {
        _db.Lists.ReplaceEntries("feed", ListStoreTests.Numbers(300), Sync);
        _db.Lists.ReplaceEntries("feed", ListStoreTests.Numbers(200, first: 16660000000), Sync);

        var rolledBack = _db.Lists.Rollback("feed", new ChangeContext("cli:root", "local"));

        Assert.Equal(2, rolledBack.Value);
        var info = _db.Lists.Get("feed")!;
        Assert.Equal((2L, 3L, 300L), (info.Version, info.PreviousVersion!.Value, info.EntryCount));
        Assert.All(_db.Lists.ReadEntries("feed"), e => Assert.InRange(e.Number, 15550000000, 15550000299));
        Assert.Equal(("cli:root", "list.rollback"), (_db.Audit.Query()[0].Actor, _db.Audit.Query()[0].Action));

        Assert.Equal(3, _db.Lists.Rollback("feed", Sync).Value);
        Assert.Equal(200, _db.Lists.ReadEntries("feed").Count());
    }

    [Fact]
    public void Rollback_without_a_previous_version_is_an_error_value()
    {
        Assert.Equal(StorageErrorCode.Invalid, _db.Lists.Rollback("feed", Sync).Code);
    }

    [Fact]
    public void Only_the_active_and_previous_versions_are_kept()
    {
        for (var i = 1; i <= 4; i++)
        {
            _db.Lists.ReplaceEntries("feed", ListStoreTests.Numbers(100 * i), Sync);
        }

        var sets = _db.Read(d => d.GetCollection(Collections.ListNumbers).FindAll().Select(x => x["set"].AsString).Distinct().Order().ToList());
        Assert.Equal(["feed@4", "feed@5"], sets);
    }

    [Fact]
    public void Entries_added_after_a_replace_land_in_the_active_version_and_replace_packed_numbers()
    {
        _db.Lists.ReplaceEntries("feed", ListStoreTests.Numbers(100), Sync);

        _db.Lists.AddEntry("feed", new ListEntry { Kind = "exact", Value = "+15550000050", Action = "allow" }, Sync);
        _db.Lists.AddEntry("feed", ListEntry.Exact(19990000000), Sync);
        _db.Lists.RemoveEntry("feed", "exact", "+15550000010", Sync);

        var entries = _db.Lists.ReadEntries("feed").ToList();
        Assert.Equal(100, entries.Count);
        Assert.Equal(100, _db.Lists.Get("feed")!.EntryCount);
        Assert.Equal("allow", Assert.Single(entries, e => e.Number == 15550000050).Action);
        Assert.Contains(entries, e => e.Number == 19990000000);
        Assert.DoesNotContain(entries, e => e.Number == 15550000010);
    }

    private static IEnumerable<ListEntry> ThrowsAfter(int count)
    {
        foreach (var entry in ListStoreTests.Numbers(count, first: 17770000000))
        {
            yield return entry;
        }

        yield return new ListEntry { Kind = "prefix", Value = "1" };
        throw new InvalidDataException("feed broke off");
    }
}
