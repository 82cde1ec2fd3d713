using EdgeBlocker.Storage.Audit;
using LiteDB;

namespace EdgeBlocker.Storage.Credentials;

/// <summary>
/// The admin password hash and the API tokens of the web page. Hashing is the caller's (the web layer uses the
/// framework's password hasher); this store only keeps the text and audits every change, never writing a hash or a
/// secret into the audit log.
/// </summary>
public sealed class CredentialStore
{
    private const string PasswordId = "admin-password";
    private const string TokenPrefix = "token:";

    private readonly EdgeBlockerDatabase _database;

    internal CredentialStore(EdgeBlockerDatabase database) => _database = database;

    /// <summary>The stored admin password hash, or null before the first run has set one.</summary>
    public string? PasswordHash() =>
        _database.Read(db => db.GetCollection(Collections.Credentials).FindById(PasswordId)?["hash"].AsString);

    /// <summary>Whether an admin password exists (the first-run page is open only while it does not).</summary>
    public bool HasPassword() => PasswordHash() is not null;

    /// <summary>Stores a new admin password hash, audited as <c>password.set</c> without the hash.</summary>
    public StorageResult SetPasswordHash(string hash, ChangeContext who)
    {
        ArgumentNullException.ThrowIfNull(who);
        if (string.IsNullOrWhiteSpace(hash))
        {
            return StorageResult.Fail(StorageErrorCode.Invalid, "an empty password hash");
        }

        return _database.Change(db =>
        {
            var now = _database.Time.GetUtcNow();
            var credentials = db.GetCollection(Collections.Credentials);
            var first = credentials.FindById(PasswordId) is null;
            credentials.Upsert(new BsonDocument { ["_id"] = PasswordId, ["hash"] = hash, ["t"] = now.UtcTicks });
            AuditLog.Write(db, now, who, "password.set", "admin", first ? "first password set" : "password changed");
            return StorageResult<bool>.Ok(true);
        }).ToResult();
    }

    /// <summary>Every API token, oldest first.</summary>
    public IReadOnlyList<ApiToken> Tokens() =>
        _database.Read(db => (IReadOnlyList<ApiToken>)db.GetCollection(Collections.Credentials).FindAll()
            .Where(d => d["_id"].AsString.StartsWith(TokenPrefix, StringComparison.Ordinal))
            .Select(ToToken).OrderBy(t => t.CreatedAt).ToList());

    /// <summary>The token with this id, or null.</summary>
    public ApiToken? FindToken(string id) =>
        _database.Read(db => db.GetCollection(Collections.Credentials).FindById(TokenPrefix + id) is { } doc ? ToToken(doc) : null);

    /// <summary>Stores a new token (its secret already hashed), audited as <c>token.create</c>.</summary>
    public StorageResult AddToken(ApiToken token, ChangeContext who)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(who);
        return _database.Change(db =>
        {
            var credentials = db.GetCollection(Collections.Credentials);
            if (credentials.FindById(TokenPrefix + token.Id) is not null)
            {
                return StorageResult<bool>.Fail(StorageErrorCode.AlreadyExists, $"token {token.Id} exists already");
            }

            credentials.Insert(new BsonDocument
            {
                ["_id"] = TokenPrefix + token.Id,
                ["name"] = token.Name,
                ["role"] = token.Role,
                ["hash"] = token.SecretHash,
                ["t"] = token.CreatedAt.UtcTicks,
                ["by"] = token.CreatedBy,
            });
            AuditLog.Write(db, _database.Time.GetUtcNow(), who, "token.create", token.Name, $"id {token.Id}, role {token.Role}");
            return StorageResult<bool>.Ok(true);
        }).ToResult();
    }

    /// <summary>Deletes a token, audited as <c>token.revoke</c>; NotFound when there is none with this id.</summary>
    public StorageResult RevokeToken(string id, ChangeContext who)
    {
        ArgumentNullException.ThrowIfNull(who);
        return _database.Change(db =>
        {
            var credentials = db.GetCollection(Collections.Credentials);
            if (credentials.FindById(TokenPrefix + id) is not { } doc)
            {
                return StorageResult<bool>.Fail(StorageErrorCode.NotFound, $"no token {id}");
            }

            credentials.Delete(TokenPrefix + id);
            AuditLog.Write(db, _database.Time.GetUtcNow(), who, "token.revoke", doc["name"].AsString, $"id {id}");
            return StorageResult<bool>.Ok(true);
        }).ToResult();
    }

    private static ApiToken ToToken(BsonDocument d) => new(
        d["_id"].AsString[TokenPrefix.Length..],
        d["name"].AsString,
        d["role"].AsString,
        d["hash"].AsString,
        new DateTimeOffset(d["t"].AsInt64, TimeSpan.Zero),
        d["by"].AsString);
}
