namespace EdgeBlocker.Storage.Calls;

/// <summary>
/// The calls that may still be answered or hung up: Call-ID → id of the newest record with it, for records that were
/// not blocked. The writer finds an update's record here instead of in an index on the Call-ID.
/// </summary>
/// <remarks>
/// DESIGN: a Call-ID index was the last index with keys all over its pages: at a few million records each insert read
/// pages the cache did not hold, and the writer fell behind in stalls of minutes. Updates only ever concern calls in
/// progress, which are few and recent. The map holds at most <see cref="Capacity"/> calls (an entry is the Call-ID string and an id);
/// beyond that the older half (by record id) is forgotten, so a call still up after 50,000 newer unfinished ones
/// (hours at a small provider's rates) keeps no hang-up time. A store opened again fills it from its newest records.
/// </remarks>
internal sealed class LiveCalls
{
    public const int Capacity = 50_000;

    private readonly Dictionary<string, long> _byCallId = new(StringComparer.Ordinal);

    public int Count => _byCallId.Count;

    /// <summary>Whether a record may still get updates: a blocked call was answered by the box, finally.</summary>
    public static bool MayBeUpdated(CallRecord record) => record.CallId is not null && record.EndedAt is null && record.Verdict != CallVerdicts.Block;

    public void Add(string callId, long id)
    {
        _byCallId[callId] = id;
        if (_byCallId.Count > Capacity)
        {
            ForgetOldestHalf();
        }
    }

    public bool TryGet(string callId, out long id) => _byCallId.TryGetValue(callId, out id);

    public bool Contains(string callId) => _byCallId.ContainsKey(callId);

    public void Remove(string callId) => _byCallId.Remove(callId);

    public void Clear() => _byCallId.Clear();

    private void ForgetOldestHalf()
    {
        var ids = _byCallId.Values.ToArray();
        Array.Sort(ids);
        var cutoff = ids[ids.Length / 2];
        foreach (var (callId, id) in _byCallId)
        {
            if (id < cutoff)
            {
                _byCallId.Remove(callId); // allowed while enumerating a Dictionary since .NET Core 3.0
            }
        }
    }
}
