using EdgeBlocker.Storage.Lists;
using Microsoft.Extensions.Time.Testing;

namespace EdgeBlocker.Storage.Tests;

public sealed class ListStoreTests : IDisposable
{
    private static readonly ChangeContext Admin = new("web:admin", "192.0.2.7");
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 5, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly EdgeBlockerDatabase _db;

    public ListStoreTests() => _db = EdgeBlockerDatabase.Open(_dir.Options(), _time);

    public void Dispose()
    {
        _db.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Create_get_and_all_return_the_list_and_the_change_is_audited()
    {
        var created = _db.Lists.Create("robocallers", ListSource.Manual, "known robocallers", Admin);

        Assert.True(created.Succeeded, created.ToString());
        var info = _db.Lists.Get("robocallers");
        Assert.NotNull(info);
        Assert.Equal(new ListInfo("robocallers", ListSource.Manual, "known robocallers", false, true, 0, 1, null, _time.GetUtcNow(), _time.GetUtcNow()), info);
        Assert.Equal(["robocallers"], _db.Lists.All().Select(l => l.Name));
        var audit = Assert.Single(_db.Audit.Query());
        Assert.Equal(("web:admin", "192.0.2.7", "list.create", "robocallers", _time.GetUtcNow()), (audit.Actor, audit.Source, audit.Action, audit.Target, audit.Time));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Upper")]
    [InlineData("has space")]
    [InlineData("config")]
    public void Create_refuses_bad_or_reserved_names(string name)
    {
        var result = _db.Lists.Create(name, ListSource.Manual, string.Empty, Admin);

        Assert.False(result.Succeeded);
        Assert.Empty(_db.Lists.All());
        Assert.Empty(_db.Audit.Query());
    }

    [Fact]
    public void Create_twice_is_an_error_value_and_writes_no_second_audit_entry()
    {
        _db.Lists.Create("a", ListSource.Manual, string.Empty, Admin);

        var again = _db.Lists.Create("a", ListSource.Upload, string.Empty, Admin);

        Assert.Equal(StorageErrorCode.AlreadyExists, again.Code);
        Assert.Single(_db.Audit.Query());
    }

    [Fact]
    public void Add_and_remove_entries_update_count_contents_and_audit()
    {
        _db.Lists.Create("manual", ListSource.Manual, string.Empty, Admin);
        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.True(_db.Lists.AddEntry("manual", new ListEntry { Kind = "exact", Value = "+15551230001", Reason = "complaint" }, Admin).Succeeded);
        Assert.True(_db.Lists.AddEntry("manual", new ListEntry { Kind = "prefix", Value = "1900", Response = "607" }, Admin).Succeeded);
        // Same kind and value again: replaces the attributes, does not add.
        Assert.True(_db.Lists.AddEntry("manual", new ListEntry { Kind = "exact", Value = "15551230001", Reason = "second complaint" }, Admin).Succeeded);

        var entries = _db.Lists.ReadEntries("manual").OrderBy(e => e.Kind).ToList();
        Assert.Equal(2, entries.Count);
        Assert.Equal(("exact", "+15551230001", 15551230001L, "second complaint"), (entries[0].Kind, entries[0].Value, entries[0].Number, entries[0].Reason));
        Assert.Equal(("prefix", "1900", "607"), (entries[1].Kind, entries[1].Value, entries[1].Response));
        Assert.Equal(2, _db.Lists.Get("manual")!.EntryCount);
        Assert.Equal(_time.GetUtcNow(), _db.Lists.Get("manual")!.UpdatedAt);

        Assert.True(_db.Lists.RemoveEntry("manual", "exact", "+15551230001", Admin).Succeeded);
        Assert.Equal(StorageErrorCode.NotFound, _db.Lists.RemoveEntry("manual", "exact", "+15551230001", Admin).Code);

        Assert.Equal(["prefix"], _db.Lists.ReadEntries("manual").Select(e => e.Kind));
        Assert.Equal(1, _db.Lists.Get("manual")!.EntryCount);
        var actions = _db.Audit.ForTarget("manual").Select(a => a.Action).Reverse().ToList();
        Assert.Equal(["list.create", "entry.add", "entry.add", "entry.add", "entry.remove"], actions);
        Assert.Contains("+15551230001", _db.Audit.ForTarget("manual")[0].Details, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_entry_is_an_error_value_and_nothing_of_the_call_is_written()
    {
        _db.Lists.Create("manual", ListSource.Manual, string.Empty, Admin);

        var result = _db.Lists.AddEntries("manual",
            [ListEntry.Exact(15551230001), new ListEntry { Kind = "exact", Value = "not-a-number" }], Admin);

        Assert.Equal(StorageErrorCode.Invalid, result.Code);
        Assert.Contains("not-a-number", result.Error, StringComparison.Ordinal);
        Assert.Empty(_db.Lists.ReadEntries("manual"));
        Assert.Equal(0, _db.Lists.Get("manual")!.EntryCount);
        Assert.Single(_db.Audit.Query());
    }

    [Fact]
    public void Changes_to_a_missing_list_are_not_found()
    {
        Assert.Equal(StorageErrorCode.NotFound, _db.Lists.AddEntry("nope", ListEntry.Exact(1555), Admin).Code);
        Assert.Equal(StorageErrorCode.NotFound, _db.Lists.Delete("nope", Admin).Code);
    }

    [Fact]
    public void Delete_removes_the_list_and_all_its_versions()
    {
        _db.Lists.Create("feed", ListSource.Subscription, string.Empty, Admin);
        _db.Lists.ReplaceEntries("feed", Numbers(1000), Admin);
        _db.Lists.ReplaceEntries("feed", Numbers(500), Admin);

        Assert.True(_db.Lists.Delete("feed", Admin).Succeeded);

        Assert.Null(_db.Lists.Get("feed"));
        Assert.Empty(_db.Lists.ReadEntries("feed"));
        Assert.Equal(0, _db.Read(d => d.GetCollection(Collections.ListNumbers).Count() + d.GetCollection(Collections.ListEntries).Count()));
        Assert.Equal("list.delete", _db.Audit.Query()[0].Action);
    }

    [Fact]
    public void Disabled_lists_are_left_out_of_the_active_data()
    {
        _db.Lists.Create("a", ListSource.Manual, string.Empty, Admin);
        _db.Lists.Create("b", ListSource.Manual, string.Empty, Admin);
        _db.Lists.AddEntry("a", ListEntry.Exact(15550000001), Admin);
        _db.Lists.AddEntry("b", ListEntry.Exact(15550000002), Admin);

        Assert.True(_db.Lists.SetEnabled("b", false, Admin).Succeeded);

        Assert.Equal([15550000001L], _db.Lists.StreamActiveEntries().Select(e => e.Number));
        Assert.Equal(["a"], _db.Lists.LoadActive().Lists.Select(l => l.Name));
        Assert.Equal("list.disable", _db.Audit.Query()[0].Action);
    }

    [Fact]
    public void Changed_is_raised_after_a_committed_change_only()
    {
        var seen = new List<string>();
        _db.Lists.Changed += (_, e) => seen.Add($"{e.ListName}:{e.Action}");

        _db.Lists.Create("a", ListSource.Manual, string.Empty, Admin);
        _db.Lists.AddEntry("a", new ListEntry { Kind = "exact", Value = "bad" }, Admin);
        _db.Lists.AddEntry("a", ListEntry.Exact(15550000001), Admin);

        Assert.Equal(["a:list.create", "a:entry.add"], seen);
    }

    internal static IEnumerable<ListEntry> Numbers(int count, long first = 15550000000, string? reason = "feed") =>
        Enumerable.Range(0, count).Select(i => ListEntry.Exact(first + i, reason));
}
