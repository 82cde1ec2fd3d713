namespace EdgeBlocker.Storage.Tests;

public sealed class SettingsStoreTests : IDisposable
{
    private static readonly ChangeContext Root = new("cli:root", "local");
    private readonly TempDirectory _dir = new();
    private readonly EdgeBlockerDatabase _db;

    public SettingsStoreTests() => _db = EdgeBlockerDatabase.Open(_dir.Options());

    public void Dispose()
    {
        _db.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Set_get_and_remove_are_audited_with_old_and_new_values()
    {
        Assert.False(_db.Settings.Get("bypass", false));

        Assert.True(_db.Settings.Set("bypass", true, Root).Succeeded);
        Assert.True(_db.Settings.Set("bypass", false, Root).Succeeded);

        Assert.False(_db.Settings.Get("bypass", true));
        Assert.Equal("false", _db.Settings.GetJson("bypass"));
        var audit = _db.Audit.ForTarget("bypass");
        Assert.Equal(["setting.set:true", "setting.set:true -> false"], audit.Reverse().Select(a => $"{a.Action}:{a.Details}"));

        Assert.True(_db.Settings.Remove("bypass", Root).Succeeded);
        Assert.Null(_db.Settings.GetJson("bypass"));
        Assert.Equal(StorageErrorCode.NotFound, _db.Settings.Remove("bypass", Root).Code);
    }

    [Fact]
    public void Structured_values_round_trip_and_invalid_json_is_refused()
    {
        _db.Settings.Set("monitor", new MonitorSetting(true, "trial"), Root);

        Assert.Equal(new MonitorSetting(true, "trial"), _db.Settings.Get<MonitorSetting>("monitor"));
        Assert.Equal(StorageErrorCode.Invalid, _db.Settings.SetJson("x", "{not json", Root).Code);
        Assert.Equal(["monitor"], _db.Settings.All().Keys);
    }

    public sealed record MonitorSetting(bool On, string Note);
}
