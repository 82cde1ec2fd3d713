namespace EdgeBlocker.Storage;

/// <summary>The outcome of a change: success, or an error code with a message a user can read.</summary>
public readonly record struct StorageResult(StorageErrorCode Code, string? Error)
{
    public static StorageResult Ok => default;

    public bool Succeeded => Code == StorageErrorCode.None;

    public static StorageResult Fail(StorageErrorCode code, string error) => new(code, error);

    public override string ToString() => Succeeded ? "ok" : $"{Code}: {Error}";
}
