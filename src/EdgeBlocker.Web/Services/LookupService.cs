using System.Globalization;
using System.Net;
using System.Text;
using EdgeBlocker.Screening;

namespace EdgeBlocker.Web.Services;

/// <summary>The page's and API's number lookup: the screening engine's verdict, as the CLI's <c>check</c> shows it.</summary>
public sealed class LookupService
{
    private readonly ScreeningEngine _engine;

    public LookupService(ScreeningEngine engine) => _engine = engine;

    public LookupResult Lookup(string number, string? peer = null, IPAddress? source = null, string? called = null)
    {
        ArgumentNullException.ThrowIfNull(number);
        var verdict = _engine.Screen(new CallFacts(Encoding.UTF8.GetBytes(number.Trim()), Encoding.UTF8.GetBytes(called ?? "+10000000000"), string.IsNullOrWhiteSpace(peer) ? null : peer.Trim(), source));
        var e164 = verdict.CallingE164 != 0 ? "+" + verdict.CallingE164.ToString(CultureInfo.InvariantCulture) : null;
        var rule = verdict.DescribeRule();
        var action = verdict.Action switch
        {
            VerdictAction.Block => "block",
            VerdictAction.Tag => "tag",
            _ => "allow",
        };
        var code = verdict.Action == VerdictAction.Block || verdict.WouldBlock ? StatusOf(verdict.Response) : 0;
        var text = new StringBuilder();
        text.Append(action switch
        {
            "block" => $"Blocked with {StatusLine(verdict.Response)}",
            "tag" => "Relayed with a verdict header (tag)",
            _ when verdict.WouldBlock => $"Allowed: monitor mode (would block with {StatusLine(verdict.Response)})",
            _ => "Allowed",
        });
        if (rule is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" by rule {rule} in list {verdict.List}");
        }

        if (verdict.Reason is { Length: > 0 } reason)
        {
            text.Append(": ").Append(reason);
        }

        if (verdict.Emergency)
        {
            text.Append(" (emergency number: never blocked)");
        }

        if (verdict.Bypassed)
        {
            text.Append(" (bypass is on: every call passes)");
        }

        if (e164 is null && rule is null)
        {
            text.Append(CultureInfo.InvariantCulture, $" ('{number}' is not read as a phone number: {verdict.Calling.ToString().ToLowerInvariant()})");
        }

        return new LookupResult(number, e164, action, code, rule, verdict.List, verdict.Reason, verdict.WouldBlock, verdict.Emergency, text.ToString());
    }

    public static int StatusOf(ResponseCode code) => code switch
    {
        ResponseCode.Unwanted607 => 607,
        ResponseCode.Rejected608 => 608,
        _ => 603,
    };

    public static string StatusLine(ResponseCode code) => code switch
    {
        ResponseCode.Unwanted607 => "607 Unwanted",
        ResponseCode.Rejected608 => "608 Rejected",
        ResponseCode.Decline603 => "603 Decline",
        _ => "603 Network Blocked (603+)",
    };
}
