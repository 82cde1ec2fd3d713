using EdgeBlocker.Screening;
using EdgeBlocker.Storage.Lists;
using EdgeBlocker.Sync;
using EdgeBlocker.Sync.Feeds;
using Microsoft.Extensions.Logging;

namespace EdgeBlocker.Hosting;

/// <summary>
/// Builds the screening snapshot from the lists in storage and swaps it in. The engine keeps screening with the old
/// snapshot while a new one is built; a bad entry is skipped and logged, never a reason to keep stale lists.
/// </summary>
public sealed partial class SnapshotLoader : IListActivator
{
    private readonly ScreeningEngine _engine;
    private readonly ListStore _lists;
    private readonly ResponseCode _configResponse;
    private readonly ILogger<SnapshotLoader> _logger;
    private readonly Lock _reload = new();
    private readonly NanpAreaCodes _areaCodes = NanpAreaCodes.FromMetadata();
    private long _loadedChangeCount = -1;

    public SnapshotLoader(ScreeningEngine engine, ListStore lists, ResponseCode configResponse, ILogger<SnapshotLoader> logger)
    {
        _engine = engine;
        _lists = lists;
        _configResponse = configResponse;
        _logger = logger;
    }

    /// <summary>The list change count the screened snapshot was built at (see <see cref="ListStore.ChangeCount"/>).</summary>
    public long LoadedChangeCount => Interlocked.Read(ref _loadedChangeCount);

    public void ActivateLists() => Reload();

    /// <summary>
    /// Reloads unless the screened snapshot already holds every committed list change (its writer swapped it itself,
    /// as sync and the CLI do): one build per change, not two. Returns whether it rebuilt.
    /// </summary>
    public bool ReloadIfStale()
    {
        lock (_reload)
        {
            if (_lists.ChangeCount == LoadedChangeCount)
            {
                return false;
            }

            Reload();
            return true;
        }
    }

    /// <summary>Reads every active list and swaps the engine to the new snapshot. Serialised: reloads never overlap.</summary>
    public ScreeningSnapshot Reload()
    {
        lock (_reload)
        {
            var started = TimeProvider.System.GetTimestamp();
            var changes = _lists.ChangeCount; // read first: a change committed during the build is not counted as loaded
            var snapshot = Build(_lists.LoadActive());
            Interlocked.Exchange(ref _loadedChangeCount, changes);
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
            if (RuleKinds.ToKind(block.Kind) is not { } kind)
            {
                LogUnknownKind(block.List, block.Kind);
                continue;
            }

            var meta = new RuleMeta(block.List, kind, RuleKinds.ToAction(block.Action), block.Reason, ResponseFor(block.List, block.Response), block.EffectiveFrom, block.ExpiresAt);
            foreach (var number in block.Numbers)
            {
                builder.AddExact((ulong)number, meta);
            }
        }

        foreach (var entry in data.Entries)
        {
            if (RuleKinds.ToKind(entry.Kind) is not { } kind)
            {
                LogUnknownKind(entry.List ?? "?", entry.Kind);
                continue;
            }

            var pattern = kind is RuleKind.Exact or RuleKind.DoNotOriginate && entry.Number > 0 ? "+" + entry.Number.ToString(System.Globalization.CultureInfo.InvariantCulture) : entry.Value;
            var error = builder.Add(new RuleDefinition(0, entry.List ?? "?", kind, pattern, RuleKinds.ToAction(entry.Action), entry.Reason, entry.EffectiveFrom, entry.ExpiresAt, ResponseFor(entry.List, entry.Response)));
            if (error is not null)
            {
                LogBadEntry(error.List, error.Pattern, error.Message);
            }
        }

        return builder.Build();
    }

    /// <summary>The config list's entries take the configured response; other lists carry theirs per entry.</summary>
    private ResponseCode ResponseFor(string? list, string stored) =>
        list == ListStore.ConfigListName ? _configResponse : RuleKinds.ToResponse(stored);

    [LoggerMessage(Level = LogLevel.Information, Message = "Screening with {Numbers} numbers and {Rules} other rules (loaded and built in {Milliseconds} ms)")]
    private partial void LogLoaded(int numbers, int rules, long milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "List {List}: entries of kind {Kind} are not screened on; skipped")]
    private partial void LogUnknownKind(string list, string kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "List {List}: entry '{Pattern}' skipped: {Error}")]
    private partial void LogBadEntry(string list, string pattern, string error);
}
