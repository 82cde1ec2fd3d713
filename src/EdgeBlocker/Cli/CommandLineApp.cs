using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using EdgeBlocker.Hosting;
using EdgeBlocker.Screening;
using EdgeBlocker.Storage;
using EdgeBlocker.Storage.Calls;
using EdgeBlocker.Storage.Lists;

namespace EdgeBlocker.Cli;

/// <summary>
/// The admin commands of <c>edgeblocker</c>, the same whether they run in the CLI's process or in the service's.
/// Exit codes: 0 done (or allowed, for check), 1 blocked (check), 2 bad input or failure; nothing changes on 2.
/// </summary>
public sealed partial class CommandLineApp
{
    /// <summary>The commands this app runs; anything else starts the service.</summary>
    public static readonly IReadOnlySet<string> Commands = new HashSet<string>(StringComparer.Ordinal)
    {
        "check", "lists", "add", "remove", "import", "export", "calls", "traceback", "passwd", "bypass", "sync", "subscriptions", "subscribe", "unsubscribe", "rollback", "history", "status",
    };

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
    private static readonly JsonSerializerOptions JsonWeb = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly AdminContext _context;
    private readonly TextWriter _out;
    private readonly TextWriter _error;

    public CommandLineApp(AdminContext context, TextWriter output, TextWriter error)
    {
        _context = context;
        _out = output;
        _error = error;
    }

    /// <summary>Files named by a command (import's file, subscribe's public key): the client reads them and sends their text with the command.</summary>
    public static IEnumerable<string> FilesToSend(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Count >= 2 && args[0] == "import")
        {
            yield return args[1];
        }

