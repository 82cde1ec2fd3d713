using System.Net;
using EdgeBlocker.Proxy.Configuration;
using Microsoft.Extensions.Logging;

namespace EdgeBlocker.Proxy.Flood;

/// <summary>
/// Per-source flood protection, checked by the transports before a message is parsed: a stranger (neither a configured
/// trunk peer nor the core) over its rate goes into a penalty box and is ignored, with no answer, for
/// <see cref="RateLimitOptions.PenaltyTime"/> (answering a flood, even with 403, amplifies it). Peers and the core
/// are tracked in a table of their own, so that a flood from strangers can neither use up their limit nor evict them;
/// by default they are not limited at all. Allocation-free per message; see <see cref="RateTable"/> for the bounds.
/// </summary>
public sealed partial class SourceRateLimiter
{
    /// <summary>Penalty-box warnings logged per minute at most: a flood from many addresses must not flood the log.</summary>
    private const int WarningsPerMinute = 10;

    private readonly TimeProvider _time;
    private readonly ProxyCounters _counters;
    private readonly ILogger _logger;
    private readonly TrustedSources _trusted;
    private readonly RateTable _strangers;
    private readonly RateTable? _peers;
    private readonly long _minute;
    private long _warningMinute;
    private int _warnings;
    private int _unlogged;

    public SourceRateLimiter(RateLimitOptions options, SipEndpoint? core, IReadOnlyList<TrunkPeer> peers, TimeProvider time, ProxyCounters counters, ILogger<SourceRateLimiter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(peers);
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _counters = counters;
        _logger = logger;
        _trusted = new TrustedSources(core, peers);
        var frequency = time.TimestampFrequency;
        _minute = frequency * 60;
        _strangers = new RateTable(options.TrackedSources, options.RequestsPerSecond, options.Burst, (long)(options.PenaltyTime.TotalSeconds * frequency), frequency);
        if (options.PeerRequestsPerSecond > 0)
        {
            // Peers' addresses are few; a small table of their own, with no penalty box: only their excess is dropped.
            var burst = options.PeerBurst > 0 ? options.PeerBurst : 2 * options.PeerRequestsPerSecond;
            _peers = new RateTable(1024, options.PeerRequestsPerSecond, burst, 0, frequency);
        }
    }

    /// <summary>The limiter for validated settings, or null when <c>EdgeBlocker:Sip:RateLimit:Enabled</c> is false.</summary>
    public static SourceRateLimiter? Create(ProxySettings settings, TimeProvider time, ProxyCounters counters, ILogger<SourceRateLimiter> logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = settings.Sip.RateLimit;
        return options.Enabled ? new SourceRateLimiter(options, settings.Core, settings.Peers, time, counters, logger) : null;
    }

    /// <summary>Counts a datagram from <paramref name="address"/>; false: drop it unanswered.</summary>
    public bool TryAdmit(SocketAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return TryAdmit(SourceKey.From(address));
    }

    /// <summary>Counts a message from <paramref name="address"/>; false: drop it unanswered.</summary>
    public bool TryAdmit(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return TryAdmit(SourceKey.From(address));
    }

    /// <summary>Whether a stranger's address is in the penalty box now (a TCP connection from it is refused).</summary>
    public bool IsPenalized(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return IsPenalized(SourceKey.From(address));
    }

    internal bool IsPenalized(UInt128 key) =>
        key != UInt128.Zero && !_trusted.Contains(key) && _strangers.IsPenalized(key, _time.GetTimestamp());

    internal bool TryAdmit(UInt128 key)
    {
        if (key == UInt128.Zero)
        {
            return true;
        }

        var trusted = _trusted.Contains(key);
        if (trusted && _peers is null)
        {
            return true;
        }

        var now = _time.GetTimestamp();
        var verdict = (trusted ? _peers! : _strangers).Check(key, now);
        if (verdict == RateVerdict.Admit)
        {
            return true;
        }

        _counters.RateLimited();
        if (verdict == RateVerdict.EnteredPenalty)
        {
            OnEnteredPenalty(key, now);
        }

        return false;
    }

    private void OnEnteredPenalty(UInt128 key, long now)
    {
        _counters.EnteredPenaltyBox();
        var minute = now / _minute;
        if (Interlocked.Exchange(ref _warningMinute, minute) != minute)
        {
            Interlocked.Exchange(ref _warnings, 0);
        }

        if (Interlocked.Increment(ref _warnings) > WarningsPerMinute)
        {
            Interlocked.Increment(ref _unlogged);
            return;
        }

        LogPenalized(SourceKey.ToAddress(key), Interlocked.Exchange(ref _unlogged, 0));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "SIP flood: {Source} is over its rate limit and ignored for the penalty time ({Unlogged} more addresses went in unlogged before it)")]
    private partial void LogPenalized(IPAddress source, int unlogged);
}
