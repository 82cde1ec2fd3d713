using System.Text;
using EdgeBlocker.Proxy.Configuration;
using EdgeBlocker.Proxy.Policy;

namespace EdgeBlocker.Proxy.Routing;

/// <summary>The status line parts and extra headers of each block response, formatted once at start.</summary>
public sealed class BlockResponses
{
    private readonly Entry[] _entries;

    public BlockResponses(BlockResponseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _entries =
        [
            new(603, "Network Blocked"u8.ToArray(), Encoding.UTF8.GetBytes(ReasonHeader(options))),
            new(607, "Unwanted"u8.ToArray(), []),
            new(608, "Rejected"u8.ToArray(), string.IsNullOrEmpty(options.JCardUrl) ? [] : Encoding.UTF8.GetBytes($"Call-Info: <{options.JCardUrl}>;purpose=jwscard\r\n")),
            new(603, "Decline"u8.ToArray(), []),
        ];
    }

    public Entry For(BlockResponse response) => _entries[(int)response];

    /// <summary>The status code a block response is sent with.</summary>
    public static int StatusOf(BlockResponse response) => response == BlockResponse.Unwanted607 ? 607 : response == BlockResponse.Rejected608 ? 608 : 603;

    /// <summary>
    /// The ATIS-1000099 "603+" Reason header (RFC 3326 syntax): cause 603, the redress contact in the text's
    /// attribute-value pairs (<c>tel=</c>, <c>url=</c> or <c>email=</c>), and where the call was blocked.
    /// </summary>
    internal static string ReasonHeader(BlockResponseOptions options)
    {
        var text = "v=1";
        if (options.Redress is { Length: > 0 } redress)
        {
            text += redress switch
            {
                _ when redress.StartsWith("tel:", StringComparison.OrdinalIgnoreCase) => ";tel=" + redress[4..],
                _ when redress.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || redress.StartsWith("http://", StringComparison.OrdinalIgnoreCase) => ";url=" + redress,
                _ when redress.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) => ";email=" + redress[7..],
                _ when redress.Contains('@', StringComparison.Ordinal) => ";email=" + redress,
                _ => ";tel=" + redress,
            };
        }

        return $"Reason: SIP;cause=603;text=\"{text}\";location={options.RedressLocation}\r\n";
    }

    /// <summary>One response: status code, reason phrase and whole header lines (each ending in CRLF).</summary>
    public sealed record Entry(int Status, byte[] Phrase, byte[] Headers);
}
