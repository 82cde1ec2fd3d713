using System.Text.Json;
using EdgeBlocker.Storage.Audit;
using LiteDB;
using JsonSerializer = System.Text.Json.JsonSerializer;

namespace EdgeBlocker.Storage.Settings;

/// <summary>
/// Settings that must survive a restart (bypass on/off...): string keys, JSON values. Every change is audited.
/// Values are stored as JSON text so any serialisable type round-trips and the CLI can print them as they are.
/// </summary>
public sealed class SettingsStore
{
    private readonly EdgeBlockerDatabase _database;

    internal SettingsStore(EdgeBlockerDatabase database) => _database = database;

    /// <summary>The stored JSON text of a setting, or null when unset.</summary>
    public string? GetJson(string key) =>
        _database.Read(db => db.GetCollection(Collections.Settings).FindById(key)?["json"].AsString);

    /// <summary>The setting deserialised as <typeparamref name="T"/>, or <paramref name="fallback"/> when unset or unreadable.</summary>
    public T? Get<T>(string key, T? fallback = default)
    {
        var json = GetJson(key);
        if (json is null)
        {
            return fallback;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(json);
        }
        catch (JsonException)
        {
            return fallback;
        }
    }

    /// <summary>All settings as key → JSON text.</summary>
    public IReadOnlyDictionary<string, string> All() =>
        _database.Read(db => db.GetCollection(Collections.Settings).FindAll()
            .ToDictionary(d => d["_id"].AsString, d => d["json"].AsString, StringComparer.Ordinal));

    /// <summary>Stores <paramref name="value"/> (as JSON) under <paramref name="key"/>, audited.</summary>
    public StorageResult Set<T>(string key, T value, ChangeContext who) => SetJson(key, JsonSerializer.Serialize(value), who);

    /// <summary>Stores JSON text under <paramref name="key"/>; refuses text that is not valid JSON.</summary>
    public StorageResult SetJson(string key, string json, ChangeContext who)
    {
        ArgumentNullException.ThrowIfNull(who);
        if (string.IsNullOrWhiteSpace(key))
        {
            return StorageResult.Fail(StorageErrorCode.Invalid, "a setting needs a key");
        }

        try
        {
            using var parsed = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            return StorageResult.Fail(StorageErrorCode.Invalid, $"setting {key}: not valid JSON ({ex.Message})");
        }

        return _database.Change(db =>
        {
            var now = _database.Time.GetUtcNow();
            var settings = db.GetCollection(Collections.Settings);
            var old = settings.FindById(key)?["json"].AsString;
            settings.Upsert(new BsonDocument { ["_id"] = key, ["json"] = json, ["t"] = now.UtcTicks });
            AuditLog.Write(db, now, who, "setting.set", key, old is null ? json : $"{old} -> {json}");
            return StorageResult<bool>.Ok(true);
        }).ToResult();
    }

    /// <summary>Removes a setting, audited; NotFound when it was not set.</summary>
    public StorageResult Remove(string key, ChangeContext who)
    {
        ArgumentNullException.ThrowIfNull(who);
        return _database.Change(db =>
        {
            var settings = db.GetCollection(Collections.Settings);
            var old = settings.FindById(key);
            if (old is null)
            {
                return StorageResult<bool>.Fail(StorageErrorCode.NotFound, $"setting {key} is not set");
            }

            settings.Delete(key);
            AuditLog.Write(db, _database.Time.GetUtcNow(), who, "setting.remove", key, old["json"].AsString);
            return StorageResult<bool>.Ok(true);
        }).ToResult();
    }
}
