namespace EdgeBlocker.Storage.Calls;

/// <summary>What a committed batch did: records inserted, updates applied, updates whose Call-ID was not found.</summary>
internal readonly record struct CallBatchResult(int Inserted, int Updated, int Unmatched);
