namespace EdgeBlocker.Storage;

/// <summary>The outcome of a change that produces a value (a version number, a count...).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1000", Justification = "Factory methods are how a result type is built: StorageResult<long>.Ok(3).")]
public readonly record struct StorageResult<T>(T? Value, StorageErrorCode Code, string? Error)
{
    public bool Succeeded => Code == StorageErrorCode.None;

    public static StorageResult<T> Ok(T value) => new(value, StorageErrorCode.None, null);

    public static StorageResult<T> Fail(StorageErrorCode code, string error) => new(default, code, error);

    /// <summary>The result without its value.</summary>
    public StorageResult ToResult() => new(Code, Error);

    public override string ToString() => Succeeded ? $"ok: {Value}" : $"{Code}: {Error}";
}
