namespace EdgeBlocker.Storage.Calls;

/// <summary>One unit of work for the call writer: a new record, or answer/hang-up times for an earlier one.</summary>
internal readonly record struct CallWriteItem(CallRecord? Record, string? CallId, DateTimeOffset? AnsweredAt, DateTimeOffset? EndedAt)
{
    public static CallWriteItem Insert(CallRecord record) => new(record, null, null, null);

    public static CallWriteItem Update(string callId, DateTimeOffset? answeredAt, DateTimeOffset? endedAt) => new(null, callId, answeredAt, endedAt);
}
