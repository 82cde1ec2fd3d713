using System.CommandLine;
using System.Globalization;
using EdgeBlocker.Storage.Lists;
using EdgeBlocker.Storage.Subscriptions;
using EdgeBlocker.Sync;

namespace EdgeBlocker.Cli;

/// <summary>The CLI's list-sync commands: sync, subscriptions, subscribe, unsubscribe, rollback, history.</summary>
public sealed class SyncCommands
{
    private readonly AdminContext _context;
    private readonly TextWriter _out;
    private readonly TextWriter _error;

    public SyncCommands(AdminContext context, TextWriter output, TextWriter error)
    {
        _context = context;
        _out = output;
        _error = error;
    }

    private ListSyncService Sync => _context.Sync;

    public static bool TryFormat(string? text, out FeedFormat format)
    {
        format = FeedFormat.Plain;
        return text?.ToLowerInvariant() switch
        {
            "plain" or "txt" or "text" => true,
            "csv" => (format = FeedFormat.Csv) == FeedFormat.Csv,
            "json" => (format = FeedFormat.Json) == FeedFormat.Json,
            _ => false,
        };
    }

    /// <summary>Lists the first skipped lines of a run, with their numbers.</summary>
    public static void WriteSkipped(TextWriter output, SyncRun run)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(run);
        if (run.SkippedCount == 0)
        {
            return;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {run.SkippedCount} bad lines skipped:"));
        foreach (var line in run.SkippedLines.Take(20))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    line {line.Line}: {line.Error}"));
        }

