namespace EdgeBlocker.Storage.Calls;

/// <summary>
/// One unit of work for the call writer: a new record (made, or <see cref="Pending"/> until the writer takes it), or
/// answer/hang-up times for an earlier one.
/// </summary>
internal readonly record struct CallWriteItem(CallRecord? Record, string? CallId, DateTimeOffset? AnsweredAt, DateTimeOffset? EndedAt, IPendingCallRecord? Pending = null)
{
    public static CallWriteItem Insert(CallRecord record) => new(record, null, null, null);

    public static CallWriteItem Insert(IPendingCallRecord pending) => new(null, null, null, null, pending);

    public static CallWriteItem Update(string callId, DateTimeOffset? answeredAt, DateTimeOffset? endedAt) => new(null, callId, answeredAt, endedAt);

    /// <summary>This item with its record made, if it was pending.</summary>
    public CallWriteItem Made() => Pending is null ? this : Insert(Pending.Make());
}
