using System.Collections.Concurrent;
using System.Net;

namespace EdgeBlocker.Web.Security;

/// <summary>
/// Limits password guessing: after <see cref="WebOptions.MaxFailedLoginsPerMinute"/> wrong passwords from one address
/// within a minute, further attempts are refused without checking the password until the oldest failure is a minute
/// old. Bounded: at most 10,000 addresses are tracked; beyond that every address shares one bucket. Failures are timed
/// on the monotonic clock: with the wall clock, an admin setting it back a day would lock the address out for the day.
/// </summary>
public sealed class LoginThrottle
{
    private const int MaxAddresses = 10_000;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, Queue<long>> _failures = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly int _limit;

    public LoginThrottle(TimeProvider time, WebOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time;
        _limit = options.MaxFailedLoginsPerMinute;
    }

    /// <summary>How long the address must wait before it may try again; zero when it may try now.</summary>
    public TimeSpan RetryAfter(IPAddress? address)
    {
        var failures = Bucket(address);
        lock (failures)
        {
            var now = _time.GetTimestamp();
            Expire(failures, now);
            return failures.Count >= _limit ? Window - _time.GetElapsedTime(failures.Peek(), now) : TimeSpan.Zero;
        }
    }

    /// <summary>Counts a wrong password from the address.</summary>
    public void Failed(IPAddress? address)
    {
        var failures = Bucket(address);
        lock (failures)
        {
            var now = _time.GetTimestamp();
            Expire(failures, now);
            failures.Enqueue(now);
        }
    }

    /// <summary>A right password clears the address's failures.</summary>
    public void Succeeded(IPAddress? address) => _failures.TryRemove(Key(address), out _);

    private Queue<long> Bucket(IPAddress? address)
    {
        var key = Key(address);
        if (_failures.Count >= MaxAddresses && !_failures.ContainsKey(key))
        {
            key = "*";
        }

        return _failures.GetOrAdd(key, _ => new Queue<long>());
    }

    private static string Key(IPAddress? address) => address?.ToString() ?? "?";

    private void Expire(Queue<long> failures, long now)
    {
        while (failures.Count > 0 && _time.GetElapsedTime(failures.Peek(), now) >= Window)
        {
            failures.Dequeue();
        }
    }
}
