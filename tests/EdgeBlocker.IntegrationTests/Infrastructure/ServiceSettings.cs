using System.Globalization;

namespace EdgeBlocker.IntegrationTests.Infrastructure;

/// <summary>
/// The configuration a test gives the box, turned into command-line arguments
/// (<c>--EdgeBlocker:Sip:Port=P</c> ...). Defaults: proxy mode on a fresh port, one trunk peer carrier-a at
/// 127.0.0.2/32, +15551230001 blocked, redress tel:+18005550199, T1 = 50 ms so that timeouts come quickly.
/// </summary>
public sealed class ServiceSettings
{
    /// <summary>The number every test blocks.</summary>
    public const string BlockedNumber = "+15551230001";

    /// <summary>A caller no rule lists.</summary>
    public const string CleanNumber = "+15551230002";

    /// <summary>The called number tests dial.</summary>
    public const string CalledNumber = "18005551234";

    /// <summary>The redress contact that the 603+ Reason text must carry.</summary>
    public const string Redress = "tel:+18005550199";

    /// <summary>UDP and TCP port of the box on 127.0.0.1.</summary>
    public int Port { get; init; } = Ports.Next();

    /// <summary>Port of the web page and API on 127.0.0.1 (EdgeBlocker:Web:Urls): a fresh one, so parallel services never collide.</summary>
    public int WebPort { get; init; } = Ports.Next();

    /// <summary>EdgeBlocker:Sip:Core, e.g. udp:127.0.0.3:5080. Required by the box in proxy mode.</summary>
    public string? Core { get; init; }

    /// <summary>EdgeBlocker:Sip:Mode: proxy or redirect.</summary>
    public string Mode { get; init; } = "proxy";

    /// <summary>EdgeBlocker:Sip:RedirectResponse: 302, 404 or 503; null leaves the box's default.</summary>
    public string? RedirectResponse { get; init; }

    /// <summary>Configure carrier-a at 127.0.0.2/32. Without peers any non-core source counts as a trunk.</summary>
    public bool WithPeer { get; init; } = true;

    /// <summary>EdgeBlocker:Screening:BlockedNumbers.</summary>
    public IReadOnlyList<string> BlockedNumbers { get; init; } = [BlockedNumber];

    /// <summary>EdgeBlocker:Screening:Response: 603+, 603, 607 or 608; null leaves the default (603+).</summary>
    public string? ScreeningResponse { get; init; }

    /// <summary>EdgeBlocker:Sip:T1 (RFC 3261 timer T1); null leaves the box's default (500 ms).</summary>
    public TimeSpan? T1 { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>EdgeBlocker:Sip:HealthInterval. Off (0) by default, so that cores that answer only calls (sipp UAS
    /// scenarios, the stub) see no health OPTIONS; the indicator tests turn it on.</summary>
    public TimeSpan HealthInterval { get; init; } = TimeSpan.Zero;

    /// <summary>Further key=value settings, e.g. ("EdgeBlocker:Sip:Mode", "bogus").</summary>
    public IReadOnlyDictionary<string, string> Extra { get; init; } = new Dictionary<string, string>();

    /// <summary>Extra environment variables for the host, e.g. NOTIFY_SOCKET.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>The command line for the host, given its data directory.</summary>
    public IReadOnlyList<string> ToArguments(string dataDirectory)
    {
        var settings = new List<KeyValuePair<string, string>>
        {
            new("EdgeBlocker:Sip:BindAddress", Loopback.Box.ToString()),
            new("EdgeBlocker:Sip:Port", Port.ToString(CultureInfo.InvariantCulture)),
            new("EdgeBlocker:Sip:Mode", Mode),
            new("EdgeBlocker:Screening:Redress", Redress),
            new("EdgeBlocker:DataDirectory", dataDirectory),
            new("EdgeBlocker:Web:Urls", $"http://{Loopback.Box}:{WebPort}"),
            new("EdgeBlocker:Sip:HealthInterval", HealthInterval.ToString("c", CultureInfo.InvariantCulture)),
            new("EdgeBlocker:Indicators:Driver", "simulated"),
        };
        if (Core is not null)
        {
            settings.Add(new("EdgeBlocker:Sip:Core", Core));
        }
        if (RedirectResponse is not null)
        {
            settings.Add(new("EdgeBlocker:Sip:RedirectResponse", RedirectResponse));
        }
        if (WithPeer)
        {
            settings.Add(new("EdgeBlocker:Sip:Peers:0:Name", "carrier-a"));
            settings.Add(new("EdgeBlocker:Sip:Peers:0:Addresses:0", $"{Loopback.Peer}/32"));
            // Where calls from the core to the peer (and health pings) would go: a port nothing listens on.
            settings.Add(new("EdgeBlocker:Sip:Peers:0:Uri", $"udp:{Loopback.Peer}:{Ports.Next()}"));
        }
        for (var i = 0; i < BlockedNumbers.Count; i++)
        {
            settings.Add(new($"EdgeBlocker:Screening:BlockedNumbers:{i}", BlockedNumbers[i]));
        }
        if (ScreeningResponse is not null)
        {
            settings.Add(new("EdgeBlocker:Screening:Response", ScreeningResponse));
        }
        if (T1 is { } t1)
        {
            settings.Add(new("EdgeBlocker:Sip:T1", t1.ToString("c", CultureInfo.InvariantCulture)));
        }
        foreach (var (key, value) in Extra)
        {
            settings.RemoveAll(s => s.Key == key);
            settings.Add(new(key, value));
        }
        return settings.Select(s => $"--{s.Key}={s.Value}").ToList();
    }
}
