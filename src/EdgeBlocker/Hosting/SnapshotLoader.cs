using EdgeBlocker.Screening;
using EdgeBlocker.Storage.Lists;
using Microsoft.Extensions.Logging;

namespace EdgeBlocker.Hosting;

/// <summary>
/// Builds the screening snapshot from the lists in storage and swaps it in. The engine keeps screening with the old
/// snapshot while a new one is built; a bad entry is skipped and logged, never a reason to keep stale lists.
/// </summary>
public sealed partial class SnapshotLoader
{
    private static readonly Dictionary<string, RuleKind> Kinds = new(StringComparer.Ordinal)
    {
        [ListEntryKinds.Exact] = RuleKind.Exact,
        [ListEntryKinds.Dno] = RuleKind.DoNotOriginate,
        [ListEntryKinds.Prefix] = RuleKind.Prefix,
        [ListEntryKinds.Range] = RuleKind.Range,
        [ListEntryKinds.Regex] = RuleKind.Regex,
        [ListEntryKinds.Peer] = RuleKind.Peer,
        [ListEntryKinds.SourceAddress] = RuleKind.SourceAddress,
        [ListEntryKinds.Anonymous] = RuleKind.Anonymous,
        [ListEntryKinds.Unparseable] = RuleKind.Unparseable,
        [ListEntryKinds.InvalidNanp] = RuleKind.InvalidNanp,
        [ListEntryKinds.CallingRate] = RuleKind.CallingRate,
        [ListEntryKinds.PeerRate] = RuleKind.PeerRate,
    };

    private readonly ScreeningEngine _engine;
    private readonly ListStore _lists;
    private readonly ResponseCode _configResponse;
    private readonly ILogger<SnapshotLoader> _logger;
    private readonly Lock _reload = new();
    private readonly NanpAreaCodes _areaCodes = NanpAreaCodes.FromMetadata();

    public SnapshotLoader(ScreeningEngine engine, ListStore lists, ResponseCode configResponse, ILogger<SnapshotLoader> logger)
    {
        _engine = engine;
        _lists = lists;
        _configResponse = configResponse;
        _logger = logger;
    }

    /// <summary>Reads every active list and swaps the engine to the new snapshot. Serialised: reloads never overlap.</summary>
    public ScreeningSnapshot Reload()
    {
        lock (_reload)
        {
            var started = TimeProvider.System.GetTimestamp();
            var snapshot = Build(_lists.LoadActive());
            _engine.Swap(snapshot);
            var milliseconds = (long)TimeProvider.System.GetElapsedTime(started).TotalMilliseconds;
            LogLoaded(snapshot.ExactCount, snapshot.RuleCount, milliseconds);
            return snapshot;
        }
    }

    private ScreeningSnapshot Build(ActiveListData data)
    {
        var builder = new SnapshotBuilder(_engine.Settings, _areaCodes);
        builder.EnsureExactCapacity((int)Math.Min(int.MaxValue, data.NumberBlocks.Sum(b => (long)b.Numbers.Length)));
        foreach (var block in data.NumberBlocks)
        {
            if (!Kinds.TryGetValue(block.Kind, out var kind))
            {
                LogUnknownKind(block.List, block.Kind);
                continue;
            }

            var meta = new RuleMeta(block.List, kind, ToAction(block.Action), block.Reason, ResponseFor(block.List, block.Response), block.EffectiveFrom, block.ExpiresAt);
            foreach (var number in block.Numbers)
            {
                builder.AddExact((ulong)number, meta);
            }
        }

        foreach (var entry in data.Entries)
        {
            if (!Kinds.TryGetValue(entry.Kind, out var kind))
            {
                LogUnknownKind(entry.List ?? "?", entry.Kind);
                continue;
            }

            var pattern = kind is RuleKind.Exact or RuleKind.DoNotOriginate && entry.Number > 0 ? "+" + entry.Number.ToString(System.Globalization.CultureInfo.InvariantCulture) : entry.Value;
            var error = builder.Add(new RuleDefinition(0, entry.List ?? "?", kind, pattern, ToAction(entry.Action), entry.Reason, entry.EffectiveFrom, entry.ExpiresAt, ResponseFor(entry.List, entry.Response)));
            if (error is not null)
            {
                LogBadEntry(error.List, error.Pattern, error.Message);
            }
        }

        return builder.Build();
    }

    /// <summary>The config list's entries take the configured response; other lists carry theirs per entry.</summary>
    private ResponseCode ResponseFor(string? list, string stored) =>
        list == ListStore.ConfigListName ? _configResponse : ToResponse(stored);

    /// <summary>Maps a stored kind to the engine's; null for kinds the engine does not screen on.</summary>
    public static RuleKind? ToKind(string kind) => Kinds.TryGetValue(kind, out var k) ? k : null;

    public static RuleAction ToAction(string action) => action switch
    {
        ListActions.Allow => RuleAction.Allow,
        ListActions.Tag => RuleAction.Tag,
        _ => RuleAction.Block,
    };

    public static ResponseCode ToResponse(string response) => response switch
    {
        ListActions.Response607 => ResponseCode.Unwanted607,
        ListActions.Response608 => ResponseCode.Rejected608,
        ListActions.Response603 => ResponseCode.Decline603,
        _ => ResponseCode.NetworkBlocked603Plus,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Screening with {Numbers} numbers and {Rules} other rules (loaded and built in {Milliseconds} ms)")]
    private partial void LogLoaded(int numbers, int rules, long milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "List {List}: entries of kind {Kind} are not screened on; skipped")]
    private partial void LogUnknownKind(string list, string kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "List {List}: entry '{Pattern}' skipped: {Error}")]
    private partial void LogBadEntry(string list, string pattern, string error);
}
