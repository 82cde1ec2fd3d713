using EdgeBlocker.Storage.Credentials;

namespace EdgeBlocker.Storage.Tests;

public sealed class CredentialStoreTests : IDisposable
{
    private static readonly ChangeContext Admin = new("web:admin", "192.0.2.7");
    private readonly TempDirectory _dir = new();
    private readonly EdgeBlockerDatabase _db;

    public CredentialStoreTests() => _db = EdgeBlockerDatabase.Open(_dir.Options());

    public void Dispose()
    {
        _db.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void The_password_hash_survives_a_reopen_and_the_audit_log_never_holds_it()
    {
        Assert.False(_db.Credentials.HasPassword());
        Assert.True(_db.Credentials.SetPasswordHash("AQAAAAIAAYagAAAAEsecret-hash", Admin).Succeeded);
        Assert.True(_db.Credentials.SetPasswordHash("AQAAAAIAAYagAAAAEsecond-hash", Admin).Succeeded);
        Assert.Equal(StorageErrorCode.Invalid, _db.Credentials.SetPasswordHash(" ", Admin).Code);
        _db.Dispose();

        using var reopened = EdgeBlockerDatabase.Open(_dir.Options());
        Assert.Equal("AQAAAAIAAYagAAAAEsecond-hash", reopened.Credentials.PasswordHash());
        var audit = reopened.Audit.ForTarget("admin");
        Assert.Equal(["password.set:first password set", "password.set:password changed"], audit.Reverse().Select(a => $"{a.Action}:{a.Details}"));
        Assert.DoesNotContain(reopened.Audit.Query(), a => a.Details.Contains("hash", StringComparison.Ordinal));
    }

    [Fact]
    public void Tokens_are_stored_found_by_id_and_revoked_audited_without_their_hash()
    {
        var token = new ApiToken("a1b2c3d4", "prometheus", "reader", "0123abcd", DateTimeOffset.UnixEpoch, "web:admin");
        Assert.True(_db.Credentials.AddToken(token, Admin).Succeeded);
        Assert.Equal(StorageErrorCode.AlreadyExists, _db.Credentials.AddToken(token, Admin).Code);
        Assert.Equal(token, _db.Credentials.FindToken("a1b2c3d4"));
        Assert.Equal([token], _db.Credentials.Tokens());

        Assert.True(_db.Credentials.RevokeToken("a1b2c3d4", Admin).Succeeded);
        Assert.Null(_db.Credentials.FindToken("a1b2c3d4"));
        Assert.Equal(StorageErrorCode.NotFound, _db.Credentials.RevokeToken("a1b2c3d4", Admin).Code);
        var audit = _db.Audit.ForTarget("prometheus");
        Assert.Equal(["token.create", "token.revoke"], audit.Reverse().Select(a => a.Action));
        Assert.DoesNotContain(audit, a => a.Details.Contains("0123abcd", StringComparison.Ordinal));
    }
}
