namespace EdgeBlocker.Storage;

/// <summary>A start-up failure: the database at <see cref="DatabasePath"/> could not be opened.</summary>
public sealed class StorageOpenException : Exception
{
    public StorageOpenException()
        : this(string.Empty, StorageOpenFailure.Inaccessible, "the database could not be opened", null)
    {
    }

    public StorageOpenException(string message)
        : this(string.Empty, StorageOpenFailure.Inaccessible, message, null)
    {
    }

    public StorageOpenException(string message, Exception innerException)
        : this(string.Empty, StorageOpenFailure.Inaccessible, message, innerException)
    {
    }

    public StorageOpenException(string databasePath, StorageOpenFailure failure, string reason, Exception? innerException)
        : base($"Cannot open database {databasePath}: {reason}", innerException)
    {
        DatabasePath = databasePath;
        Failure = failure;
    }

    /// <summary>The database file that could not be opened.</summary>
    public string DatabasePath { get; }

    /// <summary>What went wrong, for callers that react differently (e.g. the CLI falls back to the control socket on <see cref="StorageOpenFailure.InUse"/>).</summary>
    public StorageOpenFailure Failure { get; }
}
