using System.Buffers;
using System.Text;

namespace EdgeBlocker.Sip;

/// <summary>Character classes and list checks of the URI grammar (RFC 3261 §25.1, RFC 2396 §2, RFC 3966 §3).</summary>
internal static class UriSyntax
{
    // RFC 3261 §25.1: unreserved = alphanum / mark; mark = "-" / "_" / "." / "!" / "~" / "*" / "'" / "(" / ")".
    private const string Unreserved = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!~*'()";

    /// <summary>user = 1*( unreserved / escaped / user-unreserved ); user-unreserved = "&amp;" / "=" / "+" / "$" / "," / ";" / "?" / "/".</summary>
    public static readonly SearchValues<byte> UserChars = SearchValues.Create(Encoding.ASCII.GetBytes(Unreserved + "%&=+$,;?/"));

    /// <summary>password = *( unreserved / escaped / "&amp;" / "=" / "+" / "$" / "," ).</summary>
    public static readonly SearchValues<byte> PasswordChars = SearchValues.Create(Encoding.ASCII.GetBytes(Unreserved + "%&=+$,"));

    /// <summary>paramchar = param-unreserved / unreserved / escaped, plus the "=" and ";" that structure the list.</summary>
    public static readonly SearchValues<byte> ParamChars = SearchValues.Create(Encoding.ASCII.GetBytes(Unreserved + "%[]/:&+$=;"));

    /// <summary>hname / hvalue characters (hnv-unreserved / unreserved / escaped) plus "=" and "&amp;".</summary>
    public static readonly SearchValues<byte> HeaderChars = SearchValues.Create(Encoding.ASCII.GetBytes(Unreserved + "%[]/?:+$=&"));

    /// <summary>uric (RFC 2396 §2): what an absoluteURI of another scheme may hold after its colon.</summary>
    public static readonly SearchValues<byte> UriChars = SearchValues.Create(Encoding.ASCII.GetBytes(Unreserved + "%;/?:@&=+$,[]#"));

    /// <summary>RFC 3966 §3 telephone-subscriber characters: digits, hex for local numbers, "*#+" and visual separators.</summary>
    public static readonly SearchValues<byte> TelChars = SearchValues.Create("0123456789abcdefABCDEF*#+-.()pPwW"u8);

    /// <summary>Checks <c>*( ";" pname [ "=" pvalue ] )</c> with non-empty names and values and valid escapes.</summary>
    public static bool IsParameterList(ReadOnlySpan<byte> list)
    {
        if (!IsEscapedRun(list, ParamChars))
        {
            return false;
        }

        while (!list.IsEmpty)
        {
            // list[0] is ';' here; each parameter runs to the next ';'.
            list = list[1..];
            var next = list.IndexOf((byte)';');
            var param = next < 0 ? list : list[..next];
            var eq = param.IndexOf((byte)'=');
            if (param.IsEmpty || eq == 0 || eq == param.Length - 1)
            {
                return false;
            }

            list = next < 0 ? default : list[next..];
        }

        return true;
    }

    public static bool HasFlag(ReadOnlySpan<byte> buffer, TextRange parameters, ReadOnlySpan<byte> name)
    {
        var list = parameters.Of(buffer);
        while (!list.IsEmpty)
        {
            list = list[1..];
            var next = list.IndexOf((byte)';');
            var param = next < 0 ? list : list[..next];
            var eq = param.IndexOf((byte)'=');
            if (Ascii.EqualsIgnoreCase(eq < 0 ? param : param[..eq], name))
            {
                return true;
            }

            list = next < 0 ? default : list[next..];
        }

        return false;
    }

    /// <summary>True when every byte is allowed and every '%' starts a two-hex-digit escape.</summary>
    public static bool IsEscapedRun(ReadOnlySpan<byte> run, SearchValues<byte> allowed)
    {
        if (run.ContainsAnyExcept(allowed))
        {
            return false;
        }

        for (var i = run.IndexOf((byte)'%'); i >= 0; i = NextPercent(run, i + 3))
        {
            if (i + 2 >= run.Length || !ByteChars.IsHex(run[i + 1]) || !ByteChars.IsHex(run[i + 2]))
            {
                return false;
            }
        }

        return true;

        static int NextPercent(ReadOnlySpan<byte> run, int from)
        {
            if (from >= run.Length)
            {
                return -1;
            }

            var next = run[from..].IndexOf((byte)'%');
            return next < 0 ? -1 : from + next;
        }
    }

    // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )  (RFC 3261 §25.1)
    public static bool IsScheme(ReadOnlySpan<byte> scheme)
    {
        if (!char.IsAsciiLetter((char)scheme[0]))
        {
            return false;
        }

        foreach (var b in scheme)
        {
            if (!char.IsAsciiLetterOrDigit((char)b) && b is not ((byte)'+' or (byte)'-' or (byte)'.'))
            {
                return false;
            }
        }

        return true;
    }
}
