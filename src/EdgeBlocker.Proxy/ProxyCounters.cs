namespace EdgeBlocker.Proxy;

/// <summary>Counts of what the proxy did, for the dashboard, /metrics and the watchdog. Updated lock-free.</summary>
public sealed class ProxyCounters
{
    private long _received;
    private long _malformed;
    private long _retransmissions;
    private long _screened;
    private long _blocked;
    private long _relayed;
    private long _timeouts;
    private long _strayResponses;
    private long _rateLimited;
    private long _penaltyBoxEntries;

    public long MessagesReceived => Interlocked.Read(ref _received);

    public long MalformedMessages => Interlocked.Read(ref _malformed);

    public long Retransmissions => Interlocked.Read(ref _retransmissions);

    public long CallsScreened => Interlocked.Read(ref _screened);

    public long CallsBlocked => Interlocked.Read(ref _blocked);

    public long RequestsRelayed => Interlocked.Read(ref _relayed);

    public long Timeouts => Interlocked.Read(ref _timeouts);

    public long StrayResponses => Interlocked.Read(ref _strayResponses);

    /// <summary>Messages dropped unanswered by per-source flood protection (over a rate, or from the penalty box).</summary>
    public long RateLimitedMessages => Interlocked.Read(ref _rateLimited);

    /// <summary>Times a source address went into the penalty box.</summary>
    public long PenaltyBoxEntries => Interlocked.Read(ref _penaltyBoxEntries);

    internal void Received() => Interlocked.Increment(ref _received);

    internal void Malformed() => Interlocked.Increment(ref _malformed);

    internal void Retransmission() => Interlocked.Increment(ref _retransmissions);

    internal void Screened() => Interlocked.Increment(ref _screened);

    internal void Blocked() => Interlocked.Increment(ref _blocked);

    internal void Relayed() => Interlocked.Increment(ref _relayed);

    internal void Timeout() => Interlocked.Increment(ref _timeouts);

    internal void StrayResponse() => Interlocked.Increment(ref _strayResponses);

    internal void RateLimited() => Interlocked.Increment(ref _rateLimited);

    internal void EnteredPenaltyBox() => Interlocked.Increment(ref _penaltyBoxEntries);
}
