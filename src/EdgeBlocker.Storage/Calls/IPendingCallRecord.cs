namespace EdgeBlocker.Storage.Calls;

/// <summary>
/// A call record not made yet: what the SIP thread copied of a call, made into its <see cref="CallRecord"/> by the
/// writer's thread (<see cref="CallRecordWriter.TryEnqueue(IPendingCallRecord)"/>), so that the record's strings cost
/// the SIP path nothing.
/// </summary>
public interface IPendingCallRecord
{
    /// <summary>Makes the record: called once, on the writer's thread; the instance may be reused once it returns.</summary>
    CallRecord Make();
}
