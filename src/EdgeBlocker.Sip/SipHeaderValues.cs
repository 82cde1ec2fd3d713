using System.Text;

namespace EdgeBlocker.Sip;

/// <summary>On-demand parsing of header values (RFC 3261 §7.3, §20, §25.1).</summary>
public static class SipHeaderValues
{
    /// <summary>Parses one Via value (not a whole comma-separated field: split it first). False when the sent-protocol or
    /// sent-by is malformed, or a parameter is empty (<c>;;</c>, RFC 4475 §3.1.2.1); then <paramref name="via"/> still holds the transport and
    /// sent-by when only a parameter was bad, so that a 400 can reach the previous hop.</summary>
    public static bool TryParseVia(ReadOnlySpan<byte> buffer, TextRange value, out ViaValue via) => ViaParser.TryParse(buffer, value, out via);

    /// <summary>Parses one name-addr or addr-spec value with its parameters (RFC 3261 §20.10). False for an unterminated
    /// quoted display name, a missing <c>&gt;</c>, an empty URI or an empty parameter.</summary>
    public static bool TryParseNameAddr(ReadOnlySpan<byte> buffer, TextRange value, out NameAddr nameAddr) =>
        NameAddrParser.TryParse(buffer, value, out nameAddr);

    /// <summary>Finds a <c>;name[=value]</c> parameter (name case-insensitive) in a parameter list starting at a <c>;</c>.
    /// True when present; <paramref name="paramValue"/> is empty for a flag parameter.</summary>
    public static bool TryGetParameter(ReadOnlySpan<byte> buffer, TextRange parameters, ReadOnlySpan<byte> name, out TextRange paramValue)
    {
        paramValue = default;
        if ((uint)parameters.Start > (uint)buffer.Length || (uint)parameters.Length > (uint)(buffer.Length - parameters.Start))
        {
            return false;
        }

        var reader = new ParameterReader(buffer, parameters);
        while (reader.MoveNext(out var paramName, out var value))
        {
            if (Ascii.EqualsIgnoreCase(paramName.Of(buffer), name))
            {
                paramValue = value;
                return true;
            }
        }

        return false;
    }

    /// <summary>Splits a comma-separated header value (Via, Route, Record-Route, Contact...) into its values, ignoring commas
    /// inside quoted strings and angle brackets. Each value is trimmed.</summary>
    public static ValueSplitter Split(ReadOnlySpan<byte> buffer, TextRange value) => new(buffer, value);
}
