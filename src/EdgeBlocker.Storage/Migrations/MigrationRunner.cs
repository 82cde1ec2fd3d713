using LiteDB;

namespace EdgeBlocker.Storage.Migrations;

/// <summary>Reads the schema version from <c>_schema</c> and applies the missing migrations, each in its own transaction.</summary>
internal static class MigrationRunner
{
    private const string VersionId = "version";

    public static int ReadVersion(LiteDatabase db)
    {
        var doc = db.GetCollection(Collections.Schema).FindById(VersionId);
        return doc is null ? 0 : doc["v"].AsInt32;
    }

    /// <summary>Brings the file to the newest known version; returns it. Throws <see cref="StorageOpenException"/>.</summary>
    public static int Run(LiteDatabase db, IReadOnlyList<IMigration> migrations, DateTimeOffset now, string path)
    {
        var current = ReadVersion(db);
        var latest = migrations.Count == 0 ? 0 : migrations[^1].Number;
        if (current > latest)
        {
            throw new StorageOpenException(path, StorageOpenFailure.NewerSchema,
                $"schema version {current} is newer than this EdgeBlocker knows ({latest}); upgrade EdgeBlocker or restore a backup", null);
        }

        foreach (var migration in migrations.Where(m => m.Number > current))
        {
            if (migration.Number != current + 1)
            {
                throw new InvalidOperationException($"Migration numbers must follow each other: {current} then {migration.Number}.");
            }

            if (!db.BeginTrans())
            {
                throw new InvalidOperationException("A transaction is already open on this thread.");
            }

            try
            {
                migration.Apply(db);
                var schema = db.GetCollection(Collections.Schema);
                schema.Upsert(new BsonDocument { ["_id"] = VersionId, ["v"] = migration.Number });
                schema.Upsert(new BsonDocument
                {
                    ["_id"] = $"m{migration.Number:D3}",
                    ["description"] = migration.Description,
                    ["appliedAt"] = now.UtcTicks,
                });
                db.Commit();
            }
            catch (Exception ex) when (ex is LiteException or IOException)
            {
                db.Rollback();
                throw new StorageOpenException(path, StorageOpenFailure.MigrationFailed,
                    $"migration {migration.Number} ({migration.Description}) failed: {ex.Message}", ex);
            }

            current = migration.Number;
        }

        return current;
    }
}
