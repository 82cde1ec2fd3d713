using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace EdgeBlocker.Proxy.Configuration;

/// <summary>
/// The SIP settings, validated and resolved once at start: addresses parsed, peers' networks built. Invalid settings
/// are reported with the configuration key that holds them, and the service does not start.
/// </summary>
public sealed class ProxySettings
{
    private ProxySettings(SipOptions sip, IPEndPoint bind, string advertised, SipEndpoint? core, IReadOnlyList<TrunkPeer> peers, BlockResponseOptions block)
    {
        Sip = sip;
        Bind = bind;
        AdvertisedHost = advertised;
        Core = core;
        Peers = peers;
        Block = block;
    }

    public SipOptions Sip { get; }

    public IPEndPoint Bind { get; }

    /// <summary>The host written in this box's Via and Record-Route (IPv6 in brackets).</summary>
    public string AdvertisedHost { get; }

    public SipEndpoint? Core { get; }

    public IReadOnlyList<TrunkPeer> Peers { get; }

    public BlockResponseOptions Block { get; }

    /// <summary>Validates and resolves. On failure <paramref name="errors"/> names each bad key and why.</summary>
    public static ProxySettings? Create(SipOptions sip, BlockResponseOptions block, out IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(sip);
        ArgumentNullException.ThrowIfNull(block);
        var problems = new List<string>();
        const string S = SipOptions.SectionName;

        if (!IPAddress.TryParse(sip.BindAddress, out var bindAddress))
        {
            problems.Add($"{S}:BindAddress: '{sip.BindAddress}' is not an IP address");
        }

        if (sip.Port is < 0 or > 65535)
        {
            problems.Add($"{S}:Port: {sip.Port} is not a port number (0-65535)");
        }

        SipEndpoint? core = null;
        if (!string.IsNullOrWhiteSpace(sip.Core))
        {
            if (!SipEndpoint.TryParse(sip.Core, out core, out var error))
            {
                problems.Add($"{S}:Core: {error}");
            }
        }
        else if (sip.Mode == ProxyMode.Proxy || sip.RedirectResponse == 302)
        {
            problems.Add($"{S}:Core: is required in proxy mode and for redirect mode's 302 (e.g. udp:10.0.0.5:5060)");
        }

        if (sip.RedirectResponse is not (302 or 404 or 503))
        {
            problems.Add($"{S}:RedirectResponse: {sip.RedirectResponse} must be 302, 404 or 503");
        }

        CheckPositive(problems, $"{S}:T1", sip.T1);
        CheckPositive(problems, $"{S}:T2", sip.T2);
        CheckPositive(problems, $"{S}:T4", sip.T4);
        CheckPositive(problems, $"{S}:TimerC", sip.TimerC);
        CheckPositive(problems, $"{S}:TcpIdleTimeout", sip.TcpIdleTimeout);
        CheckPositive(problems, $"{S}:TcpMessageTimeout", sip.TcpMessageTimeout);
        if (sip.HealthInterval != TimeSpan.Zero && (sip.HealthInterval < TimeSpan.FromSeconds(1) || sip.HealthInterval > TimeSpan.FromHours(1)))
        {
            problems.Add($"{S}:HealthInterval: must be 00:00:00 (no health pings) or between 00:00:01 and 01:00:00");
        }

        if (sip.MaxMessageSize is < 1024 or > 65535)
        {
            problems.Add($"{S}:MaxMessageSize: {sip.MaxMessageSize} must be between 1024 and 65535");
        }

        if (sip.UdpReceiveThreads is < 1 or > 64)
        {
            problems.Add($"{S}:UdpReceiveThreads: {sip.UdpReceiveThreads} must be between 1 and 64");
        }

        if (sip.MaxTcpConnections < 1)
        {
            problems.Add($"{S}:MaxTcpConnections: must be at least 1");
        }

        if (sip.MaxTcpConnectionsPerSource < 1)
        {
            problems.Add($"{S}:MaxTcpConnectionsPerSource: must be at least 1");
        }

        problems.AddRange(sip.RateLimit.Validate());

        var peers = new List<TrunkPeer>();
        for (var i = 0; i < sip.Peers.Count; i++)
        {
            var peer = sip.Peers[i];
            var key = $"{S}:Peers:{i}";
            if (string.IsNullOrWhiteSpace(peer.Name))
            {
                problems.Add($"{key}:Name: is required");
            }

            var networks = new List<IPNetwork>();
            if (peer.Addresses.Count == 0)
            {
                problems.Add($"{key}:Addresses: at least one address or CIDR range is required");
            }

            for (var j = 0; j < peer.Addresses.Count; j++)
            {
                if (TryNetwork(peer.Addresses[j], out var network))
                {
                    networks.Add(network);
                }
                else
                {
                    problems.Add($"{key}:Addresses:{j}: '{peer.Addresses[j]}' is not an IP address or CIDR range");
                }
            }

            SipEndpoint? uri = null;
            if (!string.IsNullOrWhiteSpace(peer.Uri) && !SipEndpoint.TryParse(peer.Uri, out uri, out var error))
            {
                problems.Add($"{key}:Uri: {error}");
            }

            peers.Add(new TrunkPeer(peer.Name, networks, uri));
        }

        if (block.Redress is { Length: > 0 } redress && redress.Contains('"', StringComparison.Ordinal))
        {
            problems.Add("EdgeBlocker:Screening:Redress: must not contain a double quote");
        }

        if (!IsToken(block.RedressLocation))
        {
            problems.Add($"EdgeBlocker:Screening:RedressLocation: '{block.RedressLocation}' must be a token such as RLN or TN");
        }

        if (block.JCardUrl is { Length: > 0 } jcard && !Uri.TryCreate(jcard, UriKind.Absolute, out _))
        {
            problems.Add($"EdgeBlocker:Screening:JCardUrl: '{jcard}' is not an absolute URL");
        }

        errors = problems;
        if (problems.Count > 0)
        {
            return null;
        }

        var bind = new IPEndPoint(bindAddress!, sip.Port);
        return new ProxySettings(sip, bind, Advertised(sip.AdvertisedAddress, bindAddress!), core, peers, block);
    }

    private static void CheckPositive(List<string> problems, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            problems.Add($"{key}: must be a positive time span (hh:mm:ss.fff)");
        }
    }

    private static bool TryNetwork(string text, out IPNetwork network)
    {
        if (IPNetwork.TryParse(text, out network))
        {
            return true;
        }

        if (IPAddress.TryParse(text, out var address))
        {
            network = new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        return false;
    }

    private static bool IsToken(string? text) =>
        !string.IsNullOrEmpty(text) && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_');

    private static string Advertised(string? configured, IPAddress bind)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Bracket(configured);
        }

        if (!bind.Equals(IPAddress.Any) && !bind.Equals(IPAddress.IPv6Any))
        {
            return Bracket(bind.ToString());
        }

        var first = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork);
        return (first ?? IPAddress.Loopback).ToString();
    }

    private static string Bracket(string host) =>
        host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? "[" + host + "]" : host;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Sip.Mode} on {Bind} as {AdvertisedHost}, core {Core}, {Peers.Count} peers");
}
