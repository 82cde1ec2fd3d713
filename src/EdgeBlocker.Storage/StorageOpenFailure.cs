namespace EdgeBlocker.Storage;

/// <summary>Why the database could not be opened.</summary>
public enum StorageOpenFailure
{
    /// <summary>The directory or file cannot be created, read or written (permissions, read-only disk).</summary>
    Inaccessible,

    /// <summary>Another process (the running service, or another CLI) holds the database.</summary>
    InUse,

    /// <summary>The file is not a readable LiteDB database. It is never recreated: restore it or move it away.</summary>
    Corrupt,

    /// <summary>The file was written by a newer EdgeBlocker (its schema version is higher than this code knows).</summary>
    NewerSchema,

    /// <summary>A schema migration failed; the file keeps its previous version.</summary>
    MigrationFailed,
}
