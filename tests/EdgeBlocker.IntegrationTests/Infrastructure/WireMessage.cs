using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace EdgeBlocker.IntegrationTests.Infrastructure;

/// <summary>
/// A SIP message as seen on the wire, parsed just enough for assertions. Deliberately independent of
/// EdgeBlocker.Sip: the tests must not share the parser they are testing.
/// </summary>
public sealed partial class WireMessage
{
    private static readonly Dictionary<string, string> CompactNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["i"] = "Call-ID", ["f"] = "From", ["t"] = "To", ["v"] = "Via", ["m"] = "Contact",
        ["l"] = "Content-Length", ["c"] = "Content-Type", ["s"] = "Subject", ["k"] = "Supported",
    };

    private WireMessage(string raw, string startLine, List<KeyValuePair<string, string>> headers, string body)
    {
        Raw = raw;
        StartLine = startLine;
        Headers = headers;
        Body = body;
        if (startLine.StartsWith("SIP/2.0 ", StringComparison.Ordinal))
        {
            IsResponse = true;
            var parts = startLine.Split(' ', 3);
            StatusCode = parts.Length > 1 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : -1;
            ReasonPhrase = parts.Length > 2 ? parts[2] : string.Empty;
        }
        else
        {
            var parts = startLine.Split(' ');
            Method = parts[0];
            RequestUri = parts.Length > 1 ? parts[1] : string.Empty;
        }
    }

    /// <summary>The whole message, decoded as Latin-1 (one char per byte).</summary>
    public string Raw { get; }

    public string StartLine { get; }

    public bool IsResponse { get; }

    /// <summary>The status code of a response; 0 for a request.</summary>
    public int StatusCode { get; }

    public string ReasonPhrase { get; } = string.Empty;

    /// <summary>The method of a request; empty for a response.</summary>
    public string Method { get; } = string.Empty;

    public string RequestUri { get; } = string.Empty;

    /// <summary>Header fields in order, folded lines joined, names as sent.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    public string Body { get; }

    public bool IsFinal => IsResponse && StatusCode >= 200;

    public string? CallId => Header("Call-ID");

    /// <summary>The method named in CSeq, e.g. INVITE for a 487 and CANCEL for the CANCEL's 200.</summary>
    public string CSeqMethod => (Header("CSeq") ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? string.Empty;

    /// <summary>The branch parameter of the topmost Via value.</summary>
    public string? TopViaBranch
    {
        get
        {
            var via = Header("Via");
            if (via is null)
            {
                return null;
            }
            var top = via.Split(',')[0];
            var match = BranchPattern().Match(top);
            return match.Success ? match.Groups[1].Value : null;
        }
    }

    /// <summary>The tag parameter of To.</summary>
    public string? ToTag
    {
        get
        {
            var to = Header("To");
            var match = to is null ? Match.Empty : TagPattern().Match(to);
            return match.Success ? match.Groups[1].Value : null;
        }
    }

    /// <summary>The first value of a header, by full or compact name, case-insensitively.</summary>
    public string? Header(string name) => HeaderValues(name).FirstOrDefault();

    /// <summary>Every field of a header, by full or compact name, case-insensitively.</summary>
    public IEnumerable<string> HeaderValues(string name) =>
        Headers.Where(h => SameName(h.Key, name)).Select(h => h.Value);

    public override string ToString() => Raw;

    /// <summary>Parses one complete message (header section and body).</summary>
    public static WireMessage Parse(ReadOnlySpan<byte> bytes) => Parse(Encoding.Latin1.GetString(bytes));

    /// <summary>Parses one complete message (header section and body).</summary>
    public static WireMessage Parse(string raw)
    {
        var text = raw.TrimStart('\r', '\n');
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = end >= 0 ? text[..end] : text;
        var body = end >= 0 ? text[(end + 4)..] : string.Empty;
        var lines = head.Split("\r\n");
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            if (line.Length > 0 && (line[0] == ' ' || line[0] == '\t') && headers.Count > 0)
            {
                var last = headers[^1];
                headers[^1] = new(last.Key, last.Value + " " + line.Trim());
                continue;
            }
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }
            headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
        }
        return new WireMessage(raw, lines[0], headers, body);
    }

    private static bool SameName(string actual, string wanted)
    {
        var a = CompactNames.TryGetValue(actual, out var fullA) ? fullA : actual;
        var w = CompactNames.TryGetValue(wanted, out var fullW) ? fullW : wanted;
        return string.Equals(a, w, StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex(@";\s*branch\s*=\s*([^;,\s]+)", RegexOptions.IgnoreCase)]
    private static partial Regex BranchPattern();

    [GeneratedRegex(@";\s*tag\s*=\s*([^;,\s>]+)", RegexOptions.IgnoreCase)]
    private static partial Regex TagPattern();
}
