using System.Globalization;
using System.Text;
using EdgeBlocker.Storage.Calls;
using EdgeBlocker.Storage.Lists;

namespace EdgeBlocker.Web.Services;

/// <summary>CSV as the page downloads it: RFC 4180 quoting, UTC times in ISO 8601, a header row.</summary>
public static class Csv
{
    public const string CallHeader = "time,calling_received,calling,called_received,called,verdict,response_code,peer,source_address,transport,call_id,p_asserted_identity,attestation,origid,rule,list,answered_at,ended_at";

    /// <summary>The list export, in the import format (the CLI's export writes the same).</summary>
    public const string ListHeader = "kind,value,action,response,reason,expires_at";

    public static string Field(string? text) =>
        text is null ? string.Empty
        : text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
        : text;

    public static string Time(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture) ?? string.Empty;

    public static string Calls(IEnumerable<CallRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var text = new StringBuilder(CallHeader).Append('\n');
        foreach (var c in records)
        {
            text.AppendJoin(',',
                Time(c.Time), Field(c.CallingNumberReceived), Field(c.CallingNumber), Field(c.CalledNumberReceived), Field(c.CalledNumber),
                Field(c.Verdict), c.ResponseCode == 0 ? string.Empty : c.ResponseCode.ToString(CultureInfo.InvariantCulture), Field(c.Peer),
                Field(c.SourceAddress), Field(c.Transport), Field(c.CallId), Field(c.PAssertedIdentity), Field(c.Attestation), Field(c.OrigId),
                Field(c.Rule), Field(c.List), Time(c.AnsweredAt), Time(c.EndedAt)).Append('\n');
        }

        return text.ToString();
    }

    public static void Entries(IEnumerable<ListEntry> entries, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(output);
        output.Write(ListHeader + "\n");
        foreach (var e in entries)
        {
            output.Write(string.Join(',', Field(e.Kind), Field(e.Value), Field(e.Action), Field(e.Response), Field(e.Reason), e.ExpiresAt is { } x ? x.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) : string.Empty) + "\n");
        }
    }
}
