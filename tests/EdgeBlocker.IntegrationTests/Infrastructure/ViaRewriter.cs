using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace EdgeBlocker.IntegrationTests.Infrastructure;

/// <summary>
/// Points a torture message's Via at the test's socket, changing only the bytes that route responses:
/// the sent-by host:port, and any received/maddr parameter (RFC 3261 §18.2.2 sends UDP responses to
/// received/maddr/sent-by). Everything else, folding and odd whitespace included, keeps its exact bytes.
/// For a request only the top Via value is touched; for a response every Via value is, so that a box that
/// wrongly forwards a stray response can only send it back to the test, never off the machine.
/// </summary>
public static partial class ViaRewriter
{
    /// <summary>The rewritten message; unchanged if it has no recognisable Via.</summary>
    public static byte[] Rewrite(byte[] message, IPEndPoint sentBy)
    {
        var text = Encoding.Latin1.GetString(message);
        var headerEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (headerEnd < 0)
        {
            headerEnd = text.Length;
        }
        var isResponse = text.StartsWith("SIP/", StringComparison.OrdinalIgnoreCase);
        var replacement = $"{sentBy.Address}:{sentBy.Port}";
        var result = new StringBuilder(text.Length + 64);
        var copied = 0;
        foreach (var field in ViaFields(text, headerEnd))
        {
            foreach (Match parm in ViaParm().Matches(text[..field.End], field.Start))
            {
                var sent = parm.Groups["sentby"];
                var paramsEnd = NextValueEnd(text, sent.Index + sent.Length, field.End);
                result.Append(text, copied, sent.Index - copied).Append(replacement);
                copied = sent.Index + sent.Length;
                // received= and maddr= in this Via value would redirect the response.
                foreach (Match param in RoutingParam().Matches(text[..paramsEnd], copied))
                {
                    var value = param.Groups["value"];
                    result.Append(text, copied, value.Index - copied).Append(sentBy.Address);
                    copied = value.Index + value.Length;
                }
                if (!isResponse)
                {
                    break;
                }
            }
            if (!isResponse)
            {
                break;
            }
        }
        return Finish(result, text, copied);
    }

    private static byte[] Finish(StringBuilder result, string text, int copied) =>
        Encoding.Latin1.GetBytes(result.Append(text, copied, text.Length - copied).ToString());

    /// <summary>Each Via header field (name "Via" or "v", any case, LWS before the colon), with its folded lines.</summary>
    private static IEnumerable<(int Start, int End)> ViaFields(string text, int headerEnd)
    {
        foreach (Match name in ViaName().Matches(text[..headerEnd]))
        {
            var start = name.Index + name.Length;
            var end = start;
            while (true)
            {
                var lineEnd = text.IndexOf("\r\n", end, StringComparison.Ordinal);
                if (lineEnd < 0 || lineEnd >= headerEnd)
                {
                    end = headerEnd;
                    break;
                }
                // A line that starts with SP or HTAB continues the field (RFC 3261 §7.3.1).
                if (lineEnd + 2 < text.Length && (text[lineEnd + 2] == ' ' || text[lineEnd + 2] == '\t'))
                {
                    end = lineEnd + 2;
                    continue;
                }
                end = lineEnd;
                break;
            }
            yield return (start, end);
        }
    }

    private static int NextValueEnd(string text, int from, int fieldEnd)
    {
        var comma = text.IndexOf(',', from, fieldEnd - from);
        return comma < 0 ? fieldEnd : comma;
    }

    [GeneratedRegex(@"(?<=\n)(?:via|v)[ \t]*:", RegexOptions.IgnoreCase)]
    private static partial Regex ViaName();

    // sent-protocol LWS sent-by: "SIP / 2.0 / UDP host:port", LWS allowed around the slashes and folded.
    [GeneratedRegex(@"SIP[ \t\r\n]*/[ \t\r\n]*[0-9.]+[ \t\r\n]*/[ \t\r\n]*[^ \t\r\n;,/]+[ \t\r\n]+(?<sentby>(?:\[[^\]\r\n]*\]|[^ \t\r\n;:,\[]+)(?:[ \t]*:[ \t]*[0-9]+)?)", RegexOptions.IgnoreCase)]
    private static partial Regex ViaParm();

    [GeneratedRegex(@";[ \t]*(?:received|maddr)[ \t]*=[ \t]*(?<value>\[[^\]\r\n]*\]|[^;,\s]+)", RegexOptions.IgnoreCase)]
    private static partial Regex RoutingParam();
}
