using System.Globalization;
using System.Text;
using EdgeBlocker.Proxy.Configuration;
using EdgeBlocker.Proxy.Routing;
using EdgeBlocker.Proxy.Transactions;
using EdgeBlocker.Proxy.Transport;
using Microsoft.Extensions.Logging;

namespace EdgeBlocker.Proxy.Health;

/// <summary>
/// Sends OPTIONS (RFC 3261 §11) to the core and to each trunk peer with a Uri every
/// <see cref="SipOptions.HealthInterval"/>, through the transaction layer with the box's own Via, so answers come back
/// through the proxy's response path (and UDP loss is covered by timer E retransmissions). Any response, even 404 or
/// 503, means the target is up; no response to a ping by the time the next one is due means down.
/// </summary>
public sealed partial class TrunkHealthPinger : IDisposable
{
    private readonly TransactionLayer _transactions;
    private readonly TimeProvider _time;
    private readonly ILogger<TrunkHealthPinger> _logger;
    private readonly LocalHop _local;
    private readonly string _hostPort;
    private readonly TimeSpan _interval;
    private readonly Target[] _targets;
    private readonly Lock _lock = new();
    private ITimer? _timer;
    private long _sequence;

    public TrunkHealthPinger(ProxySettings settings, TransactionLayer transactions, int port, TimeProvider time, ILogger<TrunkHealthPinger> logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _transactions = transactions;
        _time = time;
        _logger = logger;
        _interval = settings.Sip.HealthInterval;
        _local = new LocalHop(settings.AdvertisedHost, port);
        _hostPort = string.Create(CultureInfo.InvariantCulture, $"{settings.AdvertisedHost}:{port}");
        var targets = new List<Target>();
        if (settings.Core is { } core)
        {
            targets.Add(new Target("core", core, IsCore: true));
        }

        foreach (var peer in settings.Peers)
        {
            if (peer.Uri is { } uri)
            {
                targets.Add(new Target(peer.Name, uri, IsCore: false));
            }
        }

        _targets = [.. targets];
    }

    /// <summary>Raised after a target goes up or down (on the timer's or the receive loop's thread).</summary>
    public event Action? Changed;

    public bool Enabled => _interval > TimeSpan.Zero;

    /// <summary>Pings now and then every interval. Does nothing when pings are off.</summary>
    public void Start()
    {
        lock (_lock)
        {
            if (Enabled && _timer is null && _targets.Length > 0)
            {
                _timer = _time.CreateTimer(_ => PingAll(), null, TimeSpan.Zero, _interval);
            }
        }
    }

    /// <summary>The state of every target now.</summary>
    public TrunkHealthSnapshot Snapshot()
    {
        lock (_lock)
        {
            return new TrunkHealthSnapshot(Enabled, _interval, [.. _targets.Select(t => t.ToHealth())]);
        }
    }

    /// <summary>One round (the timer calls this): a target whose last ping got no answer is down; then ping each.</summary>
    public void PingAll()
    {
        var changed = false;
        foreach (var target in _targets)
        {
            lock (_lock)
            {
                if (target.Pending && target.Up != false)
                {
                    target.Set(false, _time.GetUtcNow());
                    LogDown(target.Name, target.Text, _interval.TotalSeconds);
                    changed = true;
                }

                target.Pending = true;
            }

            Send(target);
        }

        if (changed)
        {
            Changed?.Invoke();
        }
    }

    private void Send(Target target)
    {
        var n = Interlocked.Increment(ref _sequence);
        Span<byte> branch = stackalloc byte[48];
        var branchText = Encoding.ASCII.GetString(branch[.._local.NewBranch(branch)]);
        var address = target.Endpoint.EndPoint;
        var host = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address.Address}]" : address.Address.ToString();
        var uri = string.Create(CultureInfo.InvariantCulture, $"sip:{host}:{address.Port}{(target.Endpoint.Transport == SipTransportKind.Tcp ? ";transport=tcp" : string.Empty)}");
        var transport = target.Endpoint.Transport == SipTransportKind.Tcp ? "TCP" : "UDP";
        // The Request-URI names no user: a ping of the target itself, answered by any SIP server (RFC 3261 §11).
        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"OPTIONS {uri} SIP/2.0\r\nVia: SIP/2.0/{transport} {_hostPort};branch={branchText};rport\r\nMax-Forwards: 70\r\nFrom: <sip:edgeblocker@{_hostPort}>;tag=hc{n:x}\r\nTo: <{uri}>\r\nCall-ID: health-{branchText}@{_hostPort}\r\nCSeq: {n} OPTIONS\r\nAccept: application/sdp\r\nContent-Length: 0\r\n\r\n");
        _transactions.StartOwn(Encoding.ASCII.GetBytes(text), new Remote(target.Endpoint.Transport, address), status => OnAnswer(target, status));
    }

    private void OnAnswer(Target target, int status)
    {
        bool changed;
        lock (_lock)
        {
            target.Pending = false;
            target.LastStatus = status;
            target.LastAnswer = _time.GetUtcNow();
            changed = target.Up != true;
            if (changed)
            {
                target.Set(true, target.LastAnswer.Value);
            }
        }

        if (changed)
        {
            // The state goes to its listeners (the trunk LED) before the line says "up", so that the line does not come
            // while the LED still shows the old state: once, at the lamp test's end, the LED went dark after the line.
            Changed?.Invoke();
            LogUp(target.Name, target.Text, status);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _timer?.Dispose();
            _timer = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trunk health: {Name} ({Uri}) is down: no answer to OPTIONS within {Seconds} s")]
    private partial void LogDown(string name, string uri, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trunk health: {Name} ({Uri}) is up (answered OPTIONS with {Status})")]
    private partial void LogUp(string name, string uri, int status);

    private sealed record Target(string Name, SipEndpoint Endpoint, bool IsCore)
    {
        public string Text { get; } = Endpoint.ToString();

        public bool Pending { get; set; }

        public bool? Up { get; private set; }

        public int LastStatus { get; set; }

        public DateTimeOffset? LastAnswer { get; set; }

        public DateTimeOffset? Since { get; private set; }

        public void Set(bool up, DateTimeOffset at)
        {
            Up = up;
            Since = at;
        }

        public TargetHealth ToHealth() => new(Name, Text, IsCore, Up, LastStatus, LastAnswer, Since);
    }
}
