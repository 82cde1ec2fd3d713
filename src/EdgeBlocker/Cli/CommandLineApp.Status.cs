using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EdgeBlocker.Hosting;

namespace EdgeBlocker.Cli;

/// <summary><c>edgeblocker status</c>: the dashboard's figures for a shell (calls, top callers, lists and their sync, bypass).</summary>
public sealed partial class CommandLineApp
{
    private Command StatusCommand()
    {
        var json = new Option<bool>("--json") { Description = "print JSON (for scripts and monitoring)" };
        var command = new Command("status", "Show what the dashboard shows: calls screened and blocked, top blocked callers, lists and their sync, bypass.") { json };
        command.SetAction(r =>
        {
            var now = _context.Time.GetUtcNow();
            var calls = _context.Database.Calls;
            var perMinute = calls.CountsPerMinute(now.AddHours(-24), now);
            var status = new
            {
                service = _context.InService ? "running" : "stopped",
                mode = _context.Screening.Mode.ToString().ToLowerInvariant(),
                bypass = _context.Database.Settings.Get(BypassSwitch.SettingKey, false),
                screened24h = perMinute.Sum(b => b.Screened),
                blocked24h = perMinute.Sum(b => b.Blocked),
                callRecords = calls.Count(),
                topBlockedCallers7d = calls.TopBlockedCallersThisWeek(10),
                lists = _context.Database.Lists.All().Select(l => new { l.Name, Source = l.Source.ToString().ToLowerInvariant(), l.Enabled, l.EntryCount, l.Version, l.UpdatedAt }),
                sync = _context.Sync.Statuses().Select(s => new { s.Name, Status = s.Status.ToString().ToLowerInvariant(), s.LastSuccessAt, s.LastError, s.NextSyncAt }),
            };
            if (r.GetValue(json))
            {
                _out.WriteLine(JsonSerializer.Serialize(status, JsonWeb));
                return 0;
            }

            var share = status.screened24h == 0 ? 0 : 100.0 * status.blocked24h / status.screened24h;
            _out.WriteLine($"service: {status.service}; mode {status.mode}; bypass {(status.bypass ? "ON: every call passes unscreened" : "off")}");
            _out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"last 24 h: {status.screened24h:N0} calls screened, {status.blocked24h:N0} blocked ({share:0.0} %); {status.callRecords:N0} call records stored"));
            _out.WriteLine("top blocked callers, 7 days:" + (status.topBlockedCallers7d.Count == 0 ? " none" : string.Empty));
            foreach (var caller in status.topBlockedCallers7d)
            {
                _out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {caller.Number,-20} {caller.Blocked,8:N0}"));
            }

            _out.WriteLine("lists:");
            var syncByName = status.sync.ToDictionary(s => s.Name, StringComparer.Ordinal);
            foreach (var list in status.lists)
            {
                var sync = syncByName.TryGetValue(list.Name, out var s)
                    ? $"; sync {s.Status}{(s.LastSuccessAt is { } at ? $", last good {at.UtcDateTime:yyyy-MM-dd HH:mm} UTC" : string.Empty)}{(s.LastError is { } e ? $", error: {e}" : string.Empty)}"
                    : string.Empty;
                _out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {list.Name,-24} {list.Source,-12} {(list.Enabled ? "enabled" : "disabled"),-8} {list.EntryCount,10:N0} entries, version {list.Version}{sync}"));
            }

            return 0;
        });
        return command;
    }
}
