using EdgeBlocker.Storage.Lists;

namespace EdgeBlocker.Storage.Tests;

public sealed class ConfigListTests : IDisposable
{
    private static readonly ChangeContext Admin = new("web:admin", "192.0.2.7");
    private readonly TempDirectory _dir = new();
    private readonly EdgeBlockerDatabase _db;

    public ConfigListTests() => _db = EdgeBlockerDatabase.Open(_dir.Options());

    public void Dispose()
    {
        _db.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void SyncConfigList_creates_a_read_only_list_mirroring_the_numbers()
    {
        Assert.True(_db.Lists.SyncConfigList([15550000002, 15550000001, 15550000001]).Succeeded);

        var info = _db.Lists.Get("config")!;
        Assert.Equal((ListSource.Config, true, 2L), (info.Source, info.ReadOnly, info.EntryCount));
        Assert.Equal([15550000001L, 15550000002L], _db.Lists.ReadEntries("config").Select(e => e.Number).Order());
        Assert.Equal("system", _db.Audit.ForTarget("config")[0].Actor);
    }

    [Fact]
    public void The_config_list_remembers_the_source_its_active_version_came_from()
    {
        byte[] a = [1, 2, 3], b = [4, 5, 6];
        Assert.False(_db.Lists.ConfigListCameFrom(a));

        Assert.True(_db.Lists.SyncConfigList([15550000001], a).Succeeded);
        Assert.True(_db.Lists.ConfigListCameFrom(a));
        Assert.False(_db.Lists.ConfigListCameFrom(b));

        // The same numbers from another source (another file with the same lines): no new version, the new source.
        Assert.True(_db.Lists.SyncConfigList([15550000001], b).Succeeded);
        Assert.True(_db.Lists.ConfigListCameFrom(b));
        Assert.False(_db.Lists.ConfigListCameFrom(a));

        // Stored without a source: none is claimed.
        Assert.True(_db.Lists.SyncConfigList([15550000002]).Succeeded);
        Assert.False(_db.Lists.ConfigListCameFrom(b));
        Assert.False(_db.Lists.ConfigListCameFrom([]));
    }

    [Fact]
    public void SyncConfigList_with_the_same_numbers_changes_and_audits_nothing()
    {
        _db.Lists.SyncConfigList([15550000001, 15550000002]);
        var version = _db.Lists.Get("config")!.Version;
        var audits = _db.Audit.Query().Count;

        _db.Lists.SyncConfigList([15550000002, 15550000001]);

        Assert.Equal(version, _db.Lists.Get("config")!.Version);
        Assert.Equal(audits, _db.Audit.Query().Count);

        _db.Lists.SyncConfigList([15550000003]);
        Assert.Equal([15550000003L], _db.Lists.ReadEntries("config").Select(e => e.Number));
        Assert.Equal(version + 1, _db.Lists.Get("config")!.Version);
    }

    [Fact]
    public void A_config_list_stored_without_a_fingerprint_is_recognised_by_its_numbers_and_keeps_its_version()
    {
        _db.Lists.SyncConfigList([15550000001, 15550000002]);
        var version = _db.Lists.Get("config")!.Version;
        var audits = _db.Audit.Query().Count;
        _db.Change(db =>
        {
            // As an earlier version stored it: no fingerprint.
            var lists = db.GetCollection(Collections.Lists);
            var list = lists.FindById("config");
            Assert.True(list.Remove("cfp") && list.Remove("cfpv"), "the sync stored no fingerprint");
            return StorageResult<bool>.Ok(lists.Update(list));
        });

        _db.Lists.SyncConfigList([15550000002, 15550000001]);

        Assert.Equal(version, _db.Lists.Get("config")!.Version);
        Assert.Equal(audits, _db.Audit.Query().Count);
        Assert.True(_db.Read(db => db.GetCollection(Collections.Lists).FindById("config").ContainsKey("cfp")), "the fingerprint was not stored for next time");
        _db.Lists.SyncConfigList([15550000001]);
        Assert.Equal(version + 1, _db.Lists.Get("config")!.Version);
    }

    [Fact]
    public void Every_write_to_the_config_list_is_refused_with_the_key_to_edit()
    {
        _db.Lists.SyncConfigList([15550000001]);
        const string Expected = "list config is read-only: edit EdgeBlocker:Screening:BlockedNumbers";

        var results = new[]
        {
            _db.Lists.AddEntry("config", ListEntry.Exact(15550000009), Admin),
            _db.Lists.RemoveEntry("config", "exact", "+15550000001", Admin),
            _db.Lists.ReplaceEntries("config", [], Admin).ToResult(),
            _db.Lists.Delete("config", Admin),
            _db.Lists.SetEnabled("config", false, Admin),
            _db.Lists.Rollback("config", Admin).ToResult(),
        };

        Assert.All(results, r => Assert.Equal((StorageErrorCode.ReadOnly, Expected), (r.Code, r.Error)));
        Assert.Equal([15550000001L], _db.Lists.ReadEntries("config").Select(e => e.Number));
        Assert.DoesNotContain(_db.Audit.Query(), a => a.Actor == Admin.Actor);
    }
}
