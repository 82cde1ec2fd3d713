namespace EdgeBlocker.Storage;

/// <summary>The kind of a refused or failed storage operation.</summary>
public enum StorageErrorCode
{
    /// <summary>No error.</summary>
    None,

    /// <summary>The list, entry or setting does not exist.</summary>
    NotFound,

    /// <summary>A list with that name exists already.</summary>
    AlreadyExists,

    /// <summary>The list is read-only (the <c>config</c> list mirrors configuration).</summary>
    ReadOnly,

    /// <summary>The input is not acceptable (bad name, kind, number, no previous version to roll back to...).</summary>
    Invalid,

    /// <summary>The database failed (disk full, I/O error); nothing was changed.</summary>
    Failed,
}
