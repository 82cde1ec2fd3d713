namespace EdgeBlocker.Storage.Calls;

/// <summary>Where the writer puts batches: the store, or a failing stand-in in tests.</summary>
internal interface ICallRecordBatchSink
{
    /// <summary>Writes the batch in one transaction; a failure means nothing of it was written.</summary>
    StorageResult<CallBatchResult> WriteBatch(IReadOnlyList<CallWriteItem> items);
}