        for (var i = 1; i + 1 < args.Count; i++)
        {
            if (args[0] == "subscribe" && args[i] == "--public-key")
            {
                yield return args[i + 1];
            }
        }
    }

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var sync = new SyncCommands(_context, _out, _error);
        var root = new RootCommand("EdgeBlocker: robocall screening on the SIP trunk. Without a command, runs the service.")
        {
            CheckCommand(), ListsCommand(), AddCommand(), RemoveCommand(), ImportCommand(), ExportCommand(), CallsCommand(), TracebackCommand(), PasswdCommand(), BypassCommand(),
            sync.SyncCommand(), sync.SubscriptionsCommand(), sync.SubscribeCommand(), sync.UnsubscribeCommand(), sync.RollbackCommand(), sync.HistoryCommand(), StatusCommand(),
        };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                _error.WriteLine("edgeblocker: " + error.Message);
            }

            return 2;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { Output = _out, Error = _error }, cancellationToken);
    }

    private Command CheckCommand()
    {
        var number = new Argument<string>("NUMBER") { Description = "the calling number, in any format" };
        var peer = new Option<string?>("--peer") { Description = "the trunk peer the call comes from" };
        var ip = new Option<string?>("--ip") { Description = "the source address of the call" };
        var to = new Option<string?>("--to") { Description = "the called number (emergency numbers always pass)" };
        var command = new Command("check", "Show the verdict for a calling number and the rule and list that decide it (exit 0 allow, 1 block).") { number, peer, ip, to };
        command.SetAction(r =>
        {
            System.Net.IPAddress? source = null;
            if (r.GetValue(ip) is { } text && !System.Net.IPAddress.TryParse(text, out source))
            {
                return Fail($"--ip: '{text}' is not an IP address");
            }

            var calling = Encoding.UTF8.GetBytes(r.GetValue(number)!);
            var called = Encoding.UTF8.GetBytes(r.GetValue(to) ?? "+10000000000");
            var verdict = _context.Engine.Screen(new CallFacts(calling, called, r.GetValue(peer), source));
            var who = verdict.CallingE164 != 0 ? "+" + verdict.CallingE164.ToString(CultureInfo.InvariantCulture) : verdict.Calling.ToString().ToLowerInvariant();
            var rule = ScreeningPolicy.RuleName(verdict);
            var action = verdict.Action switch
            {
                VerdictAction.Block => $"block ({StatusLine(verdict.Response)})",
                VerdictAction.Tag => "tag",
                _ => verdict.WouldBlock ? $"allow (monitor mode; would block with {StatusLine(verdict.Response)})" : "allow",
            };
            var because = rule is null ? string.Empty : $" by {rule} in list {verdict.List}{(verdict.Reason is null ? string.Empty : ": " + verdict.Reason)}";
            _out.WriteLine($"{who}: {action}{because}{(verdict.Emergency ? " (emergency number)" : string.Empty)}{(verdict.Bypassed ? " (bypass)" : string.Empty)}");
            return verdict.Action == VerdictAction.Block ? 1 : 0;
        });
        return command;
    }

    private Command ListsCommand()
    {
        var command = new Command("lists", "Show every list: source, state, entries, version.");
        command.SetAction(_ =>
        {
            _out.WriteLine($"{"NAME",-24} {"SOURCE",-12} {"ENABLED",-7} {"ENTRIES",10} {"VERSION",7}  UPDATED (UTC)");
            foreach (var list in _context.Database.Lists.All())
            {
                _out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{list.Name,-24} {list.Source.ToString().ToLowerInvariant() + (list.ReadOnly ? " (ro)" : string.Empty),-12} {(list.Enabled ? "yes" : "no"),-7} {list.EntryCount,10} {list.Version,7}  {list.UpdatedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}"));
            }

            return 0;
        });
        return command;
    }

    private Command AddCommand()
    {
        var value = new Argument<string>("NUMBER|PREFIX") { Description = "a number (any format), or a prefix: ending in *, or too short to be a whole number (+1202555)" };
        var list = ListOption();
        var kind = new Option<string?>("--kind") { Description = "exact, prefix, dno, range, regex, peer, source, invalid-nanp, anonymous, ... (default: exact, or prefix for a partial number)" };
        var reason = new Option<string?>("--reason") { Description = "why, for the call log and the audit" };
        var expires = new Option<string?>("--expires") { Description = "when the entry stops applying: ISO 8601 UTC, or a duration from now (48h)" };
        var effective = new Option<string?>("--effective") { Description = "when the entry starts applying: ISO 8601 UTC, or a duration from now (48h after a regulator's notice)" };
        var action = new Option<string>("--action") { Description = "block (default), allow or tag", DefaultValueFactory = _ => ListActions.Block };
        var response = new Option<string?>("--response") { Description = "603+, 603, 607 or 608 (default: EdgeBlocker:Screening:Response)" };
        var command = new Command("add", "Add a number or prefix to a list (created as a manual list if new).") { value, list, kind, reason, expires, effective, action, response };
        command.SetAction(r =>
        {
            var text = r.GetValue(value)!;
            var entryKind = r.GetValue(kind);
            if (!TryFuture(r.GetValue(expires), "--expires", out var until, out var timeError) || !TryFuture(r.GetValue(effective), "--effective", out var from, out timeError))
            {
                return Fail(timeError!);
            }

            var (parsed, error) = Parser().ParseValue(text, entryKind, r.GetValue(reason), r.GetValue(action)!, r.GetValue(response) ?? DefaultResponse, until);
            if (error is not null)
            {
                return Fail(error);
            }

            var entry = parsed! with { EffectiveFrom = from };

            var name = r.GetValue(list)!;
            if (EnsureList(name, ListSource.Manual) is { } failed)
            {
                return failed;
            }

            var added = _context.Database.Lists.AddEntries(name, [entry], _context.Who);
            if (!added.Succeeded)
            {
                return Fail(added.Error!);
            }

            _context.Reload();
            _out.WriteLine(added.Value == 0 ? $"{entry.Value} is already in {name}" : $"added {entry.Kind} {entry.Value} to {name}");
            return 0;
        });
        return command;
    }

    private Command RemoveCommand()
    {
        var value = new Argument<string>("NUMBER|PREFIX") { Description = "the number or prefix to remove" };
        var list = ListOption();
        var kind = new Option<string?>("--kind") { Description = "the entry's kind (default: exact, or prefix for a partial number)" };
        var command = new Command("remove", "Remove a number or prefix from a list.") { value, list, kind };
        command.SetAction(r =>
        {
            var text = r.GetValue(value)!;
            var (entry, error) = Parser().ParseValue(text, r.GetValue(kind), null, ListActions.Block, DefaultResponse, null);
            if (error is not null)
            {
                return Fail(error);
            }

            var name = r.GetValue(list)!;
            var removed = _context.Database.Lists.RemoveEntry(name, entry!.Kind, entry.Value, _context.Who);
            if (!removed.Succeeded)
            {
                return Fail(removed.Error!);
            }

            _context.Reload();
            _out.WriteLine($"removed {entry.Kind} {entry.Value} from {name}");
            return 0;
        });
        return command;
    }

    private Command ImportCommand()
    {
        var file = new Argument<string>("FILE") { Description = "plain (one entry per line, # comments), CSV with a header row, or a JSON array" };
        var list = ListOption();
        var format = new Option<string?>("--format") { Description = "plain, csv or json (default: from the file's extension, else plain)" };
        var skipBad = new Option<bool>("--skip-bad") { Description = "skip bad lines (reported with their numbers) as feed sync does, up to EdgeBlocker:Sync:MaxBadLineShare; default: the first bad line refuses the file" };
        var command = new Command("import", "Replace a list's entries with a file's, whole or not at all (the previous version is kept for rollback).") { file, list, format, skipBad };
        command.SetAction(async (r, cancellationToken) =>
        {
            var path = r.GetValue(file)!;
            if (!SyncCommands.TryFormat(r.GetValue(format) ?? Path.GetExtension(path).TrimStart('.'), out var feedFormat) && r.GetValue(format) is { } given)
            {
                return Fail($"--format: '{given}' is not plain, csv or json");
            }

            byte[] content;
            try
            {
                content = _context.Files.TryGetValue(path, out var sent) ? Encoding.UTF8.GetBytes(sent) : await File.ReadAllBytesAsync(path, cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return Fail($"cannot read '{path}': {e.Message}");
            }

            var name = r.GetValue(list)!;
            using var body = new MemoryStream(content, writable: false);
            var defaults = new Sync.Feeds.FeedDefaults(Storage.Subscriptions.FeedRole.Block, DefaultResponse);
            var run = await _context.Sync.UploadAsync(name, body, feedFormat, defaults, r.GetValue(skipBad) ? _context.Sync.Options.MaxBadLineShare : 0, _context.Who, cancellationToken);
            if (run.Outcome != Storage.Subscriptions.SyncOutcome.Applied)
            {
                return Fail($"{path}: {run.Error}; nothing imported");
            }

            _out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"imported {run.Entries} entries into {name} (version {run.Version}: +{run.Added} -{run.Removed})"));
            SyncCommands.WriteSkipped(_out, run);
            return 0;
        });
        return command;
    }

    private Command ExportCommand()
    {
        var list = ListOption();
        var command = new Command("export", "Write a list's entries as CSV (the import format).") { list };
        command.SetAction(r =>
        {
            var name = r.GetValue(list)!;
            if (_context.Database.Lists.Get(name) is null)
            {
                return Fail($"no list named {name}");
            }

            _out.WriteLine("kind,value,action,response,reason,expires_at");
            foreach (var e in _context.Database.Lists.ReadEntries(name))
            {
                _out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{e.Kind},{e.Value},{e.Action},{e.Response},{Csv(e.Reason)},{e.ExpiresAt?.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}"));
            }

            return 0;
        });
        return command;
    }

    private Command CallsCommand()
    {
        var from = new Option<string?>("--from") { Description = "calling number" };
        var to = new Option<string?>("--to") { Description = "called number" };
        var since = new Option<string?>("--since") { Description = "ISO 8601 UTC, or a duration ago (1h)" };
        var until = new Option<string?>("--until") { Description = "ISO 8601 UTC, or a duration ago" };
        var verdict = new Option<string?>("--verdict") { Description = "allow, block, tag, monitor or bypass" };
        var peer = new Option<string?>("--peer") { Description = "trunk peer" };
        var limit = new Option<int>("--limit") { Description = "most records shown (newest first)", DefaultValueFactory = _ => 100 };
        var json = new Option<bool>("--json") { Description = "JSON instead of a table" };
        var command = new Command("calls", "Search the call log.") { from, to, since, until, verdict, peer, limit, json };
        command.SetAction(r =>
        {
            var now = _context.Time.GetUtcNow();
            DateTimeOffset? Time(Option<string?> option, out string? error)
            {
                error = null;
                if (r.GetValue(option) is not { } text)
                {
                    return null;
                }

                if (CliValues.TryInstant(text, now, out var at))
                {
                    return at;
                }

                error = $"{option.Name}: '{text}' is not a time";
                return null;
            }

            var start = Time(since, out var e1);
            var end = Time(until, out var e2);
            if ((e1 ?? e2) is { } bad)
            {
                return Fail(bad);
            }

            if (!TryNumber(r.GetValue(from), "--from", out var calling, out var e3) || !TryNumber(r.GetValue(to), "--to", out var called, out e3))
            {
                return Fail(e3!);
            }

            var records = _context.Database.Calls.Query(new CallQuery
            {
                From = start,
                Until = end,
                Calling = calling,
                Called = called,
                Peer = r.GetValue(peer),
                Verdict = r.GetValue(verdict),
                Limit = Math.Clamp(r.GetValue(limit), 1, CallQuery.MaxLimit),
            });
            Write(records, r.GetValue(json));
            return 0;
        });
        return command;
    }

    private Command TracebackCommand()
    {
        var at = new Option<string>("--at") { Description = "when the call was made: ISO 8601 UTC", Required = true };
        var from = new Option<string>("--from") { Description = "calling number", Required = true };
        var to = new Option<string>("--to") { Description = "called number", Required = true };
        var window = new Option<string>("--window") { Description = "how far either side of --at to look", DefaultValueFactory = _ => "10m" };
        var json = new Option<bool>("--json") { Description = "JSON, for the traceback portal" };
        var command = new Command("traceback", "Answer \"who sent you this call?\": the matching call records with peer, source address, Call-ID and identity.") { at, from, to, window, json };
        command.SetAction(r =>
        {
            if (!CliValues.TryInstant(r.GetValue(at), _context.Time.GetUtcNow(), out var when))
            {
                return Fail($"--at: '{r.GetValue(at)}' is not a time (ISO 8601, e.g. 2026-11-28T14:03:00Z)");
            }

            if (!CliValues.TryDuration(r.GetValue(window), out var span))
            {
                return Fail($"--window: '{r.GetValue(window)}' is not a duration (10m)");
            }

            if (!TryNumber(r.GetValue(from), "--from", out var calling, out var error) || !TryNumber(r.GetValue(to), "--to", out var called, out error))
            {
                return Fail(error!);
            }

            Write(_context.Database.Calls.Traceback(when, calling!, called!, span), r.GetValue(json));
            return 0;
        });
        return command;
    }

    private Command PasswdCommand()
    {
        var hash = new Option<string>("--hash") { Description = "the new password's hash (the CLI asks for the password and sends this)", Required = true };
        var command = new Command("passwd", "Set the web page's admin password (asked twice; or one line on standard input). Other sessions end.") { hash };
        command.SetAction(r =>
        {
            var text = r.GetValue(hash)!;
            if (!Web.Security.PasswordService.IsHash(text))
            {
                return Fail("--hash: not a password hash made by edgeblocker passwd");
            }

            var stored = _context.Database.Credentials.SetPasswordHash(text, _context.Who);
            if (!stored.Succeeded)
            {
                return Fail(stored.Error!);
            }

            _out.WriteLine("admin password set");
            return 0;
        });
        return command;
    }

    private void Write(IReadOnlyList<CallRecord> records, bool json)
    {
        if (json)
        {
            _out.WriteLine(JsonSerializer.Serialize(records, Json));
            return;
        }

        _out.WriteLine($"{"TIME (UTC)",-23} {"CALLING",-16} {"CALLED",-16} {"VERDICT",-8} {"CODE",4} {"PEER",-12} {"SOURCE",-21} {"RULE/LIST",-24} CALL-ID");
        foreach (var c in records)
        {
            _out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{c.Time.UtcDateTime:yyyy-MM-dd HH:mm:ss.fff} {c.CallingNumber ?? c.CallingNumberReceived,-16} {c.CalledNumber ?? c.CalledNumberReceived,-16} {c.Verdict,-8} {(c.ResponseCode == 0 ? "-" : c.ResponseCode.ToString(CultureInfo.InvariantCulture)),4} {c.Peer ?? "-",-12} {c.SourceAddress,-21} {(c.Rule is null ? "-" : c.Rule + "/" + c.List),-24} {c.CallId}"));
        }

        _out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{records.Count} calls"));
    }

    /// <summary>A time given as ISO 8601, or as a duration from now (the way notices are written: "48h").</summary>
    private bool TryFuture(string? text, string option, out DateTimeOffset? time, out string? error)
    {
        time = null;
        error = null;
        if (text is null)
        {
            return true;
        }

        var now = _context.Time.GetUtcNow();
        if (CliValues.TryDuration(text, out var span))
        {
            time = now + span;
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
        {
            time = at;
            return true;
        }

        error = $"{option}: '{text}' is neither a time (ISO 8601) nor a duration (48h)";
        return false;
    }

    private bool TryNumber(string? text, string option, out string? e164, out string? error)
    {
        e164 = null;
        error = null;
        if (text is null)
        {
            return true;
        }

        if (!new PhoneNumberNormalizer(_context.Screening.DefaultRegion).TryNormalize(text, out var number))
        {
            error = $"{option}: '{text}' is not a phone number";
            return false;
        }

        e164 = "+" + number.ToString(CultureInfo.InvariantCulture);
        return true;
    }

    private static Option<string> ListOption() => new("--list") { Description = "the list's name", Required = true };

    private string DefaultResponse => _context.Screening.Response.Trim() is "603+" or "603" or "607" or "608" ? _context.Screening.Response.Trim() : ListActions.Response603Plus;

    private Sync.Feeds.FeedEntryParser Parser() => new(new PhoneNumberNormalizer(_context.Screening.DefaultRegion));

    private int? EnsureList(string name, ListSource source)
    {
        if (_context.Database.Lists.Get(name) is not null)
        {
            return null;
        }

        var created = _context.Database.Lists.Create(name, source, source == ListSource.Upload ? "imported from a file" : "added by hand", _context.Who);
        return created.Succeeded ? null : Fail(created.Error!);
    }

    private int Fail(string message)
    {
        _error.WriteLine("edgeblocker: " + message);
        return 2;
    }

    private static string StatusLine(ResponseCode code) => code switch
    {
        ResponseCode.Unwanted607 => "607 Unwanted",
        ResponseCode.Rejected608 => "608 Rejected",
        ResponseCode.Decline603 => "603 Decline",
        _ => "603 Network Blocked",
    };

    private static string Csv(string? text) =>
        text is null ? string.Empty : text.Contains(',', StringComparison.Ordinal) || text.Contains('"', StringComparison.Ordinal) ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
}
