using System.Net;

namespace EdgeBlocker.IntegrationTests.Infrastructure;

/// <summary>How to run one sipp: scenario, addresses, transport and the bounds that keep every run finite.</summary>
public sealed class SippOptions
{
    /// <summary>Scenario file name under Scenarios/ in the test output.</summary>
    public required string Scenario { get; init; }

    /// <summary>Local address (-i): <see cref="Loopback.Peer"/> for a UAC, <see cref="Loopback.Core"/> for a UAS.</summary>
    public required IPAddress LocalAddress { get; init; }

    /// <summary>Local SIP port (-p).</summary>
    public int LocalPort { get; init; } = Ports.Next();

    /// <summary>Where a UAC sends (the box); null for a UAS.</summary>
    public IPEndPoint? Remote { get; init; }

    /// <summary>TCP (-t t1) instead of UDP (-t u1).</summary>
    public bool Tcp { get; init; }

    /// <summary>Calls to make or accept before exiting (-m).</summary>
    public int Calls { get; init; } = 1;

    /// <summary>New calls per second (-r); null for sipp's default (10).</summary>
    public int? Rate { get; init; }

    /// <summary>Called number ([service], -s).</summary>
    public string Service { get; init; } = ServiceSettings.CalledNumber;

    /// <summary>Scenario keywords (-key NAME VALUE), e.g. caller.</summary>
    public IReadOnlyDictionary<string, string> Keys { get; init; } = new Dictionary<string, string>();

    /// <summary>sipp's own global timeout (-timeout, counted as an error).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a call waits for an expected message (-recv_timeout).</summary>
    public TimeSpan ReceiveTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether sipp writes every message to messages.log (-trace_msg); off for long runs, where it reaches gigabytes.</summary>
    public bool TraceMessages { get; init; } = true;

    /// <summary>
    /// Socket buffer size sipp asks for (-buff_size); null for sipp's 64 KB. At hundreds of calls a second a 64 KB buffer
    /// overflows whenever sipp is descheduled for a moment, and the datagrams it loses are sipp's, not the box's.
    /// </summary>
    public int? BufferBytes { get; init; }
}