        if (run.SkippedCount > 20)
        {
            output.WriteLine("    ... (edgeblocker history " + run.List + " --lines shows up to " + EdgeBlocker.Sync.Feeds.FeedReport.KeptSkippedLines + ")");
        }
    }

    public Command SyncCommand()
    {
        var name = new Argument<string?>("NAME") { Description = "the subscription to sync (default: every enabled one)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("sync", "Fetch and apply subscribed feeds now (exit 2 when one failed; its last good version stays).") { name };
        command.SetAction(async (r, cancellationToken) =>
        {
            var runs = r.GetValue(name) is { } one
                ? [await Sync.SyncAsync(one, SyncTriggers.Manual, _context.Who, cancellationToken)]
                : await Sync.SyncAllAsync(SyncTriggers.Manual, _context.Who, cancellationToken);
            if (runs.Count == 0)
            {
                _out.WriteLine("no enabled subscriptions (add one: edgeblocker subscribe URL --name NAME)");
            }

            foreach (var run in runs)
            {
                Write(run);
            }

            return runs.All(run => run.Outcome is SyncOutcome.Applied or SyncOutcome.Unchanged) ? 0 : 2;
        });
        return command;
    }

    public Command SubscriptionsCommand()
    {
        var command = new Command("subscriptions", "Show every subscription: its feed, schedule and sync status.");
        command.SetAction(_ =>
        {
            var statuses = Sync.Statuses().ToDictionary(s => s.Name, StringComparer.Ordinal);
            _out.WriteLine($"{"NAME",-20} {"STATUS",-8} {"FORMAT",-6} {"ROLE",-5} {"EVERY",-9} {"ENTRIES",9} {"LAST SUCCESS (UTC)",-19} {"NEXT (UTC)",-19} URL");
            foreach (var s in Sync.Subscriptions())
            {
                var status = statuses[s.Name];
                var entries = _context.Database.Lists.Get(s.Name)?.EntryCount ?? 0;
                _out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{s.Name,-20} {(s.Enabled ? status.Status.ToString().ToLowerInvariant() : "disabled"),-8} {Lower(s.Format),-6} {Lower(s.Role),-5} {Every(s.Interval),-9} {entries,9} {Time(status.LastSuccessAt),-19} {Time(status.NextSyncAt),-19} {s.Url}{(s.PublicKeyPem is null ? string.Empty : " (signed)")}"));
                if (status.LastError is { } error)
                {
                    _out.WriteLine($"  last {Lower(status.LastOutcome ?? SyncOutcome.Failed)}: {error}");
                }
            }

            return 0;
        });
        return command;
    }

    public Command SubscribeCommand()
    {
        var url = new Argument<string>("URL") { Description = "the feed: http:// or https://" };
        var name = new Option<string>("--name") { Description = "the subscription's (and its list's) name", Required = true };
        var format = new Option<string>("--format") { Description = "plain (default), csv or json", DefaultValueFactory = _ => "plain" };
        var role = new Option<string>("--role") { Description = "what the entries are: block (default), allow or dno", DefaultValueFactory = _ => "block" };
        var interval = new Option<string?>("--interval") { Description = "time between syncs, e.g. 6h (default: EdgeBlocker:Sync:DefaultInterval)" };
        var key = new Option<string?>("--public-key") { Description = "a PEM file with the ECDSA P-256 public key that signs the feed (signature at URL.sig)" };
        var maxBytes = new Option<long>("--max-bytes") { Description = "largest body accepted (default: EdgeBlocker:Sync:MaxBytes)" };
        var maxEntries = new Option<long>("--max-entries") { Description = "most entries accepted (default: EdgeBlocker:Sync:MaxEntries)" };
        var response = new Option<string?>("--response") { Description = "block response for the entries: 603+, 603, 607 or 608 (default: EdgeBlocker:Screening:Response)" };
        var disabled = new Option<bool>("--disabled") { Description = "store it without syncing or screening it" };
        var description = new Option<string?>("--description") { Description = "a note for the lists page" };
        var noSync = new Option<bool>("--no-sync") { Description = "do not sync at once (the schedule will)" };
        var command = new Command("subscribe", "Subscribe a list to a feed (or change an existing subscription), then sync it.")
        {
            url, name, format, role, interval, key, maxBytes, maxEntries, response, disabled, description, noSync,
        };
        command.SetAction(async (r, cancellationToken) =>
        {
            if (!Uri.TryCreate(r.GetValue(url), UriKind.Absolute, out var feed))
            {
                return Fail($"URL: '{r.GetValue(url)}' is not an absolute URL");
            }

            if (!TryFormat(r.GetValue(format), out var feedFormat))
            {
                return Fail($"--format: '{r.GetValue(format)}' is not plain, csv or json");
            }

            if (!Enum.TryParse<FeedRole>(r.GetValue(role), ignoreCase: true, out var feedRole) || !Enum.IsDefined(feedRole))
            {
                return Fail($"--role: '{r.GetValue(role)}' is not block, allow or dno");
            }

            var every = Sync.Options.DefaultInterval;
            if (r.GetValue(interval) is { } text && !CliValues.TryDuration(text, out every))
            {
                return Fail($"--interval: '{text}' is not a duration (6h, 30m, 1d)");
            }

            string? pem = null;
            if (r.GetValue(key) is { } keyFile && ReadFile(keyFile, out pem) is { } keyError)
            {
                return Fail(keyError);
            }

            var subscription = new Subscription
            {
                Name = r.GetValue(name)!,
                Url = feed,
                Format = feedFormat,
                Role = feedRole,
                Interval = every,
                Enabled = !r.GetValue(disabled),
                PublicKeyPem = pem,
                MaxBytes = r.GetValue(maxBytes),
                MaxEntries = r.GetValue(maxEntries),
                Response = r.GetValue(response) ?? DefaultResponse,
                Description = r.GetValue(description) ?? string.Empty,
            };
            var exists = Sync.Subscription(subscription.Name) is not null;
            var stored = exists ? Sync.Update(subscription, _context.Who) : Sync.Subscribe(subscription, _context.Who);
            if (!stored.Succeeded)
            {
                return Fail(stored.Error!);
            }

            _out.WriteLine($"{(exists ? "updated" : "subscribed")} {subscription.Name} to {feed} ({Lower(feedFormat)}, {Lower(feedRole)}, every {Every(every)}{(pem is null ? string.Empty : ", signed")})");
            if (r.GetValue(noSync) || !subscription.Enabled)
            {
                return 0;
            }

            var run = await Sync.SyncAsync(subscription.Name, SyncTriggers.Manual, _context.Who, cancellationToken);
            Write(run);
            return run.Outcome is SyncOutcome.Applied or SyncOutcome.Unchanged ? 0 : 2;
        });
        return command;
    }

    public Command UnsubscribeCommand()
    {
        var name = new Argument<string>("NAME") { Description = "the subscription" };
        var command = new Command("unsubscribe", "Remove a subscription and its list (its sync history stays).") { name };
        command.SetAction(r =>
        {
            var removed = Sync.Unsubscribe(r.GetValue(name)!, _context.Who);
            if (!removed.Succeeded)
            {
                return Fail(removed.Error!);
            }

            _context.Reload();
            _out.WriteLine($"unsubscribed {r.GetValue(name)}; its list is deleted");
            return 0;
        });
        return command;
    }

    public Command RollbackCommand()
    {
        var name = new Argument<string>("NAME") { Description = "the list" };
        var command = new Command("rollback", "Make a list's previous version active again (a second rollback undoes the first).") { name };
        command.SetAction(r =>
        {
            var list = r.GetValue(name)!;
            var rolled = Sync.Rollback(list, _context.Who);
            if (!rolled.Succeeded)
            {
                return Fail(rolled.Error!);
            }

            var info = _context.Database.Lists.Get(list);
            _out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{list}: version {rolled.Value} is active again ({info?.EntryCount ?? 0} entries); rollback again to undo"));
            return 0;
        });
        return command;
    }

    public Command HistoryCommand()
    {
        var name = new Argument<string?>("NAME") { Description = "one list (default: all)", Arity = ArgumentArity.ZeroOrOne };
        var limit = new Option<int>("--limit") { Description = "how many runs (default 20)", DefaultValueFactory = _ => 20 };
        var lines = new Option<bool>("--lines") { Description = "list each run's skipped lines with their numbers" };
        var command = new Command("history", "Show the latest syncs and uploads: outcome, counts, skipped lines, errors.") { name, limit, lines };
        command.SetAction(r =>
        {
            _out.WriteLine($"{"STARTED (UTC)",-19} {"LIST",-20} {"TRIGGER",-8} {"OUTCOME",-9} {"VERSION",7} {"ENTRIES",9} {"ADDED",9} {"REMOVED",9} {"SKIPPED",7} {"BYTES",11} {"SECONDS",7}  ERROR");
            foreach (var run in Sync.History(r.GetValue(name), Math.Clamp(r.GetValue(limit), 1, 1000)))
            {
                _out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Time(run.StartedAt),-19} {run.List,-20} {run.Trigger,-8} {Lower(run.Outcome),-9} {run.Version,7} {run.Entries,9} {run.Added,9} {run.Removed,9} {run.SkippedCount,7} {run.Bytes,11} {(run.EndedAt - run.StartedAt).TotalSeconds,7:0.0}  {run.Error}"));
                if (r.GetValue(lines))
                {
                    foreach (var line in run.SkippedLines)
                    {
                        _out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    line {line.Line}: {line.Error}"));
                    }
                }
            }

            return 0;
        });
        return command;
    }

    private void Write(SyncRun run)
    {
        var seconds = (run.EndedAt - run.StartedAt).TotalSeconds;
        var what = run.Outcome switch
        {
            SyncOutcome.Applied => string.Create(CultureInfo.InvariantCulture, $"applied version {run.Version}: {run.Entries} entries (+{run.Added} -{run.Removed}), {run.Bytes} bytes"),
            SyncOutcome.Unchanged => string.Create(CultureInfo.InvariantCulture, $"unchanged (version {run.Version}, {run.Entries} entries)"),
            _ => $"{Lower(run.Outcome)}: {run.Error}; version {run.Version} stays active",
        };
        (run.Outcome is SyncOutcome.Applied or SyncOutcome.Unchanged ? _out : _error).WriteLine(string.Create(CultureInfo.InvariantCulture, $"{run.List}: {what} ({seconds:0.0} s)"));
        WriteSkipped(_out, run);
    }

    private string? ReadFile(string path, out string? text)
    {
        text = null;
        if (_context.Files.TryGetValue(path, out var sent))
        {
            text = sent;
            return null;
        }

        try
        {
            text = File.ReadAllText(path);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot read '{path}': {e.Message}";
        }
    }

    private string DefaultResponse => _context.Screening.Response.Trim() is "603+" or "603" or "607" or "608" ? _context.Screening.Response.Trim() : ListActions.Response603Plus;

    private static string Lower<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();

    private static string Every(TimeSpan interval) =>
        interval.TotalDays >= 1 && interval.TotalDays == Math.Floor(interval.TotalDays) ? $"{interval.TotalDays:0}d"
        : interval.TotalHours >= 1 && interval.TotalHours == Math.Floor(interval.TotalHours) ? $"{interval.TotalHours:0}h"
        : $"{interval.TotalMinutes:0}m";

    private static string Time(DateTimeOffset? time) =>
        time is { } t && t > DateTimeOffset.MinValue ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : time is null ? "-" : "now";

    private int Fail(string message)
    {
        _error.WriteLine("edgeblocker: " + message);
        return 2;
    }
}
